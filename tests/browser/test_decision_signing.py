"""The Chairman signs the decision in Chromium with the office's number and date: the next free number of the
issuer's series proposed, a number another document holds refused beside the field with the next free one, the
date written dd/mm/yyyy."""

import asyncio

from playwright.async_api import expect
from sqlmodel import Session

from db.award_codes import codes_of
from documents.pdf import to_pdf
from tests.browser.conftest import Site, screenshot
from tests.conftest import today
from tests.signing_certs import signing_kit
from tests.test_documents import generated
from tests.test_office_numbers import another_document_holds, decided
from tests.test_signed_decision_upload import OFFICE_HEAD, signed_by, trusting

DESKTOP = {"width": 1366, "height": 900}


async def test_the_chairman_signs_with_the_registers_number_and_date(site: Site):
    service, code = site.service, site.campaign
    await decided(service)
    another_document_holds(service, 1)  # the register's first decision of the year is another one

    chairman = await site.logged_in("chutich", DESKTOP)
    await chairman.goto(f"/decision/{code}")
    signing = chairman.locator("form[action$='/sign']")
    number = signing.get_by_label("Số quyết định (QĐ-UBND)")
    await expect(number).to_have_value("2")
    await expect(signing).to_contain_text("Số tiếp theo còn trống: 2/QĐ-UBND.")
    signed_on = signing.get_by_label("Ngày ký")
    await expect(signed_on).to_have_value(today().strftime("%d/%m/%Y"))
    await screenshot(chairman, "decision-sign-form-desktop")

    # The register's number is one another document holds: refused beside the field, nothing signed.
    await number.fill("1")
    await signing.get_by_role("checkbox").check()
    await chairman.get_by_role("button", name="Ký quyết định").click()
    field = chairman.locator("form[action$='/sign'] .field.invalid")
    await expect(field).to_contain_text("Số 1 đã dùng cho một văn bản khác")
    await expect(field).to_contain_text("số tiếp theo còn trống là 2")
    await expect(chairman.locator("form[action$='/sign'] input[name=number]")).to_have_value("1")  # as typed
    await expect(chairman.locator(".facts dd").first).to_have_text("(cấp số khi ký)")
    await screenshot(chairman, "decision-sign-number-taken-desktop")

    # A date that is no day is refused beside its field.
    signing = chairman.locator("form[action$='/sign']")
    await signing.get_by_label("Số quyết định (QĐ-UBND)").fill("7")
    await signing.get_by_label("Ngày ký").fill("31/02/" + str(today().year))
    await signing.get_by_role("checkbox").check()
    await chairman.get_by_role("button", name="Ký quyết định").click()
    await expect(chairman.locator("form[action$='/sign'] .field.invalid")).to_contain_text("Ngày không hợp lệ")

    # The register's number 7 and today's date, dd/mm/yyyy: signed so.
    signing = chairman.locator("form[action$='/sign']")
    await signing.get_by_label("Số quyết định (QĐ-UBND)").fill("7")
    await signing.get_by_label("Ngày ký").fill(today().strftime("%d/%m/%Y"))
    await signing.get_by_role("checkbox").check()
    await chairman.get_by_role("button", name="Ký quyết định").click()
    facts = chairman.locator(".facts")
    for _ in range(15):  # the signing's last checks may outlast the page's wait on a busy machine
        try:
            await expect(facts).to_contain_text("07/QĐ-UBND", timeout=2000)
            break
        except AssertionError:
            await chairman.goto(f"/decision/{code}")
    await expect(facts).to_contain_text("07/QĐ-UBND")
    await expect(facts).to_contain_text(today().strftime("%d/%m/%Y"))
    await expect(chairman.locator("form[action$='/sign']")).to_have_count(0)
    await screenshot(chairman, "decision-signed-with-number-desktop")


async def test_the_office_files_the_decision_signed_in_the_e_office(site: Site, tmp_path):
    """An unsigned PDF is refused beside the file field with nothing changed; the signed one is recorded, and the
    decision's page and the public verification page show whose signature it bears, when, and that it is intact."""
    service, code = site.service, site.campaign
    await decided(service)
    kit = signing_kit()
    trusting(service, kit, tmp_path)
    pdf = await asyncio.to_thread(to_pdf, generated("decision"))  # "Số: 05/QĐ-UBND", "ngày 05 tháng 02 năm 2026"
    (tmp_path / "chua-ky.pdf").write_bytes(pdf)
    (tmp_path / "da-ky.pdf").write_bytes(await signed_by(kit, pdf))

    office = await site.logged_in(OFFICE_HEAD, DESKTOP)  # the office finds the decision in its menu
    await office.get_by_role("navigation", name="Trang").get_by_role("link", name="Quyết định khen thưởng").click()
    await office.locator(f"a[href='/decision/{code}']").click()
    await expect(office.get_by_role("heading", name="Nộp quyết định đã ký số trên hệ thống quản lý văn bản")).to_be_visible()
    filing = office.locator("form[action$='/signed-pdf']")
    await filing.get_by_label("Tệp quyết định đã ký số (PDF)").set_input_files(tmp_path / "chua-ky.pdf")
    await filing.get_by_role("checkbox").check()
    await office.get_by_role("button", name="Nộp quyết định đã ký số").click()
    field = office.locator("form[action$='/signed-pdf'] .field.invalid")
    await expect(field).to_contain_text("Tệp PDF không có chữ ký số nào")
    await expect(office.locator(".facts dd").first).to_have_text("(cấp số khi ký)")
    await screenshot(office, "decision-signed-pdf-refused-desktop")

    filing = office.locator("form[action$='/signed-pdf']")
    await filing.get_by_label("Tệp quyết định đã ký số (PDF)").set_input_files(tmp_path / "da-ky.pdf")
    await filing.get_by_role("checkbox").check()
    await office.get_by_role("button", name="Nộp quyết định đã ký số").click()
    facts = office.locator(".facts").first
    for _ in range(15):  # the signing's last checks may outlast the page's wait on a busy machine
        try:
            await expect(facts).to_contain_text("05/QĐ-UBND", timeout=2000)
            break
        except AssertionError:
            await office.goto(f"/decision/{code}")
    await expect(facts).to_contain_text("05/02/2026")
    signatures = office.get_by_role("region", name="Chữ ký số trên quyết định")
    await expect(signatures).to_contain_text("Phạm Thị Thu Hiền, UBND xã Kẻ Sặt")
    await expect(signatures).to_contain_text("Ban Cơ yếu Chính phủ (chứng thư thử)")
    await expect(signatures).to_contain_text("giờ Việt Nam")
    await expect(signatures).to_contain_text("UTC")
    await expect(signatures).to_contain_text("Hợp lệ: tệp còn nguyên vẹn")
    await expect(office.get_by_text("Tệp quyết định nguyên vẹn")).to_be_visible()
    signed_link = office.get_by_role("link", name="Quyết định khen thưởng số 05/QĐ-UBND (bản đã ký số, PDF)")
    await expect(signed_link).to_have_attribute("href", f"/downloads/campaigns/{code}/decision")
    await screenshot(office, "decision-signed-pdf-filed-desktop")

    with Session(service.engine) as session:
        award = next(iter(codes_of(session, code).values()))
    public = await (await site.context(DESKTOP)).new_page()
    await public.goto(f"/verify/{award}")
    shown = public.get_by_role("region", name="Chữ ký số trên quyết định")
    await expect(shown).to_contain_text("Phạm Thị Thu Hiền, UBND xã Kẻ Sặt")
    await expect(shown).to_contain_text("Hợp lệ")
    await screenshot(public, "verify-signed-pdf-desktop")
