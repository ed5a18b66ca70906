"""The registration pages (đăng ký thi đua) in a browser: the unit head sees the unit has not registered, by when,
and registers from the home page's link; the office sees who has and has not registered and enters a paper
registration received."""

from datetime import timedelta

from playwright.async_api import expect

from tests.browser.conftest import PHONE, Site, screenshot
from tests.conftest import today
from tests.test_registration import registration_plan, unit_id


async def test_the_unit_registers_and_the_office_enters_a_paper_registration(site: Site):
    before = today() + timedelta(days=10)
    plan = await registration_plan(site.service, "required", before=before)

    head = await site.logged_in("truongphong.kinhte")
    await head.goto("/unit")
    section = head.locator("section", has=head.get_by_role("heading", name="Đăng ký thi đua"))
    await expect(section).to_contain_text(f"chưa đăng ký (bắt buộc để được đề nghị khen thưởng), hạn trước ngày {before:%d/%m/%Y}")
    await section.get_by_role("link", name="Đăng ký thi đua").click()
    await expect(head.get_by_text("Đơn vị chưa đăng ký thi đua.")).to_be_visible()
    await expect(head.get_by_text("(còn 10 ngày)")).to_be_visible()
    form = head.locator(f"form[action='/unit/registration/{plan.code}']")
    await form.get_by_role("button", name="Đăng ký").click()  # no target pledged: refused, said beside the form
    await expect(form.get_by_role("alert")).to_contain_text("cần ít nhất một chỉ tiêu")
    await form.get_by_label("Chỉ tiêu, danh hiệu đăng ký").fill("Hoàn thành xuất sắc nhiệm vụ\nTập thể lao động tiên tiến")
    await form.get_by_role("button", name="Đăng ký").click()
    await expect(head.get_by_text("Đơn vị đã đăng ký thi đua.")).to_be_visible()
    await expect(head.locator("tbody tr").first).to_contain_text("Tập thể lao động tiên tiến")
    await screenshot(head, "registration-unit-desktop")

    office = await site.logged_in("thamdinh", PHONE)
    await office.goto("/appraisal")
    await office.get_by_role("link", name=plan.plan.title).click()
    await expect(office.get_by_text("1/5 đơn vị đã đăng ký")).to_be_visible()
    await expect(office.get_by_role("heading", name="Chưa đăng ký (4)")).to_be_visible()
    # The button beside a unit not registered opens the form with that unit chosen.
    await office.get_by_role("listitem").filter(has_text="Văn phòng HĐND và UBND xã").get_by_role("link").click()
    paper = office.locator(f"form[action='/appraisal/registration/{plan.code}/paper']")
    await expect(paper.get_by_label("Đơn vị")).to_have_value(str(unit_id(site.service, "vp-hdnd-ubnd")))
    await paper.get_by_label("Ngày nhận").fill(today().isoformat())
    await paper.get_by_label("Chỉ tiêu, danh hiệu đăng ký").fill("Tập thể lao động tiên tiến")
    await paper.get_by_role("button", name="Nhập bản đăng ký").click()
    await expect(office.get_by_text("2/5 đơn vị đã đăng ký")).to_be_visible()
    await expect(office.get_by_text("(bản giấy, ngày nhận)")).to_be_visible()
    await screenshot(office, "registration-office-phone")
