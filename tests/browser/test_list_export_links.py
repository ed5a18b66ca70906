"""«Tải về Excel» on a list's page downloads the list as searched there."""

import io

import openpyxl
from playwright.async_api import expect

from tests.browser.conftest import Site, screenshot
from tests.dossier_steps import NOMINEES, create


async def test_the_office_downloads_the_list_it_searched(site: Site):
    await create(site.service, NOMINEES[:1])
    await create(site.service, NOMINEES[4:5], user="chanhvanphong")
    appraiser = await site.logged_in("thamdinh")
    await appraiser.goto("/appraisal/all")
    await appraiser.get_by_label("Tìm hồ sơ (theo tên, đơn vị, người được đề nghị)").fill("phong kinh te")
    await appraiser.get_by_role("button", name="Tìm", exact=True).click()
    link = appraiser.get_by_role("link", name="Tải về Excel")
    await expect(link).to_have_attribute("href", "/appraisal/all.xlsx?q=phong+kinh+te")
    await screenshot(appraiser, "list-export-link-desktop")
    async with appraiser.expect_download() as info:
        await link.click()
    saved = await info.value
    assert saved.suggested_filename.startswith("tat-ca-ho-so-") and saved.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(open(await saved.path(), "rb").read())).worksheets[0]
    rows = [row for row in sheet.iter_rows(min_row=2, values_only=True) if isinstance(row[0], int)]
    assert [row[3] for row in rows] == ["Phòng Kinh tế"]
