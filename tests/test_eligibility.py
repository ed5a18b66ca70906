"""The eligibility rules over the real plans: pure, no database, no server."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from common.settings import ROOT
from schemas.campaign import EmulationPlan
from schemas.campaign_file import load_campaign
from schemas.eligibility import (
    REGISTRY_KINDS,
    RecordFacts,
    SubjectFacts,
    assessment_period,
    assessment_year,
    blocking,
    describe,
    evaluate,
    overall,
    suspending,
)

TODAY = date(2025, 12, 10)


def plan(name: str) -> EmulationPlan:
    loaded = load_campaign(ROOT / "campaigns" / name)
    assert isinstance(loaded, EmulationPlan)
    return loaded


KE_SAT = plan("ke-sat-2025.yaml")  # period 01/07/2025 – 31/12/2025; rating bar "hoan_thanh_tot"
HON_QUAN = plan("hon-quan-2024-2025.yaml")
HON_QUAN_2024 = HON_QUAN.period_of(2024)  # key-leader bar "khien_trach"; PAR index ≥ 90
HON_QUAN_2025 = HON_QUAN.period_of(2025)
PLANS = [KE_SAT, HON_QUAN_2024, HON_QUAN_2025, plan("hong-van-2025.yaml"), plan("an-hai-2025.yaml")]

STAFF = SubjectFacts(group="individual", subject_kind="can_bo_cong_chuc_vien_chuc", name="Nguyễn Văn An", person_id=1)
OFFICE = SubjectFacts(
    group="collective", subject_kind="phong_chuyen_mon", name="Phòng Kinh tế", unit_id=2, leader_person_id=3
)
COMMUNE = SubjectFacts(
    group="collective", subject_kind="ubnd_xa_thi_tran", name="UBND xã Tân Hưng", unit_id=7, leader_person_id=9
)


def rule(findings, code, standard=None):
    return [f for f in findings if f.rule == code and (standard is None or f.standard == standard)]


def verdicts(findings, code, standard=None) -> list[str]:
    return [f.verdict for f in rule(findings, code, standard)]


def rating(value: str, year: int = 2025, id: int = 1) -> RecordFacts:
    return RecordFacts(id=id, kind="rating", subject="person", year=year, rating=value)


# --- the campaign's own bars ------------------------------------------------------------------------------


def test_rating_bar_of_ke_sat():
    """Kẻ Sặt: "Hoàn thành tốt nhiệm vụ" or higher in the year of the proposal (2025)."""
    missing = evaluate(KE_SAT, STAFF, [], TODAY)
    assert verdicts(missing, "rating_bar") == ["warn"]
    assert "chưa có xếp loại năm 2025" in rule(missing, "rating_bar")[0].message

    below = evaluate(KE_SAT, STAFF, [rating("hoan_thanh", id=5)], TODAY)
    assert verdicts(below, "rating_bar") == ["block"]
    assert rule(below, "rating_bar")[0].record_ids == [5]
    assert "«Hoàn thành nhiệm vụ»" in rule(below, "rating_bar")[0].message
    assert verdicts(evaluate(KE_SAT, STAFF, [rating("khong_hoan_thanh")], TODAY), "rating_bar") == ["block"]

    for good in ("hoan_thanh_tot", "hoan_thanh_xuat_sac"):
        assert verdicts(evaluate(KE_SAT, STAFF, [rating(good)], TODAY), "rating_bar") == ["pass"]

    # Another year's rating is not this year's; the newest entry of the year corrects an older one.
    assert verdicts(evaluate(KE_SAT, STAFF, [rating("hoan_thanh_xuat_sac", year=2024)], TODAY), "rating_bar") == ["warn"]
    corrected = [rating("hoan_thanh", id=1), rating("hoan_thanh_tot", id=2)]
    assert verdicts(evaluate(KE_SAT, STAFF, corrected, TODAY), "rating_bar") == ["pass"]

    # Collectives are not rated; plans without the bar do not look.
    assert rule(evaluate(KE_SAT, OFFICE, [], TODAY), "rating_bar") == []
    assert rule(evaluate(plan("an-hai-2025.yaml"), STAFF, [], TODAY), "rating_bar") == []


def leader_discipline(form: str, start: date, end: date | None, id: int = 11) -> RecordFacts:
    return RecordFacts(id=id, kind="discipline", subject="leader", discipline_form=form, period_start=start, period_end=end)


def test_key_leader_bar_of_hon_quan():
    """Hớn Quản: no award to a collective whose key leader was disciplined at "khiển trách" or above."""
    assert verdicts(evaluate(HON_QUAN_2024, COMMUNE, [], TODAY), "key_leader_discipline") == ["pass"]

    reprimand = leader_discipline("khien_trach", date(2024, 9, 1), date(2025, 2, 28))
    found = evaluate(HON_QUAN_2024, COMMUNE, [reprimand], TODAY)
    assert verdicts(found, "key_leader_discipline") == ["block"]
    message = rule(found, "key_leader_discipline")[0].message
    assert "khiển trách" in message and "01/09/2024 – 28/02/2025" in message and "bản ghi số 11" in message
    assert verdicts(evaluate(HON_QUAN_2024, COMMUNE, [leader_discipline("cach_chuc", date(2024, 8, 1), None)], TODAY),
                    "key_leader_discipline") == ["block"]

    # Over before the year assessed: the 2025 campaign is not barred by it.
    assert verdicts(evaluate(HON_QUAN_2025, COMMUNE, [reprimand.model_copy(update={"period_end": date(2024, 12, 31)})], TODAY),
                    "key_leader_discipline") == ["pass"]
    # A considered discipline concluded with a form counts as one; while still considered, a warning.
    concluded = RecordFacts(id=12, kind="discipline_pending", subject="leader", status="concluded", outcome="founded",
                            discipline_form="canh_cao", period_start=date(2024, 10, 1), period_end=date(2025, 9, 30))
    assert verdicts(evaluate(HON_QUAN_2024, COMMUNE, [concluded], TODAY), "key_leader_discipline") == ["block"]
    pending = RecordFacts(id=13, kind="discipline_pending", subject="leader", status="open", opened_on=date(2024, 11, 5))
    assert verdicts(evaluate(HON_QUAN_2024, COMMUNE, [pending], TODAY), "key_leader_discipline") == ["warn"]
    # The leader's open case holds neither the collective nor its own records.
    assert suspending(evaluate(HON_QUAN_2024, COMMUNE, [pending], TODAY)) == []

    no_leader = COMMUNE.model_copy(update={"leader_person_id": None})
    assert verdicts(evaluate(HON_QUAN_2024, no_leader, [], TODAY), "key_leader_discipline") == ["warn"]
    # Kẻ Sặt has no such bar: its collectives are not barred by their leader's discipline.
    assert rule(evaluate(KE_SAT, OFFICE, [reprimand], TODAY), "key_leader_discipline") == []
    assert blocking(evaluate(KE_SAT, OFFICE, [reprimand.model_copy(update={"period_start": date(2025, 8, 1)})], TODAY)) == []


def par(value: float, year: int, id: int = 21) -> RecordFacts:
    return RecordFacts(id=id, kind="par_index", subject="unit", year=year, value=value)


def test_par_index_threshold_of_hon_quan():
    """Hớn Quản: "Chỉ số cải cách hành chính của năm đạt từ 90% trở lên", read for the campaign's year."""
    assert assessment_year(HON_QUAN_2024) == 2024 and assessment_year(HON_QUAN_2025) == 2025
    assert assessment_period(HON_QUAN_2024) == (date(2024, 7, 23), date(2024, 12, 31))
    assert assessment_period(HON_QUAN_2025) == (date(2025, 1, 1), date(2025, 12, 31))

    assert verdicts(evaluate(HON_QUAN_2024, COMMUNE, [par(92.5, 2024)], TODAY), "indicator", "chi_so_cchc") == ["pass"]
    assert verdicts(evaluate(HON_QUAN_2024, COMMUNE, [par(90, 2024)], TODAY), "indicator", "chi_so_cchc") == ["pass"]
    below = evaluate(HON_QUAN_2024, COMMUNE, [par(85.5, 2024)], TODAY)
    assert verdicts(below, "indicator", "chi_so_cchc") == ["block"]
    assert "85,5%" in rule(below, "indicator")[0].message and "90%" in rule(below, "indicator")[0].message
    missing = evaluate(HON_QUAN_2024, COMMUNE, [par(95, 2025)], TODAY)
    # No figure for the year: not checked, and said so (not a pass, not a bar).
    assert verdicts(missing, "indicator", "chi_so_cchc") == []
    assert verdicts(missing, "indicator_unchecked", "chi_so_cchc") == ["warn"]
    message = rule(missing, "indicator_unchecked")[0].message
    assert message.startswith("Chưa có số liệu") and "năm 2024" in message and "từ 90% trở lên" in message
    assert verdicts(evaluate(HON_QUAN_2025, COMMUNE, [par(95, 2025)], TODAY), "indicator", "chi_so_cchc") == ["pass"]
    # The same figure entered as an indicator's record counts as the PAR index.
    figure = RecordFacts(id=22, kind="indicator", subject="unit", indicator="par_index_pct", year=2024,
                         period_part="year", measure="pct", value=88)
    assert verdicts(evaluate(HON_QUAN_2024, COMMUNE, [figure], TODAY), "indicator", "chi_so_cchc") == ["block"]


def test_every_indicator_of_ke_sat_is_checked_or_said_unchecked():
    """Kẻ Sặt's indicators (satisfaction, tasks done, …) are read from the registry like the PAR index."""
    found = evaluate(KE_SAT, OFFICE, [], TODAY)
    unchecked = rule(found, "indicator_unchecked")
    assert {f.standard for f in unchecked} == {
        "nhiem_vu_thanh_pho", "nhiem_vu_xa", "cat_giam_thoi_gian", "theo_doi_ho_so", "hai_long"}
    assert all(f.verdict == "warn" and f.message.startswith("Chưa có số liệu") for f in unchecked)
    satisfied = RecordFacts(id=5, kind="indicator", subject="unit", indicator="satisfaction_pct", year=2025,
                            period_part="year", measure="pct", value=93.5)
    found = evaluate(KE_SAT, OFFICE, [satisfied], TODAY)
    assert verdicts(found, "indicator", "hai_long") == ["pass"] and verdicts(found, "indicator_unchecked", "hai_long") == []
    low = satisfied.model_copy(update={"value": 80})
    found = evaluate(KE_SAT, OFFICE, [low], TODAY)
    assert verdicts(found, "indicator", "hai_long") == ["block"]
    assert "80%" in rule(found, "indicator", "hai_long")[0].message and rule(found, "indicator", "hai_long")[0].record_ids == [5]
    # Another unit's figure, or another year's, is not this one's.
    assert verdicts(evaluate(KE_SAT, OFFICE, [satisfied.model_copy(update={"year": 2024})], TODAY), "indicator", "hai_long") == []
    assert verdicts(evaluate(KE_SAT, OFFICE, [satisfied.model_copy(update={"subject": "leader"})], TODAY), "indicator", "hai_long") == []


# --- records under review ---------------------------------------------------------------------------------


def complaint(status: str = "open", outcome: str | None = None, id: int = 31) -> RecordFacts:
    return RecordFacts(id=id, kind="complaint", subject="person", status=status, outcome=outcome,
                       opened_on=date(2025, 10, 1), concluded_on=date(2025, 11, 20) if status == "concluded" else None)


@pytest.mark.parametrize("campaign", PLANS, ids=lambda p: p.code)
def test_an_open_complaint_suspends_in_every_plan(campaign: EmulationPlan):
    subject = STAFF if any(k.group == "individual" for k in campaign.subject_kinds) else COMMUNE
    subject = subject.model_copy(update={"subject_kind": next(k.code for k in campaign.subject_kinds if k.group == subject.group)})
    own = "person" if subject.group == "individual" else "unit"
    record = complaint().model_copy(update={"subject": own})
    found = evaluate(campaign, subject, [record], TODAY)
    assert [f.verdict for f in suspending(found)] == ["suspend"]
    held = suspending(found)[0]
    assert held.record_ids == [31]
    assert "Khiếu nại, tố cáo đang xác minh" in held.message and "01/10/2025" in held.message
    assert overall(found) in ("suspend", "block")


def test_conclusions_of_a_complaint():
    unfounded = evaluate(KE_SAT, STAFF, [complaint("concluded", "unfounded")], TODAY)
    assert suspending(unfounded) == [] and verdicts(unfounded, "concluded_records") == ["pass"]
    assert verdicts(unfounded, "pending_records") == ["pass"]
    # Founded: the law's conclusion does not clear the subject (it leads to discipline): barred.
    founded = evaluate(KE_SAT, STAFF, [complaint("concluded", "founded")], TODAY)
    assert suspending(founded) == [] and verdicts(founded, "concluded_records") == ["block"]
    assert "20/11/2025" in rule(founded, "concluded_records")[0].message
    # Founded long before the period assessed: no longer a bar.
    old = complaint("concluded", "founded").model_copy(update={"opened_on": date(2023, 1, 5), "concluded_on": date(2023, 3, 1)})
    assert verdicts(evaluate(KE_SAT, STAFF, [old], TODAY), "concluded_records") == ["pass"]


def test_the_kinds_in_force_are_the_campaigns():
    """Kẻ Sặt lists administrative violations and not press issues; the law's default list the reverse."""
    press = RecordFacts(id=41, kind="press_issue", subject="person", status="open", opened_on=date(2025, 9, 9))
    violation = RecordFacts(id=42, kind="administrative_violation", subject="person", status="open")
    assert [f.record_ids for f in suspending(evaluate(KE_SAT, STAFF, [press, violation], TODAY))] == [[42]]
    staff_of_an_hai = STAFF.model_copy(update={"subject_kind": plan("an-hai-2025.yaml").subject_kinds[-1].code})
    an_hai = plan("an-hai-2025.yaml")
    assert [f.record_ids for f in suspending(evaluate(an_hai, staff_of_an_hai, [press, violation], TODAY))] == [[41]]
    # "chưa ghi ngày bắt đầu" when the record has no date.
    assert "chưa ghi ngày" in suspending(evaluate(KE_SAT, STAFF, [violation], TODAY))[0].message


def test_only_the_subjects_own_records_count():
    unit_case = complaint().model_copy(update={"subject": "unit"})
    assert suspending(evaluate(KE_SAT, STAFF, [unit_case], TODAY)) == []
    assert [f.record_ids for f in suspending(evaluate(KE_SAT, OFFICE, [unit_case], TODAY))] == [[31]]
    leader_case = complaint().model_copy(update={"subject": "leader"})
    assert suspending(evaluate(KE_SAT, OFFICE, [leader_case], TODAY)) == []


# --- the law's other rules ---------------------------------------------------------------------------------


def award(start: date | None, end: date | None, id: int = 51, decided: date = date(2025, 9, 15)) -> RecordFacts:
    return RecordFacts(id=id, kind="award", subject="person", award_form="Giấy khen của Chủ tịch UBND xã",
                       decision_number="45/QĐ-UBND", decision_date=decided, achievement="Chuyển đổi số",
                       period_start=start, period_end=end)


def test_one_award_per_achievement():
    overlapping = evaluate(KE_SAT, STAFF, [award(date(2025, 1, 1), date(2025, 8, 31))], TODAY)
    assert verdicts(overlapping, "one_award_per_achievement") == ["block"]
    message = rule(overlapping, "one_award_per_achievement")[0].message
    assert "45/QĐ-UBND" in message and "15/09/2025" in message and "01/01/2025 – 31/08/2025" in message
    # Another campaign's award, another form: the same achievement period still bars.
    medal = award(date(2025, 7, 1), date(2025, 12, 31)).model_copy(update={"award_form": "Bằng khen"})
    assert verdicts(evaluate(KE_SAT, STAFF, [medal], TODAY), "one_award_per_achievement") == ["block"]
    # An earlier achievement: the same form may be given again for a new one.
    assert verdicts(evaluate(KE_SAT, STAFF, [award(date(2024, 1, 1), date(2024, 12, 31))], TODAY),
                    "one_award_per_achievement") == ["pass"]
    # No achievement period written, decided within the period: the appraiser compares.
    assert verdicts(evaluate(KE_SAT, STAFF, [award(None, None)], TODAY), "one_award_per_achievement") == ["warn"]
    assert verdicts(evaluate(KE_SAT, STAFF, [award(None, None, decided=date(2024, 5, 1))], TODAY),
                    "one_award_per_achievement") == ["pass"]
    lenient = KE_SAT.model_copy(update={"eligibility": KE_SAT.eligibility.model_copy(update={"one_award_per_achievement": False})})
    assert rule(evaluate(lenient, STAFF, [award(date(2025, 1, 1), date(2025, 8, 31))], TODAY), "one_award_per_achievement") == []


def test_achievements_count_only_after_a_disciplinary_period():
    discipline = RecordFacts(id=61, kind="discipline", subject="person", discipline_form="khien_trach",
                             period_start=date(2025, 3, 1), period_end=date(2025, 8, 31))
    found = evaluate(KE_SAT, STAFF, [discipline], TODAY)
    assert verdicts(found, "discipline_period") == ["block"]
    assert "thành tích chỉ được tính từ ngày 01/09/2025" in rule(found, "discipline_period")[0].message
    assert describe(discipline) == "Kỷ luật khiển trách (01/03/2025 – 31/08/2025)"
    # Ended before the period: nothing lost.
    ended = discipline.model_copy(update={"period_end": date(2025, 6, 30)})
    assert verdicts(evaluate(KE_SAT, STAFF, [ended], TODAY), "discipline_period") == ["pass"]
    # No end written: the period cannot be known to be over.
    open_ended = discipline.model_copy(update={"period_end": None})
    assert verdicts(evaluate(KE_SAT, STAFF, [open_ended], TODAY), "discipline_period") == ["block"]
    # A considered discipline concluded with a form is a discipline.
    concluded = RecordFacts(id=62, kind="discipline_pending", subject="person", status="concluded", outcome="founded",
                            discipline_form="canh_cao", period_start=date(2025, 5, 1), period_end=date(2026, 4, 30))
    found = evaluate(KE_SAT, STAFF, [concluded], TODAY)
    assert verdicts(found, "discipline_period") == ["block"] and verdicts(found, "concluded_records") == ["pass"]
    assert "01/05/2026" in rule(found, "discipline_period")[0].message


def test_subject_kind_allowed_by_the_campaign():
    assert verdicts(evaluate(KE_SAT, STAFF, [], TODAY), "subject_kind") == ["pass"]
    wrong_group = STAFF.model_copy(update={"subject_kind": "phong_chuyen_mon"})
    assert verdicts(evaluate(KE_SAT, wrong_group, [], TODAY), "subject_kind") == ["block"]
    # Hớn Quản considers collectives only.
    found = evaluate(HON_QUAN_2024, STAFF, [], TODAY)
    assert verdicts(found, "subject_kind") == ["block"]
    assert "đối tượng được xét: không có" in rule(found, "subject_kind")[0].message


def test_a_clean_subject_passes_every_rule_that_applies():
    found = evaluate(KE_SAT, STAFF, [rating("hoan_thanh_tot")], TODAY)
    assert {f.rule for f in found} == {
        "subject_kind", "person_link", "pending_records", "concluded_records", "rating_bar", "one_award_per_achievement",
        "discipline_period",
    }
    assert overall(found) == "pass"
    found = evaluate(HON_QUAN_2024, COMMUNE, [par(93, 2024)], TODAY)
    assert {f.rule for f in found} >= {"key_leader_discipline", "indicator"} and overall(found) == "pass"


def test_summaries():
    assert describe(complaint()) == "Khiếu nại, tố cáo đang xác minh (từ 01/10/2025)"
    assert describe(complaint("concluded", "unfounded")) == (
        "Khiếu nại, tố cáo: đã kết luận ngày 20/11/2025: không có căn cứ, không vi phạm"
    )
    assert describe(rating("hoan_thanh_tot")) == "Xếp loại năm 2025: Hoàn thành tốt nhiệm vụ"
    assert describe(par(91.5, 2024)) == "Chỉ số cải cách hành chính năm 2024: 91,5%"
    assert describe(award(date(2024, 1, 1), date(2024, 12, 31))) == (
        "Giấy khen của Chủ tịch UBND xã theo Quyết định số 45/QĐ-UBND ngày 15/09/2025 "
        "(thành tích: Chuyển đổi số, 01/01/2024 – 31/12/2024)"
    )


# --- properties ----------------------------------------------------------------------------------------------

days = st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 12, 31))


@st.composite
def records(draw) -> list[RecordFacts]:
    count = draw(st.integers(min_value=0, max_value=8))
    out = []
    for index in range(count):
        start = draw(st.none() | days)
        end = draw(st.none() | days)
        if start and end and end < start:
            start, end = end, start
        out.append(
            RecordFacts(
                id=index + 1,
                kind=draw(st.sampled_from(REGISTRY_KINDS)),
                subject=draw(st.sampled_from(["person", "unit", "leader"])),
                status=draw(st.sampled_from(["open", "concluded"])),
                outcome=draw(st.none() | st.sampled_from(["founded", "unfounded"])),
                discipline_form=draw(st.none() | st.sampled_from(["khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc", "buoc_thoi_viec"])),
                period_start=start,
                period_end=end,
                opened_on=draw(st.none() | days),
                concluded_on=draw(st.none() | days),
                year=draw(st.none() | st.integers(min_value=2023, max_value=2026)),
                rating=draw(st.none() | st.sampled_from(["hoan_thanh_xuat_sac", "hoan_thanh_tot", "hoan_thanh", "khong_hoan_thanh"])),
                value=draw(st.none() | st.floats(min_value=0, max_value=100)),
                award_form=draw(st.none() | st.just("Giấy khen")),
                decision_number=draw(st.none() | st.just("12/QĐ-UBND")),
                decision_date=draw(st.none() | days),
            )
        )
    return out


@st.composite
def subjects(draw, campaign: EmulationPlan) -> SubjectFacts:
    kind = draw(st.sampled_from(campaign.subject_kinds))
    group = draw(st.sampled_from([kind.group, kind.group, "individual", "collective"]))
    return SubjectFacts(
        group=group,
        subject_kind=draw(st.sampled_from([kind.code, "khong_co"])),
        name="Đối tượng",
        person_id=1 if group == "individual" else None,
        unit_id=2 if group == "collective" else None,
        leader_person_id=draw(st.none() | st.just(3)),
    )


@st.composite
def cases(draw):
    campaign = draw(st.sampled_from(PLANS))
    return campaign, draw(subjects(campaign)), draw(records()), draw(days)


@settings(max_examples=300, deadline=None)
@given(cases())
def test_an_open_record_in_force_always_suspends(case):
    campaign, subject, facts, today = case
    own = "person" if subject.group == "individual" else "unit"
    held = {r.id for r in facts if r.subject == own and r.status == "open"
            and r.kind in campaign.eligibility.record_kinds}
    found = evaluate(campaign, subject, facts, today)
    suspended = {i for f in found if f.verdict == "suspend" for i in f.record_ids}
    if held:
        assert suspending(found)
    # And only those suspend: nothing else holds a nominee.
    assert suspended == held


@settings(max_examples=300, deadline=None)
@given(cases())
def test_a_rule_never_both_passes_and_finds(case):
    campaign, subject, facts, today = case
    found = evaluate(campaign, subject, facts, today)
    passed = {f.key for f in found if f.verdict == "pass"}
    flagged = {f.key for f in found if f.verdict != "pass"}
    assert not passed & flagged
    ids = {r.id for r in facts}
    assert all(set(f.record_ids) <= ids for f in found)
    assert all(f.message for f in found)
