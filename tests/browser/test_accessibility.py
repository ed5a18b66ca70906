"""A keyboard user and a screen reader's user get through every page: a skip link first, a focus one can see,
and no serious or critical axe-core violation on any page (checked on every page the browser tests load, by
the hook of tests/browser/conftest.py; here over each role's own pages)."""

from playwright.async_api import Page, expect

from tests.browser import axe
from tests.browser.conftest import PHONE, Site, accessibility, screenshot

ROLES_PAGES = {
    "truongphong.kinhte": ["/unit", "/account"],
    "thamdinh": ["/appraisal", "/appraisal/records"],
    "thuky.hoidong": ["/council"],
    "uyvien.hoidong": ["/council"],
    "chutich": ["/decision"],
    "truyenthong": ["/decision"],
    "quantri": ["/admin/campaigns", "/admin/units", "/admin/people", "/admin/users", "/admin/mail", "/admin/import"],
    "quantri.hethong": ["/admin/issuers"],
}


async def outline(page: Page) -> tuple[str, float]:
    return await page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )


async def test_the_skip_link_comes_first_and_takes_the_keyboard_to_the_content(site: Site):
    guest = await (await site.context()).new_page()
    await guest.goto("/login")
    await guest.keyboard.press("Tab")
    skip = guest.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    await expect(skip).to_be_focused()
    box = await skip.bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 10, "the focused skip link is on screen"
    assert (await outline(guest))[0] != "none"
    await guest.keyboard.press("Enter")
    assert await guest.evaluate("document.activeElement.id") == "main"
    # The next Tab goes on from the content: the login form's first field, not the header's links.
    await guest.keyboard.press("Tab")
    await expect(guest.get_by_label("Tên đăng nhập")).to_be_focused()
    await screenshot(guest, "accessibility-login-focus-desktop")

    # Not focused, it is out of sight.
    await guest.mouse.click(5, 300)
    box = await skip.bounding_box()
    assert box is None or box["y"] + box["height"] <= 0


async def test_every_focusable_element_shows_its_focus(site: Site):
    head = await site.logged_in("truongphong.kinhte")
    await head.goto("/unit")
    seen = 0
    for _ in range(12):
        await head.keyboard.press("Tab")
        tag = await head.evaluate("document.activeElement.tagName")
        if tag in ("A", "BUTTON", "INPUT", "SELECT", "TEXTAREA"):
            style, width = await outline(head)
            assert style != "none" and width >= 2, f"{tag} focused with outline {style} {width}px"
            seen += 1
    assert seen >= 5
    await screenshot(head, "accessibility-unit-focus-desktop")


async def test_the_check_finds_a_violation_where_there_is_one(site: Site):
    """The hook's check is real: an image without alt text and an unlabelled field are found (not recorded)."""
    page = await (await site.context()).new_page()
    await page.goto("/login")
    await page.evaluate(
        "() => { const m = document.querySelector('main');"
        " m.insertAdjacentHTML('beforeend', '<img src=\"/static/none.png\"><input type=text name=x>'); }"
    )
    result = await page.evaluate(axe.RUN)
    found = {rule["id"]: rule["impact"] for rule in result["violations"]}
    assert found.get("image-alt") == "critical"
    assert found.get("label") == "critical"


async def test_each_roles_pages_have_no_serious_or_critical_violation(site: Site):
    for username, paths in ROLES_PAGES.items():
        for viewport in (None, PHONE):
            page = await (site.logged_in(username) if viewport is None else site.logged_in(username, PHONE))
            for path in paths:
                await page.goto(path)
                failing = [v for v in await accessibility(page) if v.impact in axe.FAILING]
                assert not failing, "\n".join(v.line() for v in failing)
            await page.context.close()
