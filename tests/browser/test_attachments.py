"""The files a unit attached open from the dossier's page, for whoever may see the dossier: a link to save each,
and a PDF or an image shown in the browser, under the API's own rules."""

import re

from playwright.async_api import expect

from tests.browser.conftest import Site, screenshot
from tests.dossier_steps import NOMINEES, pdf, submitted


async def test_the_appraiser_opens_each_attached_file_from_the_dossiers_page(site: Site):
    dossier = await submitted(site.service, NOMINEES[:1])
    appraiser = await site.logged_in("thamdinh")
    await appraiser.goto(f"/appraisal/dossiers/{dossier['id']}")
    files = appraiser.locator("td[data-label='Tệp']")
    await expect(files.get_by_role("link", name="to_trinh-hs.pdf", exact=True)).to_be_visible()
    await screenshot(appraiser, "appraisal-dossier-attachments-desktop")

    async with appraiser.expect_download() as info:
        await files.get_by_role("link", name="to_trinh-hs.pdf", exact=True).click()
    saved = await info.value
    assert saved.suggested_filename == "to_trinh-hs.pdf"
    assert open(await saved.path(), "rb").read() == pdf("to_trinh  - Bao cao thanh tich nam 2025")

    view = files.get_by_role("link", name="Xem bien_ban_hop-hs.pdf", exact=True)
    response = await appraiser.request.get(await view.get_attribute("href"))  # the same login's cookie
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline;")
    # Nothing in the file runs with the site's rights: the site's policy, and a sandbox on top.
    assert response.headers["content-security-policy"].endswith("; sandbox")
    assert (await response.body()).startswith(b"%PDF-")
    shown = await appraiser.goto(await view.get_attribute("href"))  # Chromium opens it in its PDF viewer
    assert shown.status == 200 and "pdf_embedder" in await appraiser.content()

    # The unit's head opens them too; another unit's head and a guest do not.
    url = f"/downloads/dossiers/{dossier['id']}/files/{dossier['documents'][0]['document_id']}"
    head = await site.logged_in("truongphong.kinhte")
    assert (await head.request.get(url)).status == 200
    other = await site.logged_in("chanhvanphong")
    assert (await other.goto(url)).status == 403
    await expect(other.get_by_role("alert")).to_contain_text("Việc này thuộc đơn vị khác")
    guest = await (await site.context()).new_page()
    await guest.goto(url)
    await expect(guest).to_have_url(re.compile(r"/login\?next="))
