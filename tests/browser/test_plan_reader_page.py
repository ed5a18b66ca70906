"""The issuer's admin drafts a campaign from its plan through the pages: each of the five seed plans uploaded as
a file on the upload page, by its own issuer's admin, the draft beside the plan's text, scored against the
plan's reference settings (campaigns/*.yaml) at a floor; then a field confirmed from the page."""

from pathlib import Path

import pytest
import yaml
from playwright.async_api import Page, expect

from plan_reader.document import Document, Paragraph
from plan_reader.draft import Draft, Source, Value
from plan_reader.normalise import fold
from plan_reader.score import score
from plan_reader.store import DraftStore
from tests.browser.conftest import PHONE, Site, screenshot

ROOT = Path(__file__).resolve().parents[2]
# The share of fields right reached when set (bench/plan_reader.py), and the admin of each plan's issuer.
PLANS = {
    "ke-sat-2025": ("quantri", 0.93),
    "hong-van-2025": ("quantri.hong-van", 0.86),
    "an-hai-2025": ("quantri.an-hai", 0.97),
    "hon-quan-2024-2025": ("quantri.hon-quan", 0.93),
    "tu-ky-2025": ("quantri.tu-ky", 0.73),
}


def stored_draft(site: Site, issuer: str, draft_id: str) -> Draft:
    """The draft as the page keeps it, its values' sources checked against its paragraphs again."""
    stored = DraftStore(site.service.settings.filestore_dir).get(issuer, draft_id)
    paragraphs = [Paragraph(i, p["page"], p["line"], p["text"], fold(p["text"]), None) for i, p in enumerate(stored.paragraphs)]
    draft = Draft(Document(paragraphs), kind=stored.kind)
    for path, items in stored.drafted.items():
        for item in items:
            draft.add(path, Value(item["value"], Source(**item["source"]), item["confidence"]))
    return draft


async def extra_glyphs(page: Page, selector: str) -> int:
    """How many more glyphs than letters the browser draws the first such field's text with, in its font: none
    where each Vietnamese letter is one glyph of the font ("ố"), some where a letter is drawn from parts ("o", "^",
    "´") because the font lacks it. Read by Chromium's own account of what it drew (CSS.getPlatformFontsForNode),
    for a copy of the text in the field's font (a field's own text is drawn out of the document's reach), read once
    the copy is drawn: Chromium reports no font for a node not yet laid out."""
    text = await page.eval_on_selector(selector, """async field => {
        const probe = document.createElement("span");
        probe.id = "glyph-probe";
        probe.style.fontFamily = getComputedStyle(field).fontFamily;
        probe.style.whiteSpace = "pre";
        probe.textContent = field.value.normalize("NFC").replace(/\\s/g, " ");
        document.body.append(probe);
        await document.fonts.ready;
        await new Promise(painted => requestAnimationFrame(() => requestAnimationFrame(painted)));
        return probe.textContent;
    }""")
    cdp = await page.context.new_cdp_session(page)
    await cdp.send("DOM.enable")
    await cdp.send("CSS.enable")
    root = await cdp.send("DOM.getDocument")
    probe = await cdp.send("DOM.querySelector", {"nodeId": root["root"]["nodeId"], "selector": "#glyph-probe"})
    fonts = await cdp.send("CSS.getPlatformFontsForNode", {"nodeId": probe["nodeId"]})
    await page.eval_on_selector("#glyph-probe", "probe => probe.remove()")
    await cdp.detach()
    assert text.strip() and fonts["fonts"]
    return sum(font["glyphCount"] for font in fonts["fonts"]) - len(text)


@pytest.mark.parametrize("code", sorted(PLANS))
async def test_a_seed_plan_uploaded_is_drafted_beside_its_text(site: Site, code: str, tmp_path):
    username, floor = PLANS[code]
    reference = yaml.safe_load((ROOT / "campaigns" / f"{code}.yaml").read_text(encoding="utf-8"))
    plan = tmp_path / f"ke-hoach-{code}.txt"
    plan.write_bytes((ROOT / "campaigns" / reference["source"]).read_bytes())

    admin = await site.logged_in(username)
    await admin.get_by_role("link", name="Đọc kế hoạch").click()
    await expect(admin.get_by_role("heading", name="Đọc kế hoạch thi đua")).to_be_visible()
    if code == "ke-sat-2025":  # nothing chosen: said at the form, nothing drafted
        await admin.get_by_role("button", name="Đọc kế hoạch").click()
        await expect(admin.get_by_role("alert")).to_contain_text("Hãy chọn tệp kế hoạch hoặc dán nội dung")
        await screenshot(admin, "plan-reader-upload-refused-desktop")
    await admin.get_by_label("Tệp kế hoạch").set_input_files(plan)
    await admin.get_by_role("button", name="Đọc kế hoạch").click()
    await expect(admin.get_by_role("heading", name=f"Bản thảo đọc từ kế hoạch {plan.name}")).to_be_visible()
    await expect(admin.locator(".plan-text mark").first).to_be_visible()
    if reference["kind"] == "reform_plan":  # told apart from an emulation plan, and loaded as one
        await expect(admin.get_by_text("Đây là kế hoạch cải cách hành chính")).to_be_visible()
        await expect(admin.get_by_role("button", name="Nạp kế hoạch cải cách hành chính")).to_be_visible()
    await screenshot(admin, f"plan-reader-{code}-desktop")

    assert await extra_glyphs(admin, ".draft-field textarea") == 0

    draft = stored_draft(site, reference["issuer"], admin.url.rsplit("/", 1)[1])
    result = score(draft, reference)
    assert result.unsourced == 0
    assert result.share() >= floor, (result.right, result.wrong, result.missing)

    if code == "ke-sat-2025":  # a field confirmed from the page: its status changes, the page returns to it
        field = admin.locator("#f-receiving_office")
        await expect(field.locator("blockquote")).to_contain_text("Phòng Văn hóa - Xã hội")
        await field.get_by_role("button", name="Xác nhận").click()
        await expect(admin.locator("#f-receiving_office")).to_contain_text("Đã xác nhận")
        await admin.locator("#f-receiving_office").get_by_role("link", name="xem trong kế hoạch").click()
        await expect(admin.locator(".plan-text p:target").get_by_title("Nơi nhận hồ sơ")).to_have_text("Phòng Văn hóa - Xã hội")
        await screenshot(admin, "plan-reader-field-confirmed-desktop")
        phone = await site.logged_in(username, PHONE)
        await phone.goto(admin.url.split("#")[0])
        await screenshot(phone, "plan-reader-ke-sat-2025-phone")
