"""The unit head corrects a dossier through the pages: a nominee edited (with the achievement summary) and
another removed, the minutes seen as a summary and corrected with "Sửa biên bản", a file replaced, a "Tài
liệu khác" attached; desktop and phone screenshots of the nominees, the minutes and the documents."""

from playwright.async_api import expect

from tests.browser.conftest import Site, screenshot
from tests.dossier_steps import NOMINEES, UNIT_HEAD, attach, create, minutes, ok, pdf, post

PHONE = {"width": 390, "height": 844}
SUMMARY = "Hoàn thành xuất sắc nhiệm vụ năm 2025.\nChủ trì 02 sáng kiến cải cách hành chính."


def file(name: str, text: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": pdf(text)}


async def test_the_unit_head_edits_a_nominee_and_replaces_a_file_through_the_pages(site: Site):
    service = site.service
    dossier = await create(service, NOMINEES[:3])
    dossier_id = dossier["id"]
    ok(await post(service, UNIT_HEAD, f"/api/dossiers/{dossier_id}/minutes", json=minutes(dossier)))
    ok(await attach(service, dossier_id, "to_trinh", text="To trinh ban nham"))

    head = await site.logged_in(UNIT_HEAD)
    await head.goto(f"/unit/dossiers/{dossier_id}")
    nominees = head.locator("#nominees")
    await expect(nominees.get_by_text("Chưa có (tờ trình in «…»)").first).to_be_visible()

    # A nominee's page: the position corrected and the achievement summary written; the minutes stand.
    await nominees.get_by_role("link", name="Sửa, xóa N2").click()
    await expect(head.get_by_role("heading", name="Lê Minh Đức", level=1)).to_be_visible()
    await expect(head.get_by_text("biên bản giữ nguyên")).to_be_visible()
    await screenshot(head, "unit-nominee-edit-desktop")
    await head.get_by_label("Chức vụ").fill("Phó Trưởng phòng")
    await head.get_by_label("Tóm tắt thành tích").fill(SUMMARY)
    await head.get_by_role("button", name="Lưu").click()
    await expect(head).to_have_url(f"{site.url}/unit/dossiers/{dossier_id}?done=nominee_edit#nominees")
    await expect(head.get_by_role("status")).to_have_text("Đã lưu thông tin người được đề nghị.")
    row = nominees.get_by_role("row").filter(has_text="Lê Minh Đức")
    await expect(row).to_contain_text("Phó Trưởng phòng")
    await expect(row).to_contain_text("Chủ trì 02 sáng kiến cải cách hành chính.")
    await expect(head.locator("dd").get_by_text("Đã có biên bản họp bình xét")).to_be_visible()

    # Another one removed, once the box that says what goes with it is ticked.
    await nominees.get_by_role("link", name="Sửa, xóa N3").click()
    await head.get_by_role("button", name="Xóa khỏi hồ sơ").click()  # not ticked: the browser asks first
    await expect(head.get_by_role("heading", name="Phạm Thị Hồng Nhung", level=1)).to_be_visible()
    await head.get_by_label("Biên bản họp giữ nguyên", exact=False).check()
    await head.get_by_role("button", name="Xóa khỏi hồ sơ").click()
    await expect(nominees.get_by_role("row").filter(has_text="Phạm Thị Hồng Nhung")).to_have_count(0)

    # The minutes as a summary; "Sửa biên bản" opens the form with what was recorded.
    record = head.locator("#minutes")
    await expect(record.get_by_text("đủ số lượng")).to_be_visible()
    await expect(record.get_by_role("row").filter(has_text="Lê Minh Đức")).to_contain_text("7/8")
    await record.get_by_text("Sửa biên bản").click()
    await expect(record.get_by_label("Số thành viên")).to_have_value("9")
    await record.get_by_label("Lê Minh Đức").fill("6")
    await record.get_by_role("button", name="Lưu biên bản đã sửa").click()
    await expect(record.get_by_role("row").filter(has_text="Lê Minh Đức")).to_contain_text("6/8")

    # A file attached by mistake, replaced from its own page; the old one listed apart, still there.
    documents = head.locator("#documents")
    await documents.get_by_role("row").filter(has_text="to_trinh-hs.pdf").get_by_role("link", name="Thay, gỡ").click()
    await screenshot(head, "unit-document-edit-desktop")
    await head.set_input_files("#replace-file", files=[file("to-trinh-dung.pdf", "To trinh ban dung")])
    await head.get_by_role("button", name="Thay tệp").click()
    await expect(documents.get_by_role("link", name="to-trinh-dung.pdf", exact=True)).to_be_visible()
    await documents.get_by_text("Tệp đã gỡ bỏ hoặc thay thế (1)").click()
    await expect(documents.get_by_role("link", name="to_trinh-hs.pdf", exact=True)).to_be_visible()

    # A "Tài liệu khác", with what it is.
    await documents.get_by_label("Loại tài liệu").select_option("tai_lieu_khac")
    await documents.get_by_label("Mô tả tài liệu").fill("Giấy chứng nhận sáng kiến năm 2025")
    await head.set_input_files("#document-file", files=[file("sang-kien.pdf", "Sang kien")])
    await documents.get_by_role("button", name="Đính kèm").click()
    other = documents.get_by_role("row").filter(has_text="sang-kien.pdf")
    await expect(other).to_contain_text("Tài liệu khác")
    await expect(other).to_contain_text("Giấy chứng nhận sáng kiến năm 2025")

    for part in ("nominees", "minutes", "documents"):
        await head.locator(f"#{part}").scroll_into_view_if_needed()
    await screenshot(head, "unit-dossier-corrections-desktop")
    phone = await site.logged_in(UNIT_HEAD, PHONE)
    await phone.goto(f"/unit/dossiers/{dossier_id}")
    await screenshot(phone, "unit-dossier-corrections-phone")
    await phone.goto(f"/unit/dossiers/{dossier_id}/nominees/N2")
    await screenshot(phone, "unit-nominee-edit-phone")
