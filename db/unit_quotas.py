"""A unit's nominees counted against its quotas (schemas/quotas.py): at submission, under the lock of the unit's row
of the campaign, and for the pages.

What counts: every dossier of the unit in the campaign that was submitted (its claim, the nominees it went in
with), whatever became of them later, except a dossier withdrawn or lapsed, which frees its places, and one
recalled by its unit, whose claim goes. A dossier
submitted before claims were kept counts its nominees that went on past the unit's meeting.
"""

from datetime import datetime

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from db import models
from schemas.campaign import EmulationPlan
from schemas.dossier_actions import NomineeStatus, Stage
from schemas.errors import ERRORS, error_message
from schemas.quotas import QuotaClaim, QuotaStanding, UnitCount, UnitQuota, exceeded, rule_for, shortfalls, standing

FREED = {Stage.withdrawn.value, Stage.lapsed.value}  # a dossier taken back, or never completed: its places free
NOT_SUBMITTED = {Stage.draft.value, Stage.minutes_recorded.value}
NOT_GOING_IN = {NomineeStatus.proposed.value, NomineeStatus.not_selected.value}


class QuotaRefused(Exception):
    """A submission over a limit (or under a minimum that refuses): a code of schemas/errors.py and its details."""

    def __init__(self, code: str, details: dict) -> None:
        super().__init__(error_message(code, details))
        assert code in ERRORS
        self.code = code
        self.details = details


def lock(session: Session, campaign_code: str, unit_id: int) -> None:
    """Write the unit's row of the campaign first: PostgreSQL locks the row, SQLite the database, until the commit.

    A second submission of the unit waits here until the first has committed its claim, then counts it.
    """
    table = models.UnitQuotaLock.__table__
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = insert(table).values(campaign_code=campaign_code, unit_id=unit_id, checks=1)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[table.c.campaign_code, table.c.unit_id], set_={"checks": table.c.checks + 1}
        )
    )


def staff_count(session: Session, unit_id: int) -> int:
    """The unit's staff: the active people of the registry whose unit it is (not those of the units under it)."""
    query = select(func.count()).select_from(models.Person).where(
        models.Person.unit_id == unit_id, col(models.Person.active).is_(True)
    )
    return session.exec(query).one()


def counted(session: Session, campaign_code: str, unit_id: int, leave_out: str | None = None) -> UnitCount:
    """The nominees the unit's submitted dossiers of the campaign went in with (but `leave_out`'s)."""
    dossiers = session.exec(
        select(models.Dossier.id, models.Dossier.stage).where(
            models.Dossier.campaign_code == campaign_code, models.Dossier.unit_id == unit_id
        )
    ).all()
    claims = {
        claim.dossier_id: claim
        for claim in session.exec(
            select(models.UnitQuotaClaim).where(
                models.UnitQuotaClaim.campaign_code == campaign_code, models.UnitQuotaClaim.unit_id == unit_id
            )
        )
    }
    total = UnitCount()
    for dossier_id, stage in dossiers:
        if dossier_id == leave_out or stage in FREED:
            continue
        claim = claims.get(dossier_id)
        if claim is not None:  # stored by its submission's save, in the same transaction
            total = total.plus(UnitCount(collectives=claim.collectives, individuals=claim.individuals))
        elif stage not in NOT_SUBMITTED:  # submitted before claims were kept
            groups = session.exec(
                select(models.Nominee.group).where(
                    models.Nominee.dossier_id == dossier_id, col(models.Nominee.status).not_in(NOT_GOING_IN)
                )
            ).all()
            total = total.plus(UnitCount(collectives=groups.count("collective"), individuals=groups.count("individual")))
    return total


def unit_rule(session: Session, plan: EmulationPlan, unit_id: int) -> UnitQuota | None:
    unit = session.get(models.Unit, unit_id)
    return rule_for(plan.unit_quotas, unit.kind) if unit is not None else None


def claim_places(session: Session, claim: QuotaClaim, at: datetime) -> QuotaStanding | None:
    """Count the dossier's nominees with the unit's others, under the lock; store its claim, or refuse.

    Run by the submission's save (activities/dossier.py), which commits the claim with the dossier's new stage.
    None: the plan sets no number for this unit.
    """
    campaign = session.exec(select(models.Campaign).where(models.Campaign.code == claim.campaign_code)).one()
    plan = EmulationPlan.model_validate(campaign.settings)
    rule = unit_rule(session, plan, claim.unit_id)
    if rule is None:
        return None
    lock(session, claim.campaign_code, claim.unit_id)
    before = counted(session, claim.campaign_code, claim.unit_id, leave_out=claim.dossier_id)
    staff = staff_count(session, claim.unit_id) if rule.staff_share is not None else 0
    total = before.plus(claim.count)
    short = shortfalls(rule, total)
    row = session.get(models.UnitQuotaClaim, claim.dossier_id)
    if row is None:  # else the save ran before (a retry): the submission went in with its claim, counted then
        problem = exceeded(rule, staff, before, claim.count)
        if problem is not None:
            raise QuotaRefused("UNIT_QUOTA_EXCEEDED", problem)
        if short and rule.minimum_refuses:
            raise QuotaRefused("UNIT_QUOTA_MINIMUM", short[0])
        row = models.UnitQuotaClaim(
            dossier_id=claim.dossier_id, campaign_code=claim.campaign_code, unit_id=claim.unit_id, claimed_at=at
        )
    row.collectives, row.individuals = claim.count.collectives, claim.count.individuals
    session.add(row)
    warnings = [f"Cảnh báo: {error_message('UNIT_QUOTA_MINIMUM', s)}" for s in short]
    return standing(rule, staff, total, warnings)


def release_claim(session: Session, dossier_id: str) -> None:
    """A dossier recalled by its unit (workflows/dossier_recall.py): its places are free until it is submitted
    again, when its save counts it anew against the limits. Run by the recall's save, under the unit's lock."""
    row = session.get(models.UnitQuotaClaim, dossier_id)
    if row is not None:
        lock(session, row.campaign_code, row.unit_id)
        session.delete(row)


def unit_standing(session: Session, plan: EmulationPlan, unit_id: int) -> QuotaStanding | None:
    """What the unit's submitted dossiers count against its limits, for the pages; None: no number for it."""
    rule = unit_rule(session, plan, unit_id)
    if rule is None:
        return None
    staff = staff_count(session, unit_id) if rule.staff_share is not None else 0
    total = counted(session, plan.code, unit_id)
    warnings = [error_message("UNIT_QUOTA_MINIMUM", s) for s in shortfalls(rule, total)]
    return standing(rule, staff, total, warnings)
