"""The lists of the pages: searched without regard to diacritics or case (a % typed is itself), filtered, sorted and
paged in SQL; the address's parameters bounded; another issuer's rows never listed."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import literal
from sqlmodel import Session, select

from common.text import fold
from db import models
from db.search import FROM_LETTERS, TO_LETTERS, matching
from tests.conftest import Service, today
from tests.listing_data import add_dossier, moment, other_issuer_rows, own_mails, own_users, unit_of
from tests.web_app import page_of
from web.pages.listing import Listing

APPRAISER, UNIT_HEAD, ADMIN = "thamdinh", "truongphong.kinhte", "quantri"


def test_every_vietnamese_letter_is_found_by_its_base_letter_in_sql(engine) -> None:
    """Each Vietnamese letter, either case, is matched by the letter common.text.fold gives it and by no other (on
    this database); a search's *, ?, [, % and _ are themselves."""
    with Session(engine) as session:
        def found(text: str, key: str) -> bool:
            return bool(session.exec(select(matching(session, key, text_columns=[literal(text)]))).one())

        for letter, base in zip(FROM_LETTERS, TO_LETTERS):
            assert found(f"x{letter}y", f"x{base}y") and not found(letter, "b" if base != "b" else "c"), letter
        assert found("Nguyễn Văn ĐẠT, Trường THCS", fold("nguyen van dat, truong"))
        for special in "*?[%_":
            assert found(f"a{special}b", f"a{special}b") and not found("axb", f"a{special}b"), special


def test_the_page_links_keep_the_list_and_leave_out_defaults() -> None:
    listing = Listing(path="/appraisal/all", q="nguyễn", chosen={"stage": "submitted"}, sort="newest",
                      sorts={"newest": "", "title": ""}, size=50, total=260, page=3)
    assert listing.link(page=4) == "/appraisal/all?q=nguy%E1%BB%85n&stage=submitted&size=50&page=4"
    assert listing.link(sort="title", page=1) == "/appraisal/all?q=nguy%E1%BB%85n&stage=submitted&sort=title&size=50"
    assert listing.last_page == 6 and listing.pages() == [1, 2, 3, 4, 5, 6]
    assert Listing(path="/x", total=1000, page=10, size=25).pages() == [1, None, 8, 9, 10, 11, 12, None, 40]


@pytest.fixture
def dossiers(service: Service) -> dict:
    """In the demo's campaign: 60 dossiers of the Phòng Kinh tế to page through, and a few to search and filter;
    the other issuer's rows beside them."""
    day = today()
    with Session(service.engine) as session:
        economy, office = unit_of(session, "phong-kinh-te"), unit_of(session, "vp-hdnd-ubnd")
        code = service.campaign
        for number in range(60):
            add_dossier(session, code, economy, "draft", f"Hồ sơ số {number:02d}", created=moment(day - timedelta(days=90), 0)
                        + timedelta(minutes=number))
        add_dossier(session, code, office, "submitted", "Hồ sơ văn phòng", ["Nguyễn Thị Hoa", "Lê Văn Bình"],
                    received=moment(day - timedelta(days=1)))
        add_dossier(session, code, office, "under_appraisal", "Đề nghị tăng 100% chỉ tiêu", ["Phạm Minh"],
                    received=moment(day - timedelta(days=80)))  # its appraisal's days long past: overdue
        add_dossier(session, code, office, "supplement_requested", "Chờ bổ sung quá hạn", ["Hoàng An"],
                    received=moment(day - timedelta(days=10)), supplement_due=day - timedelta(days=1))
        add_dossier(session, code, office, "appraised", "Đã thẩm định xong", ["Đặng Thu"],
                    received=moment(day - timedelta(days=20)))
        session.commit()
        other = other_issuer_rows(session, day)
    return {"campaign": code, "other": other}


def rows_of(page: str) -> list[str]:
    """The dossiers' titles in the page's table, in order."""
    return re.findall(r'<a href="/(?:appraisal|unit)/dossiers/[^"]+">([^<]+)</a>', page)


def count_of(page: str) -> str:
    return re.search(r'<p class="count">([^<]+)</p>', page).group(1)


async def test_a_search_ignores_diacritics_and_case_and_takes_a_percent_sign_as_itself(service: Service, dossiers) -> None:
    for q in ("nguyen", "NGUYỄN", "nguyễn thị", "THI HOA"):
        assert rows_of(await page_of(service, APPRAISER, f"/appraisal/all?q={q}")) == ["Hồ sơ văn phòng"], q
    assert rows_of(await page_of(service, APPRAISER, "/appraisal/all?q=%25")) == ["Đề nghị tăng 100% chỉ tiêu"]
    assert rows_of(await page_of(service, APPRAISER, "/appraisal/all?q=_")) == []
    assert rows_of(await page_of(service, APPRAISER, "/appraisal/all?q=de+nghi+tang")) == ["Đề nghị tăng 100% chỉ tiêu"]
    assert len(rows_of(await page_of(service, APPRAISER, "/appraisal/all?q=van+phong"))) == 4  # the unit's name
    # The queue searches the same way, among the dossiers it holds.
    assert rows_of(await page_of(service, APPRAISER, "/appraisal?q=pham")) == ["Đề nghị tăng 100% chỉ tiêu"]


async def test_filters_by_stage_unit_campaign_and_overdue(service: Service, dossiers) -> None:
    page = await page_of(service, APPRAISER, "/appraisal/all?stage=appraised")
    assert rows_of(page) == ["Đã thẩm định xong"]  # appraised: gone from the queue, kept here
    assert "Đã thẩm định xong" not in rows_of(await page_of(service, APPRAISER, "/appraisal?size=100"))
    with Session(service.engine) as session:
        office = unit_of(session, "vp-hdnd-ubnd").id
    assert len(rows_of(await page_of(service, APPRAISER, f"/appraisal/all?unit={office}"))) == 4
    overdue = await page_of(service, APPRAISER, "/appraisal/all?overdue=yes&sort=title")
    assert rows_of(overdue) == ["Chờ bổ sung quá hạn", "Đề nghị tăng 100% chỉ tiêu"]
    assert overdue.count("Quá hạn</span>") == 2
    assert rows_of(await page_of(service, APPRAISER, "/appraisal?overdue=yes&sort=title")) == rows_of(overdue)
    page = await page_of(service, APPRAISER, f"/appraisal/all?campaign={dossiers['campaign']}")
    assert count_of(page) == "Hiển thị 1–25 trên 64 khớp với điều kiện tìm, lọc."
    # The campaign's title is shown, not its code.
    assert "Phong trào" in page or "thi đua" in page.split("<tbody>")[1]
    assert f">{dossiers['campaign']}<" not in page.split("<tbody>")[1]


async def test_sorting_and_pages_counted_in_sql(service: Service, dossiers) -> None:
    first = await page_of(service, UNIT_HEAD, "/unit?sort=oldest")
    assert rows_of(first)[:3] == ["Hồ sơ số 00", "Hồ sơ số 01", "Hồ sơ số 02"]
    assert count_of(first) == "Hiển thị 1–25 trên 60."
    third = await page_of(service, UNIT_HEAD, "/unit?sort=oldest&page=3")
    assert rows_of(third) == [f"Hồ sơ số {n}" for n in range(50, 60)]
    assert count_of(third) == "Hiển thị 51–60 trên 60."
    assert 'aria-current="page" aria-label="Trang 3, đang xem">3</a>' in third and 'rel="prev"' in third and 'rel="next"' not in third
    newest = await page_of(service, UNIT_HEAD, "/unit?size=50")
    assert rows_of(newest)[0] == "Hồ sơ số 59" and len(rows_of(newest)) == 50
    by_title = rows_of(await page_of(service, APPRAISER, "/appraisal/all?sort=title&size=100"))
    assert by_title == sorted(by_title, key=str.lower) and len(by_title) == 64
    # The unit head sees only the unit's own dossiers.
    assert "Hồ sơ văn phòng" not in rows_of(await page_of(service, UNIT_HEAD, "/unit?size=100"))


async def test_bounds_of_the_address_are_clamped(service: Service, dossiers) -> None:
    past = await page_of(service, UNIT_HEAD, "/unit?sort=oldest&page=999999999")
    assert count_of(past) == "Hiển thị 51–60 trên 60."  # past the last page: the last
    for odd in ("page=abc", "page=-4", "size=7", "size=abc", "sort=id;drop", "stage=nonsense", "overdue=maybe"):
        page = await page_of(service, UNIT_HEAD, f"/unit?{odd}")
        assert count_of(page) == "Hiển thị 1–25 trên 60.", odd
    huge = await page_of(service, APPRAISER, "/appraisal/all?size=100000")  # the largest size offered, no more
    assert count_of(huge) == "Hiển thị 1–64 trên 64." and '<option value="100" selected>' in huge
    long = await page_of(service, APPRAISER, "/appraisal/all?q=" + "a" * 5000)
    assert 'value="' + "a" * 100 + '"' in long and "a" * 101 not in long


async def test_another_issuers_rows_are_never_listed(service: Service, dossiers) -> None:
    other = dossiers["other"]
    with Session(service.engine) as session:
        own_mails(session, dossiers["campaign"], 3)
    pages = {
        "/appraisal/all?q=nguyen&size=100": APPRAISER,
        f"/appraisal/all?campaign={other['campaign']}": APPRAISER,  # not among the choices: not filtered by
        "/appraisal?q=khac": APPRAISER,
        "/appraisal/records?q=nguyen": APPRAISER,
        "/admin/campaigns?q=nguyen": ADMIN,
        "/admin/users?q=nguyen": ADMIN,
        "/admin/mail?q=nguyen": ADMIN,
    }
    for path, user in pages.items():
        page = await page_of(service, user, path)
        for mark in (other["dossier"], other["campaign"], other["user"], "Khác", "nguoikhac@"):
            assert mark not in page, (path, mark)
    mail = await page_of(service, ADMIN, "/admin/mail?q=nguyen+van")
    assert count_of(mail) == "Hiển thị 1–3 trên 3 khớp với điều kiện tìm, lọc."


async def test_users_campaigns_and_mail_lists_search_filter_and_page(service: Service, dossiers) -> None:
    with Session(service.engine) as session:
        own_users(session, 30)
        own_mails(session, dossiers["campaign"], 30)
        head = session.exec(select(models.User).where(models.User.username == UNIT_HEAD)).one()
    users = await page_of(service, ADMIN, "/admin/users?q=can+bo")
    assert count_of(users) == "Hiển thị 1–25 trên 30 khớp với điều kiện tìm, lọc."
    assert "<code>canbo000</code>" in users and "<code>canbo029</code>" not in users
    assert "<code>canbo029</code>" in await page_of(service, ADMIN, "/admin/users?q=can+bo&page=2")
    heads = await page_of(service, ADMIN, "/admin/users?role=unit_head")
    assert "<code>truongphong.kinhte</code>" in heads and "<code>thamdinh</code>" not in heads
    assert "<code>truongphong.kinhte</code>" in await page_of(service, ADMIN, f"/admin/users?unit={head.unit_id}")
    campaigns = await page_of(service, ADMIN, "/admin/campaigns?kind=emulation&q=ke+sat")
    assert f"/admin/campaigns/{dossiers['campaign']}" in campaigns
    assert "Không có đợt thi đua nào" in await page_of(service, ADMIN, "/admin/campaigns?q=khong+co+dau")
    mail = await page_of(service, ADMIN, "/admin/mail?status=sent&sort=oldest")
    assert count_of(mail) == "Hiển thị 1–25 trên 30 khớp với điều kiện tìm, lọc."
    assert mail.index("Thư số 0 ") < mail.index("Thư số 1 ")
    assert "Không có thư nào khớp" in await page_of(service, ADMIN, "/admin/mail?status=refused")
