"""The office reads the register through the pages: after a campaign is signed, the register from the menu, a
search without diacritics, the person's Quá trình khen thưởng; an award made elsewhere recorded in the form
joins it; the sổ vàng. Screenshots on a desktop and a phone."""

from playwright.async_api import expect

from tests.browser.conftest import PHONE, Site, screenshot
from tests.test_award_verification import signed_campaign


async def test_the_office_reads_a_person_s_history_and_records_an_award_from_elsewhere(site: Site):
    await signed_campaign(site.service)
    office = await site.logged_in("thamdinh")
    await office.goto("/tasks")
    await office.get_by_role("link", name="Sổ khen thưởng").click()
    await office.get_by_label("Tìm theo họ tên").fill("hong nhung")
    await office.get_by_role("button", name="Tìm").click()
    await expect(office.locator("p.count")).to_contain_text("Hiển thị 1–1 trên 1")
    await screenshot(office, "register-search-desktop")

    await office.get_by_role("link", name="Phạm Thị Hồng Nhung").click()
    await expect(office.get_by_role("heading", name="Quá trình khen thưởng")).to_be_visible()
    await expect(office.locator("td[data-label='Số sổ vàng']")).to_have_text(["02"])

    await office.get_by_role("link", name="Ghi khen thưởng đã có").click()
    await office.get_by_label("Cá nhân trong danh sách cán bộ").select_option(label="Phạm Thị Hồng Nhung")
    await office.get_by_label("Danh hiệu thi đua / hình thức khen thưởng").fill("Bằng khen của Chủ tịch UBND tỉnh")
    await office.get_by_label("Số quyết định").fill("1520/QĐ-UBND")
    await office.get_by_label("Ngày quyết định").fill("20/12/2024")
    await office.get_by_label("Cơ quan ban hành quyết định").fill("Ủy ban nhân dân tỉnh Hải Dương")
    await office.get_by_label("Thành tích được khen").fill("Hoàn thành xuất sắc nhiệm vụ năm 2024")
    await screenshot(office, "register-new-desktop")
    await office.get_by_role("button", name="Ghi vào sổ khen thưởng").click()
    await expect(office.get_by_role("status")).to_contain_text("Đã ghi khen thưởng vào sổ")

    await office.get_by_role("link", name="Phạm Thị Hồng Nhung").first.click()
    rows = office.locator("td[data-label='Danh hiệu, hình thức khen thưởng']")
    await expect(rows).to_have_count(2)
    await expect(rows.first).to_contain_text("Bằng khen của Chủ tịch UBND tỉnh")  # 2024, before the campaign's
    await screenshot(office, "register-history-desktop")
    history = office.url

    await office.get_by_role("link", name="Sổ vàng").click()
    await expect(office.locator("td[data-label='Số sổ vàng']")).to_have_text(["01", "02"])
    await screenshot(office, "register-book-desktop")

    phone = await site.logged_in("thamdinh", PHONE)
    await phone.goto(history)
    await screenshot(phone, "register-history-phone")
