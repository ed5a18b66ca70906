"""The admin's page of pre-printed Giấy khen blanks in Chromium: a box outside the paper refused beside its
field with what was typed kept, then saved, with its «In thử» link; screenshots on a desktop and a phone."""

from playwright.async_api import expect

from tests.browser.conftest import Site, screenshot


async def test_the_admin_sets_a_blank_and_finds_its_test_page(site: Site):
    admin = await site.logged_in("quantri")
    await admin.goto("/admin/mail")
    await admin.get_by_role("link", name="Phôi Giấy khen").first.click()
    form = admin.locator("form[action='/admin/blanks']")
    await form.get_by_label("Tên loại phôi").fill("Phôi Giấy khen Chủ tịch xã 2026")
    await form.get_by_label("Tên tập thể, cá nhân: Rộng (mm)").fill("290")
    await form.get_by_role("button", name="Lưu loại phôi").click()
    await expect(form.locator(".invalid .field-error")).to_have_text(
        "Ô vượt ra ngoài khổ giấy: lề trái + rộng phải không quá 297 mm."
    )
    await expect(form.get_by_label("Tên tập thể, cá nhân: Rộng (mm)")).to_have_value("290")
    await expect(form.get_by_label("Tên loại phôi")).to_have_value("Phôi Giấy khen Chủ tịch xã 2026")
    await screenshot(admin, "admin-blanks-error")
    await form.get_by_label("Tên tập thể, cá nhân: Rộng (mm)").fill("217")
    await form.get_by_role("button", name="Lưu loại phôi").click()
    await expect(admin.get_by_role("status")).to_contain_text("Đã lưu loại phôi")
    await expect(admin.get_by_role("link", name="In thử phôi Phôi Giấy khen Chủ tịch xã 2026 (PDF)").first).to_be_visible()
    await screenshot(admin, "admin-blanks")
