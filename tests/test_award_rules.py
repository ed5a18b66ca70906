"""The rules a plan sets over a nominee's past awards, read from the register (db/awards.py): years since the
last award of the plan's own form, and the earlier awards a higher form needs."""

from datetime import date

from sqlmodel import Session, select

from db import awards, models
from db.awards import AwardInput
from db.demo import load_demo
from db.record_facts import findings_by_nominee
from schemas.dossier import Nominee
from schemas.standards import EarlierAwards
from tests.campaign_steps import plan_of

KE_SAT = "Ủy ban nhân dân xã Kẻ Sặt"


def findings_of(session, plan, nominee, on):
    return findings_by_nominee(session, plan, [nominee], on)[nominee.key]


def verdicts(findings, rule: str) -> list[str]:
    return [f.verdict for f in findings if f.rule == rule]


def test_an_interval_and_earlier_awards_the_plan_sets_are_checked_against_the_register(engine):
    base = plan_of("ke-sat-2025.yaml")  # period 01/07/2025 – 31/12/2025; Giấy khen of the Chairman
    form = base.award_forms[0].name
    rules = base.eligibility.model_copy(update={
        "award_interval_years": 2, "one_award_per_achievement": False,
        "earlier_awards": [EarlierAwards(award="Lao động tiên tiến", count=2, within_years=3)]})
    plan = base.model_copy(update={"eligibility": rules})
    with Session(engine) as session:
        load_demo(session, date(2026, 1, 10))
        person = session.exec(select(models.Person).where(models.Person.full_name == "Phạm Thị Hồng Nhung")).one()
        nominee = Nominee(key="N1", group="individual", subject_kind="can_bo_cong_chuc_vien_chuc", name=person.full_name,
                          person_id=person.id)

        def give(name: str, on: date, number: str) -> None:
            awards.record_award(session, person.issuer_id, AwardInput(
                subject_type="person", person_id=person.id, award_name=name, decision_number=number, decision_date=on,
                issued_by=KE_SAT), None)

        found = findings_of(session, plan, nominee, date(2026, 1, 10))
        assert verdicts(found, "award_interval") == ["pass"] and verdicts(found, "earlier_awards") == ["block"]
        [needed] = [f for f in found if f.rule == "earlier_awards"]
        assert "có 0 lần «Lao động tiên tiến» trong 3 năm đến hết kỳ xét" in needed.message

        give("Lao động tiên tiến", date(2021, 12, 20), "1/QĐ-UBND")  # more than 3 years before 31/12/2025
        give("Lao động tiên tiến", date(2024, 12, 20), "2/QĐ-UBND")
        assert verdicts(findings_of(session, plan, nominee, date(2026, 1, 10)), "earlier_awards") == ["block"]
        give("Lao dong tien tien", date(2025, 12, 20), "3/QĐ-UBND")  # written without diacritics: the same title
        assert verdicts(findings_of(session, plan, nominee, date(2026, 1, 10)), "earlier_awards") == ["pass"]

        give(form, date(2024, 1, 15), "4/QĐ-UBND")  # less than 2 years before the period's end
        found = findings_of(session, plan, nominee, date(2026, 1, 10))
        [interval] = [f for f in found if f.rule == "award_interval"]
        assert interval.verdict == "block" and "ngày 15/01/2024" in interval.message and "2 năm" in interval.message

        earlier = plan.model_copy(update={"eligibility": rules.model_copy(update={"award_interval_years": 1})})
        assert verdicts(findings_of(session, earlier, nominee, date(2026, 1, 10)), "award_interval") == ["pass"]
