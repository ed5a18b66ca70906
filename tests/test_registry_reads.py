"""A dossier's eligibility check reads the registry for all its nominees at once (db/record_facts.py): the same
findings as each nominee read alone, in as many queries for many nominees as for one."""

from datetime import date, datetime, timezone

from sqlalchemy import event
from sqlmodel import Session, select

from db import awards, models
from db.awards import AwardInput
from db.demo import CAMPAIGN_FILE, load_demo
from db.record_facts import findings_by_nominee
from db.records import Record
from schemas.campaign_file import load_campaign
from schemas.dossier import Nominee

ON = date(2026, 1, 10)


def record(session: Session, user_id: int, **fields) -> None:
    now = datetime.now(timezone.utc)
    session.add(Record(match_status="matched", created_by_user_id=user_id, created_at=now, updated_at=now, **fields))


def nominees_with_records(session: Session) -> list[Nominee]:
    """Every person and unit of the demo as nominees; some with open cases, a discipline, a rating, a PAR index,
    past awards, and a unit whose key leader is under review."""
    user = session.exec(select(models.User)).first()
    people = session.exec(select(models.Person).order_by(models.Person.id)).all()
    units = session.exec(select(models.Unit).order_by(models.Unit.id)).all()
    first, second, third = people[:3]
    record(session, user.id, subject_type="person", person_id=first.id, kind="complaint", status="open", opened_on=date(2025, 11, 1))
    record(session, user.id, subject_type="person", person_id=second.id, kind="discipline", status="concluded", discipline_form="khien_trach",
           period_start=date(2025, 3, 1), period_end=date(2025, 8, 31))
    record(session, user.id, subject_type="person", person_id=second.id, kind="rating", status="concluded", year=2025, rating="khong_hoan_thanh")
    record(session, user.id, subject_type="person", person_id=third.id, kind="investigation", status="open", opened_on=date(2025, 12, 1))
    record(session, user.id, subject_type="person", person_id=third.id, kind="discipline", status="concluded",
           discipline_form="canh_cao", period_start=date(2025, 9, 1), period_end=date(2026, 2, 28))
    record(session, user.id, subject_type="unit", unit_id=units[0].id, kind="par_index", status="concluded", year=2025, value=71.5)
    record(session, user.id, subject_type="unit", unit_id=units[1].id, kind="press_issue", status="open", opened_on=date(2025, 10, 1))
    units[2].leader_person_id = third.id
    session.add(units[2])
    issued = "Ủy ban nhân dân xã Kẻ Sặt"
    awards.record_award(session, first.issuer_id, AwardInput(
        subject_type="person", person_id=first.id, award_name="Giấy khen", decision_number="7/QĐ-UBND",
        decision_date=date(2025, 12, 20), issued_by=issued, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31)), None)
    awards.record_award(session, first.issuer_id, AwardInput(
        subject_type="unit", unit_id=units[1].id, award_name="Giấy khen", decision_number="8/QĐ-UBND",
        decision_date=date(2025, 12, 20), issued_by=issued, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31)), None)
    session.commit()
    individuals = [
        Nominee(key=f"P{p.id}", group="individual", subject_kind="can_bo_cong_chuc_vien_chuc", name=p.full_name,
                person_id=p.id, unit_id=p.unit_id)
        for p in people
    ]
    collectives = [Nominee(key=f"U{u.id}", group="collective", subject_kind="phong_chuyen_mon", name=u.name, unit_id=u.id)
                   for u in units]
    return individuals + collectives


def plan_with_every_bar():
    """The demo's plan, barring also a collective whose key leader is disciplined, and suspending on the press's."""
    plan = load_campaign(CAMPAIGN_FILE)
    kinds = [*plan.eligibility.record_kinds, "press_issue"]
    return plan.model_copy(update={"eligibility": plan.eligibility.model_copy(
        update={"key_leader_discipline_bar": "khien_trach", "record_kinds": kinds})})


def test_the_whole_dossier_is_read_at_once_with_the_findings_of_each_nominee_alone(engine):
    plan = plan_with_every_bar()
    with Session(engine) as session:
        load_demo(session, ON)
        nominees = nominees_with_records(session)
        people = [n.key for n in nominees if n.group == "individual"]
        units = [n.key for n in nominees if n.group == "collective"]
        alone = {n.key: findings_by_nominee(session, plan, [n], ON)[n.key] for n in nominees}
        together = findings_by_nominee(session, plan, nominees, ON)
    assert together == alone
    found = {(key, f.rule, f.verdict) for key, findings in together.items() for f in findings if f.verdict != "pass"}
    # Each record reached its subject and no other: own cases, a discipline, a rating, a leader's discipline,
    # the unit's own case, past awards of a person and of a unit.
    assert {(people[0], "pending_records", "suspend"), (people[0], "one_award_per_achievement", "block"),
            (people[1], "discipline_period", "block"), (people[1], "rating_bar", "block"),
            (people[2], "pending_records", "suspend"), (people[2], "discipline_period", "block"),
            (units[1], "pending_records", "suspend"), (units[1], "one_award_per_achievement", "block"),
            (units[2], "key_leader_discipline", "block")} <= found
    others = [*people[3:], units[0], *units[3:]]
    assert not {(key, rule) for key, rule, verdict in found if key in others and verdict != "warn"}


def test_a_dossier_of_many_nominees_takes_as_many_queries_as_one_of_one(engine):
    plan = plan_with_every_bar()
    with Session(engine) as session:
        load_demo(session, ON)
        nominees = nominees_with_records(session)
        statements: list[str] = []
        event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        findings_by_nominee(session, plan, nominees[:1], ON)
        one = len(statements)
        statements.clear()
        findings_by_nominee(session, plan, nominees, ON)
        assert len(statements) <= one + 1  # the units' leaders, read once the nominees name a unit
