"""Who takes a unit's own actions on a dossier (lodge it, add nominees, attach files, submit): the unit's head,
or the receiving office where the campaign lets it lodge in the unit's name (EmulationPlan.office_lodges: a
one-off award the office raised). Checked here as the dossier's workflow checks it, before anything is stored
or matched; the workflow's validator decides again."""

from sqlmodel import Session, select
from temporalio.exceptions import ApplicationError

from db import models
from db.one_off import proposer_of
from schemas.campaign import DossierRules, EmulationPlan
from schemas.dossier_actions import ACTIONS, APPRAISERS, ROLE_NAMES, Actor, check_actor, for_unit_by_office
from web.deps import actor_of
from web.errors import ServiceError
from web.scope import campaign_to_nominate_in


def office_lodges(session: Session, campaign_code: str) -> bool:
    settings = session.exec(select(models.Campaign.settings).where(models.Campaign.code == campaign_code)).first()
    return settings is not None and EmulationPlan.model_validate(settings).office_lodges


def unit_actor(session: Session, user: models.User, dossier: models.Dossier, action: str) -> Actor:
    """The user as the workflow sees them taking the unit's `action` on `dossier`; else the refusal it gives.
    The campaign's settings are read only for someone the action's roles leave out."""
    actor = actor_of(user, action)
    lodges = actor.role not in ACTIONS[action].roles and office_lodges(session, dossier.campaign_code)
    try:
        check_actor(action, actor, dossier.unit_id, lodges)
    except ApplicationError as refusal:  # the workflow's own refusal, before anything is stored or matched
        raise ServiceError(refusal.type, **refusal.details[0]) from None
    return actor


def lodging(session: Session, user: models.User, actor: Actor, campaign_code: str,
            unit_id: int | None) -> tuple[models.Campaign, DossierRules, models.Unit]:
    """The campaign a new dossier is made in, its rules and the unit it is of: a unit's head's own unit, or the
    one the office names where the campaign lets it lodge (a one-off award's proposing unit, if none is named)."""
    refused = ServiceError("WRONG_ROLE", role=ROLE_NAMES[actor.role], action=ACTIONS["create"].name)
    by_office = actor.role in APPRAISERS
    if actor.role not in ACTIONS["create"].roles and not by_office:
        raise refused
    if not by_office and unit_id not in (None, user.unit_id):
        raise ServiceError("OTHER_UNIT")
    unit_id = (unit_id or proposer_of(campaign_code)) if by_office else user.unit_id
    campaign = campaign_to_nominate_in(session, user, campaign_code, unit_id)
    rules = EmulationPlan.model_validate(campaign.settings).dossier_rules()
    if not by_office:
        return campaign, rules, session.get(models.Unit, unit_id)
    if not for_unit_by_office("create", actor.role, rules.office_lodges):
        raise refused
    unit = session.get(models.Unit, unit_id) if unit_id else None
    if unit is None or unit.issuer_id != campaign.issuer_id or not unit.active:
        raise ServiceError("LODGING_UNIT_REQUIRED")
    return campaign, rules, unit
