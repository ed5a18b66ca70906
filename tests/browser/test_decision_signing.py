"""The Chairman signs the decision in Chromium with the office's number and date: the next free number of the
issuer's series proposed, a number another document holds refused beside the field with the next free one, the
date written dd/mm/yyyy."""

from playwright.async_api import expect

from tests.browser.conftest import Site, screenshot
from tests.conftest import today
from tests.test_office_numbers import another_document_holds, decided

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
