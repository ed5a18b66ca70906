"""The unit head imports nominees from Excel through the pages: from the draft dossier's link, the template
saved, filled in, sent with a bad row (the report, nothing added), then corrected and sent again."""

import io

import openpyxl
from playwright.async_api import expect

from tests.browser.conftest import PHONE, Site, screenshot
from tests.dossier_steps import NOMINEES, create, get
from tests.test_nominee_import import DUC, INDIVIDUAL, NHUNG, row


def filled(template: bytes, rows: list[list]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(template))
    for number, cells in enumerate(rows, start=3):
        for column, value in enumerate(cells, start=1):
            book.worksheets[0].cell(row=number, column=column, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_the_unit_imports_its_nominees_with_good_and_bad_rows(site: Site, tmp_path):
    dossier = await create(site.service, NOMINEES[:1])
    head = await site.logged_in("truongphong.kinhte")
    await head.goto(f"/unit/dossiers/{dossier['id']}")
    await head.get_by_role("link", name="Nhập danh sách đề nghị từ tệp Excel").click()
    await expect(head.get_by_role("heading", name="Nhập danh sách đề nghị từ tệp Excel")).to_be_visible()
    await screenshot(head, "nominee-import-desktop")

    async with head.expect_download() as info:
        await head.get_by_role("link", name="Tải tệp mẫu danh sách đề nghị").click()
    saved = await info.value
    assert saved.suggested_filename == f"mau-danh-sach-de-nghi-{site.campaign}.xlsx"
    template = open(await saved.path(), "rb").read()

    bad = tmp_path / "danh-sach-sai.xlsx"
    bad.write_bytes(filled(template, [DUC, row(stt=2, name="Vũ Quang Huy", birth_date="31/02/1993", kind=INDIVIDUAL)]))
    await head.get_by_label("Tệp danh sách").set_input_files(bad)
    await head.get_by_role("button", name="Gửi tệp").click()
    await expect(head.get_by_role("alert")).to_contain_text("Chưa thêm dòng nào: 1 dòng không nhận được")
    refused = head.locator("tr.refused")
    await expect(refused).to_have_count(1)
    await expect(refused).to_contain_text("Ngày sinh «31/02/1993» không phải ngày hợp lệ (dd/mm/yyyy)")
    await screenshot(head, "nominee-import-report-refused-desktop")
    assert [n["name"] for n in (await get(site.service, dossier["id"]))["nominees"]] == ["Phòng Kinh tế"]

    good = tmp_path / "danh-sach.xlsx"
    good.write_bytes(filled(template, [DUC, NHUNG]))
    await head.get_by_label("Tệp danh sách").set_input_files(good)
    await head.get_by_role("button", name="Gửi tệp").click()
    await expect(head.get_by_role("status")).to_contain_text("Đã thêm 2 tập thể, cá nhân vào hồ sơ")
    await screenshot(head, "nominee-import-report-added-desktop")
    await head.get_by_role("link", name="Về hồ sơ để xem danh sách").click()
    await expect(head.locator("td[data-label='Tên']").get_by_text("Phạm Thị Hồng Nhung")).to_be_visible()

    phone = await site.logged_in("truongphong.kinhte", PHONE)
    await phone.goto(f"/unit/dossiers/{dossier['id']}/nominees/import")
    await screenshot(phone, "nominee-import-phone")
    await phone.get_by_label("Tệp danh sách").set_input_files(bad)
    await phone.get_by_role("button", name="Gửi tệp").click()
    await expect(phone.locator("tr.refused")).to_have_count(1)
    await screenshot(phone, "nominee-import-report-refused-phone")
