"""In-app notifications: an event that mails its recipients gives each of them one notification, written with the
mails; saving the event again (a retried activity) adds none; opening /notifications lists the user's own, newest
first, with their links, and marks them read; the bell in every page's header counts the unread."""

import re
from datetime import timedelta

from sqlmodel import Session, col, select

from activities.notify import NotifyActivities
from common.workdays import default_calendar
from db import models
from db.notifications import Notification, unread_count
from db.outbox import OutboxMail
from mail.events import EventMails
from schemas.dossier import DossierEvent, DossierState, NomineeNotice
from tests.conftest import Service, today
from tests.dossier_steps import APPRAISER, UNIT_HEAD, ok, post, submitted, under_appraisal
from tests.web_app import page_of


def user_id(service: Service, username: str) -> int:
    with Session(service.engine) as session:
        return session.exec(select(models.User.id).where(models.User.username == username)).one()


def notifications_of(service: Service, username: str) -> list[Notification]:
    with Session(service.engine) as session:
        query = select(Notification).where(Notification.user_id == user_id(service, username))
        return list(session.exec(query.order_by(col(Notification.id))))


def unread(service: Service, user: int) -> int:
    with Session(service.engine) as session:
        return unread_count(session, user)


def bell(page: str) -> str:
    """The header's link to the notifications, as its text reads."""
    return re.search(r'<a href="/notifications"[^>]*>(?:<span aria-hidden="true">[^<]*</span>)?([^<]*)</a>', page)[1]


async def test_a_submission_notifies_each_appraiser_once_with_the_mails_subject_and_link(running: Service):
    dossier = await submitted(running)
    with Session(running.engine) as session:
        mails = session.exec(select(OutboxMail).where(OutboxMail.kind == "dossier_submitted")).all()
    assert len(mails) == 2
    for username in (APPRAISER, "truongphong.vhxh"):
        [notice] = notifications_of(running, username)
        assert (notice.kind, notice.event) == ("dossier_submitted", f"dossier/{dossier['id']}/seq/{notice.event.split('/')[-1]}")
        assert notice.title == mails[0].subject == "Hồ sơ đề nghị khen thưởng mới: Phòng Kinh tế"
        assert notice.link == f"/appraisal/dossiers/{dossier['id']}"
        assert notice.read_at is None
    assert notifications_of(running, UNIT_HEAD) == []  # the unit is not mailed of its own submission
    assert notifications_of(running, "thuky.hoidong") == []


async def test_saving_the_event_again_adds_no_notification(running: Service):
    dossier = await under_appraisal(running)
    body = {"items": ["Biên bản họp có đủ chữ ký"], "due_date": (today() + timedelta(days=9)).isoformat()}
    ok(await post(running, APPRAISER, f"/api/dossiers/{dossier['id']}/supplement-request", json=body))
    [first] = notifications_of(running, UNIT_HEAD)
    assert first.kind == "supplement_requested" and first.link == f"/unit/dossiers/{dossier['id']}"
    # What a retried save runs again, in a transaction of its own: the event's mails and notifications.
    with Session(running.engine) as session:
        row = session.get(models.Dossier, dossier["id"])
        entry = session.exec(
            select(models.HistoryEntry).where(models.HistoryEntry.dossier_id == row.id, models.HistoryEntry.seq == row.last_seq)
        ).one()
        event = DossierEvent(seq=entry.seq, action=entry.action, actor=None, stage_before=entry.stage_before,
                             stage_after=entry.stage_after, detail=entry.detail, at=entry.at)
        assert event.action == "request_supplement"
        for _ in range(2):
            keys = EventMails(session, running.settings, default_calendar()).for_dossier(
                DossierState.model_validate(row.state), event
            )
            session.commit()
        assert keys  # the mail of the event was found again, not made
    assert [n.id for n in notifications_of(running, UNIT_HEAD)] == [first.id]

    # A nominee held: the notice's activity, run twice, notifies the unit head and the office once each.
    notify = NotifyActivities(running.engine, running.settings)
    notice = NomineeNotice(dossier_id=dossier["id"], event=f"dossier/{dossier['id']}/hold/N2", kind="nominee_suspended",
                           nominee_name="Lê Minh Đức", nominee_position="Trưởng phòng", reason="Đang bị xem xét kỷ luật")
    notify.nominee_held_or_resumed(notice)
    notify.nominee_held_or_resumed(notice)
    for username, area in ((UNIT_HEAD, "unit"), (APPRAISER, "appraisal")):
        held = [n for n in notifications_of(running, username) if n.kind == "nominee_suspended"]
        assert [(n.event, n.link) for n in held] == [(notice.event, f"/{area}/dossiers/{dossier['id']}")]


async def test_opening_the_page_lists_the_users_own_newest_first_and_marks_them_read(running: Service):
    dossier = await under_appraisal(running)
    body = {"items": ["Bản sao quyết định khen thưởng năm trước"], "due_date": (today() + timedelta(days=5)).isoformat()}
    ok(await post(running, APPRAISER, f"/api/dossiers/{dossier['id']}/supplement-request", json=body))
    notice = NomineeNotice(dossier_id=dossier["id"], event=f"dossier/{dossier['id']}/resume/N2", kind="nominee_resumed",
                           nominee_name="Lê Minh Đức", nominee_position="Trưởng phòng", reason="Đã có kết luận")
    NotifyActivities(running.engine, running.settings).nominee_held_or_resumed(notice)  # a newer one
    appraiser_id = user_id(running, APPRAISER)
    assert unread(running, appraiser_id) == 2  # the submission, the nominee resumed

    before = await page_of(running, APPRAISER, "/account")
    assert bell(before) == "Thông báo (2)"
    page = await page_of(running, APPRAISER, "/notifications")
    assert bell(page) == "Thông báo"  # read once opened
    submission = f'<a href="/appraisal/dossiers/{dossier["id"]}">Hồ sơ đề nghị khen thưởng mới: Phòng Kinh tế</a>'
    resumed = page.index(f'<a href="/appraisal/dossiers/{dossier["id"]}">', page.index("<h1>"))
    assert submission in page and resumed < page.index(submission)  # newest first
    assert page.count('class="badge">Mới</span>') == 2
    assert "Yêu cầu bổ sung" not in page  # the unit's notification, not the office's
    assert unread(running, appraiser_id) == 0
    assert all(n.read_at is not None for n in notifications_of(running, APPRAISER))
    again = await page_of(running, APPRAISER, "/notifications")
    assert "Hồ sơ đề nghị khen thưởng mới: Phòng Kinh tế" in again and 'class="badge">Mới' not in again

    # The unit head's own, untouched by the appraiser's reading; newest first.
    assert bell(await page_of(running, UNIT_HEAD, "/account")) == "Thông báo (2)"  # the supplement, the resumed
    unit = await page_of(running, UNIT_HEAD, "/notifications")
    assert f'<a href="/unit/dossiers/{dossier["id"]}">Yêu cầu bổ sung hồ sơ' in unit
    assert "Hồ sơ đề nghị khen thưởng mới" not in unit
    # Someone mailed of nothing sees none, and a guest is sent to log in.
    assert "Chưa có thông báo nào." in await page_of(running, "truyenthong", "/notifications")
    guest = await running.api.get("/notifications")
    assert guest.status_code == 303 and guest.headers["location"] == "/login?next=/notifications"
