"""Mail: every template rendered, the outbox idempotent on its key, delivery to a real SMTP server once.

The activity is called as a plain method (no Temporal): a temporary failure raises, which is what
makes Temporal retry it; a permanent refusal returns.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import date, datetime, timezone
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib
import pytest
from jinja2 import UndefinedError, meta
from sqlmodel import Session, select
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from common.settings import ROOT, Settings
from db.outbox import CaughtMail, MailStatus, OutboxMail
from mail.outbox import enqueue, mail_key, message_id, undelivered
from mail.render import FIELDS, KINDS, environment, render, vnd
from mail.sender import MailActivities
from mail.sink import caught_mails, start_sink
from schemas.council import Candidate
from schemas.dossier import Nominee

from tests.smtp_server import SmtpServer, free_port, smtp_server  # noqa: F401  (the fixture)

BASE = "http://127.0.0.1:8000"
DOSSIER_URL = f"{BASE}/dossiers/D-2025-0007"
CAMPAIGN_URL = f"{BASE}/campaigns/ke-sat-2025-dien-tap"
CAMPAIGN = (
    "Triển khai công tác thi đua, khen thưởng gắn với thực hiện nhiệm vụ cải cách hành chính 6 tháng cuối năm 2025"
)

NOMINEES = [
    Nominee(key="N1", group="collective", subject_kind="phong_chuyen_mon", name="Phòng Kinh tế"),
    Nominee(
        key="N2", group="individual", subject_kind="can_bo_cong_chuc_vien_chuc",
        name="Phạm Thị Hồng Nhung", position="Chuyên viên Phòng Kinh tế",
    ),
]
CANDIDATES = [
    Candidate(
        ref="D-2025-0007/N1", dossier_id="D-2025-0007", nominee_key="N1", name="Phòng Kinh tế",
        group="collective", unit_name="Phòng Kinh tế",
    ),
    Candidate(
        ref="D-2025-0009/N1", dossier_id="D-2025-0009", nominee_key="N1", name="Trần Quốc Bảo",
        group="individual", position="Công chức Văn phòng", unit_name="Văn phòng HĐND và UBND",
    ),
]
AWARDEES = [
    {"name": "Phòng Kinh tế", "position": None, "unit_name": "Phòng Kinh tế",
     "award_form": "Giấy khen của Chủ tịch UBND xã", "bonus_vnd": 702_000},
    {"name": "Phạm Thị Hồng Nhung", "position": "Chuyên viên", "unit_name": "Phòng Kinh tế",
     "award_form": "Giấy khen của Chủ tịch UBND xã", "bonus_vnd": 351_000},
]
OPEN_DOSSIERS = [
    {"title": "Hồ sơ khen thưởng Phòng Kinh tế", "unit_name": "Phòng Kinh tế", "stage_name": "Đang thẩm định",
     "url": DOSSIER_URL},
]
DRAFT_DOSSIERS = [
    {"title": "Hồ sơ khen thưởng Phòng Kinh tế", "unit_name": "Phòng Kinh tế", "stage_name": "Đang lập hồ sơ",
     "url": DOSSIER_URL},
]
ITEMS = ["Báo cáo thành tích có xác nhận của thủ trưởng đơn vị", "Biên bản họp bình xét có chữ ký thư ký"]

COMMON = {"campaign_title": CAMPAIGN}
DOSSIER = {**COMMON, "unit_name": "Phòng Kinh tế", "dossier_title": "Hồ sơ khen thưởng Phòng Kinh tế",
           "dossier_url": DOSSIER_URL}

# kind → (context, what the subject says, the date the mail is about, the link)
CASES: dict[str, tuple[dict, str, str, str]] = {
    "dossier_submitted": (
        {**DOSSIER, "recipient_name": "Phòng Văn hóa - Xã hội", "nominees": NOMINEES,
         "submitted_at": datetime(2025, 11, 20, 17, 30, tzinfo=timezone.utc), "appraisal_due": date(2025, 12, 19)},
        "Hồ sơ đề nghị khen thưởng mới: Phòng Kinh tế", "19/12/2025", DOSSIER_URL,
    ),
    "dossier_recalled": (
        {**DOSSIER, "recipient_name": "Phòng Văn hóa - Xã hội",
         "recalled_at": datetime(2025, 11, 21, 2, 0, tzinfo=timezone.utc), "reason": "Lý do: bổ sung biên bản họp"},
        "Đơn vị rút lại hồ sơ đã nộp: Phòng Kinh tế", "21/11/2025", DOSSIER_URL,
    ),
    "deadline_extended": (
        {**COMMON, "recipient_name": "Lê Minh Đức", "unit_name": "Phòng Kinh tế", "until": date(2025, 12, 12),
         "reason": "Đơn vị chờ kết quả đánh giá, xếp loại", "campaign_url": "https://thidua.example/unit"},
        "Gia hạn nộp hồ sơ thi đua «" + CAMPAIGN + "» đến trước ngày 12/12/2025", "12/12/2025", "https://thidua.example/unit",
    ),
    "supplement_requested": (
        {**DOSSIER, "recipient_name": "Lê Minh Đức", "nominees": NOMINEES, "items": ITEMS,
         "due_date": date(2025, 11, 28)},
        "Yêu cầu bổ sung hồ sơ «Hồ sơ khen thưởng Phòng Kinh tế», hạn 28/11/2025", "28/11/2025", DOSSIER_URL,
    ),
    "appraisal_result": (
        {**DOSSIER, "recipient_name": "Lê Minh Đức", "nominees": [
            {"name": "Phòng Kinh tế", "position": None, "passed": True, "reason": None},
            {"name": "Phạm Thị Hồng Nhung", "position": "Chuyên viên", "passed": False,
             "reason": "Chưa đủ 12 tháng công tác tại đơn vị"}]},
        "Kết quả thẩm định hồ sơ «Hồ sơ khen thưởng Phòng Kinh tế»", "1/2", DOSSIER_URL,
    ),
    "nominee_suspended": (
        {**DOSSIER, "recipient_name": "Lê Minh Đức", "nominee": NOMINEES[1],
         "reason": "Đang trong thời gian xem xét kỷ luật"},
        "Tạm dừng xét khen thưởng: Phạm Thị Hồng Nhung", "Đang trong thời gian xem xét kỷ luật", DOSSIER_URL,
    ),
    "nominee_resumed": (
        {**DOSSIER, "recipient_name": "Lê Minh Đức", "nominee": NOMINEES[1],
         "reason": "Không bị xử lý kỷ luật"},
        "Tiếp tục xét khen thưởng: Phạm Thị Hồng Nhung", "Không bị xử lý kỷ luật", DOSSIER_URL,
    ),
    "council_called": (
        {**COMMON, "recipient_name": "Ngô Đức Thịnh", "session_date": date(2025, 12, 22),
         "session_time": "14 giờ 00", "location": "Phòng họp số 1, UBND xã Kẻ Sặt", "candidates": CANDIDATES,
         "campaign_url": CAMPAIGN_URL},
        "Triệu tập họp Hội đồng Thi đua - Khen thưởng ngày 22/12/2025", "22/12/2025", CAMPAIGN_URL,
    ),
    "decision_signed": (
        {**DOSSIER, "recipient_name": "Lê Minh Đức", "to_awardee": False, "decision_number": "12/QĐ-UBND",
         "signed_on": date(2025, 12, 26), "signer": "TM. ỦY BAN NHÂN DÂN, CHỦ TỊCH Phạm Thị Thu Hiền",
         "awardees": AWARDEES},
        "Quyết định khen thưởng số 12/QĐ-UBND ngày 26/12/2025", "702.000 đồng", DOSSIER_URL,
    ),
    "honour_roll_published": (
        {**COMMON, "recipient_name": "Lê Minh Đức", "published_on": date(2025, 12, 30), "awardees": AWARDEES,
         "honour_roll_url": f"{BASE}/api/public/campaigns/ke-sat-2025-dien-tap/honour-roll"},
        "Công bố danh sách tập thể, cá nhân được khen thưởng", "30/12/2025",
        f"{BASE}/api/public/campaigns/ke-sat-2025-dien-tap/honour-roll",
    ),
    "reminder_submission_deadline": (
        {**COMMON, "recipient_name": "Lê Minh Đức", "unit_name": "Phòng Kinh tế", "submit_before": date(2025, 12, 5),
         "days_left": 3, "dossiers": DRAFT_DOSSIERS, "campaign_url": CAMPAIGN_URL},
        "Nhắc hạn nộp hồ sơ đề nghị khen thưởng: trước ngày 05/12/2025", "05/12/2025", CAMPAIGN_URL,
    ),
    "reminder_supplement_deadline": (
        {**DOSSIER, "recipient_name": "Lê Minh Đức", "items": ITEMS, "due_date": date(2025, 11, 28), "days_left": 1},
        "Nhắc hạn bổ sung hồ sơ «Hồ sơ khen thưởng Phòng Kinh tế»: chậm nhất ngày 28/11/2025", "28/11/2025",
        DOSSIER_URL,
    ),
    "reminder_appraisal_overdue": (
        {**COMMON, "recipient_name": "Hoàng Văn Thắng", "appraisal_due": date(2025, 12, 19), "days_overdue": 2,
         "dossiers": OPEN_DOSSIERS, "campaign_url": CAMPAIGN_URL},
        "Quá hạn thẩm định hồ sơ đề nghị khen thưởng (hạn 19/12/2025)", "19/12/2025", CAMPAIGN_URL,
    ),
    "escalation_appraisal_overdue": (
        {**COMMON, "recipient_name": "Đỗ Thị Thanh Hương", "appraisal_due": date(2025, 12, 19), "days_overdue": 5,
         "appraiser_names": ["Hoàng Văn Thắng"], "dossiers": OPEN_DOSSIERS, "campaign_url": CAMPAIGN_URL},
        "Báo cáo: 1 hồ sơ quá hạn thẩm định 5 ngày", "19/12/2025", CAMPAIGN_URL,
    ),
    "reminder_council_session": (
        {**COMMON, "recipient_name": "Ngô Đức Thịnh", "session_date": date(2025, 12, 22), "session_time": None,
         "location": None, "days_left": 1, "candidates": CANDIDATES, "campaign_url": CAMPAIGN_URL},
        "Nhắc lịch họp Hội đồng Thi đua - Khen thưởng ngày 22/12/2025", "22/12/2025", CAMPAIGN_URL,
    ),
    "reminder_decision_signature": (
        {**COMMON, "recipient_name": "Phạm Thị Thu Hiền", "decided_on": date(2025, 12, 22), "days_waiting": 3,
         "awardees": AWARDEES, "total_bonus_vnd": 1_053_000, "campaign_url": CAMPAIGN_URL},
        "Quyết định khen thưởng chờ ký (3 ngày)", "1.053.000 đồng", CAMPAIGN_URL,
    ),
    "reminder_step_deadline": (
        {**COMMON, "recipient_name": "Ngô Đức Thịnh", "step_name": "Hạn họp Hội đồng Thi đua - Khen thưởng",
         "last_day": date(2025, 12, 20), "days_left": 3, "campaign_url": CAMPAIGN_URL},
        "Hạn họp Hội đồng Thi đua - Khen thưởng: chậm nhất ngày 20/12/2025 (còn 3 ngày)", "20/12/2025", CAMPAIGN_URL,
    ),
    "reminder_reform_report": (
        {**COMMON, "recipient_name": "Lê Minh Đức", "unit_name": "Phòng Kinh tế",
         "period_name": "Báo cáo CCHC quý IV năm 2025", "due_before": date(2025, 12, 10), "days_left": 2,
         "report_url": f"{BASE}/api/reform-reports"},
        "Nhắc gửi Báo cáo CCHC quý IV năm 2025: trước ngày 10/12/2025", "10/12/2025", f"{BASE}/api/reform-reports",
    ),
    "reminder_registration_deadline": (
        {**COMMON, "recipient_name": "Lê Minh Đức", "unit_name": "Phòng Kinh tế",
         "mode_text": "yêu cầu đăng ký thi đua: chưa đăng ký thì không được đề nghị khen thưởng",
         "register_before": date(2025, 3, 15), "days_left": 3, "office": "Phòng Văn hóa - Xã hội",
         "form": "Phụ lục I kèm theo Kế hoạch", "registration_url": f"{BASE}/unit/registration/ke-sat-2025"},
        "Nhắc hạn đăng ký thi đua: trước ngày 15/03/2025", "Phụ lục I kèm theo Kế hoạch",
        f"{BASE}/unit/registration/ke-sat-2025",
    ),
    "password_link": (
        {"recipient_name": "Hoàng Văn Thắng", "username": "thamdinh", "first_password": True,
         "link_url": f"{BASE}/password/set?token=abc-123", "expires_text": "14:05 ngày 05/12/2025", "valid_hours": 72},
        "Đặt mật khẩu cho tài khoản thamdinh", "14:05 ngày 05/12/2025", f"{BASE}/password/set?token=abc-123",
    ),
}


# --- rendering ------------------------------------------------------------------------------------


def test_every_kind_has_its_templates_and_a_case():
    assert set(CASES) == set(KINDS)
    for kind in KINDS:
        assert (Path(environment.loader.searchpath[0]) / f"{kind}.txt").is_file()
        assert (Path(environment.loader.searchpath[0]) / f"{kind}.html").is_file()


@pytest.mark.parametrize("kind", KINDS)
def test_fields_are_what_the_templates_use(kind):
    used = set()
    for name in (f"{kind}.txt", f"{kind}.html"):
        source = environment.loader.get_source(environment, name)[0]
        used |= meta.find_undeclared_variables(environment.parse(source))
    assert used - {"subject", "group_names", "m"} == set(FIELDS[kind])  # m: the macros


@pytest.mark.parametrize("kind", KINDS)
def test_render(kind):
    context, subject, detail, link = CASES[kind]
    mail = render(kind, context)
    assert mail.subject == subject
    assert "\n" not in mail.subject
    for body in (mail.text, mail.html):
        assert f"Kính gửi: {context['recipient_name']}" in body
        assert detail in body
        assert link in body
        assert "{{" not in body and "{%" not in body
    assert f"<title>{subject}</title>" in mail.html
    assert mail.html.lstrip().startswith("<!doctype html>")
    assert "<p>" not in mail.text and "&amp;" not in mail.text  # the text is text


def test_render_vietnamese_dates_names_and_deadlines():
    text = render("supplement_requested", CASES["supplement_requested"][0]).text
    assert "Hạn bổ sung: chậm nhất ngày 28/11/2025." in text
    assert "  1. Báo cáo thành tích có xác nhận của thủ trưởng đơn vị\n" in text
    assert "  2. Phạm Thị Hồng Nhung, Chuyên viên Phòng Kinh tế\n" in text
    assert f"đợt thi đua «{CAMPAIGN}»" in text

    submitted = render("dossier_submitted", CASES["dossier_submitted"][0]).text
    assert "ngày 21/11/2025" in submitted  # 17:30 UTC on the 20th is the 21st in Vietnam
    assert "chậm nhất ngày 19/12/2025" in submitted

    council = render("council_called", CASES["council_called"][0]).text
    assert "Thời gian: 14 giờ 00, ngày 22/12/2025\nĐịa điểm: Phòng họp số 1, UBND xã Kẻ Sặt\n" in council
    assert "  2. Trần Quốc Bảo, Công chức Văn phòng (Cá nhân) — Văn phòng HĐND và UBND\n" in council
    reminder = render("reminder_council_session", CASES["reminder_council_session"][0]).text
    assert "Thời gian: ngày 22/12/2025\n\n" in reminder  # no time, no location

    decision = render("decision_signed", CASES["decision_signed"][0]).text
    assert "  1. Phòng Kinh tế: Giấy khen của Chủ tịch UBND xã, tiền thưởng 702.000 đồng\n" in decision
    assert "Phòng Kinh tế có 2 tập thể, cá nhân được khen thưởng" in decision
    to_awardee = {**CASES["decision_signed"][0], "to_awardee": True, "recipient_name": "Phạm Thị Hồng Nhung",
                  "awardees": AWARDEES[1:]}
    assert "Chúc mừng đồng chí đã được khen thưởng" in render("decision_signed", to_awardee).text

    nothing_yet = {**CASES["reminder_submission_deadline"][0], "dossiers": []}
    nothing_text = render("reminder_submission_deadline", nothing_yet).text
    assert "Phòng Kinh tế chưa lập hồ sơ đề nghị khen thưởng nào" in nothing_text

    appraisal = render("appraisal_result", CASES["appraisal_result"][0]).text
    assert "  2. Phạm Thị Hồng Nhung, Chuyên viên: Không đạt (Chưa đủ 12 tháng công tác tại đơn vị)\n" in appraisal


def test_vnd():
    assert vnd(1_170_000) == "1.170.000 đồng"
    assert vnd(500) == "500 đồng"


def test_html_is_escaped_and_text_is_not():
    context = {**CASES["nominee_suspended"][0], "reason": "Đơn thư <khiếu nại> & tố cáo"}
    mail = render("nominee_suspended", context)
    assert "Đơn thư &lt;khiếu nại&gt; &amp; tố cáo" in mail.html
    assert "Đơn thư <khiếu nại> & tố cáo" in mail.text


def test_a_missing_field_fails_loudly():
    context = dict(CASES["supplement_requested"][0])
    del context["due_date"]
    with pytest.raises(ValueError, match="due_date"):
        render("supplement_requested", context)
    with pytest.raises(UndefinedError):  # an item without a field the template reads
        render("supplement_requested", {**CASES["supplement_requested"][0], "nominees": [{"name": "Phòng Kinh tế"}]})
    with pytest.raises(ValueError, match="unknown mail kind"):
        render("dossier_lost", {})


# --- outbox and delivery --------------------------------------------------------------------------

RECIPIENT = "truongphong.kinhte@kesat.gov.vn"
KEY = mail_key("dossier/D-2025-0007/seq/9", RECIPIENT)


class AsActivity:
    """The mail activities, each call run as Temporal runs an activity (in its context: heartbeats work)."""

    def __init__(self, activities: MailActivities) -> None:
        self.activities = activities

    def deliver(self, key: str) -> str:
        return ActivityEnvironment().run(self.activities.deliver, key)


def activities_for(engine, server_port: int) -> AsActivity:
    settings = Settings(smtp_host="127.0.0.1", smtp_port=server_port, smtp_starttls=False, smtp_ssl=False,
                        smtp_user="", smtp_password="")
    return AsActivity(MailActivities(engine, settings))


def enqueue_one(engine, key: str = KEY, recipient: str = RECIPIENT) -> None:
    with Session(engine) as session:
        enqueue(session, key, "supplement_requested", recipient, CASES["supplement_requested"][0])
        session.commit()


def row(engine, key: str = KEY) -> OutboxMail:
    with Session(engine) as session:
        return session.exec(select(OutboxMail).where(OutboxMail.key == key)).one()


class WorkerKilled(BaseException):
    """The worker dies: nothing after this point runs (like SIGKILL between two statements)."""


def test_enqueue_is_idempotent_on_the_key(engine):
    enqueue_one(engine)
    enqueue_one(engine)
    with Session(engine) as session:  # also twice within one transaction
        enqueue(session, KEY, "supplement_requested", RECIPIENT, CASES["supplement_requested"][0])
        enqueue(session, KEY, "supplement_requested", RECIPIENT, CASES["supplement_requested"][0])
        session.commit()
        rows = session.exec(select(OutboxMail)).all()
    assert len(rows) == 1
    mail = rows[0]
    assert mail.status == MailStatus.queued and mail.attempts == 0
    assert mail.message_id == message_id(KEY)
    assert mail.message_id.startswith("<") and mail.message_id.endswith("@thidua>") and len(mail.message_id) == 41
    assert mail.subject.startswith("Yêu cầu bổ sung hồ sơ")
    assert mail_key("dossier/D-2025-0007/seq/9", " TruongPhong.KinhTe@kesat.gov.vn") == KEY
    with Session(engine) as session:
        assert undelivered(session) == [KEY]


def test_deliver_sends_once(engine, smtp_server: SmtpServer):
    enqueue_one(engine)
    activities = activities_for(engine, smtp_server.port)

    assert activities.deliver(KEY) == "sent"

    assert len(smtp_server.deliveries) == 1
    delivery = smtp_server.deliveries[0]
    assert delivery.recipients == [RECIPIENT]
    assert delivery.sender == "thiduakhenthuong@localhost"
    message: EmailMessage = delivery.message
    assert message["To"] == RECIPIENT
    assert message["Subject"] == "Yêu cầu bổ sung hồ sơ «Hồ sơ khen thưởng Phòng Kinh tế», hạn 28/11/2025"
    assert message["Message-ID"] == message_id(KEY)
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "chậm nhất ngày 28/11/2025" in text and DOSSIER_URL in text
    assert "chậm nhất ngày 28/11/2025" in html and f'href="{DOSSIER_URL}"' in html

    mail = row(engine)
    assert mail.status == MailStatus.sent and mail.attempts == 1 and mail.sent_at is not None
    with Session(engine) as session:
        assert undelivered(session) == []

    assert activities.deliver(KEY) == "sent"  # already sent: nothing more goes out
    assert len(smtp_server.deliveries) == 1
    assert row(engine).attempts == 1


def test_smtp_down_raises_and_records_then_delivers_once(engine, smtp_server: SmtpServer):
    enqueue_one(engine)
    activities = activities_for(engine, smtp_server.port)
    smtp_server.down()

    for attempt in (1, 2):
        with pytest.raises((aiosmtplib.SMTPException, OSError)):
            activities.deliver(KEY)
        mail = row(engine)
        assert mail.status == MailStatus.queued
        assert mail.attempts == attempt
        assert mail.last_error and mail.last_error.startswith("SMTPConnectError")

    smtp_server.up()
    assert activities.deliver(KEY) == "sent"
    assert activities.deliver(KEY) == "sent"
    assert len(smtp_server.deliveries) == 1
    mail = row(engine)
    assert mail.status == MailStatus.sent and mail.attempts == 3


def test_a_temporary_refusal_raises(engine, smtp_server: SmtpServer):
    enqueue_one(engine)
    smtp_server.defer(RECIPIENT)
    activities = activities_for(engine, smtp_server.port)
    with pytest.raises(aiosmtplib.SMTPRecipientsRefused):
        activities.deliver(KEY)
    mail = row(engine)
    assert mail.status == MailStatus.queued and "451" in mail.last_error

    smtp_server.answers.clear()
    assert activities.deliver(KEY) == "sent"
    assert len(smtp_server.deliveries) == 1


def test_a_permanent_refusal_is_recorded_not_retried(engine, smtp_server: SmtpServer):
    enqueue_one(engine)
    smtp_server.refuse(RECIPIENT)
    activities = activities_for(engine, smtp_server.port)

    assert activities.deliver(KEY) == "refused"  # no raise: Temporal does not retry

    mail = row(engine)
    assert mail.status == MailStatus.refused and mail.attempts == 1
    assert "550 5.1.1 Mailbox unavailable" in mail.last_error and RECIPIENT in mail.last_error
    assert activities.deliver(KEY) == "refused"
    assert row(engine).attempts == 1
    assert smtp_server.deliveries == []


def test_a_crash_between_sending_and_recording_repeats_the_same_message(engine, smtp_server: SmtpServer, monkeypatch):
    enqueue_one(engine)
    activities = activities_for(engine, smtp_server.port)
    real_send = MailActivities.send

    def send_then_die(self, message, recipient):
        real_send(self, message, recipient)
        raise WorkerKilled

    monkeypatch.setattr(MailActivities, "send", send_then_die)
    with pytest.raises(WorkerKilled):
        activities.deliver(KEY)
    assert row(engine).status == MailStatus.sending  # sent, but not recorded as sent
    assert len(smtp_server.deliveries) == 1

    monkeypatch.setattr(MailActivities, "send", real_send)  # the retried activity, on a live worker
    assert activities.deliver(KEY) == "sent"

    # SMTP gave no exactly-once: the server was handed the message twice, the very same bytes with
    # the same Message-ID, so a receiver that recognises it keeps one.
    first, second = smtp_server.deliveries
    assert first.raw == second.raw
    assert first.message_id == second.message_id == message_id(KEY)
    assert len(smtp_server.messages) == 1
    mail = row(engine)
    assert mail.status == MailStatus.sent and mail.attempts == 2


def test_the_local_sink_keeps_one_message_per_message_id(engine, monkeypatch):
    port = free_port()
    sink = start_sink(engine, "127.0.0.1", port)
    try:
        enqueue_one(engine)
        other = mail_key("dossier/D-2025-0007/seq/9", "vanphong@kesat.gov.vn")
        enqueue_one(engine, other, "vanphong@kesat.gov.vn")
        activities = activities_for(engine, port)
        real_send = MailActivities.send

        def send_then_die(self, message, recipient):
            real_send(self, message, recipient)
            raise WorkerKilled

        monkeypatch.setattr(MailActivities, "send", send_then_die)
        with pytest.raises(WorkerKilled):
            activities.deliver(KEY)
        monkeypatch.setattr(MailActivities, "send", real_send)
        assert activities.deliver(KEY) == "sent"
        assert activities.deliver(other) == "sent"
    finally:
        sink.stop()

    with Session(engine) as session:
        caught = caught_mails(session)
        assert len(session.exec(select(CaughtMail)).all()) == 2
    assert [mail.recipients for mail in caught] == [["vanphong@kesat.gov.vn"], [RECIPIENT]]  # newest first
    mail = caught[1]
    assert mail.message_id == message_id(KEY)
    assert mail.subject == "Yêu cầu bổ sung hồ sơ «Hồ sơ khen thưởng Phòng Kinh tế», hạn 28/11/2025"
    assert "chậm nhất ngày 28/11/2025" in mail.text and DOSSIER_URL in mail.html
    assert mail.sender == "thiduakhenthuong@localhost"


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_the_sink_runs_as_a_program(engine):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": str(engine.url), "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port)}
    sink = subprocess.Popen([sys.executable, "-m", "mail.sink"], cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 20
        while not listening(port):
            assert sink.poll() is None and time.monotonic() < deadline, "the sink did not start"
            time.sleep(0.1)
        enqueue_one(engine)
        assert activities_for(engine, port).deliver(KEY) == "sent"
    finally:
        sink.send_signal(signal.SIGINT)
        assert sink.wait(timeout=15) == 0
    with Session(engine) as session:
        assert [mail.message_id for mail in caught_mails(session)] == [message_id(KEY)]


def test_deliver_an_unknown_key_fails_for_good(engine):
    activities = activities_for(engine, free_port())
    with pytest.raises(ApplicationError) as failure:
        activities.deliver("no/such/mail|nobody@example.com")
    assert failure.value.non_retryable
