"""The admin's list of their issuer's users: searched, filtered by role, unit and whether in use, sorted and
paged in SQL (db/lists.py list_users), read from the address (web/pages/listing.py)."""

from fastapi import Request
from sqlmodel import Session, select

from db import models
from db.lists import USER_SORTS, list_users
from schemas.dossier_actions import ROLE_NAMES, Role
from web.pages.listing import Filter, Listing, read

ACTIVE_NAMES = {"yes": "Đang dùng", "no": "Đã ngừng"}


def users_listing(request: Request, session: Session, issuer_id: int) -> tuple[Listing, list[models.User]]:
    units = session.exec(select(models.Unit).where(models.Unit.issuer_id == issuer_id).order_by(models.Unit.name))
    filters = [
        Filter("role", "Lọc theo vai trò", {role.value: name for role, name in ROLE_NAMES.items() if role != Role.super_admin}),
        Filter("unit", "Lọc theo đơn vị", {str(unit.id): unit.name for unit in units}),
        Filter("active", "Lọc theo tình trạng", ACTIVE_NAMES),
    ]
    listing = read(request, USER_SORTS, filters, "Tìm tài khoản (theo tên đăng nhập, họ tên, thư điện tử)")
    chosen = listing.chosen
    rows, total, number = list_users(
        session, issuer_id, key=listing.key, role=chosen.get("role"),
        unit_id=int(chosen["unit"]) if "unit" in chosen else None, active=chosen.get("active"), sort=listing.sort,
        page=listing.page, size=listing.size,
    )
    return listing.counted(total, number), rows
