"""Each list of the pages as an .xlsx (web/pages/list_exports.py): the rows the page shows, filtered and sorted by
the same address, every page of them, scoped as the page is, and no text of them a formula."""

import io
import re
from datetime import timedelta

import httpx
import openpyxl
import pytest
from sqlmodel import Session, select

from db import models
from db.records import Record
from tests.conftest import Service, today
from tests.listing_data import add_dossier, moment, other_issuer_rows, own_mails, own_users, unit_of
from tests.test_export_injection import LINK, no_formula_in
from tests.web_app import page_of
from web.pages.deps import LOGIN_CSRF_COOKIE

APPRAISER, UNIT_HEAD, ADMIN = "thamdinh", "truongphong.kinhte", "quantri"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def rows(service: Service) -> dict:
    """130 dossiers of the Phòng Kinh tế (more than a page of the largest size), a few of the office, one named as a
    formula; users, mails and a record with formulas for names; the other issuer's rows beside them."""
    day = today()
    with Session(service.engine) as session:
        economy, office = unit_of(session, "phong-kinh-te"), unit_of(session, "vp-hdnd-ubnd")
        code = service.campaign
        for number in range(130):
            add_dossier(session, code, economy, "draft", f"Hồ sơ số {number:03d}",
                        created=moment(day - timedelta(days=90), 0) + timedelta(minutes=number))
        add_dossier(session, code, office, "submitted", "Hồ sơ văn phòng", ["Nguyễn Thị Hoa"],
                    received=moment(day - timedelta(days=1)))
        add_dossier(session, code, office, "under_appraisal", LINK, ["Phạm Minh"], received=moment(day - timedelta(days=80)))
        add_dossier(session, code, office, "appraised", "Đã thẩm định xong", ["Đặng Thu"],
                    received=moment(day - timedelta(days=20)))
        session.commit()
        own_users(session, 3)
        issuer = session.exec(select(models.Issuer).where(models.Issuer.code == "ke-sat")).one()
        session.add(models.User(username="congthuc", full_name="=1+1", roles=["council_member"], issuer_id=issuer.id))
        own_mails(session, code, 3)
        appraiser = session.exec(select(models.User).where(models.User.username == APPRAISER)).one()
        session.add(Record(subject_type="person", subject_name="@SUM(A1:A9) Nguyễn", kind="complaint", status="open",
                           match_status="unmatched", created_by_user_id=appraiser.id, created_at=moment(day),
                           updated_at=moment(day)))
        session.commit()
        other = other_issuer_rows(session, day)
    return {"campaign": code, "other": other}


async def download(service: Service, username: str, path: str) -> httpx.Response:
    """What `username`, logged in through the login form, gets at `path`."""
    transport = httpx.ASGITransport(app=service.api._transport.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://thidua.test") as browser:
        await browser.get("/login")
        form = {"username": username, "password": f"demo-{username}", "csrf_token": browser.cookies[LOGIN_CSRF_COOKIE]}
        assert (await browser.post("/login", data=form)).status_code == 303
        return await browser.get(path)


async def sheet_of(service: Service, username: str, path: str) -> tuple[list[str], list[list], bytes]:
    """The export's header and its rows (the notes after them left out), opened again with openpyxl."""
    response = await download(service, username, path)
    assert response.status_code == 200, response.text[-2000:]
    assert response.headers["content-type"] == XLSX
    assert response.headers["content-disposition"].startswith("attachment;")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    header, *body = [list(row) for row in sheet.iter_rows(values_only=True)]
    return header, [row for row in body if isinstance(row[0], int)], response.content


def titles_on(page: str) -> list[str]:
    return [t.replace("&#34;", '"').replace("&amp;", "&") for t in
            re.findall(r'<a href="/(?:appraisal|unit)/dossiers/[^"]+">([^<]+)</a>', page)]


def column(header: list[str], rows: list[list], title: str) -> list:
    return [row[header.index(title)] for row in rows]


@pytest.mark.parametrize("path, user", [
    ("/appraisal/all?size=100", APPRAISER),
    ("/appraisal/all?q=ho+so+so+1&sort=title&size=100", APPRAISER),
    ("/appraisal/all?stage=submitted", APPRAISER),
    ("/appraisal?size=100", APPRAISER),
    ("/unit?sort=title&size=100", UNIT_HEAD),
])
async def test_a_dossier_list_s_export_has_the_page_s_rows(service: Service, rows: dict, path: str, user: str):
    page = await page_of(service, user, path)
    base, _, query = path.partition("?")
    header, found, content = await sheet_of(service, user, f"{base}.xlsx?{query}")
    shown = titles_on(page)
    assert shown and column(header, found, "Hồ sơ")[: len(shown)] == shown
    assert column(header, found, "STT") == list(range(1, len(found) + 1))
    assert rows["other"]["dossier"] not in str(found) and "Khác" not in str(found)  # the other issuer's: never
    assert no_formula_in(content)


async def test_every_page_of_a_list_is_in_its_export(service: Service, rows: dict):
    header, found, _ = await sheet_of(service, APPRAISER, "/appraisal/all.xlsx?sort=title")
    titles = column(header, found, "Hồ sơ")
    assert len(titles) == 133 and titles == sorted(titles)  # all 133, past the page of 100
    _, mine, _ = await sheet_of(service, UNIT_HEAD, "/unit.xlsx")
    assert len(mine) == 130 and {row[3] for row in mine} == {"Phòng Kinh tế"}  # the unit's own only
    _, filtered, _ = await sheet_of(service, APPRAISER, "/appraisal/all.xlsx?stage=appraised")
    assert [row[1] for row in filtered] == ["Đã thẩm định xong"]


async def test_a_text_that_starts_like_a_formula_stays_a_text(service: Service, rows: dict):
    for user, path, text in [(APPRAISER, "/appraisal.xlsx", LINK), (ADMIN, "/admin/users.xlsx", "=1+1"),
                             (APPRAISER, "/appraisal/records.xlsx", "@SUM(A1:A9) Nguyễn (chưa xác định)")]:
        _, _, content = await sheet_of(service, user, path)
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        cells = [c for row in sheet.iter_rows() for c in row if c.value == text]
        assert cells and all((c.data_type, c.quotePrefix) == ("s", True) for c in cells), path
        assert no_formula_in(content), path


async def test_the_admin_s_and_the_registry_s_lists(service: Service, rows: dict):
    users_page = await page_of(service, ADMIN, "/admin/users?q=can+bo")
    header, users, _ = await sheet_of(service, ADMIN, "/admin/users.xlsx?q=can+bo")
    assert column(header, users, "Tên đăng nhập") == re.findall(r"<code>(canbo\d+)</code>", users_page)
    assert column(header, users, "Tên đăng nhập") == ["canbo000", "canbo001", "canbo002"]

    header, mails, _ = await sheet_of(service, ADMIN, "/admin/mail.xlsx?q=nguyen+van&sort=oldest")
    assert column(header, mails, "Tiêu đề") == [f"Thư số {n} gửi Nguyễn Văn An" for n in range(3)]
    assert set(column(header, mails, "Trạng thái")) == {"Đã gửi"}

    header, records, _ = await sheet_of(service, APPRAISER, "/appraisal/records.xlsx?q=nguyen")
    assert column(header, records, "Đối tượng") == ["@SUM(A1:A9) Nguyễn (chưa xác định)"]  # not the other issuer's Nguyễn Văn Khác

    header, campaigns, _ = await sheet_of(service, ADMIN, "/admin/campaigns.xlsx?kind=emulation")
    assert rows["campaign"] in column(header, campaigns, "Mã") and rows["other"]["campaign"] not in str(campaigns)
    note = openpyxl.load_workbook(io.BytesIO((await download(service, ADMIN, "/admin/campaigns.xlsx?kind=emulation")).content))
    said = note.worksheets[0].cell(row=len(campaigns) + 2, column=1).value
    assert said.startswith("Danh sách đã tìm, lọc — ") and said.endswith(": Phong trào thi đua.")


async def test_an_export_is_for_the_page_s_roles(service: Service, rows: dict):
    assert (await download(service, UNIT_HEAD, "/appraisal/all.xlsx")).status_code == 403
    assert (await download(service, APPRAISER, "/admin/users.xlsx")).status_code == 403
    assert (await download(service, APPRAISER, "/unit.xlsx")).status_code == 403
    assert (await download(service, UNIT_HEAD, "/appraisal/records.xlsx")).status_code == 403
    assert 'href="/unit.xlsx' in await page_of(service, UNIT_HEAD, "/unit")
