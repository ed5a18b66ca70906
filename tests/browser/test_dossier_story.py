"""A dossier tells its story (templates/pages/dossier.html, web/pages/dossier_story.py): the step indicator as the
dossier goes, a message once each action is done, the checks on the draft before it is sent, the summary that
shows the missing documents and then asks "Xác nhận nộp", and a dossier recalled by its unit."""

import re
from datetime import timedelta

from playwright.async_api import Page, expect

from tests.browser.conftest import PHONE, Site, screenshot
from tests.conftest import today

DESKTOP = {"width": 1366, "height": 768}
NOMINEES = [  # subject kind, name, position, date of birth
    ("phong_chuyen_mon", "Phòng Kinh tế", "", ""),
    ("can_bo_cong_chuc_vien_chuc", "Phạm Thị Hồng Nhung", "Chuyên viên", "1988-05-09"),
    ("can_bo_cong_chuc_vien_chuc", "Nguyễn Văn A", "Chuyên viên", ""),  # the registry cannot tell who: a warning
]
OFFICE = "Phòng Văn hóa - Xã hội"


async def current_step(page: Page) -> str:
    return (await page.locator(".steps li[aria-current=step] .step-name").inner_text()).strip()


async def done_steps(page: Page) -> list[str]:
    return [t.strip() for t in await page.locator(".steps li.step-done .step-name").all_inner_texts()]


async def status(page: Page):
    return page.get_by_role("status")


async def attach(page: Page, kind: str, owner: str, name: str) -> None:
    form = page.locator("form[action$='/documents']").last
    await form.get_by_label("Loại tài liệu").select_option(kind)
    await form.get_by_label("Tài liệu của").select_option(label=owner)
    await form.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": f"%PDF-1.4 {kind} {owner}".encode()}
    )
    await form.get_by_role("button", name="Đính kèm").click()
    await expect(page.get_by_role("status")).to_have_text("Đã đính kèm tài liệu vào hồ sơ.")


async def both(site: Site, path: str, name: str) -> None:
    """Desktop and phone screenshots of the unit head's page at `path` as it is now."""
    for viewport, suffix in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page = await site.logged_in("truongphong.kinhte", viewport)
        await page.goto(path)
        await screenshot(page, f"{name}-{suffix}")
        await page.context.close()


async def test_a_dossier_tells_its_story_is_checked_before_sending_and_recalled(site: Site):
    head = await site.logged_in("truongphong.kinhte", DESKTOP)
    await head.goto("/unit")
    await head.get_by_label("Đợt thi đua").select_option(site.campaign)
    await head.get_by_label("Tên hồ sơ", exact=True).fill("Hồ sơ khen thưởng năm 2025 của Phòng Kinh tế")
    await head.get_by_role("button", name="Lập hồ sơ").click()
    await expect(head).to_have_url(re.compile(r"/unit/dossiers/\w+\?done=create$"))
    path = head.url.removeprefix(site.url).split("?")[0]
    await expect(head.get_by_role("status")).to_contain_text("Đã lập hồ sơ")
    await expect(head.get_by_role("region", name="Các bước của hồ sơ").get_by_role("listitem")).to_have_count(8)
    names = [t.split("(")[0].strip() for t in await head.locator(".steps li .step-name").all_inner_texts()]
    assert names == ["Tập thể, cá nhân đề nghị", "Biên bản họp bình xét", "Tài liệu", "Nộp hồ sơ", "Thẩm định",
                     "Hội đồng xét", "Quyết định", "Công bố"]
    assert await current_step(head) == "Tập thể, cá nhân đề nghị" and await done_steps(head) == []
    # The next action of the stage stands out: the form to add a nominee.
    assert "next-nominee" in (await head.locator(".dossier-page").get_attribute("class"))

    for kind, name, position, born in NOMINEES:
        form = head.locator("form[action$='/nominees']")
        await form.get_by_label("Đối tượng").select_option(kind)
        await form.get_by_label("Tên tập thể hoặc họ và tên").fill(name)
        await form.get_by_label("Chức vụ (cá nhân)").fill(position)
        if born:
            await form.get_by_label("Ngày sinh (cá nhân)").fill(born)
        await form.get_by_role("button", name="Thêm").click()
        await expect(head.get_by_role("status")).to_contain_text("Đã thêm vào danh sách đề nghị")
    await expect(head.get_by_role("status")).to_have_count(1)  # said once, at the top
    assert await current_step(head) == "Biên bản họp bình xét"
    assert await done_steps(head) == ["Tập thể, cá nhân đề nghị"]

    # The checks on the draft, before anything is sent: Nguyễn Văn A cannot be matched to the registry.
    table = head.locator("section", has=head.get_by_role("heading", name="Tập thể, cá nhân được đề nghị", exact=True))
    await expect(table.get_by_role("row").filter(has_text="Nguyễn Văn A")).to_contain_text(
        "chưa đối chiếu được với hồ sơ cá nhân"
    )
    await expect(table.get_by_role("row").filter(has_text="Phạm Thị Hồng Nhung")).to_contain_text("chưa có xếp loại năm")
    checks = head.get_by_role("region", name="Kiểm tra trước khi nộp")
    await expect(checks.locator("ul.checklist > li").filter(has_text="Nguyễn Văn A")).to_contain_text("2 cảnh báo")
    await expect(checks).to_contain_text("Còn thiếu")
    await both(site, path, "dossier-story-draft")

    minutes = head.locator("form[action$='/minutes']")
    await minutes.get_by_label("Ngày họp").fill((today() - timedelta(days=1)).isoformat())
    await minutes.get_by_label("Số thành viên").fill("9")
    await minutes.get_by_label("Số có mặt").fill("8")
    for _, name, _, _ in NOMINEES:
        await minutes.get_by_label(name).fill("7")
    await minutes.get_by_role("button", name="Ghi biên bản").click()
    await expect(head.get_by_role("status")).to_contain_text("Đã ghi biên bản họp bình xét")
    assert await current_step(head) == "Tài liệu"
    assert "next-document" in (await head.locator(".dossier-page").get_attribute("class"))

    # One document only, then "Nộp hồ sơ": the summary lists what is missing and offers no confirmation yet.
    await attach(head, "to_trinh", "Cả hồ sơ", "to-trinh.pdf")
    await head.get_by_role("button", name="Nộp hồ sơ").click()
    await expect(head).to_have_url(re.compile(rf"{path}/submit"))
    await expect(head.get_by_role("heading", level=1)).to_contain_text("Nộp hồ sơ:")
    await expect(head.get_by_role("alert")).to_contain_text("Còn thiếu 4/5 tài liệu")
    missing = head.get_by_role("row").filter(has_text="Còn thiếu")
    await expect(missing).to_have_count(4)
    await expect(missing.filter(has_text="Biên bản họp")).to_have_count(1)
    await expect(missing.filter(has_text="Báo cáo thành tích").filter(has_text="Nguyễn Văn A")).to_have_count(1)
    await expect(head.get_by_role("row").filter(has_text="to-trinh.pdf")).to_have_count(1)
    await expect(head.get_by_text(re.compile(r"Hạn nộp"))).to_be_visible()
    await expect(head.locator(".facts")).to_contain_text("trước ngày")
    await expect(head.get_by_role("button", name="Xác nhận nộp")).to_have_count(0)
    await both(site, f"{path}/submit", "dossier-submit-summary-missing")

    await head.get_by_role("link", name="Quay lại đính kèm tài liệu").first.click()
    # A missing document is attached on its own line of the checks, its kind and owner chosen already.
    quick = head.get_by_role("form", name="Đính kèm Biên bản họp xét khen thưởng của đơn vị")
    await quick.get_by_label("Tệp: Biên bản họp xét khen thưởng của đơn vị").set_input_files(
        {"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 bien ban"}
    )
    await quick.get_by_role("button", name="Đính kèm").click()
    await expect(head.get_by_role("status")).to_have_text("Đã đính kèm tài liệu vào hồ sơ.")
    await expect(head.get_by_role("row").filter(has_text="bien-ban.pdf")).to_contain_text("Biên bản họp")
    await expect(head.get_by_role("form", name="Đính kèm Biên bản họp xét khen thưởng của đơn vị")).to_have_count(0)
    for index, (_, name, _, _) in enumerate(NOMINEES):
        await attach(head, "bao_cao_thanh_tich", name, f"bao-cao-{index + 1}.pdf")
    assert await current_step(head) == "Nộp hồ sơ"
    await expect(head.get_by_role("button", name="Nộp hồ sơ")).to_have_class("primary")
    await head.get_by_role("button", name="Nộp hồ sơ").click()

    # Complete: every line has its file, the warning per nominee is there, then the confirmation.
    await expect(head.get_by_text("Đã đính kèm đủ 5/5 tài liệu kế hoạch yêu cầu.")).to_be_visible()
    nominees = head.get_by_role("region", name=re.compile("Tập thể, cá nhân được đề nghị"))
    await expect(nominees.get_by_role("row").filter(has_text="Nguyễn Văn A")).to_contain_text("Cảnh báo: «Nguyễn Văn A» chưa đối chiếu")
    await both(site, f"{path}/submit", "dossier-submit-summary")
    confirm = head.get_by_label(re.compile("Tôi đã xem lại hồ sơ và nộp hồ sơ này tới " + OFFICE))
    await confirm.check()
    await head.get_by_role("button", name="Xác nhận nộp").click()
    await expect(head).to_have_url(re.compile(rf"{path}\?done=submit$"))
    await expect(head.get_by_role("status")).to_have_text(re.compile(rf"^Đã nộp hồ sơ\. Hồ sơ đã được gửi tới {OFFICE}"))
    await expect(head.locator(".facts .stage")).to_have_text("Đã nộp")
    assert await current_step(head) == "Thẩm định"
    # The submission's own check found what the draft's showed.
    nominees = head.get_by_role("row").filter(has_text="Phạm Thị Hồng Nhung").first
    await expect(nominees).to_contain_text("chưa có xếp loại năm")
    assert await done_steps(head) == ["Tập thể, cá nhân đề nghị", "Biên bản họp bình xét", "Tài liệu", "Nộp hồ sơ"]
    await both(site, path, "dossier-story-submitted")

    # Recalled before the office takes it in: a reason is required, then it is back with the unit.
    recall = head.locator("form[action$='/recall']")
    await recall.get_by_role("button", name="Rút lại hồ sơ").click()
    recall = head.locator("form[action$='/recall']")
    await expect(recall.get_by_role("alert")).to_contain_text("Cần ghi rõ lý do")
    await recall.get_by_label("Lý do rút lại").fill("Thay báo cáo thành tích của Nguyễn Văn A")
    await recall.get_by_role("button", name="Rút lại hồ sơ").click()
    await expect(head.get_by_role("status")).to_contain_text("Đã rút lại hồ sơ")
    await expect(head.locator(".facts .stage")).to_have_text("Đã có biên bản họp bình xét")
    await expect(head.locator("ol.history li").last).to_contain_text("Thay báo cáo thành tích của Nguyễn Văn A")
    assert await current_step(head) == "Nộp hồ sơ"
    await both(site, path, "dossier-story-recalled")

    # The office saw it leave its queue; submitted again, it takes it in, its next action primary.
    await head.get_by_role("button", name="Nộp hồ sơ").click()
    await head.get_by_label(re.compile("Tôi đã xem lại hồ sơ")).check()
    await head.get_by_role("button", name="Xác nhận nộp").click()
    await expect(head.locator(".facts .stage")).to_have_text("Đã nộp")
    appraiser = await site.logged_in("thamdinh", DESKTOP)
    await appraiser.goto(path.replace("/unit/", "/appraisal/"))
    take_in = appraiser.get_by_role("button", name="Tiếp nhận, bắt đầu thẩm định")
    await expect(take_in).to_have_class("primary")
    await take_in.click()
    await expect(appraiser.get_by_role("status")).to_contain_text("Đã tiếp nhận hồ sơ")
    assert await current_step(appraiser) == "Thẩm định"
    await head.reload()
    await expect(head.locator("form[action$='/recall']")).to_have_count(0)  # too late to recall
