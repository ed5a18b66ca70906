"""What a dossier's page shows, for the unit head and the appraiser alike."""

from typing import Any, Awaitable, Callable

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, select
from starlette.datastructures import FormData

from db import models
from db.one_off import is_one_off
from db.unit_quotas import unit_standing
from schemas.campaign import EmulationPlan
from schemas.dossier import DossierState
from schemas.dossier_actions import APPRAISERS, STAGE_NAMES, Role, Stage
from web.pages.dossier_story import story
from web.pages.downloads import dossier_downloads, pdf_available
from web.pages.person_links import nominee_links
from web.pages.registration import registration_fact
from web.pages.render import Failure, page, take_form
from web.routes import dossiers as dossiers_api

VERDICT_NAMES = {"pass": "Đạt", "warn": "Cảnh báo", "block": "Không đủ điều kiện", "suspend": "Tạm dừng xét"}
STEP_NAMES = {"submit": "Khi nộp", "appraisal": "Khi thẩm định", "council": "Khi trình Hội đồng", "signing": "Trước khi ký"}


def dossier_context(session: Session, dossier_id: str, user: models.User) -> dict[str, Any]:
    """The dossier (unit heads: their own unit's only), its plan's rules and the checks of its nominees."""
    row = dossiers_api.load_dossier(session, dossier_id, user)
    dossier = dossiers_api.detail(session, row)
    campaign = session.exec(select(models.Campaign).where(models.Campaign.code == dossier.campaign_code)).one()
    plan = EmulationPlan.model_validate(campaign.settings)
    state = DossierState.model_validate(row.state)
    checks = session.exec(
        select(models.EligibilityCheck)
        .where(models.EligibilityCheck.dossier_id == dossier_id)
        .order_by(models.EligibilityCheck.id)
    ).all()
    return {
        "dossier": dossier,
        "stage": Stage(dossier.stage),
        "stages": Stage,
        "stage_names": STAGE_NAMES,
        "campaign": campaign,
        "plan": plan,
        "checks": checks,
        "verdict_names": VERDICT_NAMES,
        "step_names": STEP_NAMES,
        "nominee_names": {n.key: n.name for n in dossier.nominees},
        "minutes": state.minutes,  # the unit's meeting as recorded: its summary (templates/pages/_dossier_minutes.html)
        "removed_nominees": {n.key: n.name for n in state.removed_nominees},  # owners of files set aside with them
        "downloads": dossier_downloads(dossier_id, state),
        "shown_inline": dossiers_api.SHOWN_INLINE,  # the attached files a browser shows itself: a "Xem" link
        # whom each nominee is in the registry of people: for staff only, with dates of birth
        "links": nominee_links(session, state, campaign.issuer_id) if user.holds(*APPRAISERS) else {},
        "pdf": pdf_available(),
        "registration": registration_fact(session, campaign, row),  # đăng ký thi đua, where the plan asks for it
        # the unit's nominees submitted in the campaign against the plan's quotas per unit (None: no number)
        "quota": unit_standing(session, plan, row.unit_id),
    }


def dossier_page(
    request: Request, session: Session, user: models.User, dossier_id: str, area: str, failure: Failure | None = None
) -> HTMLResponse:
    context = dossier_context(session, dossier_id, user) | {"area": area, "failure": failure}
    context["back"] = back_link(user, area, context["campaign"].code)
    context["lodging"] = area == "unit" and not user.holds(Role.unit_head)  # the office, in the unit's name
    # its steps, next action and help; before it is sent, its documents and checks as a submission finds them
    context |= story(session, context["plan"], session.get(models.Dossier, dossier_id), context["dossier"], area)
    return page(request, "dossier.html", context, failure.status if failure else 200)


def back_link(user: models.User, area: str, campaign_code: str) -> tuple[str, str]:
    """Where the page's "←" goes: the unit's dossiers, the office's, or the one-off awards the office lodges for."""
    if area != "unit":
        return "/appraisal", "Hồ sơ chờ thẩm định"
    if user.holds(Role.unit_head):
        return "/unit", "Hồ sơ của đơn vị"
    # the office, lodging in the unit's name (web/unit_actions.py)
    return ("/one-off", "Khen thưởng đột xuất") if is_one_off(campaign_code) else ("/appraisal/all", "Tất cả hồ sơ")


async def dossier_form(
    request: Request, session: Session, user: models.User, dossier_id: str, area: str, form_name: str, form: FormData,
    action: Callable[[], Awaitable[Any]],
) -> Response:
    """Run a form's action; refused, the dossier's page again, with the form as typed and the reason."""

    def show(failure: Failure) -> Response:
        return dossier_page(request, session, user, dossier_id, area, failure)

    return await take_form(form_name, form, action, f"/{area}/dossiers/{dossier_id}", show)
