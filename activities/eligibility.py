"""The eligibility checks: the campaign's rules and the law, over the registry of records.

Each finding is stored with what it looked at, keyed by the dossier event the check belongs to, so a
retried activity stores it once.
"""

from sqlalchemy import Engine
from sqlmodel import Session, select
from temporalio import activity

from db import models
from db.record_facts import findings_of
from schemas.campaign import EmulationPlan
from schemas.dossier import CheckRequest, Finding, NomineeFindings


class EligibilityActivities:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @activity.defn
    def check_nominees(self, request: CheckRequest) -> list[NomineeFindings]:
        with Session(self.engine) as session:
            campaign = session.exec(select(models.Campaign).where(models.Campaign.code == request.campaign_code)).one()
            plan = EmulationPlan.model_validate(campaign.settings)
            results = []
            for nominee in request.nominees:
                findings = [
                    Finding(rule=f.rule, verdict=f.verdict, message=f.message, record_ids=f.record_ids)
                    for f in findings_of(session, plan, nominee, request.on)
                ]
                self._store(session, request, nominee.key, findings)
                results.append(NomineeFindings(nominee_key=nominee.key, findings=findings))
            session.commit()
            return results

    def _store(self, session: Session, request: CheckRequest, nominee_key: str, findings: list[Finding]) -> None:
        stored = session.exec(
            select(models.EligibilityCheck).where(
                models.EligibilityCheck.check_key == request.key, models.EligibilityCheck.nominee_key == nominee_key
            )
        ).first()
        if stored is not None:
            return
        for position, finding in enumerate(findings):
            session.add(
                models.EligibilityCheck(
                    dossier_id=request.dossier_id,
                    check_key=request.key,
                    position=position,
                    step=request.step,
                    nominee_key=nominee_key,
                    checked_on=request.on,
                    **finding.model_dump(),
                )
            )
