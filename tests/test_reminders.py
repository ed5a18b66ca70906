"""Reminders on the time-skipping server: on which days, at 08:00 Vietnam time, and until it is done.

The 2026 holidays have passed, so the test server starts with its clock set back (Debian's faketime):
the workflows see February or August 2026, and skip through them in milliseconds.
"""

import glob
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from sqlmodel import Session, col, select
from temporalio.testing import WorkflowEnvironment

from activities.mail import delivery_id
from common.text import VN_TZ
from common.workdays import default_calendar
from db import models
from db.campaigns import save_campaign
from db.demo import CAMPAIGN_FILE
from db.outbox import OutboxMail
from common.settings import ROOT, Settings
from db.reform import save_report
from mail.reminders import days_left_if_due, next_round_at, reminder_day
from schemas.signing import Issuer, Signer
from schemas.campaign_file import load_campaign, repository_issuer_settings
from schemas.reform import ReportFigures, report_periods
from tests.conftest import BIN, Service, start_service
from tests.dossier_steps import APPRAISER, EARLY_REASON, SECRETARY, attach_all, member_ids, ok, post, vote
from tests.smtp_server import SmtpServer
from tests.save_histories import save_history
from web.campaign_workflows import campaign_started, reminders_workflow_id, start_campaign_workflows
from worker import client_options

CALENDAR = default_calendar()
KINH_TE = "truongphong.kinhte@kesat.example"
VAN_PHONG = "chanhvanphong@kesat.example"


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), VN_TZ)


@asynccontextmanager
async def skipping_server(moment: datetime, tmp_path: Path) -> AsyncIterator[WorkflowEnvironment]:
    """A time-skipping server whose clock starts at `moment`.

    The server runs under Debian's libfaketime, preloaded by a script that execs it: the SDK stops the
    server itself when the test ends (the faketime program would leave it running as its child).
    """
    libraries = glob.glob("/usr/lib/*/faketime/libfaketime.so.1")
    assert libraries, "Debian's faketime is needed: make test installs it"
    start = moment.astimezone(timezone.utc)
    server = tmp_path / "temporal-test-server"
    server.write_text(
        f'#!/bin/sh\nexport LD_PRELOAD={libraries[0]} FAKETIME="@{start:%Y-%m-%d %H:%M:%S}" TZ=UTC\n'
        f'exec "{BIN / "temporal-test-server"}" "$@"\n'
    )
    server.chmod(0o755)
    async with await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(server), **client_options(Settings())
    ) as env:
        yield env


@asynccontextmanager
async def service_from(
    moment: datetime, tmp_path: Path, mail_server: SmtpServer, database_url: str
) -> AsyncIterator[Service]:
    """The service, its worker running, on a time-skipping server whose clock starts at `moment`."""
    async with skipping_server(moment, tmp_path) as env:
        async for service in start_service(env, tmp_path, mail_server, database_url):
            async with service.worker():
                yield service


async def campaign_due(service: Service, code: str, submit_before: date, signer: Signer | None = None) -> str:
    plan = load_campaign(CAMPAIGN_FILE).with_deadline(code, submit_before)
    if signer is not None:
        plan = plan.model_copy(update={"signer": signer})
    with Session(service.engine) as session:
        save_campaign(session, plan)
    await start_campaign_workflows(service.client, plan, service.settings.temporal_task_queue)
    await campaign_started(service.client, code)
    return code


async def skip_to(service: Service, moment: datetime) -> None:
    await service.env.sleep(moment - await service.env.get_current_time())


async def reminders(service: Service, mail_server: SmtpServer, code: str, what: str) -> dict[str, list[str]]:
    """The days each address was reminded of `what` in the campaign, once each mail is delivered."""
    with Session(service.engine) as session:
        rows = session.exec(
            select(OutboxMail).where(col(OutboxMail.key).startswith(f"reminder/{code}/{what}/")).order_by(col(OutboxMail.id))
        ).all()
    for row in rows:
        assert await service.client.get_workflow_handle(delivery_id(row)).result() == "sent"
    received = {d.message_id for d in mail_server.messages}
    days: dict[str, list[str]] = {}
    for row in rows:
        assert row.message_id in received
        days.setdefault(row.recipient, []).append(row.key.split("|")[0].rsplit("/", 1)[1])
    return days


async def submit_on_fake_day(service: Service, code: str, day: date) -> dict:
    """Phòng Kinh tế's dossier, its minutes dated the day before, submitted."""
    nominees = [{"group": "collective", "subject_kind": "phong_chuyen_mon", "name": "Phòng Kinh tế"}]
    dossier = ok(await post(service, "truongphong.kinhte", "/api/dossiers", json={"campaign_code": code, "nominees": nominees}), 201)
    body = {
        "meeting_date": (day - timedelta(days=1)).isoformat(),
        "members": 9,
        "present": 8,
        "votes": {n["key"]: 7 for n in dossier["nominees"]},
    }
    dossier = ok(await post(service, "truongphong.kinhte", f"/api/dossiers/{dossier['id']}/minutes", json=body))
    await attach_all(service, dossier)
    return ok(await post(service, "truongphong.kinhte", f"/api/dossiers/{dossier['id']}/submit"))


# --- the days, as pure rules ------------------------------------------------------------------------


def test_a_round_is_at_eight_on_the_next_working_day():
    friday_evening = at(date(2026, 2, 13), 17)
    assert next_round_at(CALENDAR, friday_evening) == at(date(2026, 2, 23), 8)  # after Tết: Monday 23/02
    assert next_round_at(CALENDAR, at(date(2026, 3, 4), 7, 59)) == at(date(2026, 3, 4), 8)
    assert next_round_at(CALENDAR, at(date(2026, 3, 4), 8)) == at(date(2026, 3, 5), 8)
    assert next_round_at(CALENDAR, at(date(2026, 8, 21), 9)) == at(date(2026, 8, 22), 8)  # a worked Saturday
    assert next_round_at(CALENDAR, at(date(2026, 8, 28), 9)) == at(date(2026, 9, 3), 8)  # National Day


def test_a_reminder_due_on_a_day_off_goes_out_the_working_day_before():
    assert reminder_day(CALENDAR, date(2026, 2, 20)) == date(2026, 2, 13)  # Tết 16–20/02, then the weekend
    assert reminder_day(CALENDAR, date(2026, 9, 1)) == date(2026, 8, 28)  # 31/08–02/09, 29–30/08 a weekend
    assert reminder_day(CALENDAR, date(2026, 8, 22)) == date(2026, 8, 22)  # worked Saturday
    # Two reminders falling on the same day are one.
    week = [date(2026, 8, 28) + timedelta(days=i) for i in range(7)]
    due = [day for day in week if days_left_if_due(CALENDAR, date(2026, 9, 4), [7, 3, 1], day) is not None]
    assert due == [date(2026, 8, 28), date(2026, 9, 3)]
    assert days_left_if_due(CALENDAR, date(2026, 9, 4), [7, 3, 1], date(2026, 8, 28)) == 7
    # Not on the day the thing was asked for, nor after the deadline.
    assert days_left_if_due(CALENDAR, date(2026, 3, 10), [7, 3, 1], date(2026, 3, 9), after=date(2026, 3, 9)) is None
    assert days_left_if_due(CALENDAR, date(2026, 3, 10), [7, 3, 1], date(2026, 3, 10)) is None


# --- on the time-skipping server --------------------------------------------------------------------


async def test_deadline_reminders_skip_tet_2026_and_stop_once_the_unit_submits(
    tmp_path: Path, mail_server: SmtpServer, database_url: str, saving_histories: bool
):
    async with service_from(at(date(2026, 2, 9), 9), tmp_path, mail_server, database_url) as service:
        code = await campaign_due(service, "tet-2026", date(2026, 2, 27))  # "trước ngày 27/02/2026"

        # 7 days before is Friday 20/02, in the Tết days off: the reminder goes out on Friday 13/02, 08:00.
        await skip_to(service, at(date(2026, 2, 13), 7, 59))
        assert await reminders(service, mail_server, code, "submission") == {}
        await skip_to(service, at(date(2026, 2, 13), 8, 1))
        sent = await reminders(service, mail_server, code, "submission")
        assert sent == {KINH_TE: ["2026-02-13"], VAN_PHONG: ["2026-02-13"]}

        # Phòng Kinh tế submits on the first working day after Tết; Văn phòng does not.
        await skip_to(service, at(date(2026, 2, 23), 10))
        dossier = await submit_on_fake_day(service, code, date(2026, 2, 23))
        assert dossier["stage"] == "submitted"

        await skip_to(service, at(date(2026, 2, 27), 9))
        sent = await reminders(service, mail_server, code, "submission")
        assert sent == {KINH_TE: ["2026-02-13"], VAN_PHONG: ["2026-02-13", "2026-02-24", "2026-02-26"]}

        text = [d for d in mail_server.messages if VAN_PHONG in d.recipients and "27/02/2026" in d.message["Subject"]]
        last = text[-1].message.get_body(preferencelist=("plain",)).get_content()
        assert "còn 1 ngày" in last and "Nguyễn Văn An" in last
        await save_history(
            service.client.get_workflow_handle(reminders_workflow_id(code)), "reminders-tet-2026-counted", saving_histories
        )


async def test_deadline_reminders_around_national_day_2026(tmp_path: Path, mail_server: SmtpServer, database_url: str):
    async with service_from(at(date(2026, 8, 20), 12), tmp_path, mail_server, database_url) as service:
        code = await campaign_due(service, "quoc-khanh-2026", date(2026, 9, 4))
        await skip_to(service, at(date(2026, 9, 4), 12))
        sent = await reminders(service, mail_server, code, "submission")
        # 7 days before (28/08) and 3 days before (01/09, a day off) are both Friday 28/08; 1 day before is 03/09.
        assert sent == {KINH_TE: ["2026-08-28", "2026-09-03"], VAN_PHONG: ["2026-08-28", "2026-09-03"]}


async def test_an_overdue_appraisal_reminds_the_appraiser_then_the_office_head(
    tmp_path: Path, mail_server: SmtpServer, database_url: str
):
    # Submitted Monday 05/10/2026: 20 working days run to Monday 02/11; overdue from Tuesday 03/11.
    async with service_from(at(date(2026, 10, 5), 9), tmp_path, mail_server, database_url) as service:
        code = await campaign_due(service, "tham-dinh-2026", date(2026, 12, 31))
        dossier = await submit_on_fake_day(service, code, date(2026, 10, 5))
        assert CALENDAR.add_working_days(date(2026, 10, 5), 20) == date(2026, 11, 2)
        await skip_to(service, at(date(2026, 11, 10), 12))
        assert await reminders(service, mail_server, code, "appraisal") == {"thamdinh@kesat.example": ["2026-11-03"]}
        # Three working days on (settings: appraisal_escalation_working_days), the office head.
        escalated = await reminders(service, mail_server, code, "appraisal-escalation")
        assert escalated == {"truongphong.vhxh@kesat.example": ["2026-11-06"]}
        mail = next(d for d in mail_server.messages if "truongphong.vhxh@kesat.example" in d.recipients
                    and "quá hạn thẩm định" in d.message["Subject"])
        body = mail.message.get_body(preferencelist=("plain",)).get_content()
        assert "02/11/2026" in body and "Hoàng Văn Thắng" in body and f"/appraisal/dossiers/{dossier['id']}" in body

        # Appraised: nothing more, however long the wait.
        ok(await post(service, APPRAISER, f"/api/dossiers/{dossier['id']}/start-appraisal"))
        for nominee in dossier["nominees"]:
            path = f"/api/dossiers/{dossier['id']}/nominees/{nominee['key']}/appraisal"
            ok(await post(service, APPRAISER, path, json={"passed": True}))
        await skip_to(service, at(date(2026, 11, 30), 12))
        assert await reminders(service, mail_server, code, "appraisal") == {"thamdinh@kesat.example": ["2026-11-03"]}
        assert len(await reminders(service, mail_server, code, "appraisal-escalation")) == 1


# The plan's signer: the Chairman, or a deputy signing "KT. CHỦ TỊCH", who is then the one reminded.
SIGNERS = {
    "chutich": Signer(sign_as="TM", title="CHỦ TỊCH", name="Phạm Thị Thu Hiền"),
    "phochutich": Signer(sign_as="KT", title="PHÓ CHỦ TỊCH", name="Trần Quốc Việt"),
}


@pytest.mark.parametrize("signer", SIGNERS)
async def test_supplement_council_and_signature_reminders_each_stop_when_done(
    tmp_path: Path, mail_server: SmtpServer, database_url: str, signer: str
):
    async with service_from(at(date(2026, 10, 5), 9), tmp_path, mail_server, database_url) as service:
        code = await campaign_due(service, f"hop-hoi-dong-2026-{signer}", date(2026, 12, 31), SIGNERS[signer])
        dossier = await submit_on_fake_day(service, code, date(2026, 10, 5))
        path = f"/api/dossiers/{dossier['id']}"
        ok(await post(service, APPRAISER, f"{path}/start-appraisal"))
        asked = {"items": ["Biên bản họp có đủ chữ ký"], "due_date": "2026-10-16"}
        ok(await post(service, APPRAISER, f"{path}/supplement-request", json=asked))

        # Supplement due Friday 16/10: reminded on 09/10 and 13/10; supplied on 14/10, so not on 15/10.
        await skip_to(service, at(date(2026, 10, 14), 10))
        ok(await post(service, "truongphong.kinhte", f"{path}/supplement", json={"reason": "Đã bổ sung biên bản"}))
        for nominee in dossier["nominees"]:
            ok(await post(service, APPRAISER, f"{path}/nominees/{nominee['key']}/appraisal", json={"passed": True}))
        # The council called on 14/10 for Friday 23/10.
        call = {"session_date": "2026-10-23", "session_time": "8 giờ 00", "location": "Phòng họp số 1"}
        ok(await post(service, SECRETARY, f"/api/campaigns/{code}/session/call", json=call))

        await skip_to(service, at(date(2026, 10, 23), 9))
        assert await reminders(service, mail_server, code, "supplement") == {KINH_TE: ["2026-10-09", "2026-10-13"]}
        council = await reminders(service, mail_server, code, "council")
        assert council["uyvien.3@kesat.example"] == ["2026-10-16", "2026-10-20", "2026-10-22"]
        assert len(council) == 6  # five members and the secretary

        # The session on 23/10 decides; the Chairman is reminded every second working day until signing.
        members = member_ids(service)
        opening = {"session_date": "2026-10-23", "present": list(members.values()), "early_reason": EARLY_REASON}
        campaign = ok(await post(service, SECRETARY, f"/api/campaigns/{code}/session", json=opening))
        await vote(service, campaign, code=code)
        ok(await post(service, SECRETARY, f"/api/campaigns/{code}/session/close", json={}))
        await skip_to(service, at(date(2026, 10, 30), 10))
        ok(await post(service, signer, f"/api/campaigns/{code}/decision/sign", json={}))
        await skip_to(service, at(date(2026, 11, 10), 9))
        assert await reminders(service, mail_server, code, "signature") == {
            f"{signer}@kesat.example": ["2026-10-26", "2026-10-28", "2026-10-30"]
        }
        assert len((await reminders(service, mail_server, code, "council"))["uyvien.3@kesat.example"]) == 3


async def test_reform_report_reminders_to_the_units_that_have_not_sent_theirs(
    tmp_path: Path, mail_server: SmtpServer, database_url: str
):
    # Tứ Kỳ's plan, issued here by Kẻ Sặt: the demo's units and users are Kẻ Sặt's, and a round reminds
    # only the units of the campaign's issuer.
    ke_sat = {key: value for key, value in repository_issuer_settings()["ke-sat"].items() if key != "receiving_office"}
    plan = load_campaign(ROOT / "campaigns" / "tu-ky-2025.yaml")
    plan = plan.model_copy(update={"issuer": Issuer(**ke_sat)})
    period = next(p for p in report_periods(plan) if p.code == "2025-Q3")
    assert period.due_before == date(2025, 9, 10)
    async with service_from(at(date(2025, 8, 25), 9), tmp_path, mail_server, database_url) as service:
        code = plan.code
        with Session(service.engine) as session:
            save_campaign(session, plan)
        await start_campaign_workflows(service.client, plan, service.settings.temporal_task_queue)

        # Phòng Kinh tế sends its quarter's report on 04/09; Văn phòng never does.
        await skip_to(service, at(date(2025, 9, 4), 10))
        with Session(service.engine) as session:
            unit = session.exec(select(models.Unit).where(models.Unit.code == "phong-kinh-te")).one()
            head = session.exec(select(models.User).where(models.User.username == "truongphong.kinhte")).one()
            save_report(
                session, campaign_code=code, unit_id=unit.id, period=period,
                report=ReportFigures.for_plan(plan, {}, "Đã thực hiện"), user_id=head.id,
                received_at=at(date(2025, 9, 4), 10),
            )
        await skip_to(service, at(date(2025, 9, 10), 9))
        sent = await reminders(service, mail_server, code, "report/2025-Q3")
        # 7 days before: 03/09 (after the National Day days off 01–02/09/2025); 3 days before is a
        # Sunday: Friday 05/09; 1 day before: 09/09.
        assert sent == {KINH_TE: ["2025-09-03"], VAN_PHONG: ["2025-09-03", "2025-09-05", "2025-09-09"]}

