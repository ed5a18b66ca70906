"""The admin's pages of units, people, users and the import, and the super-admin's of the issuers, in
Chromium: forms that say why beside the field and keep what was typed, and a screenshot of each page on a
desktop and a phone."""

import io

from openpyxl import Workbook
from playwright.async_api import expect
from sqlmodel import Session, select

from db import models
from tests.browser.conftest import Site, screenshot


async def test_the_admin_adds_and_edits_units_people_and_users(site: Site):
    admin = await site.logged_in("quantri")
    await admin.goto("/admin/units")
    form = admin.locator("form[action='/admin/units']")
    await form.get_by_label("Mã đơn vị").fill("Tổ Nông nghiệp")
    await form.get_by_label("Tên đơn vị").fill("Tổ Nông nghiệp")
    await form.get_by_label("Loại đơn vị").select_option("phong_ban_don_vi")
    await form.get_by_role("button", name="Thêm đơn vị").click()
    await expect(form.locator(".invalid .field-error")).to_contain_text("chữ thường không dấu")
    await expect(form.get_by_label("Tên đơn vị")).to_have_value("Tổ Nông nghiệp")
    await expect(form.get_by_label("Loại đơn vị")).to_have_value("phong_ban_don_vi")
    await screenshot(admin, "admin-units-error")
    await form.get_by_label("Mã đơn vị").fill("to-nong-nghiep")
    await form.get_by_role("button", name="Thêm đơn vị").click()
    await expect(admin.get_by_role("status")).to_have_text("Đã lưu đơn vị.")
    await expect(admin.get_by_role("cell", name="Tổ Nông nghiệp", exact=True)).to_be_visible()
    await screenshot(admin, "admin-units")

    await admin.get_by_role("link", name="Sửa Tổ Nông nghiệp").click()
    await admin.get_by_label("Tên đơn vị").fill("Tổ Nông nghiệp và Môi trường")
    await admin.get_by_role("button", name="Lưu thay đổi").click()
    await expect(admin.get_by_role("cell", name="Tổ Nông nghiệp và Môi trường", exact=True)).to_be_visible()

    await admin.get_by_role("link", name="Cán bộ", exact=True).first.click()
    form = admin.locator("form[action='/admin/people']")
    await form.get_by_label("Họ và tên").fill("Nguyễn Thị Hoa")
    await form.get_by_label("Giới tính").select_option("nam")
    await form.get_by_label("Ngày sinh", exact=True).fill("14/03/1985")  # dd/mm/yyyy, whatever the browser's language
    await form.get_by_label("Số CCCD").fill("001185000123")
    await form.get_by_label("Đơn vị", exact=True).select_option(label="Tổ Nông nghiệp và Môi trường")
    await form.get_by_role("button", name="Thêm cán bộ").click()
    await expect(form.locator(".invalid .field-error")).to_contain_text("không khớp với giới tính")
    await expect(form.get_by_label("Số CCCD")).to_have_attribute("aria-invalid", "true")
    await expect(form.get_by_label("Ngày sinh", exact=True)).to_have_value("14/03/1985")
    await screenshot(admin, "admin-people-error")
    await form.get_by_label("Giới tính").select_option("nu")
    await form.get_by_role("button", name="Thêm cán bộ").click()
    await expect(admin.get_by_role("row").filter(has_text="Nguyễn Thị Hoa")).to_contain_text("14/03/1985")
    await screenshot(admin, "admin-people")

    await admin.get_by_role("link", name="Sửa Nguyễn Thị Hoa").click()
    await admin.get_by_label("Chức vụ", exact=True).fill("Tổ trưởng")
    await admin.get_by_label("Đơn vị, chức vụ tính từ ngày").fill("2025-07-01")
    await admin.get_by_role("button", name="Lưu thay đổi").click()
    await admin.get_by_role("link", name="Sửa Nguyễn Thị Hoa").click()
    await expect(admin.get_by_role("row").filter(has_text="01/07/2025")).to_contain_text("Tổ trưởng")
    await screenshot(admin, "admin-person-edit")

    await admin.goto("/admin/users")
    form = admin.locator("form[action='/admin/users']")
    await form.get_by_label("Tên đăng nhập").fill("nguyen.thi.hoa")
    await form.get_by_label("Họ và tên").fill("Nguyễn Thị Hoa")
    await form.get_by_label("Thư điện tử").fill("hoa@kesat.example")
    await form.get_by_role("button", name="Thêm tài khoản").click()
    await expect(form.locator(".invalid .field-error")).to_have_text("Chọn ít nhất một vai trò.")
    await expect(form.get_by_label("Tên đăng nhập")).to_have_value("nguyen.thi.hoa")
    await form.get_by_label("Cán bộ thẩm định").check()
    await form.get_by_label("Thành viên Hội đồng Thi đua - Khen thưởng").check()
    await form.get_by_role("button", name="Thêm tài khoản").click()
    row = admin.get_by_role("row").filter(has_text="nguyen.thi.hoa")
    await expect(row).to_contain_text("Cán bộ thẩm định, Thành viên Hội đồng")
    await expect(row).to_contain_text("Chưa đặt mật khẩu")
    await screenshot(admin, "admin-users")
    await admin.get_by_role("link", name="Sửa nguyen.thi.hoa").click()
    await screenshot(admin, "admin-user-edit")
    await admin.get_by_role("button", name="Ngừng tài khoản này").click()
    await expect(admin.get_by_role("status")).to_contain_text("Đã ngừng tài khoản")
    with Session(site.service.engine) as session:
        user = session.exec(select(models.User).where(models.User.username == "nguyen.thi.hoa")).one()
        assert user.roles == ["appraiser", "council_member"] and user.active is False


def workbook(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_the_import_page_offers_the_templates_and_reports_each_row(site: Site):
    admin = await site.logged_in("quantri")
    await admin.goto("/admin/import")
    async with admin.expect_download() as download:
        await admin.get_by_role("link", name="Tải tệp mẫu danh sách cán bộ (.xlsx)").click()
    assert (await download.value).suggested_filename == "mau-danh-sach-can-bo.xlsx"
    await screenshot(admin, "admin-import")

    header = ["Họ và tên *", "Giới tính", "Ngày sinh", "Số CCCD", "Chức vụ", "Mã đơn vị", "Phân loại", "Thư điện tử"]
    bad = workbook([header, ["Người Tốt", "Nam", "01/01/1990", "001090000001", None, "phong-kinh-te", None, None],
                    ["Sai Đơn Vị", None, None, None, None, "khong-co", None, None]])
    await admin.get_by_label("Tệp danh sách").set_input_files({"name": "can-bo.xlsx", "mimeType": "application/octet-stream", "buffer": bad})
    await admin.get_by_role("button", name="Gửi tệp").click()
    await expect(admin.get_by_role("alert")).to_contain_text("Chưa ghi dòng nào: 1 dòng không nhận được")
    await expect(admin.get_by_role("row").filter(has_text="Sai Đơn Vị")).to_contain_text("không có đơn vị mã «khong-co»")
    await expect(admin.get_by_role("row").filter(has_text="Người Tốt")).to_contain_text("Sẽ thêm mới")
    await screenshot(admin, "admin-import-refused")

    good = workbook([header, ["Người Tốt", "Nam", "01/01/1990", "001090000001", None, "phong-kinh-te", None, None]])
    await admin.get_by_label("Tệp danh sách").set_input_files({"name": "can-bo.xlsx", "mimeType": "application/octet-stream", "buffer": good})
    await admin.get_by_role("button", name="Gửi tệp").click()
    await expect(admin.get_by_role("status")).to_have_text("Đã ghi xong: 1 dòng thêm mới, 0 dòng cập nhật.")
    await screenshot(admin, "admin-import-written")


async def test_the_super_admin_creates_an_issuer_and_its_first_admin(site: Site):
    boss = await site.logged_in("quantri.hethong")
    await expect(boss.get_by_role("heading", name="Cơ quan ban hành")).to_be_visible()
    form = boss.locator("form[action='/admin/issuers']")
    await form.get_by_label("Mã cơ quan").fill("ke-sat")  # taken
    await form.get_by_label("Địa danh ghi ngày tháng").fill("An Lão")
    await form.get_by_role("textbox", name="Tên cơ quan").fill("Ủy ban nhân dân xã An Lão")
    await form.get_by_label("Loại cơ quan").select_option("xa")
    await form.get_by_role("textbox", name="Cơ quan cấp trên").fill("Ủy ban nhân dân thành phố Hải Phòng")
    await form.get_by_label("Bộ phận tiếp nhận hồ sơ").fill("Phòng Văn hóa - Xã hội")
    await form.get_by_role("button", name="Thêm cơ quan").click()
    await expect(form.locator(".invalid .field-error")).to_have_text("Đã có cơ quan mã «ke-sat»; hãy chọn mã khác.")
    await expect(form.get_by_role("textbox", name="Tên cơ quan")).to_have_value("Ủy ban nhân dân xã An Lão")
    await screenshot(boss, "admin-issuers-error")
    await form.get_by_label("Mã cơ quan").fill("xa-an-lao")
    await form.get_by_role("button", name="Thêm cơ quan").click()
    await expect(boss.get_by_role("heading", name="Sửa cơ quan: Ủy ban nhân dân xã An Lão")).to_be_visible()
    form = boss.locator("form[action$='/admins']")
    await form.get_by_label("Tên đăng nhập").fill("quantri.xa-an-lao")
    await form.get_by_label("Họ và tên").fill("Quản trị xã An Lão")
    await form.get_by_label("Thư điện tử").fill("quantri@anlao.example")
    await form.get_by_role("button", name="Tạo tài khoản quản trị").click()
    await expect(boss.get_by_role("status")).to_contain_text("Đã tạo tài khoản quản trị")
    await screenshot(boss, "admin-issuer-edit")
    await boss.get_by_role("link", name="Quay lại danh sách").click()
    await expect(boss.get_by_role("row").filter(has_text="xa-an-lao")).to_contain_text("quantri.xa-an-lao")
    await screenshot(boss, "admin-issuers")
    admin = await site.logged_in("quantri")
    assert (await admin.goto("/admin/issuers")).status == 403
