"""What the eligibility rules (schemas/eligibility.py) read of the registry for a nominee: its matched records
and the register's awards."""

from datetime import date

from sqlmodel import Session, select

from db import awards
from db.models import EligibilityCheck, Person, Unit
from db.records import records_for, to_facts
from schemas.campaign import EmulationPlan
from schemas.dossier import CheckFindings, Nominee
from schemas.eligibility import RecordFacts, Finding, SubjectFacts, evaluate



def findings_of(session: Session, plan: EmulationPlan, nominee: Nominee, on: date) -> list[Finding]:
    """Every rule of the plan (schemas/eligibility.py evaluate) over the nominee's records on a day: what the
    submission's check stores (activities/eligibility.py) and what the unit sees on its draft."""
    unit = session.get(Unit, nominee.unit_id) if nominee.unit_id else None
    subject = SubjectFacts(
        group=nominee.group,
        subject_kind=nominee.subject_kind,
        name=nominee.name,
        person_id=nominee.person_id,
        unit_id=nominee.unit_id,
        leader_person_id=unit.leader_person_id if unit else None,
        unmatched=nominee.unmatched,
    )
    # The register's awards (db/awards.py) count as past awards, those of this campaign left out.
    if subject.group == "individual":
        given = awards.facts(session, person_id=subject.person_id, besides_campaign=plan.code) if subject.person_id else []
    else:
        given = awards.facts(session, unit_id=subject.unit_id, besides_campaign=plan.code) if subject.unit_id else []
    return evaluate(plan, subject, facts_for(session, subject) + given, on)


def facts_for(session: Session, subject: SubjectFacts) -> list[RecordFacts]:
    """The matched records the rules read for a nominee: an individual's own, and their unit's indicator
    figures; a collective's own and its key leader's."""
    if subject.group == "individual":
        if subject.person_id is None:
            return []
        facts = [to_facts(r, "person") for r in records_for(session, person_id=subject.person_id)]
        # The figures of the person's unit, for standards measured per unit (only figures: its cases are its own).
        person = session.get(Person, subject.person_id)
        if person is not None and person.unit_id is not None:
            facts += [
                to_facts(r, "unit") for r in records_for(session, unit_id=person.unit_id) if r.kind in ("indicator", "par_index")
            ]
        return facts
    facts = []
    if subject.unit_id is not None:
        facts += [to_facts(r, "unit") for r in records_for(session, unit_id=subject.unit_id)]
    if subject.leader_person_id is not None:
        facts += [to_facts(r, "leader") for r in records_for(session, person_id=subject.leader_person_id)]
    return facts


def store_findings(session: Session, dossier_id: str, check: CheckFindings) -> None:
    """Keep each finding of a check with what it looked at (the dossier page's evidence); a check already
    stored under its key is kept as it is, so a retried save stores it once."""
    stored = set(session.exec(select(EligibilityCheck.nominee_key).where(EligibilityCheck.check_key == check.key)))
    for result in check.nominees:
        if result.nominee_key in stored:
            continue
        for position, finding in enumerate(result.findings):
            session.add(
                EligibilityCheck(
                    dossier_id=dossier_id,
                    check_key=check.key,
                    position=position,
                    step=check.step,
                    nominee_key=result.nominee_key,
                    checked_on=check.on,
                    **finding.model_dump(),
                )
            )
