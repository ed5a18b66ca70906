"""Each list of the pages as an .xlsx ("Tải về Excel"): the page's address with ".xlsx" after it, the same
search, filters and sort read from the same query string by the same code (web/pages/listing.py and the lists'
own readers), every page of the list (up to documents.list_export.MOST_ROWS rows), for the same roles and
scoped as the page is.

    /unit.xlsx              the unit's dossiers (its head)
    /appraisal.xlsx         the appraisal queue (the office)
    /appraisal/all.xlsx     "Tất cả hồ sơ" (the office)
    /appraisal/records.xlsx the registry's records (the office)
    /admin/users.xlsx       the issuer's users (its admin)
    /admin/mail.xlsx        the outbox (the admin)
    /admin/campaigns.xlsx   the campaigns (the admin)

A campaign's nominees with their status and its awardees are the campaign's own lists.xlsx (web/pages/downloads.py).
"""

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlmodel import Session, select

from common.text import VN_TZ
from db import lists, models
from db.queries import IN_APPRAISAL
from db.records import record_public
from documents.list_export import MOST_ROWS, workbook
from schemas.council import PHASE_NAMES
from schemas.dossier_actions import APPRAISERS, ROLE_NAMES, STAGE_NAMES, Role
from web import logins
from web.deps import SessionDep
from web.pages import admin, appraisal
from web.pages.deps import for_roles
from web.pages.dossier_lists import dossier_listing
from web.pages.listing import SIZES, Listing, read
from web.pages.user_list import users_listing
from web.routes import directory as directory_api
from web.scope import campaign_codes, mail_condition, visible_record_ids

router = APIRouter(include_in_schema=False)

UnitHead = Annotated[models.User, for_roles(Role.unit_head)]
Appraiser = Annotated[models.User, for_roles(*APPRAISERS)]
Admin = Annotated[models.User, for_roles(Role.admin)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNIT_SORTS = ["newest", "oldest", "title", "campaign"]  # as the unit's page offers them (web/pages/unit.py)

Fetch = Callable[[Request], tuple[Listing, list[Any]]]


def _page_request(request: Request, page: int) -> Request:
    """The request as the list's page `page` of the largest size would be asked for."""
    params = dict(request.query_params) | {"page": str(page), "size": str(SIZES[-1])}
    scope = dict(request.scope, query_string=urlencode(params).encode())
    return Request(scope, request.receive)


def every_row(request: Request, fetch: Fetch) -> tuple[Listing, list[Any], bool]:
    """Every row of the list as the address filters it, page after page; True when cut at MOST_ROWS."""
    rows: list[Any] = []
    number = 1
    while True:
        listing, found = fetch(_page_request(request, number))
        rows.extend(found)
        if len(rows) >= MOST_ROWS:
            return listing, rows[:MOST_ROWS], listing.total > MOST_ROWS
        if listing.page >= listing.last_page:
            return listing, rows, False
        number += 1


def _filters_note(listing: Listing) -> str | None:
    """What the list was made with, for the file's last row: "Danh sách đã tìm, lọc — Tìm: «nguyen»; <the
    filter's label>: Đang thẩm định"."""
    parts = [f"Tìm: «{listing.q}»"] if listing.q else []
    for spec in listing.filters:
        if spec.name in listing.chosen:
            parts.append(f"{spec.label}: {spec.choices[listing.chosen[spec.name]]}")
    return ("Danh sách đã tìm, lọc — " + "; ".join(parts) + ".") if parts else None


def _file(name: str, title: str, headers: list[str], rows: list[list], listing: Listing, cut: bool) -> Response:
    filename = f"{name}-{datetime.now(VN_TZ).date():%Y%m%d}.xlsx"
    disposition = f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
    content = workbook(title, headers, rows, _filters_note(listing), cut)
    return Response(content, media_type=XLSX, headers={"Content-Disposition": disposition})


# --- dossiers --------------------------------------------------------------------------------------

DOSSIER_HEADERS = ["STT", "Hồ sơ", "Đợt thi đua", "Đơn vị", "Bước", "Nhận ngày", "Hạn", "Quá hạn", "Lập ngày",
                   "Số quyết định"]


def _dossier_rows(rows) -> list[list]:
    return [
        [i, r.dossier.title, r.campaign_title, r.dossier.unit_name, STAGE_NAMES[r.dossier.stage], r.received_on,
         r.due, "Quá hạn" if r.overdue else "", r.dossier.created_at, r.dossier.decision_number]
        for i, r in enumerate(rows, start=1)
    ]


@router.get("/unit.xlsx")
def unit_dossiers(request: Request, session: SessionDep, user: UnitHead) -> Response:
    listing, rows, cut = every_row(
        request, lambda r: dossier_listing(r, session, user, unit_id=user.unit_id, sorts=UNIT_SORTS))
    return _file("ho-so-cua-don-vi", "Hồ sơ của đơn vị", DOSSIER_HEADERS, _dossier_rows(rows), listing, cut)


@router.get("/appraisal.xlsx")
def appraisal_queue(request: Request, session: SessionDep, user: Appraiser) -> Response:
    listing, rows, cut = every_row(
        request, lambda r: dossier_listing(r, session, user, stages=IN_APPRAISAL, sorts=appraisal.QUEUE_SORTS))
    return _file("ho-so-cho-tham-dinh", "Hồ sơ chờ thẩm định", DOSSIER_HEADERS, _dossier_rows(rows), listing, cut)


@router.get("/appraisal/all.xlsx")
def all_dossiers(request: Request, session: SessionDep, user: Appraiser) -> Response:
    listing, rows, cut = every_row(request, lambda r: dossier_listing(r, session, user))
    return _file("tat-ca-ho-so", "Tất cả hồ sơ", DOSSIER_HEADERS, _dossier_rows(rows), listing, cut)


# --- the registry's records ------------------------------------------------------------------------


def _records(session: Session, user: models.User) -> Fetch:
    def fetch(request: Request) -> tuple[Listing, list[Any]]:
        listing = read(request, lists.RECORD_SORTS, appraisal.RECORD_FILTERS)
        found, total, number = lists.list_records(
            session, visible_record_ids(user), key=listing.key, kind=listing.chosen.get("kind"),
            match_status=listing.chosen.get("match"), sort=listing.sort, page=listing.page, size=listing.size,
        )
        return listing.counted(total, number), found

    return fetch


@router.get("/appraisal/records.xlsx")
def records(request: Request, session: SessionDep, user: Appraiser) -> Response:
    listing, found, cut = every_row(request, _records(session, user))
    rows = []
    for i, record in enumerate(found, start=1):
        shown = record_public(session, record)
        rows.append([i, shown.id, shown.subject_label, shown.summary, appraisal.MATCH_NAMES[shown.match_status],
                     shown.created_at])
    headers = ["STT", "Số", "Đối tượng", "Nội dung", "Xác định đối tượng", "Ghi lúc"]
    return _file("so-theo-doi", "Sổ theo dõi", headers, rows, listing, cut)


# --- the admin's lists -----------------------------------------------------------------------------


@router.get("/admin/users.xlsx")
def users(request: Request, session: SessionDep, user: Admin) -> Response:
    issuer_id = directory_api.issuer_of(user, "Quản lý danh mục")
    listing, found, cut = every_row(request, lambda r: users_listing(r, session, issuer_id))
    units = {u.id: u.name for u in session.exec(select(models.Unit).where(models.Unit.issuer_id == issuer_id))}
    locked = {u.id: u.locked_until for u in logins.locked_users(session)}
    rows = [
        [i, u.username, u.full_name, ", ".join(ROLE_NAMES[Role(r)] for r in u.roles), units.get(u.unit_id, ""), u.email,
         "Đã ngừng" if not u.active else ("Có" if u.password_hash else "Chưa đặt mật khẩu"),
         locked.get(u.id)]
        for i, u in enumerate(found, start=1)
    ]
    headers = ["STT", "Tên đăng nhập", "Họ và tên", "Vai trò", "Đơn vị", "Thư điện tử", "Đăng nhập bằng mật khẩu",
               "Tạm khóa đến"]
    return _file("tai-khoan", "Tài khoản", headers, rows, listing, cut)


@router.get("/admin/mail.xlsx")
def mail(request: Request, session: SessionDep, user: Admin) -> Response:
    def fetch(r: Request) -> tuple[Listing, list[Any]]:
        listing = read(r, lists.MAIL_SORTS, admin.MAIL_FILTERS)
        found, total, number = lists.list_mails(
            session, mail_condition(user), key=listing.key, status=listing.chosen.get("status"), sort=listing.sort,
            page=listing.page, size=listing.size,
        )
        return listing.counted(total, number), found

    listing, found, cut = every_row(request, fetch)
    rows = [[i, m.recipient, m.subject, admin.STATUS_NAMES[m.status], m.attempts, m.last_error, m.created_at, m.sent_at]
            for i, m in enumerate(found, start=1)]
    headers = ["STT", "Người nhận", "Tiêu đề", "Trạng thái", "Số lần gửi", "Lỗi gần nhất", "Ghi lúc", "Gửi lúc"]
    return _file("thu-di", "Thư đi", headers, rows, listing, cut)


@router.get("/admin/campaigns.xlsx")
def campaigns(request: Request, session: SessionDep, user: Admin) -> Response:
    def fetch(r: Request) -> tuple[Listing, list[Any]]:
        listing = read(r, lists.CAMPAIGN_SORTS, admin.CAMPAIGN_FILTERS)
        found, total, number = lists.list_campaigns(
            session, campaign_codes(user), key=listing.key, kind=listing.chosen.get("kind"),
            phase=listing.chosen.get("phase"), sort=listing.sort, page=listing.page, size=listing.size,
        )
        return listing.counted(total, number), found

    listing, found, cut = every_row(request, fetch)
    rows = [
        [i, c.title, c.code, c.issuer_name, c.submit_before,
         PHASE_NAMES[run.phase] if run else admin.KIND_NAMES.get(c.kind, ""), c.loaded_at]
        for i, (c, run) in enumerate(found, start=1)
    ]
    headers = ["STT", "Kế hoạch", "Mã", "Cơ quan ban hành", "Hạn nộp (trước ngày)", "Giai đoạn", "Nạp lúc"]
    return _file("dot-thi-dua", "Đợt thi đua", headers, rows, listing, cut)
