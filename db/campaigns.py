"""Storing a validated campaign settings file as a campaign."""

from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from db.issuers import issuer_id_of
from db.models import Campaign, CampaignRun, CampaignSettingsVersion, Dossier, HistoryEntry, Nominee, utcnow
from db.queries import vn_day
from schemas.campaign import EmulationPlan, ReformPlan
from schemas.campaign_changes import RulesNotice, SettingsFacts, settings_diff
from schemas.council import CampaignState
from schemas.dossier_actions import FINAL_STAGES

Plan = EmulationPlan | ReformPlan


class CampaignExists(ValueError):
    """A plan whose code is already loaded: the stored campaign, left as it was."""

    def __init__(self, campaign: Campaign) -> None:
        super().__init__(campaign.code)
        self.campaign = campaign


def _columns(session: Session, settings: Plan) -> dict:
    emulation = isinstance(settings, EmulationPlan)
    return {
        "issuer_id": issuer_id_of(session, settings.issuer.code),
        "kind": settings.kind,
        "title": settings.plan.title,
        "issuer_name": settings.issuer.name,
        "receiving_office": settings.receiving_office if emulation else settings.reports.to_office,
        "submit_before": settings.deadlines.submit_before if emulation else None,
        "settings": settings.model_dump(mode="json"),
        "loaded_at": utcnow(),
    }


def _loaded(session: Session, codes: list[str]) -> Campaign | None:
    return session.exec(select(Campaign).where(col(Campaign.code).in_(codes)).order_by(Campaign.code)).first()


def add_campaigns(session: Session, plans: Sequence[Plan]) -> list[Campaign]:
    """Insert the campaigns of a loaded file (a yearly plan has several), all or none.

    A code already loaded, by either kind of plan, is refused with CampaignExists: its workflow holds the
    settings it started with, so a row replaced under it would tell another story than the workflow. A
    changed plan is loaded under a new code.
    """
    codes = [plan.code for plan in plans]
    existing = _loaded(session, codes)
    if existing is not None:
        raise CampaignExists(existing)
    campaigns = [Campaign(code=plan.code, **_columns(session, plan)) for plan in plans]
    session.add_all(campaigns)
    try:
        session.commit()
    except IntegrityError:  # the same code loaded meanwhile by another request
        session.rollback()
        raise CampaignExists(_loaded(session, codes)) from None
    for campaign in campaigns:
        session.refresh(campaign)
    return campaigns


def save_campaign(session: Session, settings: Plan) -> Campaign:
    """Insert the campaign, or replace the settings of the one with the same code: for the demo data and
    tests, which set a campaign up before its workflows start. A file an administrator loads goes through
    add_campaigns, which never replaces."""
    campaign = session.exec(select(Campaign).where(Campaign.code == settings.code)).first() or Campaign(
        code=settings.code
    )
    campaign.sqlmodel_update(_columns(session, settings))
    session.add(campaign)
    session.commit()
    session.refresh(campaign)
    return campaign


# --- a running campaign's versions, and what its dossiers have done ---------------------------------


def settings_facts(session: Session, code: str) -> SettingsFacts:
    """The subject kinds the campaign's dossiers (not withdrawn) propose, and the day of its latest submission."""
    kinds = session.exec(
        select(Nominee.subject_kind).join(Dossier, Dossier.id == Nominee.dossier_id)
        .where(Dossier.campaign_code == code, Dossier.stage != "withdrawn").distinct()
    ).all()
    last = session.exec(
        select(HistoryEntry.at).join(Dossier, Dossier.id == HistoryEntry.dossier_id)
        .where(Dossier.campaign_code == code, HistoryEntry.action == "submit")
        .order_by(col(HistoryEntry.at).desc())
    ).first()
    return SettingsFacts(kinds_in_use=sorted(kinds), last_submitted_on=last and vn_day(last))


def campaign_dossiers(session: Session, code: str) -> list[tuple[str, int]]:
    """The campaign's dossiers not at an end, with their units."""
    rows = session.exec(
        select(Dossier.id, Dossier.unit_id)
        .where(Dossier.campaign_code == code, col(Dossier.stage).not_in([s.value for s in FINAL_STAGES]))
        .order_by(Dossier.id)
    ).all()
    return [(dossier_id, unit_id) for dossier_id, unit_id in rows]


def dossier_rules_now(session: Session, code: str, unit_id: int) -> RulesNotice:
    """A dossier's rules as the campaign has them now: its settings in force, the submission deadline as the
    workflow resolved it (or the unit's extension), and the campaign event they follow."""
    campaign = session.exec(select(Campaign).where(Campaign.code == code)).one()
    rules = EmulationPlan.model_validate(campaign.settings).dossier_rules()
    run = session.get(CampaignRun, code)
    seq = 0
    if run is not None:
        state = CampaignState.model_validate(run.state)
        seq = run.last_seq
        rules.submit_before = state.submit_before
        extension = state.extensions.get(unit_id)
        if extension and (rules.submit_before is None or extension.until > rules.submit_before):
            rules.submit_before = extension.until
    return RulesNotice(rules=rules, campaign_seq=seq, detail="")


def save_settings_version(session: Session, code: str, version: int, settings: EmulationPlan, actor_user_id: int | None,
                          actor_name: str, reason: str) -> int:
    """Store the version and make it the campaign's settings; idempotent on (campaign, version). Returns how many
    fields it changed."""
    saved = session.exec(
        select(CampaignSettingsVersion).where(
            CampaignSettingsVersion.campaign_code == code, CampaignSettingsVersion.version == version
        )
    ).first()
    if saved is not None:
        return len(saved.changes)
    campaign = session.exec(select(Campaign).where(Campaign.code == code)).one()
    new = settings.model_dump(mode="json")
    changes = [c.model_dump(mode="json") for c in settings_diff(campaign.settings, new)]
    session.add(CampaignSettingsVersion(
        campaign_code=code, version=version, settings=new, changes=changes, actor_user_id=actor_user_id,
        actor_name=actor_name, reason=reason, applied_at=utcnow(),
    ))
    kept = {"loaded_at": campaign.loaded_at, "submit_before": campaign.submit_before}
    # When it was loaded stays (each version has its own time); the deadline, as the workflow resolves it, comes
    # with the workflow's save of the change.
    campaign.sqlmodel_update({**_columns(session, settings), **kept})
    session.add(campaign)
    session.commit()
    return len(changes)


def settings_versions(session: Session, code: str) -> list[CampaignSettingsVersion]:

    return list(session.exec(
        select(CampaignSettingsVersion).where(CampaignSettingsVersion.campaign_code == code)
        .order_by(col(CampaignSettingsVersion.version))
    ).all())
