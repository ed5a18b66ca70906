"""The lists in Chromium: searching without diacritics, filtering, sorting and paging through the pages' own form
and links; the office's "Tất cả hồ sơ"; a campaign's progress; a screenshot of each list, desktop and phone."""

import re
from datetime import timedelta

from playwright.async_api import Page, expect
from sqlmodel import Session, select

from db import models
from db.records import Record

from tests.browser.conftest import Site, screenshot
from tests.conftest import today
from tests.listing_data import add_dossier, moment, other_issuer_rows, own_mails, own_users, unit_of

def seed(site: Site) -> None:
    """40 dossiers of the Phòng Kinh tế, a few of the office at later stages, users and mails; the other issuer's."""
    day = today()
    with Session(site.service.engine) as session:
        economy, office = unit_of(session, "phong-kinh-te"), unit_of(session, "vp-hdnd-ubnd")
        code = site.campaign
        for number in range(40):
            add_dossier(session, code, economy, "draft", f"Hồ sơ khen thưởng số {number:02d}", [f"Trần Văn Số {number}"],
                        created=moment(day - timedelta(days=30), 0) + timedelta(minutes=number))
        add_dossier(session, code, office, "submitted", "Hồ sơ Văn phòng đợt 1", ["Nguyễn Thị Hoa", "Lê Văn Bình"],
                    received=moment(day - timedelta(days=1)))
        add_dossier(session, code, office, "under_appraisal", "Hồ sơ Văn phòng quá hạn", ["Phạm Minh Đức"],
                    received=moment(day - timedelta(days=80)))
        add_dossier(session, code, office, "appraised", "Hồ sơ Văn phòng đã thẩm định", ["Đặng Thu Hà"],
                    received=moment(day - timedelta(days=20)))
        session.commit()
        appraiser = session.exec(select(models.User).where(models.User.username == "thamdinh")).one()
        for name, kind in (("Vũ Quang Huy", "complaint"), ("Nguyễn Thị Lan", "discipline_pending"), ("Phòng Kinh tế", "initiative")):
            session.add(Record(subject_type="unit" if name.startswith("Phòng") else "person", subject_name=name, kind=kind,
                               status="open" if kind != "initiative" else "concluded", match_status="unmatched",
                               initiative_title="Số hóa hồ sơ" if kind == "initiative" else None,
                               created_by_user_id=appraiser.id, created_at=moment(day), updated_at=moment(day)))
        own_users(session, 30)
        own_mails(session, code, 30)
        other_issuer_rows(session, day)


def titles(page: Page):
    return page.locator("tbody tr td[data-label='Hồ sơ'] a")


async def test_the_office_searches_filters_and_pages_every_dossier(site: Site):
    seed(site)
    appraiser = await site.logged_in("thamdinh")
    await appraiser.get_by_role("link", name="Tất cả hồ sơ").first.click()
    await expect(appraiser.get_by_role("heading", name="Tất cả hồ sơ", exact=True)).to_be_visible()
    await expect(appraiser.locator("p.count")).to_have_text("Hiển thị 1–25 trên 43.")
    # The campaign's title, not its code.
    await expect(appraiser.locator("tbody td[data-label='Đợt thi đua']").first).not_to_contain_text(site.campaign)
    await screenshot(appraiser, "list-all-dossiers")

    search = appraiser.get_by_role("search", name="Tìm trong tất cả hồ sơ")
    await search.get_by_label("Tìm hồ sơ").fill("nguyen thi")  # typed without diacritics
    await search.get_by_role("button", name="Tìm").click()
    await expect(titles(appraiser)).to_have_text(["Hồ sơ Văn phòng đợt 1"])
    await expect(appraiser).to_have_url(re.compile(r"/appraisal/all\?q=nguyen\+thi"))
    await screenshot(appraiser, "list-all-dossiers-search")

    await search.get_by_label("Tìm hồ sơ").fill("")
    await search.get_by_label("Lọc theo bước").select_option(label="Đã thẩm định")
    await search.get_by_role("button", name="Tìm").click()
    await expect(titles(appraiser)).to_have_text(["Hồ sơ Văn phòng đã thẩm định"])  # appraised: still listed here

    await search.get_by_label("Lọc theo bước").select_option("")
    await search.get_by_label("Lọc theo thời hạn").select_option("yes")
    await search.get_by_role("button", name="Tìm").click()
    await expect(titles(appraiser)).to_have_text(["Hồ sơ Văn phòng quá hạn"])
    await expect(appraiser.locator("tbody tr").first.get_by_text("Quá hạn", exact=True)).to_be_visible()
    await appraiser.get_by_role("link", name="Bỏ lọc").click()

    await appraiser.get_by_role("navigation", name="Các trang của danh sách").get_by_role("link", name="Trang 2").click()
    await expect(appraiser.locator("p.count")).to_have_text("Hiển thị 26–43 trên 43.")
    await expect(titles(appraiser)).to_have_count(18)
    await appraiser.get_by_role("link", name="Hồ sơ", exact=True).click()  # the column's header sorts by title
    await expect(titles(appraiser).first).to_have_text("Hồ sơ khen thưởng số 00")

    # The queue keeps only what waits for the office, searched and filtered the same way.
    await appraiser.get_by_role("link", name="Hồ sơ chờ thẩm định").first.click()
    await expect(titles(appraiser)).to_have_text(["Hồ sơ Văn phòng quá hạn", "Hồ sơ Văn phòng đợt 1"])
    await screenshot(appraiser, "list-appraisal-queue")
    await appraiser.get_by_role("search").get_by_label("Tìm hồ sơ").fill("PHAM MINH")
    await appraiser.get_by_role("search").get_by_role("button", name="Tìm").click()
    await expect(titles(appraiser)).to_have_text(["Hồ sơ Văn phòng quá hạn"])

    await appraiser.get_by_role("link", name="Sổ theo dõi").first.click()
    records = appraiser.get_by_role("search", name="Tìm trong sổ theo dõi")
    await records.get_by_label("Tìm theo tên người").fill("nguyen thi lan")
    await records.get_by_role("button", name="Tìm").click()
    await expect(appraiser.locator("tbody td[data-label='Đối tượng']")).to_have_text([re.compile(r"^Nguyễn Thị Lan")])
    await screenshot(appraiser, "list-records")


async def test_the_unit_head_pages_through_the_units_dossiers(site: Site):
    seed(site)
    head = await site.logged_in("truongphong.kinhte")
    await head.goto("/unit")
    await expect(head.locator("p.count")).to_have_text("Hiển thị 1–25 trên 40.")
    await expect(titles(head).first).to_have_text("Hồ sơ khen thưởng số 39")  # newest first
    await screenshot(head, "list-unit-dossiers")
    search = head.get_by_role("search", name="Tìm hồ sơ của đơn vị")
    await search.get_by_label("Sắp xếp theo").select_option("oldest")
    await search.get_by_label("Số dòng mỗi trang").select_option("50")
    await search.get_by_role("button", name="Tìm").click()
    await expect(titles(head)).to_have_count(40)
    await expect(titles(head).first).to_have_text("Hồ sơ khen thưởng số 00")
    await search.get_by_label("Tìm hồ sơ").fill("tran van so 7")
    await search.get_by_role("button", name="Tìm").click()
    await expect(titles(head)).to_have_text(["Hồ sơ khen thưởng số 07"])


async def test_the_admin_searches_campaigns_users_and_mail_and_sees_a_campaigns_progress(site: Site):
    seed(site)
    admin = await site.logged_in("quantri")
    await admin.goto("/admin/campaigns")
    await screenshot(admin, "list-campaigns")
    await admin.goto("/admin/users")
    search = admin.get_by_role("search", name="Tìm tài khoản")
    await search.get_by_label("Tìm tài khoản").fill("tran thi can bo")
    await search.get_by_role("button", name="Tìm").click()
    await expect(admin.locator("p.count")).to_have_text(
        "Hiển thị 1–25 trên 30 khớp với điều kiện tìm, lọc.")
    await screenshot(admin, "list-users")
    await admin.get_by_role("link", name="Trang sau ›").click()
    await expect(admin.locator("tbody tr")).to_have_count(5)
    await admin.goto("/admin/mail")
    await admin.get_by_role("search").get_by_label("Tìm theo người nhận").fill("nguyen van an")
    await admin.get_by_role("search").get_by_role("button", name="Tìm").click()
    await expect(admin.locator("p.count")).to_have_text(
        "Hiển thị 1–25 trên 30 khớp với điều kiện tìm, lọc.")
    await expect(admin.get_by_text("Khác")).to_have_count(0)  # another issuer's mail is not listed
    await screenshot(admin, "list-mail")

    await admin.goto("/admin/campaigns")
    await admin.locator(f"a[href='/admin/campaigns/{site.campaign}']").click()
    progress = admin.locator("section.progress")
    dossiers = progress.get_by_role("table", name="Số hồ sơ ở mỗi bước")
    await expect(dossiers.get_by_role("row").filter(has_text="Đang lập hồ sơ")).to_contain_text("40")
    await expect(dossiers.get_by_role("row").filter(has_text="Cộng")).to_contain_text("43")
    nominees = progress.get_by_role("table", name="Số đề nghị ở mỗi tình trạng")
    await expect(nominees.get_by_role("row").filter(has_text="Cộng")).to_contain_text("44")
    await expect(progress.get_by_role("img", name=re.compile("Hồ sơ theo bước: 43 hồ sơ"))).to_be_visible()
    await expect(progress.get_by_text(re.compile(r"còn \d+ ngày")).first).to_be_visible()
    await screenshot(admin, "campaign-progress")
