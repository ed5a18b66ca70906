"""The lists of dossiers the pages show (the unit's, the appraisal queue, the office's "Tất cả hồ sơ"): their
filters, read from the address (web/pages/listing.py), and a page of rows (db/dossier_list.py)."""

from datetime import datetime
from typing import Any

from fastapi import Request
from sqlmodel import Session, col, select

from common.text import VN_TZ
from common.workdays import default_calendar
from db import models
from db.dossier_list import DOSSIER_SORTS, DossierRow, list_dossiers
from db.one_off import proposer_of
from schemas.dossier_actions import STAGE_NAMES, Stage
from web.pages.listing import Filter, Listing, read
from web.scope import campaign_codes, visible_dossiers

OVERDUE = {"yes": "Chỉ hồ sơ quá hạn"}
SEARCH_LABEL = "Tìm hồ sơ (theo tên, đơn vị, người được đề nghị)"
SEARCH_HINT = "Gõ có dấu hay không dấu đều được, ví dụ: nguyen van"


def dossier_listing(
    request: Request, session: Session, user: models.User, *, stages: list[str] | None = None,
    unit_id: int | None = None, sorts: list[str] | None = None,
) -> tuple[Listing, list[DossierRow]]:
    """A page of the user's issuer's dossiers (of these stages, of this unit, if given), as the address asks."""
    codes = campaign_codes(user).where(models.Campaign.kind == "emulation")
    campaigns = {c.code: c.title for c in session.exec(select(models.Campaign).where(col(models.Campaign.code).in_(codes))
                                                          .order_by(col(models.Campaign.loaded_at).desc()))
                 if unit_id is None or proposer_of(c.code) in (None, unit_id)}  # not another unit's one-off award
    stages = [Stage(s) for s in stages] if stages else None
    shown_stages = stages or list(Stage)
    filters = [
        Filter("campaign", "Lọc theo đợt", campaigns),
        Filter("stage", "Lọc theo bước", {s.value: STAGE_NAMES[s] for s in shown_stages}),
        Filter("overdue", "Lọc theo thời hạn", OVERDUE, "(mọi hồ sơ)"),
    ]
    if unit_id is None:
        units = session.exec(select(models.Unit).where(models.Unit.issuer_id == user.issuer_id).order_by(models.Unit.name))
        filters.insert(1, Filter("unit", "Lọc theo đơn vị", {str(u.id): u.name for u in units}))
    offered = {key: DOSSIER_SORTS[key] for key in (sorts or list(DOSSIER_SORTS))}
    listing = read(request, offered, filters, SEARCH_LABEL, SEARCH_HINT)
    base = visible_dossiers(user)
    if stages:
        base = base.where(col(models.Dossier.stage).in_([s.value for s in stages]))
    chosen = listing.chosen
    rows, total, page = list_dossiers(
        session, base, codes, key=listing.key, campaign=chosen.get("campaign"),
        unit_id=unit_id if unit_id is not None else _int(chosen.get("unit")), stage=chosen.get("stage"),
        overdue="overdue" in chosen, sort=listing.sort, page=listing.page, size=listing.size,
        calendar=default_calendar(), today=datetime.now(VN_TZ).date(),
    )
    return listing.counted(total, page), rows


def _int(text: Any) -> int | None:
    return int(text) if text else None
