"""The pages each role sees: who may open what, forms that keep what was typed after a refusal, the CSRF
check, the queue's overdue mark, the registry, the administrator's pages."""

import re
import uuid
from datetime import timedelta

from playwright.async_api import expect
from sqlmodel import Session, select

from common.settings import ROOT
from db import models
from db.outbox import MailStatus
from mail.outbox import enqueue, mail_key
from tests.browser.conftest import DESKTOP, PHONE, Site, screenshot
from tests.conftest import today
from tests.dossier_steps import NOMINEES, submitted, under_appraisal
from tests.test_delivery import COUNCIL_REMINDER
from web.pages.downloads import pdf_available


async def test_a_page_of_another_role_is_forbidden_and_a_guest_is_sent_to_log_in(site: Site):
    head = await site.logged_in("truongphong.kinhte")
    for path in ("/appraisal", "/council", "/decision", "/admin/users"):
        response = await head.goto(path)
        assert response.status == 403, path
        await expect(head.get_by_role("heading", name="Không có quyền truy cập")).to_be_visible()
    appraiser = await site.logged_in("thamdinh")
    assert (await appraiser.goto("/unit")).status == 403

    guest = await (await site.context()).new_page()
    await guest.goto("/unit")
    await expect(guest).to_have_url(re.compile(r"/login\?next=/unit$"))
    await screenshot(guest, "login-desktop")
    await guest.get_by_label("Tên đăng nhập").fill("truongphong.kinhte")
    await guest.get_by_label("Mật khẩu").fill("demo-truongphong.kinhte")
    await guest.get_by_role("button", name="Đăng nhập").click()
    await expect(guest.get_by_role("heading", name="Hồ sơ của đơn vị")).to_be_visible()
    await guest.get_by_role("button", name="Đăng xuất").click()
    await expect(guest.get_by_role("link", name="Đăng nhập").first).to_be_visible()
    await guest.goto("/unit")
    await expect(guest).to_have_url(re.compile(r"/login"))


async def test_a_form_without_the_sessions_csrf_token_is_refused(site: Site):
    head = await site.logged_in("truongphong.kinhte")
    for token in ("", "not-the-token"):
        response = await head.request.post("/unit/dossiers", form={"campaign_code": site.campaign, "csrf_token": token})
        assert response.status == 403
        assert "Biểu mẫu đã hết hiệu lực" in await response.text()
    with Session(site.service.engine) as session:
        assert session.exec(select(models.Dossier)).first() is None


async def test_a_refused_form_shows_why_beside_the_field_and_keeps_what_was_typed(site: Site):
    login = await (await site.context()).new_page()
    await login.goto("/login")
    await login.get_by_label("Tên đăng nhập").fill("truongphong.kinhte")
    await login.get_by_label("Mật khẩu").fill("sai-mat-khau")
    await login.get_by_role("button", name="Đăng nhập").click()
    await expect(login.get_by_role("alert")).to_have_text("Tên đăng nhập hoặc mật khẩu không đúng.")
    await expect(login.get_by_label("Tên đăng nhập")).to_have_value("truongphong.kinhte")

    head = await site.logged_in("truongphong.kinhte")
    await head.goto("/unit")
    await head.get_by_label("Đợt thi đua").select_option(site.campaign)
    await head.get_by_role("button", name="Lập hồ sơ").click()
    form = head.locator("form[action$='/nominees']")
    for position in ("Chuyên viên", "Chuyên viên chính"):
        await form.get_by_label("Đối tượng").select_option("can_bo_cong_chuc_vien_chuc")
        await form.get_by_label("Tên tập thể hoặc họ và tên").fill("Vũ Quang Huy")
        await form.get_by_label("Chức vụ (cá nhân)").fill(position)
        await form.get_by_label("Ngày sinh (cá nhân)").fill("30/01/1993")  # dd/mm/yyyy, whatever the browser's language
        await form.get_by_role("button", name="Thêm").click()
    await expect(form.get_by_role("alert")).to_have_text("«Vũ Quang Huy» đã có trong hồ sơ.")
    await expect(form.locator(".invalid .field-error")).to_have_text("«Vũ Quang Huy» đã có trong hồ sơ.")
    await expect(form.get_by_label("Tên tập thể hoặc họ và tên")).to_have_attribute("aria-invalid", "true")
    await expect(form.get_by_label("Đối tượng")).to_have_value("can_bo_cong_chuc_vien_chuc")
    await expect(form.get_by_label("Chức vụ (cá nhân)")).to_have_value("Chuyên viên chính")
    await expect(form.get_by_label("Ngày sinh (cá nhân)")).to_have_value("30/01/1993")
    await screenshot(head, "form-error-desktop")
    await head.set_viewport_size(PHONE)
    await screenshot(head, "form-error-phone")


async def test_the_queue_marks_a_dossier_past_its_appraisal_due_date(site: Site):
    late = await submitted(site.service, NOMINEES[:2])
    await submitted(site.service, NOMINEES[2:3])
    with Session(site.service.engine) as session:  # received long ago
        for entry in session.exec(select(models.HistoryEntry).where(models.HistoryEntry.dossier_id == late["id"])):
            entry.at -= timedelta(days=60)
            session.add(entry)
        session.commit()
    appraiser = await site.logged_in("thamdinh")
    await appraiser.goto("/appraisal")
    rows = appraiser.locator("tbody tr").filter(has=appraiser.locator("a[href^='/appraisal/dossiers/']"))  # not the units not submitted
    await expect(rows).to_have_count(2)
    overdue = rows.filter(has=appraiser.locator(f"a[href='/appraisal/dossiers/{late['id']}']"))
    await expect(overdue.get_by_text("Quá hạn")).to_be_visible()
    await expect(rows.filter(has_not=appraiser.locator(f"a[href$='{late['id']}']")).get_by_text("Quá hạn")).to_have_count(0)
    await screenshot(appraiser, "appraisal-queue-overdue-desktop")
    await appraiser.set_viewport_size(PHONE)
    await screenshot(appraiser, "appraisal-queue-phone")


async def test_the_appraiser_registers_a_record(site: Site):
    appraiser = await site.logged_in("thamdinh")
    await appraiser.get_by_role("link", name="Sổ theo dõi").click()
    form = appraiser.locator("form[action='/appraisal/records']")
    await form.get_by_label("Loại", exact=True).select_option("discipline")
    await form.get_by_label("Họ và tên, hoặc tên đơn vị").fill("Vũ Quang Huy")
    await form.get_by_label("Ngày sinh").fill("1993-01-30")
    await form.get_by_role("button", name="Ghi vào sổ").click()
    await expect(form.get_by_role("alert")).to_contain_text("cần hình thức kỷ luật")
    await expect(form.get_by_label("Họ và tên, hoặc tên đơn vị")).to_have_value("Vũ Quang Huy")

    await form.get_by_label("Loại", exact=True).select_option("complaint")
    await form.get_by_label("Trạng thái").select_option("open")
    await form.get_by_label("Ngày phát sinh").fill((today() - timedelta(days=3)).isoformat())
    await form.get_by_role("button", name="Ghi vào sổ").click()
    row = appraiser.locator("tbody tr").first
    await expect(row).to_contain_text("Vũ Quang Huy")
    await expect(row).to_contain_text("Đã xác định")
    await screenshot(appraiser, "records-desktop")


async def test_the_administrator_loads_a_plan_and_sees_its_problems(site: Site):
    admin = await site.logged_in("quantri")
    await admin.goto("/admin/campaigns")
    # Hồng Vân's plan under Kẻ Sặt, the admin's own issuer.
    text = (ROOT / "campaigns" / "hong-van-2025.yaml").read_text(encoding="utf-8").replace("issuer: hong-van", "issuer: ke-sat")
    broken = text.replace("code: hong-van-2025", "code: Hồng Vân")
    form = admin.locator("form[action='/admin/campaigns']")
    await form.get_by_label("Tệp kế hoạch").set_input_files(
        {"name": "hong-van-loi.yaml", "mimeType": "application/x-yaml", "buffer": broken.encode()}
    )
    await form.get_by_role("button", name="Nạp kế hoạch").click()
    await expect(form.get_by_role("alert")).to_contain_text("Tệp kế hoạch hong-van-loi.yaml không hợp lệ, chưa nạp gì")
    problems = form.get_by_role("list", name="Lỗi của tệp")
    await expect(problems).to_contain_text(
        "emulation.code: «Hồng Vân» không đúng quy định: chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (-)."
    )
    await expect(problems).not_to_contain_text("String should match pattern")
    await screenshot(admin, "admin-campaigns-error-desktop")

    code = f"hong-van-{uuid.uuid4().hex[:6]}"  # workflow ids are shared on the test server
    await form.get_by_label("Tệp kế hoạch").set_input_files(
        {"name": "hong-van.yaml", "mimeType": "application/x-yaml", "buffer": text.replace("code: hong-van-2025", f"code: {code}").encode()}
    )
    await form.get_by_role("button", name="Nạp kế hoạch").click()
    await expect(admin.get_by_role("row").filter(has_text=code)).to_contain_text("Đang nhận hồ sơ")

    await admin.get_by_role("link", name="Đơn vị, cán bộ, tài khoản").click()
    await expect(admin.get_by_role("cell", name="Phòng Kinh tế", exact=True)).to_be_visible()
    await admin.get_by_role("link", name="Tài khoản người dùng").click()
    await expect(admin.get_by_role("row").filter(has_text="thamdinh")).to_contain_text("Cán bộ thẩm định")
    await expect(admin.get_by_role("link", name="Thư đã gửi (máy phát triển)")).to_be_visible()
    await admin.set_viewport_size(PHONE)
    await screenshot(admin, "admin-users-phone")

    # A mail whose address the server refused for good stands out on the outbox page.
    with Session(site.service.engine) as session:
        # A reminder of the site's campaign: the admin of its issuer sees it.
        key = mail_key(f"reminder/{site.campaign}/test-refused", "khong.co@kesat.example")
        mail = enqueue(session, key, "reminder_council_session",
                       "khong.co@kesat.example", COUNCIL_REMINDER)
        mail.status, mail.attempts, mail.last_error = MailStatus.refused, 1, "SMTPRecipientsRefused: 550 5.1.1 Mailbox unavailable"
        session.commit()
    await admin.set_viewport_size(DESKTOP)
    await admin.get_by_role("link", name="Thư đi").click()
    await admin.get_by_role("link", name="Bị từ chối").click()
    row = admin.get_by_role("row").filter(has_text="khong.co@kesat.example")
    await expect(row).to_contain_text("Bị từ chối")
    await expect(row).to_contain_text("550 5.1.1 Mailbox unavailable")
    await screenshot(admin, "admin-mail-refused-desktop")


async def test_the_appraiser_asks_for_a_supplement_and_the_unit_head_makes_it(site: Site):
    dossier = await under_appraisal(site.service, NOMINEES[:2])
    appraiser = await site.logged_in("thamdinh")
    await appraiser.goto(f"/appraisal/dossiers/{dossier['id']}")
    form = appraiser.locator("form[action$='/supplement-request']")
    await form.get_by_role("button", name="Gửi yêu cầu bổ sung").click()
    await expect(form.get_by_role("alert")).to_have_text("Cần liệt kê nội dung phải bổ sung.")
    await form.get_by_label("Nội dung cần bổ sung").fill("Báo cáo thành tích có xác nhận của thủ trưởng\nBản sao quyết định")
    await form.get_by_role("button", name="Gửi yêu cầu bổ sung").click()
    await expect(appraiser.locator(".facts .stage")).to_have_text("Chờ bổ sung")

    head = await site.logged_in("truongphong.kinhte")
    await head.get_by_role("link", name=dossier["title"]).click()
    notice = head.locator("section.notice")
    await expect(notice).to_contain_text("Báo cáo thành tích có xác nhận của thủ trưởng")
    await expect(notice.get_by_role("heading")).to_have_text(re.compile(r"Yêu cầu bổ sung, hạn \d{2}/\d{2}/\d{4}"))
    documents = head.locator("form[action$='/documents']")
    await documents.get_by_label("Loại tài liệu").select_option("bao_cao_thanh_tich")
    await documents.get_by_label("Tài liệu của").select_option(label=NOMINEES[1]["name"])
    await documents.get_by_label("Tệp").set_input_files(
        {"name": "bao-cao-bo-sung.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 bo sung"}
    )
    await documents.get_by_role("button", name="Đính kèm").click()
    await expect(head.get_by_role("cell", name="bao-cao-bo-sung.pdf")).to_be_visible()
    await head.get_by_label("Ghi chú khi bổ sung").fill("Đã bổ sung báo cáo có xác nhận")
    await head.get_by_role("button", name="Gửi bổ sung").click()
    await expect(head.locator(".facts .stage")).to_have_text("Đang thẩm định")


async def test_dossier_documents_download_with_the_login_and_only_for_the_dossiers_unit(site: Site):
    dossier = await submitted(site.service, NOMINEES[:2])
    appraiser = await site.logged_in("thamdinh")
    await appraiser.goto(f"/appraisal/dossiers/{dossier['id']}")
    documents = appraiser.locator("ul.downloads")
    await expect(documents.get_by_role("link", name="Biên bản họp bình xét", exact=True)).to_be_visible()
    async with appraiser.expect_download() as info:
        await documents.get_by_role("link", name=f"Dự thảo báo cáo thành tích — {NOMINEES[1]['name']}", exact=True).click()
    assert (await info.value).suggested_filename == f"Báo cáo thành tích - {NOMINEES[1]['name']}.docx"
    if pdf_available():
        await expect(documents.get_by_role("link", name=re.compile(r"\(PDF\)$"))).to_have_count(4)
    else:  # a note, not a link that would fail
        await expect(appraiser.get_by_text("máy chủ chưa cài LibreOffice")).to_be_visible()
        await expect(documents.get_by_role("link", name=re.compile("PDF"))).to_have_count(0)
    await screenshot(appraiser, "appraisal-dossier-documents-desktop")

    # Another unit's head gets the refusal page, for the file as for the dossier's page.
    other = await site.logged_in("chanhvanphong")
    for path in ("proposal", "minutes", f"achievement-reports/{dossier['nominees'][0]['key']}"):
        response = await other.goto(f"/downloads/dossiers/{dossier['id']}/{path}")
        assert response.status == 403, path
        await expect(other.get_by_role("heading", name="Không có quyền truy cập")).to_be_visible()
        await expect(other.get_by_role("alert")).to_contain_text("Việc này thuộc đơn vị khác")
    assert (await other.goto(f"/unit/dossiers/{dossier['id']}")).status == 403
    assert (await other.goto(f"/downloads/campaigns/{site.campaign}/lists.xlsx")).status == 403
    guest = await (await site.context()).new_page()
    await guest.goto(f"/downloads/dossiers/{dossier['id']}/proposal")
    await expect(guest).to_have_url(re.compile(r"/login\?next="))
