"""How much work the unit head does to prepare and submit a dossier of three nominees through the pages: the
clicks (and the page loads they cause), counted as a person would make them, printed as a figure.

A click is a press of the mouse: a button or a link; a text field focused before typing (typing itself is not
counted); a drop-down opened and a choice picked (two); a file chosen (the dialog opened, the file picked: two); a
box ticked. The route is the shortest the pages offer, from the first page after logging in. Run with -s to see
the figure: `pytest tests/browser/test_dossier_clicks.py -s`.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from playwright.async_api import Locator, Page, expect

from tests.browser.conftest import Site
from tests.conftest import today

NOMINEES = [  # subject kind, name, position
    ("phong_chuyen_mon", "Phòng Kinh tế", ""),
    ("can_bo_cong_chuc_vien_chuc", "Phạm Thị Hồng Nhung", "Chuyên viên"),
    ("can_bo_cong_chuc_vien_chuc", "Vũ Quang Huy", "Chuyên viên"),
]


@dataclass
class Clicks:
    page: Page
    clicks: int = 0
    loads: int = 0
    steps: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.page.on("load", lambda _: self._load())

    def _load(self) -> None:
        self.loads += 1

    def _count(self, what: str, n: int) -> None:
        self.clicks += n
        self.steps[what] = self.steps.get(what, 0) + n

    async def click(self, target: Locator) -> None:
        self._count("buttons and links", 1)
        await target.click()

    async def fill(self, target: Locator, text: str) -> None:
        if text:  # an empty field is left alone
            self._count("fields focused", 1)
            await target.fill(text)

    async def select(self, target: Locator, **choice) -> None:
        self._count("drop-downs (open, pick)", 2)
        await target.select_option(**choice)

    async def file(self, target: Locator, name: str) -> None:
        self._count("files chosen (dialog, pick)", 2)
        await target.set_input_files({"name": name, "mimeType": "application/pdf", "buffer": b"%PDF-1.4 " + name.encode()})

    async def check(self, target: Locator) -> None:
        self._count("boxes ticked", 1)
        await target.check()


async def attach(count: Clicks, kind: str, owner: str, name: str) -> None:
    page = count.page
    # The shortest way: the missing document's own line, its kind and owner already chosen, where the page has one.
    quick = page.locator(f"form.attach-missing[data-kind='{kind}'][data-owner='{'' if owner == 'Cả hồ sơ' else owner}']")
    if await quick.count():
        await count.file(quick.locator("input[type=file]"), name)
        await count.click(quick.get_by_role("button", name="Đính kèm"))
        await expect(page.get_by_role("link", name=name, exact=True).first).to_be_visible()
        return
    form = page.locator("form[action$='/documents']").last
    await count.select(form.get_by_label("Loại tài liệu"), value=kind)
    owners = form.get_by_label("Tài liệu của")
    if await owners.input_value() != (await owners.locator("option", has_text=owner).first.get_attribute("value") or ""):
        await count.select(owners, label=owner)  # "Cả hồ sơ" is chosen already
    await count.file(form.locator("input[type=file]"), name)
    await count.click(form.get_by_role("button", name="Đính kèm"))
    await expect(page.get_by_role("link", name=name, exact=True).first).to_be_visible()


async def prepare_and_submit(site: Site) -> Clicks:
    page = await site.logged_in("truongphong.kinhte")
    count = Clicks(page)
    if not await page.get_by_role("button", name="Lập hồ sơ").count():  # the first page is not the unit's
        await count.click(page.get_by_role("navigation").get_by_role("link", name="Hồ sơ của đơn vị"))
    await count.select(page.get_by_label("Đợt thi đua"), value=site.campaign)
    await count.fill(page.get_by_label("Tên hồ sơ", exact=True), "Hồ sơ khen thưởng năm 2025 của Phòng Kinh tế")
    await count.click(page.get_by_role("button", name="Lập hồ sơ"))
    await expect(page).to_have_url(re.compile(r"/unit/dossiers/\w+"))

    for kind, name, position in NOMINEES:
        form = page.locator("form[action$='/nominees']")
        await count.select(form.get_by_label("Đối tượng"), value=kind)
        await count.fill(form.get_by_label("Tên tập thể hoặc họ và tên"), name)
        await count.fill(form.get_by_label("Chức vụ (cá nhân)"), position)
        await count.click(form.get_by_role("button", name="Thêm"))
        await expect(page.get_by_role("cell", name=name).first).to_be_visible()

    minutes = page.locator("form[action$='/minutes']")
    await count.fill(minutes.get_by_label("Ngày họp"), (today() - timedelta(days=1)).isoformat())
    await count.fill(minutes.get_by_label("Số thành viên"), "9")
    await count.fill(minutes.get_by_label("Số có mặt"), "8")
    for _, name, _ in NOMINEES:
        await count.fill(minutes.get_by_label(name), "7")
    await count.click(minutes.get_by_role("button", name="Ghi biên bản"))
    await expect(page.get_by_text("Đã có biên bản họp bình xét").first).to_be_visible()

    await attach(count, "to_trinh", "Cả hồ sơ", "to-trinh.pdf")
    await attach(count, "bien_ban_hop", "Cả hồ sơ", "bien-ban.pdf")
    for index, (_, name, _) in enumerate(NOMINEES):
        await attach(count, "bao_cao_thanh_tich", name, f"bao-cao-{index + 1}.pdf")

    # Submitting: a button on the dossier's page, or a link to a summary that asks to confirm first.
    send = page.get_by_role("link", name="Nộp hồ sơ").or_(page.get_by_role("button", name="Nộp hồ sơ"))
    await count.click(send.first)
    confirm = page.get_by_role("button", name="Xác nhận nộp")
    if await confirm.count():
        await count.check(page.locator("form[action$='/submit']").get_by_role("checkbox"))
        await count.click(confirm)
    await expect(page.locator(".facts .stage")).to_have_text("Đã nộp")
    return count


async def test_the_clicks_to_prepare_and_submit_a_dossier_of_three(site: Site):
    count = await prepare_and_submit(site)
    steps = ", ".join(f"{what} {n}" for what, n in count.steps.items())
    print(f"\nCLICKS to prepare and submit a dossier of three nominees: {count.clicks} clicks ({steps}); "
          f"{count.loads} page loads")
    assert count.clicks > 0 and count.loads > 0
