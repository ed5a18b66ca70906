"""Two issuers in one database: a campaign's event mails and reminders reach its own issuer's people only.

Kẻ Sặt (the demo's issuer, A) and Hồng Vân (B) each have a unit head, an appraiser, an office head, a council
and a Chairman. B's campaign is the Kẻ Sặt plan issued by Hồng Vân: its units are of the same kinds as A's,
so a reminder that counted every issuer's units would reach A's unit heads too.
"""

from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session, col, select

from activities.mail import delivery_id
from common.text import fold
from db import models
from db.api_tokens import add_token
from db.campaigns import save_campaign
from db.demo import CAMPAIGN_FILE, demo_secret
from db.outbox import OutboxMail
from schemas.signing import Issuer
from schemas.campaign_file import load_campaign, repository_issuer_settings
from tests.dossier_steps import attach_all, ok, post
from tests.smtp_server import SmtpServer
from tests.test_reminders import CALENDAR, at, reminders, service_from, skip_to
from web.campaign_workflows import campaign_started, start_campaign_workflows

B = "hong-van"
B_DOMAIN = "@hongvan.example"
B_UNITS = [("phong-kinh-te", "Phòng Kinh tế", "phong_chuyen_mon"), ("vp-hdnd-ubnd", "Văn phòng HĐND và UBND xã", "phong_chuyen_mon")]
B_USERS = [  # user name, full name, role, unit code
    ("hv.truongphong.kinhte", "Nguyễn Hữu Tâm", "unit_head", "phong-kinh-te"),
    ("hv.chanhvanphong", "Trần Thị Minh", "unit_head", "vp-hdnd-ubnd"),
    ("hv.thamdinh", "Phạm Văn Long", "appraiser", None),
    ("hv.truongphong.vhxh", "Lê Thị Thu", "office_head", None),
    ("hv.thuky", "Đỗ Văn Sơn", "council_secretary", None),
    ("hv.uyvien.1", "Vũ Thị Hạnh", "council_member", None),
    ("hv.uyvien.2", "Hoàng Minh Quân", "council_member", None),
    ("hv.chutich", "Bùi Văn Khải", "chairman", None),
]


def address(username: str) -> str:
    return f"{username}{B_DOMAIN}"


def add_issuer_b(engine) -> None:
    """Hồng Vân's units, people and users, each with an address and an API token of the demo's kind."""
    with Session(engine) as session:
        issuer = session.exec(select(models.Issuer).where(models.Issuer.code == B)).one()
        units = {}
        for code, name, kind in B_UNITS:
            units[code] = models.Unit(issuer_id=issuer.id, code=code, name=name, kind=kind)
            session.add(units[code])
        session.flush()
        for username, full_name, role, unit_code in B_USERS:
            unit_id = units[unit_code].id if unit_code else None
            session.add(models.Person(issuer_id=issuer.id, full_name=full_name, name_key=fold(full_name), unit_id=unit_id))
            user = models.User(
                username=username, full_name=full_name, roles=[role], issuer_id=issuer.id, unit_id=unit_id,
                email=address(username),
            )
            session.add(user)
            session.flush()
            add_token(session, user, "Mã truy cập thử nghiệm", demo_secret(username))
        session.commit()


def a_addresses(engine) -> set[str]:
    """Every address of Kẻ Sặt's users and people."""
    with Session(engine) as session:
        issuer = session.exec(select(models.Issuer).where(models.Issuer.code == "ke-sat")).one()
        users = session.exec(select(models.User.email).where(models.User.issuer_id == issuer.id)).all()
        people = session.exec(select(models.Person.email).where(models.Person.issuer_id == issuer.id)).all()
    return {email for email in [*users, *people] if email}


async def campaign_of_b(service, code: str, submit_before: date) -> str:
    """The Kẻ Sặt plan, issued by Hồng Vân, under a code of its own."""
    settings = dict(repository_issuer_settings()[B])
    settings.pop("receiving_office")
    plan = load_campaign(CAMPAIGN_FILE).with_deadline(code, submit_before)
    plan = plan.model_copy(update={"issuer": Issuer(**settings)})
    with Session(service.engine) as session:
        save_campaign(session, plan)
    await start_campaign_workflows(service.client, plan, service.settings.temporal_task_queue)
    await campaign_started(service.client, code)
    return code


async def submit_as_b(service, code: str, day: date) -> dict:
    """B's Phòng Kinh tế's dossier, its minutes dated the day before, submitted by its head."""
    head = "hv.truongphong.kinhte"
    nominees = [{"group": "collective", "subject_kind": "phong_chuyen_mon", "name": "Phòng Kinh tế"}]
    dossier = ok(await post(service, head, "/api/dossiers", json={"campaign_code": code, "nominees": nominees}), 201)
    minutes = {
        "meeting_date": (day - timedelta(days=1)).isoformat(),
        "members": 9,
        "present": 8,
        "votes": {n["key"]: 7 for n in dossier["nominees"]},
    }
    dossier = ok(await post(service, head, f"/api/dossiers/{dossier['id']}/minutes", json=minutes))
    await attach_all(service, dossier, user=head)
    return ok(await post(service, head, f"/api/dossiers/{dossier['id']}/submit"))


def mails_of(engine, prefix: str, kind: str | None = None) -> list[OutboxMail]:
    with Session(engine) as session:
        query = select(OutboxMail).where(col(OutboxMail.key).startswith(prefix))
        if kind:
            query = query.where(OutboxMail.kind == kind)
        return list(session.exec(query.order_by(col(OutboxMail.id))))


async def test_a_campaigns_mails_and_reminders_reach_its_own_issuers_people_only(
    tmp_path: Path, mail_server: SmtpServer, database_url: str
):
    # Submitted Monday 05/10/2026, due before Friday 16/10: reminded 09/10, 13/10 and 15/10; the appraisal's
    # 20 working days run to 02/11, overdue from 03/11, escalated three working days on, 06/11.
    async with service_from(at(date(2026, 10, 5), 9), tmp_path, mail_server, database_url) as service:
        add_issuer_b(service.engine)
        outsiders = a_addresses(service.engine)
        assert "thamdinh@kesat.example" in outsiders and "truongphong.vhxh@kesat.example" in outsiders
        code = await campaign_of_b(service, "hong-van-nhieu-co-quan", date(2026, 10, 16))

        dossier = await submit_as_b(service, code, date(2026, 10, 5))
        assert dossier["stage"] == "submitted"
        submitted = mails_of(service.engine, f"dossier/{dossier['id']}/", "dossier_submitted")
        assert {m.recipient for m in submitted} == {address("hv.thamdinh"), address("hv.truongphong.vhxh")}

        await skip_to(service, at(date(2026, 11, 10), 12))
        # Only B's unit that has not submitted is reminded; A's units, of the same kinds, are not B's.
        assert await reminders(service, mail_server, code, "submission") == {
            address("hv.chanhvanphong"): ["2026-10-09", "2026-10-13", "2026-10-15"]
        }
        assert CALENDAR.add_working_days(date(2026, 10, 5), 20) == date(2026, 11, 2)
        assert await reminders(service, mail_server, code, "appraisal") == {address("hv.thamdinh"): ["2026-11-03"]}
        escalated = await reminders(service, mail_server, code, "appraisal-escalation")
        assert escalated == {address("hv.truongphong.vhxh"): ["2026-11-06"]}

        # The council called: B's members and secretary, and reminded before the session.
        path = f"/api/dossiers/{dossier['id']}"
        ok(await post(service, "hv.thamdinh", f"{path}/start-appraisal"))
        for nominee in dossier["nominees"]:
            ok(await post(service, "hv.thamdinh", f"{path}/nominees/{nominee['key']}/appraisal", json={"passed": True}))
        judged = mails_of(service.engine, f"dossier/{dossier['id']}/", "appraisal_result")
        assert {m.recipient for m in judged} == {address("hv.truongphong.kinhte")}
        call = {"session_date": "2026-11-20", "session_time": "8 giờ 00", "location": "Phòng họp số 1"}
        ok(await post(service, "hv.thuky", f"/api/campaigns/{code}/session/call", json=call))
        called = mails_of(service.engine, f"campaign/{code}/", "council_called")
        council = {address(name) for name in ("hv.thuky", "hv.uyvien.1", "hv.uyvien.2")}
        assert {m.recipient for m in called} == council
        await skip_to(service, at(date(2026, 11, 19), 12))
        assert set(await reminders(service, mail_server, code, "council")) == council

        # Not one mail of B's campaign went to any of A's people, as the SMTP server received them.
        every = mails_of(service.engine, "reminder/" + code) + mails_of(service.engine, f"dossier/{dossier['id']}/")
        every += mails_of(service.engine, f"campaign/{code}/")
        assert every and not {m.recipient for m in every} & outsiders
        for row in every:
            assert await service.client.get_workflow_handle(delivery_id(row)).result() == "sent"
        sent = [m for prefix in ("reminder/" + code, f"dossier/{dossier['id']}/", f"campaign/{code}/")
                for m in mails_of(service.engine, prefix)]
        ids = {m.message_id for m in sent}
        assert None not in ids
        received = [d for d in mail_server.messages if d.message_id in ids]
        assert received and not {r for d in received for r in d.recipients} & outsiders
