"""The office raises a one-off award (khen thưởng đột xuất) on its page from the menu, is refused a day in the
future beside its field, then sees it listed; the proposing unit's head finds it in their tasks; the office lodges
its dossier itself, in the unit's name, and adds a nominee on the unit's page of it. Screenshots on a desktop."""

from playwright.async_api import expect

from tests.browser.conftest import Site, screenshot
from tests.conftest import today


async def test_the_office_raises_a_one_off_award_and_the_unit_finds_it_in_its_tasks(site: Site):
    office = await site.logged_in("thamdinh")
    await office.goto("/tasks")
    await office.get_by_role("link", name="Khen thưởng đột xuất").first.click()
    await expect(office.get_by_role("heading", name="Khen thưởng đột xuất", exact=True)).to_be_visible()
    await office.get_by_label("Hình thức khen thưởng").select_option(label="Giấy khen của Chủ tịch UBND xã")
    await office.get_by_label("Đơn vị đề nghị (hồ sơ đứng tên đơn vị này)").select_option(label="Phòng Kinh tế")
    await office.get_by_label("Tên thành tích (ngắn gọn)").fill("Cứu người trong lũ ở thôn Đông")
    await office.get_by_label("Thành tích, như quyết định sẽ ghi").fill("dũng cảm cứu 02 người bị nước lũ cuốn trôi")
    await office.get_by_label("Ngày lập thành tích").fill("01/01/2100")
    await office.get_by_role("button", name="Mở đề nghị khen thưởng đột xuất").click()
    await expect(office.get_by_text("Ngày lập thành tích không được sau hôm nay.").first).to_be_visible()
    await screenshot(office, "one-off-refused-desktop")

    await office.get_by_label("Ngày lập thành tích").fill(today().strftime("%d/%m/%Y"))
    await office.get_by_role("button", name="Mở đề nghị khen thưởng đột xuất").click()
    await expect(office.get_by_role("status")).to_contain_text("Đã mở đề nghị khen thưởng đột xuất")
    row = office.locator("tbody tr").first
    await expect(row.locator("td[data-label='Thành tích']")).to_have_text("Khen thưởng đột xuất: Cứu người trong lũ ở thôn Đông")
    await expect(row.locator("td[data-label='Đơn vị đề nghị']")).to_have_text("Phòng Kinh tế")
    await screenshot(office, "one-off-raised-desktop")

    unit = await site.logged_in("truongphong.kinhte")
    await unit.goto("/tasks")
    await expect(unit.get_by_text("Chưa lập hồ sơ: Khen thưởng đột xuất: Cứu người trong lũ ở thôn Đông")).to_be_visible()
    await screenshot(unit, "one-off-unit-tasks-desktop")

    await office.get_by_role("button", name="Lập hồ sơ thay đơn vị").click()
    await expect(office.get_by_role("heading", name="Hồ sơ đề nghị khen thưởng của Phòng Kinh tế")).to_be_visible()
    await office.get_by_label("Đối tượng").select_option(label="Cá nhân (cá nhân)")
    await office.get_by_label("Tên tập thể hoặc họ và tên").fill("Phạm Thị Hồng Nhung")
    await office.get_by_role("button", name="Thêm", exact=True).click()
    await expect(office.locator("#nominees tbody")).to_contain_text("Phạm Thị Hồng Nhung")
    await screenshot(office, "one-off-office-lodges-desktop")
    await office.get_by_role("link", name="← Khen thưởng đột xuất").click()
    await expect(office.locator("tbody tr").first.locator("td[data-label='Hồ sơ']")).to_have_text("Đang lập hồ sơ")
