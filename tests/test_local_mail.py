"""`make run` with no SMTP server: a local sink catches the mail, and a page shows it."""

from email.message import EmailMessage

import aiosmtplib

from mail.sink import start_sink
from tests.conftest import Service
from tests.smtp_server import free_port


async def test_mail_caught_by_the_local_sink_is_shown(running: Service):
    port = free_port()
    sink = start_sink(running.engine, port=port)
    try:
        message = EmailMessage()
        message["From"], message["To"] = "thiduakhenthuong@localhost", "truongphong.kinhte@kesat.example"
        message["Subject"] = "Yêu cầu bổ sung hồ sơ: Phòng Kinh tế"
        message["Message-ID"] = "<bosung-1@thidua>"
        message.set_content("Đề nghị bổ sung Báo cáo thành tích trước ngày 05/12/2026.")
        for _ in range(2):  # the same Message-ID twice, as after a crash between sending and recording
            await aiosmtplib.send(message, hostname="127.0.0.1", port=port)
    finally:
        sink.stop()
    page = await running.api.get("/dev/mail")
    assert page.status_code == 200
    assert page.text.count("Yêu cầu bổ sung hồ sơ: Phòng Kinh tế") == 1
    assert "truongphong.kinhte@kesat.example" in page.text and "trước ngày 05/12/2026" in page.text
