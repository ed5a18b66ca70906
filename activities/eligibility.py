"""The eligibility checks: the campaign's rules and the law, over the registry of records.

Each finding is stored with what it looked at, keyed by the dossier event the check belongs to, by that
event's save (activities/dossier.py), so a retried save stores it once.
"""

from sqlalchemy import Engine
from sqlmodel import Session, select
from temporalio import activity

from db import models
from db.record_facts import findings_by_nominee
from schemas.campaign import EmulationPlan
from schemas.dossier import CheckRequest, Finding, NomineeFindings


class EligibilityActivities:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @activity.defn
    def check_nominees(self, request: CheckRequest) -> list[NomineeFindings]:
        """Only reads: the findings are stored by the save of the check's event (db/record_facts.py
        store_findings), so the check never holds the database's write lock while it reads the registry."""
        with Session(self.engine) as session:
            campaign = session.exec(select(models.Campaign).where(models.Campaign.code == request.campaign_code)).one()
            plan = EmulationPlan.model_validate(campaign.settings)
            found = findings_by_nominee(session, plan, request.nominees, request.on)
            return [
                NomineeFindings(
                    nominee_key=nominee.key,
                    findings=[
                        Finding(rule=f.rule, verdict=f.verdict, message=f.message, record_ids=f.record_ids)
                        for f in found[nominee.key]
                    ],
                )
                for nominee in request.nominees
            ]
