"""What the eligibility rules (schemas/eligibility.py) read of the registry for nominees: their matched records
and the register's awards, read for a whole dossier in a few queries, not a few per nominee."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import insert
from sqlmodel import Session, col, select

from db.awards import award_facts, in_force_of
from db.models import EligibilityCheck, Person, Unit
from db.records import records_for, to_facts
from schemas.campaign import EmulationPlan
from schemas.dossier import CheckFindings, Nominee
from schemas.eligibility import Finding, RecordFacts, SubjectFacts, evaluate


def findings_by_nominee(session: Session, plan: EmulationPlan, nominees: list[Nominee], on: date) -> dict[str, list[Finding]]:
    """Every rule of the plan (schemas/eligibility.py evaluate) over each nominee's records on a day, by nominee
    key: what a dossier's check stores (activities/eligibility.py) and what the unit sees on its draft."""
    unit_ids = {n.unit_id for n in nominees if n.unit_id}
    query = select(Unit.id, Unit.leader_person_id).where(col(Unit.id).in_(sorted(unit_ids)))
    leaders = dict(session.exec(query).all()) if unit_ids else {}
    subjects = {
        n.key: SubjectFacts(
            group=n.group, subject_kind=n.subject_kind, name=n.name, person_id=n.person_id, unit_id=n.unit_id,
            leader_person_id=leaders.get(n.unit_id), unmatched=n.unmatched,
        )
        for n in nominees
    }
    registry = read_registry(session, list(subjects.values()), besides_campaign=plan.code)
    return {key: evaluate(plan, subject, registry.facts(subject), on) for key, subject in subjects.items()}


@dataclass
class Registry:
    """The registry's records and the register's awards of some subjects, by whose they are."""

    unit_of_person: dict[int, int | None]
    person_records: dict[int, list[RecordFacts]] = field(default_factory=lambda: defaultdict(list))
    unit_records: dict[int, list[RecordFacts]] = field(default_factory=lambda: defaultdict(list))
    person_awards: dict[int, list[RecordFacts]] = field(default_factory=lambda: defaultdict(list))
    unit_awards: dict[int, list[RecordFacts]] = field(default_factory=lambda: defaultdict(list))

    def facts(self, subject: SubjectFacts) -> list[RecordFacts]:
        """What the rules read for a subject: an individual's own records, with their unit's indicator figures
        (only figures: its cases are its own), then their awards; a collective's own records and its key
        leader's, then its awards."""
        if subject.group == "individual":
            if subject.person_id is None:
                return []
            own = self.person_records[subject.person_id]
            unit_id = self.unit_of_person.get(subject.person_id)
            figures = [f for f in self.unit_records[unit_id] if f.kind in ("indicator", "par_index")] if unit_id else []
            return own + figures + self.person_awards[subject.person_id]
        facts = list(self.unit_records[subject.unit_id]) if subject.unit_id is not None else []
        if subject.leader_person_id is not None:
            facts += [f.model_copy(update={"subject": "leader"}) for f in self.person_records[subject.leader_person_id]]
        return facts + (self.unit_awards[subject.unit_id] if subject.unit_id is not None else [])


def read_registry(session: Session, subjects: list[SubjectFacts], besides_campaign: str | None = None) -> Registry:
    """The records and awards the rules read for these subjects (Registry.facts), in four queries; the awards of
    the campaign being checked left out."""
    individuals = {s.person_id for s in subjects if s.group == "individual" and s.person_id is not None}
    leaders = {s.leader_person_id for s in subjects if s.group == "collective" and s.leader_person_id is not None}
    collectives = {s.unit_id for s in subjects if s.group == "collective" and s.unit_id is not None}
    query = select(Person.id, Person.unit_id).where(col(Person.id).in_(sorted(individuals)))
    registry = Registry(unit_of_person=dict(session.exec(query).all()) if individuals else {})
    units = collectives | {u for u in registry.unit_of_person.values() if u is not None}
    for record in records_for(session, person_ids=individuals | leaders, unit_ids=units):
        if record.subject_type == "person":
            registry.person_records[record.person_id].append(to_facts(record, "person"))
        else:
            registry.unit_records[record.unit_id].append(to_facts(record, "unit"))
    for award in in_force_of(session, individuals, collectives, besides_campaign):
        if award.person_id in individuals:
            registry.person_awards[award.person_id].append(award_facts(award))
        if award.subject_type == "unit" and award.unit_id in collectives:
            registry.unit_awards[award.unit_id].append(award_facts(award))
    return registry


def store_findings(session: Session, dossier_id: str, check: CheckFindings) -> None:
    """Keep each finding of a check with what it looked at (the dossier page's evidence); a check already
    stored under its key is kept as it is, so a retried save stores it once. One INSERT of every row, into the
    table itself: a dossier of twenty nominees has some two hundred findings at each check, and the ORM's bulk
    insert took half as long again (a seventh of the worker's time at the council's opening)."""
    stored = set(session.exec(select(EligibilityCheck.nominee_key).where(EligibilityCheck.check_key == check.key)))
    rows = [
        {"dossier_id": dossier_id, "check_key": check.key, "position": position, "step": check.step,
         "nominee_key": result.nominee_key, "checked_on": check.on, **finding.model_dump()}
        for result in check.nominees if result.nominee_key not in stored
        for position, finding in enumerate(result.findings)
    ]
    if rows:
        session.connection().execute(insert(EligibilityCheck.__table__), rows)
