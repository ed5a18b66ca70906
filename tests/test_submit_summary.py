"""The unit's pages before and at submission (web/pages/dossier_submit.py, web/pages/dossier_story.py): the checks of
the draft read without writing a row, the summary that asks for the confirmation box (checked on the server), the
message said once the step is done, and the recall through the page with its reason required."""

import re

import httpx
from sqlmodel import Session, select

from db import models
from tests.conftest import Service
from tests.dossier_steps import NOMINEES, UNIT_HEAD, attach_all, create, get, minutes, ok, post
from web.pages.deps import LOGIN_CSRF_COOKIE


async def log_in(service: Service, browser: httpx.AsyncClient) -> None:
    await browser.get("/login")
    form = {"username": UNIT_HEAD, "password": f"demo-{UNIT_HEAD}", "csrf_token": browser.cookies[LOGIN_CSRF_COOKIE]}
    assert (await browser.post("/login", data=form)).status_code == 303


def text(response: httpx.Response) -> str:
    return " ".join(response.text.split())


def csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


async def test_the_draft_is_checked_the_summary_asks_to_confirm_and_the_page_recalls(running: Service):
    dossier = await create(running, NOMINEES[:2] + NOMINEES[4:])  # Nguyễn Văn A: no date of birth, not matched
    path = f"/unit/dossiers/{dossier['id']}"
    transport = httpx.ASGITransport(app=running.api._transport.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://thidua.test") as browser:
        await log_in(running, browser)
        # The draft's checks, on the page, before anything is sent; reading them writes nothing.
        page = text(await browser.get(path))
        assert "Kiểm tra trước khi nộp" in page
        assert "«Nguyễn Văn A» chưa đối chiếu được với hồ sơ cá nhân" in page
        assert 'aria-current="step"> <span class="step-name">Biên bản họp bình xét</span>' in page
        with Session(running.engine) as session:
            assert session.exec(select(models.EligibilityCheck).where(
                models.EligibilityCheck.dossier_id == dossier["id"])).all() == []

        ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier['id']}/minutes", json=minutes(dossier)))
        summary = text(await browser.get(f"{path}/submit"))
        assert "Còn thiếu 5/5 tài liệu kế hoạch yêu cầu: chưa nộp được." in summary
        assert "Xác nhận nộp</button>" not in summary
        await attach_all(running, await get(running, dossier["id"], UNIT_HEAD))
        summary = text(await browser.get(f"{path}/submit"))
        assert "Đã đính kèm đủ 5/5 tài liệu kế hoạch yêu cầu." in summary
        assert "Gửi tới</dt><dd>Phòng Văn hóa - Xã hội" in summary and "Hạn nộp</dt><dd>trước ngày" in summary

        # Without the box ticked, the server refuses and shows the summary again; nothing is sent.
        refused = await browser.post(f"{path}/submit", data={"csrf_token": csrf(summary)})
        assert refused.status_code == 422
        assert "Hãy đánh dấu ô này để xác nhận." in refused.text
        assert (await get(running, dossier["id"], UNIT_HEAD))["stage"] == "minutes_recorded"
        sent = await browser.post(f"{path}/submit", data={"csrf_token": csrf(summary), "confirmed": "yes"})
        assert sent.status_code == 303 and sent.headers["location"] == f"{path}?done=submit"
        page = text(await browser.get(sent.headers["location"]))
        assert '<p class="done" role="status">Đã nộp hồ sơ. Hồ sơ đã được gửi tới Phòng Văn hóa - Xã hội' in page
        assert page.count('role="status"') == 1
        assert "done=submit" not in text(await browser.get(path)) and 'class="done"' not in text(await browser.get(path))

        # The recall through the page: a reason is required, beside its field.
        no_reason = await browser.post(f"{path}/recall", data={"csrf_token": csrf(page), "reason": " "})
        assert no_reason.status_code == 422 and "Cần ghi rõ lý do" in no_reason.text
        recalled = await browser.post(f"{path}/recall", data={"csrf_token": csrf(page), "reason": "Sửa tờ trình"})
        assert recalled.status_code == 303 and recalled.headers["location"] == f"{path}?done=recall"
        page = text(await browser.get(recalled.headers["location"]))
        assert "Đã rút lại hồ sơ. Hồ sơ trở về đơn vị để chỉnh sửa và Phòng Văn hóa - Xã hội đã được báo." in page
    assert (await get(running, dossier["id"], UNIT_HEAD))["stage"] == "minutes_recorded"
