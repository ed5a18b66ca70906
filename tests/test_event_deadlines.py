"""Deadlines that hang on an event the office enters later: the workflow's timers, the dossiers created before
and after it, the reminders and the pages all follow its date, and move when it moves (schemas/deadlines.py,
workflows/campaign_settings.py)."""

from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session

from common.workdays import default_calendar
from db.campaigns import save_campaign
from schemas.deadlines import Deadline, Deadlines, working_days_before
from tests.campaign_steps import plan_of, run_plan
from tests.conftest import Service, today
from tests.dossier_steps import APPRAISER, OTHER_UNIT_HEAD, UNIT_HEAD, attach_all, ok, post
from tests.save_histories import save_history
from tests.smtp_server import SmtpServer
from tests.test_reminders import KINH_TE, VAN_PHONG, at, reminders, service_from, skip_to
from web.campaign_workflows import campaign_started, start_campaign_workflows

PLANS = Path(__file__).parent / "data" / "plans"
OFFICE_HEAD = "truongphong.vhxh"
CALENDAR = default_calendar()


async def campaign_of(service: Service, file: str, code: str) -> str:
    plan = plan_of(PLANS / file).with_deadline(code, None)
    with Session(service.engine) as session:
        save_campaign(session, plan)
    await start_campaign_workflows(service.client, plan, service.settings.temporal_task_queue)
    await campaign_started(service.client, code)
    return code


async def prepared(service: Service, user: str, code: str, name: str, day: date) -> dict:
    """A unit's dossier of itself, its minutes dated the day before, its documents attached: ready to submit."""
    nominees = [{"group": "collective", "subject_kind": "phong_chuyen_mon", "name": name}]
    dossier = ok(await post(service, user, "/api/dossiers", json={"campaign_code": code, "nominees": nominees}), 201)
    body = {"meeting_date": (day - timedelta(days=1)).isoformat(), "members": 9, "present": 8,
            "votes": {n["key"]: 7 for n in dossier["nominees"]}}
    dossier = ok(await post(service, user, f"/api/dossiers/{dossier['id']}/minutes", json=body))
    return await attach_all(service, dossier, user=user)


async def campaign(service: Service, code: str) -> dict:
    return ok(await service.api.get(f"/api/campaigns/{code}", headers=service.as_user(APPRAISER)))


async def set_event(service: Service, code: str, event: str, day: date):
    body = {"event": event, "day": day.isoformat()}
    return await post(service, OFFICE_HEAD, f"/api/campaigns/{code}/event-dates", json=body)


def late(response, deadline: str) -> None:
    body = response.json()
    assert (response.status_code, body["code"]) == (409, "SUBMISSION_LATE"), response.text
    assert deadline in body["message"]


# --- the rules, as pure functions -------------------------------------------------------------------


def test_a_deadline_is_a_day_or_days_counted_from_an_event():
    events = {"so_ket": date(2026, 10, 8)}
    assert Deadline(event="so_ket", days=15).last_day(events) == date(2026, 10, 23)  # the 15th day after
    assert Deadline(event="so_ket", days=10, direction="before").last_day(events) == date(2026, 9, 28)
    assert Deadline(event="so_ket", days=15).last_day({}) is None  # until the office enters the date
    assert Deadline(before=date(2026, 12, 5)).last_day({}) == date(2026, 12, 4)
    assert Deadline(by=date(2026, 12, 19)).last_day({}) == date(2026, 12, 19)
    # Working days: National Day 2026 is 31/08–02/09, after the weekend of 29–30/08.
    national_day = {"ket_qua": date(2026, 8, 27)}
    after = Deadline(event="ket_qua", days=3, count="working")
    assert after.last_day(national_day, CALENDAR) == date(2026, 9, 4)  # 28/08, 03/09, 04/09
    before = Deadline(event="ket_qua", days=3, direction="before", count="working")
    assert before.last_day({"ket_qua": date(2026, 9, 4)}, CALENDAR) == date(2026, 8, 27)  # 03/09, 28/08, 27/08
    assert working_days_before(CALENDAR.is_working_day, date(2026, 9, 2), 0) == date(2026, 8, 28)


def test_a_deadline_names_an_event_of_the_plan_and_the_old_settings_mean_what_they_meant():
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="mốc không có trong `events`"):
        Deadlines(submission={"event": "so_ket", "days": 15})
    with pytest.raises(ValidationError, match="ghi đúng một trong ba"):
        Deadlines(events=[{"code": "so_ket", "name": "Hội nghị sơ kết"}], submission={"before": "2026-12-05", "event": "so_ket"})
    with pytest.raises(ValidationError, match="`submit_before` hoặc `submission`"):
        Deadlines(submit_before="2026-12-05", submission={"before": "2026-12-05"})
    old = Deadlines(submit_before="2025-12-05", appraisal={"before_event": {
        "event": "par_conference", "event_name": "Hội nghị công bố", "days_before": 10}})
    assert old.event_names() == {"par_conference": "Hội nghị công bố"}
    assert old.resolve({"par_conference": date(2026, 1, 20)}) == {
        "submission": date(2025, 12, 4), "appraisal": date(2026, 1, 10)}


# --- on the time-skipping server ----------------------------------------------------------------------


async def test_a_submission_deadline_15_days_after_an_event_entered_mid_campaign(
    tmp_path: Path, mail_server: SmtpServer, database_url: str, saving_histories: bool
):
    async with service_from(at(date(2026, 10, 5), 9), tmp_path, mail_server, database_url) as service:
        code = await campaign_of(service, "deadlines-event.yaml", "so-ket-2026")
        shown = await campaign(service, code)
        assert shown["submit_before"] is None and "chưa có ngày" in shown["history"][0]["detail"]
        before = await prepared(service, UNIT_HEAD, code, "Phòng Kinh tế", date(2026, 10, 5))  # before the event

        # The office enters the conference's day: 08/10, so dossiers are due by 23/10 ("trước ngày 24/10/2026").
        refused = (await set_event(service, code, "tong_ket", date(2026, 10, 8))).json()
        assert refused["code"] == "UNKNOWN_EVENT" and "so_ket" in refused["message"]
        await skip_to(service, at(date(2026, 10, 6), 9))
        shown = ok(await set_event(service, code, "so_ket", date(2026, 10, 8)))
        assert (shown["submit_before"], shown["run"]["submit_before"]) == ("2026-10-24", "2026-10-24")
        assert shown["run"]["due"] == {"submission": "2026-10-23", "council": "2026-11-07"}
        assert "Hội nghị sơ kết: ngày 08/10/2026" in shown["history"][-1]["detail"]
        after = await prepared(service, OTHER_UNIT_HEAD, code, "Văn phòng HĐND và UBND xã", date(2026, 10, 6))
        deadlines = ok(await service.api.get(f"/api/campaigns/{code}/deadlines", headers=service.as_user(APPRAISER)))
        assert deadlines["deadlines"][0]["text"] == "trước ngày 24/10/2026"
        assert deadlines["events"] == [{"code": "so_ket", "name": "Hội nghị sơ kết", "day": "2026-10-08"}]

        # On 24/10 both are late, the dossier created before the date as the one created after.
        await skip_to(service, at(date(2026, 10, 24), 10))
        assert (await campaign(service, code))["phase"] == "closed"
        late(await post(service, UNIT_HEAD, f"/api/dossiers/{before['id']}/submit"), "24/10/2026")
        late(await post(service, OTHER_UNIT_HEAD, f"/api/dossiers/{after['id']}/submit"), "24/10/2026")

        # The conference's day was 13/10: the deadline moves to "trước ngày 29/10/2026", submissions reopen.
        shown = ok(await set_event(service, code, "so_ket", date(2026, 10, 13)))
        assert (shown["phase"], shown["submit_before"]) == ("open", "2026-10-29")
        assert "Nhận hồ sơ trở lại" in shown["history"][-1]["detail"]
        dossier = ok(await post(service, UNIT_HEAD, f"/api/dossiers/{before['id']}/submit"))
        assert dossier["stage"] == "submitted"
        assert any(h["action"] == "rules_changed" and "29/10/2026" in h["detail"] for h in dossier["history"])

        # A date now before a submission already made is refused, and nothing moves.
        moved_back = await set_event(service, code, "so_ket", date(2026, 10, 1))
        assert (moved_back.status_code, moved_back.json()["code"]) == (409, "DEADLINE_BEFORE_SUBMISSION")
        assert (await campaign(service, code))["submit_before"] == "2026-10-29"

        await skip_to(service, at(date(2026, 10, 29), 10))
        late(await post(service, OTHER_UNIT_HEAD, f"/api/dossiers/{after['id']}/submit"), "29/10/2026")

        # Reminded 7, 3 and 1 days before 24/10 (17/10 a Saturday: Friday 16/10), then 3 and 1 days before 29/10
        # (7 days before, 22/10, had passed when it moved): the unit that submitted on 24/10 no more.
        sent = await reminders(service, mail_server, code, "submission")
        assert sent == {
            KINH_TE: ["2026-10-16", "2026-10-21", "2026-10-23"],
            VAN_PHONG: ["2026-10-16", "2026-10-21", "2026-10-23", "2026-10-26", "2026-10-28"],
        }
        last = [d for d in mail_server.messages if VAN_PHONG in d.recipients and "29/10/2026" in d.message["Subject"]]
        assert "còn 1 ngày" in last[-1].message.get_body(preferencelist=("plain",)).get_content()
        # The council's deadline moved with the event (30 days after 13/10: 12/11): its secretary is reminded before
        # it (7 days before is Thursday 05/11), and it passes recorded, no session held.
        await skip_to(service, at(date(2026, 11, 13), 12))
        council = await reminders(service, mail_server, code, "council-deadline")
        assert council == {"thuky.hoidong@kesat.example": ["2026-11-05", "2026-11-09", "2026-11-11"]}
        overdue = (await campaign(service, code))["history"][-1]
        assert overdue["action"] == "council_overdue" and "12/11/2026" in overdue["detail"]
        # For the replay test: a campaign whose event's date moved its deadline twice, a dossier that read its rules.
        client = service.client
        await save_history(client.get_workflow_handle(f"campaign-{code}"), "campaign-event-deadlines", saving_histories)
        await save_history(client.get_workflow_handle(f"dossier-{before['id']}"), "dossier-rules-changed", saving_histories)


async def test_working_days_from_events_set_the_submission_the_appraisal_and_the_signature(running: Service):
    plan = await run_plan(running, PLANS / "deadlines-working.yaml")
    result = today() + timedelta(days=20)
    shown = ok(await set_event(running, plan.code, "ket_qua_danh_gia", result))
    last = CALENDAR.add_working_days(result, 5)
    assert last >= result + timedelta(days=7)  # five working days hold a weekend at least
    assert shown["run"]["due"] == {"submission": last.isoformat()}
    assert shown["submit_before"] == (last + timedelta(days=1)).isoformat()

    conference = today() + timedelta(days=60)
    shown = ok(await set_event(running, plan.code, "tong_ket", conference))
    appraisal = working_days_before(CALENDAR.is_working_day, conference, 3)
    assert shown["run"]["appraisal_due"] == appraisal.isoformat()
    assert shown["run"]["due"]["signature"] == (conference + timedelta(days=10)).isoformat()
    deadlines = ok(await running.api.get(f"/api/campaigns/{plan.code}/deadlines", headers=running.as_user(APPRAISER)))
    rules = {d["step"]: d["rule"] for d in deadlines["deadlines"]}
    assert rules == {
        "submission": "5 ngày làm việc sau ngày có kết quả đánh giá",
        "appraisal": "3 ngày làm việc trước Hội nghị tổng kết",
        "signature": "10 ngày sau Hội nghị tổng kết",
    }
