"""The mails each event sends, as a real SMTP server (aiosmtpd) receives them: recipients, subject, body."""

from datetime import timedelta

from sqlmodel import Session, col, select

from activities.mail import delivery_id
from common.text import vn_date
from common.workdays import default_calendar
from db import models
from db.outbox import OutboxMail
from tests.conftest import Service, today
from tests.dossier_steps import (
    APPRAISER,
    CHAIRMAN,
    MEMBERS,
    SECRETARY,
    UNIT_HEAD,
    campaign_post,
    ok,
    open_session,
    post,
    submitted,
    under_appraisal,
    vote,
)
from tests.smtp_server import Delivery, SmtpServer

DOMAIN = "@kesat.example"


async def delivered(service: Service, mail_server: SmtpServer, kind: str) -> list[Delivery]:
    """The service's mails of this kind, once each delivery workflow has ended, as the server got them."""
    with Session(service.engine) as session:
        rows = session.exec(select(OutboxMail).where(OutboxMail.kind == kind).order_by(col(OutboxMail.id))).all()
    for row in rows:
        assert await service.client.get_workflow_handle(delivery_id(row)).result() == "sent"
    ids = {row.message_id for row in rows}
    return [delivery for delivery in mail_server.messages if delivery.message_id in ids]


def text(delivery: Delivery) -> str:
    return delivery.message.get_body(preferencelist=("plain",)).get_content()


def recipients(deliveries: list[Delivery]) -> set[str]:
    return {address for delivery in deliveries for address in delivery.recipients}


async def test_a_submission_is_mailed_to_the_receiving_office(running: Service, mail_server: SmtpServer):
    dossier = await submitted(running)
    mails = await delivered(running, mail_server, "dossier_submitted")
    assert recipients(mails) == {f"thamdinh{DOMAIN}", f"truongphong.vhxh{DOMAIN}"}
    for mail in mails:
        assert mail.message["Subject"] == "Hồ sơ đề nghị khen thưởng mới: Phòng Kinh tế"
        body = text(mail)
        assert "Phòng Kinh tế" in body and "Phạm Thị Hồng Nhung" in body and "Vũ Quang Huy" in body
        due = default_calendar().add_working_days(today(), 20)
        assert vn_date(due) in body  # the office's 20 working days
        assert f"http://127.0.0.1:8000/appraisal/dossiers/{dossier['id']}" in body
    addressed = {mail.recipients[0]: mail for mail in mails}
    assert "Đỗ Thị Thanh Hương" in text(addressed[f"truongphong.vhxh{DOMAIN}"])


async def test_a_supplement_request_is_mailed_to_the_unit_head_with_items_and_due_date(
    running: Service, mail_server: SmtpServer
):
    dossier = await under_appraisal(running)
    due = today() + timedelta(days=9)
    items = ["Biên bản họp có đủ chữ ký", "Báo cáo thành tích của Vũ Quang Huy có xác nhận"]
    body = {"items": items, "due_date": due.isoformat()}
    ok(await post(running, APPRAISER, f"/api/dossiers/{dossier['id']}/supplement-request", json=body))
    [mail] = await delivered(running, mail_server, "supplement_requested")
    assert mail.recipients == [f"{UNIT_HEAD}{DOMAIN}"]
    assert mail.message["Subject"] == f"Yêu cầu bổ sung hồ sơ «{dossier['title']}», hạn {vn_date(due)}"
    content = text(mail)
    assert "Lê Minh Đức" in content  # the head, by name
    assert all(item in content for item in items)
    assert f"/unit/dossiers/{dossier['id']}" in content


async def test_the_appraisal_result_is_mailed_once_when_every_nominee_is_judged(
    running: Service, mail_server: SmtpServer
):
    dossier = await under_appraisal(running)
    path = f"/api/dossiers/{dossier['id']}/nominees"
    keys = [n["key"] for n in dossier["nominees"]]
    for key in keys[:-1]:
        ok(await post(running, APPRAISER, f"{path}/{key}/appraisal", json={"passed": True}))
        assert await delivered(running, mail_server, "appraisal_result") == []  # not before the last
    reason = "Chưa đủ thời gian công tác 12 tháng"
    ok(await post(running, APPRAISER, f"{path}/{keys[-1]}/appraisal", json={"passed": False, "reason": reason}))
    [mail] = await delivered(running, mail_server, "appraisal_result")
    assert mail.recipients == [f"{UNIT_HEAD}{DOMAIN}"]
    assert mail.message["Subject"] == f"Kết quả thẩm định hồ sơ «{dossier['title']}»"
    content = text(mail)
    assert "Nguyễn Văn A" in content and reason in content and "Phòng Kinh tế" in content


async def test_the_council_call_the_signed_decision_and_the_honour_roll(running: Service, mail_server: SmtpServer):
    # Lê Minh Đức is in the registry of people with an address: the awardee is told too.
    with Session(running.engine) as session:
        person = session.exec(select(models.Person).where(models.Person.full_name == "Lê Minh Đức")).one()
        person.email = "le.minh.duc@kesat.example"
        session.add(person)
        session.commit()
        person_id = person.id
    nominees = [
        {"group": "collective", "subject_kind": "phong_chuyen_mon", "name": "Phòng Kinh tế"},
        {
            "group": "individual",
            "subject_kind": "can_bo_cong_chuc_vien_chuc",
            "name": "Lê Minh Đức",
            "position": "Trưởng phòng",
            "birth_date": "1979-11-23",  # the service matches him; the person_id sent agrees
            "person_id": person_id,
        },
    ]
    dossier = await under_appraisal(running, nominees)
    for nominee in dossier["nominees"]:
        path = f"/api/dossiers/{dossier['id']}/nominees/{nominee['key']}/appraisal"
        ok(await post(running, APPRAISER, path, json={"passed": True}))

    session_day = today() + timedelta(days=5)
    call = {"session_date": session_day.isoformat(), "session_time": "14 giờ 00", "location": "Hội trường UBND xã"}
    campaign = ok(await campaign_post(running, SECRETARY, running.campaign, "/session/call", json=call))
    assert campaign["run"]["call"]["location"] == "Hội trường UBND xã"
    called = await delivered(running, mail_server, "council_called")
    assert recipients(called) == {f"{name}{DOMAIN}" for name in [*MEMBERS, SECRETARY]}
    for mail in called:
        assert mail.message["Subject"] == f"Triệu tập họp Hội đồng Thi đua - Khen thưởng ngày {vn_date(session_day)}"
        content = text(mail)
        assert "14 giờ 00" in content and "Hội trường UBND xã" in content
        assert "Lê Minh Đức, Trưởng phòng" in content and "Phòng Kinh tế" in content
        assert f"/council/{running.campaign}" in content

    await vote(running, await open_session(running))
    ok(await campaign_post(running, SECRETARY, running.campaign, "/session/close", json={}))
    campaign = ok(await campaign_post(running, CHAIRMAN, running.campaign, "/decision/sign", json={}))
    number = campaign["run"]["decision"]["number"]
    signed = await delivered(running, mail_server, "decision_signed")
    assert recipients(signed) == {f"{UNIT_HEAD}{DOMAIN}", "le.minh.duc@kesat.example"}
    by_address = {mail.recipients[0]: text(mail) for mail in signed}
    assert all(mail.message["Subject"] == f"Quyết định khen thưởng số {number} ngày {vn_date(today())}" for mail in signed)
    assert "Phòng Kinh tế" in by_address[f"{UNIT_HEAD}{DOMAIN}"] and "Lê Minh Đức" in by_address[f"{UNIT_HEAD}{DOMAIN}"]
    own = by_address["le.minh.duc@kesat.example"]
    assert "Chúc mừng" in own and "Phòng Kinh tế, " not in own  # only their own award
    assert f"Quyết định số {number} ngày {vn_date(today())} (CHỦ TỊCH Phạm Thị Thu Hiền)" in own  # as it is signed

    ok(await campaign_post(running, "truyenthong", running.campaign, "/recognise"))
    published = await delivered(running, mail_server, "honour_roll_published")
    assert recipients(published) == {f"{UNIT_HEAD}{DOMAIN}", "le.minh.duc@kesat.example"}
    for mail in published:
        assert f"/honour-roll/{running.campaign}" in text(mail)


async def test_a_refused_call_changes_nothing_and_mails_nobody(running: Service, mail_server: SmtpServer):
    past = {"session_date": (today() - timedelta(days=1)).isoformat()}
    response = await campaign_post(running, SECRETARY, running.campaign, "/session/call", json=past)
    assert (response.status_code, response.json()["code"]) == (422, "SESSION_DATE_PASSED")
    assert "đã qua" in response.json()["message"]
    soon = {"session_date": (today() + timedelta(days=3)).isoformat()}
    response = await campaign_post(running, UNIT_HEAD, running.campaign, "/session/call", json=soon)
    assert (response.status_code, response.json()["code"]) == (403, "WRONG_ROLE")
    assert "Triệu tập phiên họp Hội đồng" in response.json()["message"]
    campaign = ok(await running.api.get(f"/api/campaigns/{running.campaign}", headers=running.as_user(SECRETARY)))
    assert campaign["run"]["call"] is None
    assert [h["action"] for h in campaign["history"]] == ["start"]
    assert await delivered(running, mail_server, "council_called") == []
