"""Việc cần làm (/tasks), the first page after logging in: after each step of a scripted campaign, each role's
list counts what waits for that user, links each item to its page, gives its deadline with the days left or
overdue, and never shows another issuer's."""

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
from sqlmodel import Session, select

from common.text import vn_date
from common.workdays import default_calendar
from db import models
from db.outbox import MailStatus
from mail.outbox import enqueue, mail_key
from mail.reminders import working_days_between
from tests.campaign_steps import add_unit, appraised_dossier, collective, run_plan
from tests.conftest import Service, today
from tests.dossier_steps import (
    APPRAISER, CHAIRMAN, COMMUNICATIONS, MEMBERS, NOMINEES, OTHER_UNIT_HEAD, SECRETARY, UNIT_HEAD, attach_all,
    campaign_post, confirm_unmatched, create, minutes, ok, open_session, post, submitted, under_appraisal, vote,
)
from tests.test_event_deadlines import campaign_of
from tests.test_reform_reports import due_and_open, setup_plan
from tests.test_registration import registration_plan
from tests.web_app import log_in, page_of
from web.pages.deps import LOGIN_CSRF_COOKIE

PLANS = Path(__file__).parent / "data" / "plans"
KIND = "phong_thuoc_phuong"  # the kind of collective the test plans of ranking consider
DEPUTY = "phochutich"
ADMIN = "quantri"


@dataclass
class Tasks:
    """A user's Việc cần làm as the page shows it, its white space made single."""

    html: str

    def counts(self) -> dict[str, int]:
        """Each group's name and count, as the summary at the top lists them."""
        found = re.findall(r'<li> (?:<a href="#[^"]+">|<span>)([^<]+)</(?:a|span)> <span><strong class="task-count">(\d+)</strong>', self.html)
        return {name: int(count) for name, count in found}

    def section(self, key: str) -> str:
        match = re.search(rf'<section class="card" id="{key}".*?</section>', self.html)
        return match[0] if match else ""

    def links(self, key: str) -> list[str]:
        return re.findall(r'<td data-label="Việc"><a href="([^"]+)">', self.section(key))

    def row(self, key: str, link: str) -> str:
        """The text of the group's row that links to `link`."""
        for row in re.findall(r"<tr[^>]*>.*?</tr>", self.section(key)):
            if f'<a href="{link}">' in row:
                return " ".join(re.sub(r"<[^>]+>", " ", row).split())
        raise AssertionError(f"no row linking to {link} in {key}")

    def overdue_rows(self, key: str) -> int:
        return self.section(key).count('<tr class="overdue">')


async def tasks_of(service: Service, username: str) -> Tasks:
    return Tasks(await page_of(service, username, "/tasks"))


def rehearsal_links(service: Service) -> list[str]:
    """The demo's rehearsal campaign, open and without a dossier of the unit, asks for one ("/unit"), if its
    workflow saves into this test's database: its workflow id is the same for every test on the shared server,
    so only the first test of a session to start it has its run."""
    with Session(service.engine) as session:
        codes = session.exec(select(models.CampaignRun.code)).all()
    return ["/unit"] if any(code.endswith("-dien-tap") for code in codes) else []


def move_back(service: Service, dossier_id: str, days: int) -> None:
    """The dossier's history as if it had all happened `days` days earlier."""
    with Session(service.engine) as session:
        for entry in session.exec(select(models.HistoryEntry).where(models.HistoryEntry.dossier_id == dossier_id)):
            entry.at -= timedelta(days=days)
            session.add(entry)
        session.commit()


async def test_the_first_page_after_logging_in_is_the_users_tasks(running: Service):
    await running.api.get("/login")
    form = {"username": UNIT_HEAD, "password": f"demo-{UNIT_HEAD}", "csrf_token": running.api.cookies[LOGIN_CSRF_COOKIE]}
    logged = await running.api.post("/login", data=form)
    assert (logged.status_code, logged.headers["location"]) == (303, "/tasks")
    assert (await running.api.get("/login")).headers["location"] == "/tasks"  # logged in already
    page = await running.api.get("/tasks")
    assert page.status_code == 200 and '<a href="/tasks">Việc cần làm</a>' in page.text
    async with httpx.AsyncClient(transport=running.api._transport, base_url="http://thidua.test") as browser:
        guest = await browser.get("/tasks")
    assert guest.status_code == 303 and guest.headers["location"] == "/login?next=/tasks"


async def test_the_unit_head_and_the_office_see_what_waits_with_due_dates_and_overdue_marked(running: Service):
    campaign = running.campaign
    rehearsal = rehearsal_links(running)
    a = await submitted(running, NOMINEES[:2])
    b = await under_appraisal(running, NOMINEES[2:3])
    due = today() + timedelta(days=9)
    body = {"items": ["Biên bản họp có đủ chữ ký"], "due_date": due.isoformat()}
    ok(await post(running, APPRAISER, f"/api/dossiers/{b['id']}/supplement-request", json=body))
    c = await create(running, NOMINEES[:1])

    head = await tasks_of(running, UNIT_HEAD)
    assert head.counts() == {"Hồ sơ cần nộp": 1 + len(rehearsal), "Hồ sơ cần bổ sung": 1, "Chưa đăng ký thi đua": 0}
    assert sorted(head.links("ho-so-can-nop")) == sorted([*rehearsal, f"/unit/dossiers/{c['id']}"])
    with Session(running.engine) as session:
        submit_before = session.exec(select(models.Campaign).where(models.Campaign.code == campaign)).one().submit_before
    draft = head.row("ho-so-can-nop", f"/unit/dossiers/{c['id']}")
    assert f"trước ngày {vn_date(submit_before)} còn {(submit_before - today()).days - 1} ngày" in draft
    assert "Đang lập hồ sơ" in draft
    supplement = head.row("ho-so-can-bo-sung", f"/unit/dossiers/{b['id']}")
    assert "Cần bổ sung: Biên bản họp có đủ chữ ký" in supplement and f"hạn {vn_date(due)} còn 9 ngày" in supplement
    assert head.overdue_rows("ho-so-can-bo-sung") == 0
    other = await tasks_of(running, OTHER_UNIT_HEAD)  # another unit's dossiers are not its work
    assert other.counts()["Hồ sơ cần bổ sung"] == 0 and other.links("ho-so-can-nop") == [*rehearsal, "/unit"]

    office = await tasks_of(running, APPRAISER)
    assert office.counts() == {
        "Hồ sơ chờ tiếp nhận thẩm định": 1, "Hồ sơ đang thẩm định": 0, "Hồ sơ đã bổ sung, chờ xem lại": 0,
        "Đơn vị chưa đăng ký thi đua": 0,
    }
    assert office.links("cho-tiep-nhan") == [f"/appraisal/dossiers/{a['id']}"]
    appraisal_due = default_calendar().add_working_days(today(), 20)
    left = working_days_between(default_calendar(), today(), appraisal_due)
    assert f"hạn {vn_date(appraisal_due)} còn {left} ngày làm việc" in office.row("cho-tiep-nhan", f"/appraisal/dossiers/{a['id']}")
    assert (await tasks_of(running, "truongphong.vhxh")).counts() == office.counts()  # the office head alike

    # The supplement's day passed (as the read model would have it): overdue for the unit.
    with Session(running.engine) as session:
        row = session.get(models.Dossier, b["id"])
        row.supplement_due = today() - timedelta(days=2)
        session.add(row)
        session.commit()
    head = await tasks_of(running, UNIT_HEAD)
    assert "quá hạn 2 ngày" in head.row("ho-so-can-bo-sung", f"/unit/dossiers/{b['id']}")
    assert head.overdue_rows("ho-so-can-bo-sung") == 1 and '<span class="badge overdue-mark">1 quá hạn</span>' in head.html

    # The unit supplements, the office takes the first dossier in, received long ago.
    ok(await post(running, UNIT_HEAD, f"/api/dossiers/{b['id']}/supplement", json={"reason": "Đã bổ sung biên bản"}))
    ok(await post(running, APPRAISER, f"/api/dossiers/{a['id']}/start-appraisal"))
    move_back(running, a["id"], 60)
    office = await tasks_of(running, APPRAISER)
    assert office.counts()["Hồ sơ chờ tiếp nhận thẩm định"] == 0
    assert office.links("dang-tham-dinh") == [f"/appraisal/dossiers/{a['id']}"]
    assert office.links("da-bo-sung") == [f"/appraisal/dossiers/{b['id']}"]
    late = office.row("dang-tham-dinh", f"/appraisal/dossiers/{a['id']}")
    assert re.search(r"quá hạn \d+ ngày làm việc", late) and office.overdue_rows("dang-tham-dinh") == 1
    assert office.overdue_rows("da-bo-sung") == 0
    head = await tasks_of(running, UNIT_HEAD)
    assert head.counts()["Hồ sơ cần bổ sung"] == 0 and head.links("ho-so-can-bo-sung") == []


async def test_registrations_missing_and_reform_reports_due(running: Service):
    plan = await registration_plan(running, "required", before=today() + timedelta(days=10))
    reform = setup_plan(running)
    head = await tasks_of(running, UNIT_HEAD)
    assert head.counts()["Chưa đăng ký thi đua"] == 1
    assert head.links("dang-ky-thi-dua") == [f"/unit/registration/{plan.code}"]
    row = head.row("dang-ky-thi-dua", f"/unit/registration/{plan.code}")
    assert "bắt buộc để được đề nghị khen thưởng" in row
    assert f"trước ngày {vn_date(today() + timedelta(days=10))} còn 9 ngày" in row
    office = await tasks_of(running, APPRAISER)
    assert office.counts()["Đơn vị chưa đăng ký thi đua"] == 5  # Kẻ Sặt's five units
    assert office.links("don-vi-chua-dang-ky") == [f"/appraisal/registration/{plan.code}"]
    assert "5/5 đơn vị chưa đăng ký: Phòng Kinh tế" in office.row("don-vi-chua-dang-ky", f"/appraisal/registration/{plan.code}")

    body = {"registrant": "unit", "targets": ["Hoàn thành 100% nhiệm vụ được giao"]}
    ok(await post(running, UNIT_HEAD, f"/api/campaigns/{plan.code}/registrations", json=body), 201)
    assert (await tasks_of(running, UNIT_HEAD)).counts()["Chưa đăng ký thi đua"] == 0
    assert (await tasks_of(running, APPRAISER)).counts()["Đơn vị chưa đăng ký thi đua"] == 4

    # The reform plan's reports: the one due already is overdue, the one open is not yet.
    overdue, pending = due_and_open(reform, today())
    reports = head.section("bao-cao-den-han")
    assert overdue.name in reports and pending.name in reports
    for period, late in ((overdue, True), (pending, False)):
        row = next(r for r in re.findall(r"<tr[^>]*>.*?</tr>", reports) if period.name in r)
        assert ('class="overdue"' in row) == late, period.name
        assert f"trước ngày {vn_date(period.due_before)}" in " ".join(re.sub(r"<[^>]+>", " ", row).split())


async def test_the_council_the_chairman_and_communications_each_see_their_step(running: Service):
    code, link = running.campaign, f"/council/{running.campaign}"
    dossier = await confirm_unmatched(running, await under_appraisal(running, NOMINEES[:2]))
    for nominee in dossier["nominees"]:
        ok(await post(running, APPRAISER, f"/api/dossiers/{dossier['id']}/nominees/{nominee['key']}/appraisal", json={"passed": True}))
    secretary = await tasks_of(running, SECRETARY)
    assert secretary.counts() == {"Phiên họp cần khai mạc": 1, "Phiên họp đang diễn ra": 0, "Bằng phiếu chờ xử lý": 0}
    assert secretary.links("phien-can-khai-mac") == [link]
    assert "2 người trình Hội đồng; chưa gửi giấy triệu tập" in secretary.row("phien-can-khai-mac", link)
    member = await tasks_of(running, MEMBERS[0])
    assert member.counts() == {"Phiên họp đã triệu tập": 0, "Phiếu cần bỏ": 0, "Bằng phiếu chờ xử lý": 0}

    day = today() + timedelta(days=3)
    call = {"session_date": day.isoformat(), "session_time": "14 giờ 00", "location": "Hội trường UBND xã"}
    ok(await campaign_post(running, SECRETARY, code, "/session/call", json=call))
    member = await tasks_of(running, MEMBERS[0])
    assert member.links("lich-hop") == [link]
    assert f"Ngày {vn_date(day)}, 14 giờ 00, Hội trường UBND xã hạn {vn_date(day)} còn 3 ngày" in member.row("lich-hop", link)
    assert f"triệu tập họp ngày {vn_date(day)}" in (await tasks_of(running, SECRETARY)).row("phien-can-khai-mac", link)

    campaign = await open_session(running)
    for name in MEMBERS:
        assert (await tasks_of(running, name)).links("phieu-can-bo") == [link], name
    votes = {c["ref"]: True for c in campaign["run"]["session"]["candidates"]}
    for name in MEMBERS[:-1]:
        ok(await campaign_post(running, name, code, "/session/ballot", json={"votes": votes}))
    assert (await tasks_of(running, MEMBERS[0])).counts()["Phiếu cần bỏ"] == 0
    assert (await tasks_of(running, MEMBERS[-1])).counts()["Phiếu cần bỏ"] == 1  # not voted yet
    secretary = await tasks_of(running, SECRETARY)
    assert secretary.counts()["Phiên họp cần khai mạc"] == 0
    assert "4/5 thành viên đã có phiếu" in secretary.row("phien-dang-hop", link)
    ok(await campaign_post(running, MEMBERS[-1], code, "/session/ballot", json={"votes": votes}))
    ok(await campaign_post(running, SECRETARY, code, "/session/close", json={}))

    chairman = await tasks_of(running, CHAIRMAN)
    assert chairman.counts() == {"Quyết định chờ ký": 1, "Bằng phiếu chờ Chủ tịch quyết định": 0}
    assert chairman.links("quyet-dinh-cho-ky") == [f"/decision/{code}"]
    assert "2 tập thể, cá nhân được đề nghị khen thưởng" in chairman.row("quyet-dinh-cho-ky", f"/decision/{code}")
    deputy = await tasks_of(running, DEPUTY)  # Kẻ Sặt's plan: the Chairman signs (TM.), his deputy is told so
    assert deputy.counts() == {"Quyết định chờ ký": 1}
    assert "kế hoạch ghi Chủ tịch ký" in deputy.row("quyet-dinh-cho-ky", f"/decision/{code}")
    assert (await tasks_of(running, COMMUNICATIONS)).counts() == {"Quyết định đã ký, chưa công bố": 0}

    signed = ok(await campaign_post(running, CHAIRMAN, code, "/decision/sign", json={}))
    assert (await tasks_of(running, CHAIRMAN)).counts()["Quyết định chờ ký"] == 0
    communications = await tasks_of(running, COMMUNICATIONS)
    assert communications.counts() == {"Quyết định đã ký, chưa công bố": 1}
    assert communications.links("cho-cong-bo") == [f"/decision/{code}"]
    assert f"số {signed['run']['decision']['number']}" in communications.row("cho-cong-bo", f"/decision/{code}")
    ok(await campaign_post(running, COMMUNICATIONS, code, "/recognise"))
    assert (await tasks_of(running, COMMUNICATIONS)).counts() == {"Quyết định đã ký, chưa công bố": 0}


async def test_the_admin_sees_events_without_dates_and_mail_refused(running: Service):
    code = await campaign_of(running, "deadlines-event.yaml", f"so-ket-{running.campaign[-8:]}")
    admin = await tasks_of(running, ADMIN)
    assert admin.counts() == {"Đợt thi đua chưa có ngày của mốc": 1, "Thư không gửi được": 0}
    assert admin.links("moc-chua-co-ngay") == [f"/admin/campaigns/{code}#events-title"]
    row = admin.row("moc-chua-co-ngay", f"/admin/campaigns/{code}#events-title")
    assert "Chưa ghi ngày: Hội nghị sơ kết; chưa tính được: Hạn nộp hồ sơ, Hạn họp Hội đồng Thi đua - Khen thưởng" in row
    with Session(running.engine) as session:
        for address, event in (("thamdinh@kesat.example", "campaign/x/seq/1"), ("ai.do@anhai.example", "campaign/y/seq/1")):
            mail = enqueue(session, mail_key(event, address), "council_called", address, {
                "recipient_name": "X", "campaign_title": "Đợt thử", "session_date": today(), "session_time": None,
                "location": None, "candidates": [], "campaign_url": "http://127.0.0.1:8000/council/x",
            })
            mail.status = MailStatus.refused
        session.commit()
    ok(await post(running, APPRAISER, f"/api/campaigns/{code}/event-dates", json={"event": "so_ket", "day": today().isoformat()}))
    admin = await tasks_of(running, ADMIN)
    assert admin.counts() == {"Đợt thi đua chưa có ngày của mốc": 0, "Thư không gửi được": 1}  # not another issuer's
    assert admin.links("thu-khong-gui-duoc") == ["/admin/mail?status=refused"]


async def test_another_issuers_items_never_appear(running: Service):
    plan = await run_plan(running, "an-hai-2025.yaml", issuer="an-hai")
    head = add_unit(running, "Phòng Kinh tế, Hạ tầng và Đô thị", "phong_thuoc_phuong", issuer="an-hai")
    theirs = ok(await post(running, head, "/api/dossiers", json={
        "campaign_code": plan.code, "nominees": [collective("phong_thuoc_phuong", "Phòng Kinh tế, Hạ tầng và Đô thị")],
    }), 201)
    theirs = ok(await post(running, head, f"/api/dossiers/{theirs['id']}/minutes", json=minutes(theirs)))
    await attach_all(running, theirs, user=head)
    ok(await post(running, head, f"/api/dossiers/{theirs['id']}/submit"))
    ours = await submitted(running, NOMINEES[:1])
    for username in (APPRAISER, UNIT_HEAD, SECRETARY, MEMBERS[0], CHAIRMAN, COMMUNICATIONS, ADMIN):
        page = (await tasks_of(running, username)).html
        assert theirs["id"] not in page and plan.code not in page and plan.plan.title not in page, username
    office = await tasks_of(running, APPRAISER)
    assert office.links("cho-tiep-nhan") == [f"/appraisal/dossiers/{ours['id']}"]
    async with httpx.AsyncClient(transport=running.api._transport, base_url="http://thidua.test") as browser:
        log_in(running.api._transport.app, browser, head)  # a head made by the test has a token, no password
        mine = Tasks(" ".join((await browser.get("/tasks")).text.split()))
    assert mine.counts()["Hồ sơ cần nộp"] == 0  # their dossier is submitted: nothing more to do on it
    assert running.campaign not in mine.html and ours["id"] not in mine.html  # nor anything of Kẻ Sặt's


async def test_a_tie_waits_for_the_members_revote_then_for_the_chairman(running: Service):
    plan = await run_plan(running, PLANS / "ranking-revote.yaml")  # 01 collective; two re-votes, then the chair
    code, link = plan.code, f"/council/{plan.code}"
    names = ["Phòng Tư pháp", "Phòng Nội vụ"]
    for name in names:
        await appraised_dossier(running, plan, add_unit(running, name, KIND), [collective(KIND, name)])
    present = MEMBERS[:4]
    campaign = await open_session(running, code=code, present=present)
    refs = {c["name"]: c["ref"] for c in campaign["run"]["session"]["candidates"]}
    await vote(running, campaign, code=code)
    ok(await campaign_post(running, SECRETARY, code, "/session/close", json={}))  # 1 place, 2 tied

    member = await tasks_of(running, present[0])
    assert "Bỏ phiếu lại vòng 1 giữa 2 tập thể bằng phiếu, chọn nhiều nhất 1" in member.row("phieu-can-bo", link)
    assert (await tasks_of(running, MEMBERS[4])).links("phieu-can-bo") == []  # absent: no ballot of theirs
    secretary = await tasks_of(running, SECRETARY)
    assert "2 tập thể bằng phiếu ở ranh giới chỉ tiêu (1 suất): chờ 4 thành viên bỏ phiếu lại" in secretary.row("bang-phieu", link)
    assert (await tasks_of(running, CHAIRMAN)).counts()["Bằng phiếu chờ Chủ tịch quyết định"] == 0

    for _ in range(2):  # two rounds, each 2 against 2: the chair decides
        for i, name in enumerate(present):
            votes = {ref: candidate == names[i % 2] for candidate, ref in refs.items()}
            ok(await campaign_post(running, name, code, "/session/revote", json={"votes": votes}))
        ok(await campaign_post(running, SECRETARY, code, "/session/close", json={}))
    chairman = await tasks_of(running, CHAIRMAN)
    assert chairman.counts()["Bằng phiếu chờ Chủ tịch quyết định"] == 1
    assert chairman.links("bang-phieu-cho-chu-tich") == [link]
    assert "2 người bằng phiếu, chọn đúng 1" in chairman.row("bang-phieu-cho-chu-tich", link)
    assert (await tasks_of(running, present[0])).counts()["Phiếu cần bỏ"] == 0
    assert "chờ Chủ tịch Hội đồng quyết định" in (await tasks_of(running, SECRETARY)).row("bang-phieu", link)
    assert (await tasks_of(running, DEPUTY)).counts() == {"Quyết định chờ ký": 0}  # the chair's alone

    decision = {"chosen": [refs[names[1]]], "reason": "Phòng Nội vụ chủ trì nhiều nhiệm vụ cải cách hành chính hơn"}
    ok(await campaign_post(running, CHAIRMAN, code, "/session/tie-decision", json=decision))
    assert (await tasks_of(running, CHAIRMAN)).counts()["Bằng phiếu chờ Chủ tịch quyết định"] == 0
    assert "Chủ tịch Hội đồng đã quyết định: chốt kết quả" in (await tasks_of(running, SECRETARY)).row("bang-phieu", link)
    ok(await campaign_post(running, SECRETARY, code, "/session/close", json={}))
    assert (await tasks_of(running, CHAIRMAN)).links("quyet-dinh-cho-ky") == [f"/decision/{code}"]
