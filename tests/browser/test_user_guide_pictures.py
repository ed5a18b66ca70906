"""The user guide's pictures (docs/huong-dan/anh/), taken from the demo's campaign as each role sees it: a draft
dossier, the appraisal, the council's session and a ballot, the decision before and after signing, the admin's
pages. Each is checked by axe-core like every page the tests visit; with THIDUA_GUIDE_PICTURES=1 they are saved
into the guide (small: the top of the page, at most 1100 × 760), else with the test output. The guide's pages
themselves, desktop and phone, are screenshotted too."""

import os

from playwright.async_api import Page, expect
from sqlmodel import Session, select

from common.filestore import FileStore
from db import models
from schemas.campaign import EmulationPlan
from tests.browser.conftest import PHONE, SCREENSHOTS, Site, screenshot
from tests.campaign_steps import appraised_dossier, collective
from tests.dossier_steps import (
    APPRAISER, CHAIRMAN, COMMUNICATIONS, NOMINEES, SECRETARY, UNIT_HEAD, campaign_post, create, minutes, ok, open_session,
    post, under_appraisal, vote,
)
from tests.test_emblem import png
from web.pages import user_guide

GUIDE_SIZE = {"width": 1100, "height": 760}


async def picture(site: Site, username: str, path: str, name: str, at: str | None = None) -> Page:
    """The page's top, or from the element `at` (a CSS selector) on."""
    page = await site.logged_in(username, GUIDE_SIZE)
    await page.goto(path)
    await screenshot(page, f"guide-{name}")
    if at:
        await page.locator(at).first.evaluate("element => element.scrollIntoView({block: 'start'})")
    folder = user_guide.GUIDE / "anh" if os.environ.get("THIDUA_GUIDE_PICTURES") == "1" else SCREENSHOTS
    await page.screenshot(path=folder / f"{name}.png")  # the top of the page, as a reader first sees it
    return page


async def test_the_guides_pictures_from_the_demo_campaign(site: Site):
    service = site.service
    with Session(service.engine) as session:
        campaign = session.exec(select(models.Campaign).where(models.Campaign.code == site.campaign)).one()
        plan = EmulationPlan.model_validate(campaign.settings)
        issuer_id = campaign.issuer_id

    draft = await create(service, NOMINEES[:3])
    ok(await post(service, UNIT_HEAD, f"/api/dossiers/{draft['id']}/minutes", json=minutes(draft)))
    await picture(site, UNIT_HEAD, f"/unit/dossiers/{draft['id']}", "truong-don-vi-ho-so")

    appraising = await under_appraisal(service, NOMINEES[:2])
    await picture(site, APPRAISER, "/appraisal", "tham-dinh-danh-sach")
    await picture(site, APPRAISER, f"/appraisal/dossiers/{appraising['id']}", "tham-dinh-ho-so")

    await appraised_dossier(service, plan, UNIT_HEAD, [collective("phong_chuyen_mon", "Phòng Kinh tế")])
    opened = await open_session(service)
    await picture(site, SECRETARY, f"/council/{site.campaign}", "hoi-dong-thu-ky")
    await picture(site, "uyvien.hoidong", f"/council/{site.campaign}", "hoi-dong-uy-vien", at="fieldset.ballot")

    await vote(service, opened)
    ok(await campaign_post(service, SECRETARY, site.campaign, "/session/close", json={}))
    await picture(site, CHAIRMAN, f"/decision/{site.campaign}", "chu-tich")
    ok(await campaign_post(service, CHAIRMAN, site.campaign, "/decision/sign", json={}))
    await picture(site, COMMUNICATIONS, f"/decision/{site.campaign}", "truyen-thong")

    await picture(site, "quantri", "/admin/campaigns", "quan-tri")
    with Session(service.engine) as session:  # the issuer's emblem, as the super-admin uploaded it
        issuer = session.get(models.Issuer, issuer_id)
        issuer.emblem_sha256 = FileStore(service.settings.filestore_dir).put(png(96, 96))
        name = issuer.name
        session.add(issuer)
        session.commit()
    admin = await picture(site, "quantri.hethong", f"/admin/issuers/{issuer_id}", "quan-tri-bieu-trung")
    await expect(admin.get_by_role("img", name=name)).to_be_visible()

    # A page with the emblem in its header and footer, and the guide itself, on a desktop and a phone.
    for device, viewport in (("desktop", None), ("phone", PHONE)):
        head = await (site.logged_in(UNIT_HEAD) if viewport is None else site.logged_in(UNIT_HEAD, viewport))
        await head.goto("/unit")
        await expect(head.get_by_role("img", name=name)).to_have_count(2)
        await screenshot(head, f"emblem-unit-{device}")
        await head.get_by_role("link", name="Hướng dẫn", exact=True).click()
        await expect(head.get_by_role("heading", name="Thủ trưởng đơn vị: lập và nộp hồ sơ")).to_be_visible()
        await screenshot(head, f"guide-unit-head-{device}")
        await head.get_by_role("link", name="Mục lục", exact=True).click()
        await expect(head.get_by_role("heading", name="Hướng dẫn sử dụng", exact=True)).to_be_visible()
        await screenshot(head, f"guide-index-{device}")
