"""Bonuses by the law in force on the award date: the decree's multiples and the base salary chosen by the
date, a plan's own figures winning, and a campaign signed on an earlier date paid by the law of that date."""

from datetime import date

import pytest

from schemas.bonus_law import base_salary_on, decree_in_force
from schemas.campaign import AwardForm, Bonus
from schemas.directory import IssuerKind
from tests.campaign_steps import add_unit, appraised_dossier, collective, individual, plan_of, run_plan
from tests.conftest import Service
from tests.dossier_steps import CHAIRMAN, SECRETARY, campaign_post, ok, open_session, vote
from tests.test_downloads import download, list_rows, opened, texts


@pytest.mark.parametrize(("day", "decree"), [
    (date(2017, 9, 30), "91/2017/NĐ-CP"),  # before the first row: the first
    (date(2023, 12, 30), "91/2017/NĐ-CP"),
    (date(2023, 12, 31), "98/2023/NĐ-CP"),
    (date(2025, 6, 30), "98/2023/NĐ-CP"),
    (date(2025, 7, 1), "152/2025/NĐ-CP"),  # NĐ 152/2025 Điều 59 khoản 1
    (date(2026, 12, 2), "152/2025/NĐ-CP"),
    (None, "152/2025/NĐ-CP"),  # no date: the latest
])
def test_the_decree_in_force_on_the_day(day, decree):
    assert decree_in_force(day).number == decree


def test_the_multiples_follow_the_decree_of_the_award_date():
    form = AwardForm(code="giay_khen", name="Giấy khen của Chủ tịch UBND huyện")
    # NĐ 91/2017 Điều 73 khoản 1 điểm d and khoản 2 điểm b: the commune's Chairman's Giấy khen.
    assert form.multiple("individual", IssuerKind.xa, date(2023, 12, 30)) == 0.15
    assert form.multiple("collective", IssuerKind.phuong, date(2023, 12, 30)) == 0.3
    # Điểm c: a district's Giấy khen is 0,3 for an individual, twice that for a collective, until NĐ 98/2023.
    assert form.multiple("individual", IssuerKind.huyen, date(2023, 12, 30)) == 0.3
    assert form.multiple("collective", IssuerKind.huyen, date(2023, 12, 30)) == 0.6
    assert form.multiple("individual", IssuerKind.huyen, date(2023, 12, 31)) == 0.15
    # Either side of NĐ 152/2025's effective date the kept figures (not confirmed from the decrees' text).
    assert form.multiple("collective", IssuerKind.xa, date(2025, 6, 30)) == 0.3
    assert form.multiple("collective", IssuerKind.xa, date(2025, 7, 1)) == 0.3


@pytest.mark.parametrize(("day", "vnd"), [
    (date(2019, 7, 1), 1_490_000),  # NĐ 38/2019
    (date(2023, 6, 30), 1_490_000),
    (date(2023, 7, 1), 1_800_000),  # NĐ 24/2023
    (date(2024, 6, 30), 1_800_000),
    (date(2024, 7, 1), 2_340_000),  # NĐ 73/2024
    (None, 2_340_000),
])
def test_the_base_salary_on_the_day(day, vnd):
    assert base_salary_on(day).vnd == vnd
    assert Bonus().base_salary(day) == vnd


def test_amounts_by_the_day_rounded_half_up():
    assert Bonus().amount(0.15, date(2024, 6, 30)) == 270_000
    assert Bonus().amount(0.15, date(2024, 7, 1)) == 351_000
    assert Bonus().amount(0.15, date(2023, 6, 30)) == 224_000  # 223.500, half up to the thousand


def test_a_plans_own_multiples_and_base_salary_win_over_the_law():
    form = AwardForm(code="giay_khen", name="Giấy khen", bonus_multiple={"individual": 0.2, "collective": 0.5})
    for day in (date(2023, 1, 1), date(2025, 7, 1), None):
        assert form.multiple("individual", IssuerKind.xa, day) == 0.2
        assert form.multiple("collective", IssuerKind.huyen, day) == 0.5
    own = Bonus(base_salary_vnd=2_000_000)
    assert own.base_salary(date(2019, 7, 1)) == own.base_salary(date(2025, 7, 1)) == 2_000_000
    plan = plan_of("ke-sat-2025.yaml")
    plan = plan.model_copy(update={"bonus": own, "award_forms": [form]})
    assert plan.bonus_vnd(form, "individual", date(2024, 6, 30)) == 400_000
    assert plan.bonus_vnd(form, "collective", date(2024, 6, 30)) == 1_000_000


def test_a_plan_without_figures_is_paid_by_the_law_of_the_signing_date():
    plan = plan_of("ke-sat-2025.yaml")
    form = plan.award_forms[0]
    assert form.bonus_multiple is None and plan.bonus.base_salary_vnd is None
    assert plan.bonus_vnd(form, "individual", date(2024, 6, 30)) == 270_000
    assert plan.bonus_vnd(form, "collective", date(2024, 6, 30)) == 540_000
    assert plan.bonus_vnd(form, "collective", date(2025, 12, 15)) == 702_000


async def test_a_decision_signed_on_an_earlier_date_pays_by_the_law_of_that_date(running: Service):
    plan = await run_plan(running, "an-hai-2025.yaml")
    kind, person = "phong_thuoc_phuong", "can_bo_cong_chuc"
    head = add_unit(running, "Phòng Kinh tế, Hạ tầng và Đô thị", kind)
    await appraised_dossier(running, plan, head, [
        collective(kind, "Phòng Kinh tế, Hạ tầng và Đô thị"), individual(person, "Nguyễn Văn Hùng", "Chuyên viên"),
    ])
    campaign = await open_session(running, code=plan.code)
    await vote(running, campaign, code=plan.code)
    closed = ok(await campaign_post(running, SECRETARY, plan.code, "/session/close", json={}))
    # At the close, by today's law (2.340.000 đồng, 0,3 / 0,15).
    assert [a["bonus_vnd"] for a in closed["run"]["decision"]["awardees"]] == [702_000, 351_000]

    signed = ok(await campaign_post(running, CHAIRMAN, plan.code, "/decision/sign", json={"signed_on": "2024-06-30"}))
    decision = signed["run"]["decision"]
    # Signed on 30/6/2024: the base salary of NĐ 24/2023, 1.800.000 đồng.
    assert [(a["candidate"]["name"], a["bonus_vnd"]) for a in decision["awardees"]] == [
        ("Phòng Kinh tế, Hạ tầng và Đô thị", 540_000), ("Nguyễn Văn Hùng", 270_000),
    ]
    assert decision["total_bonus_vnd"] == 810_000

    document = opened(await download(running, f"/api/campaigns/{plan.code}/generated/decision", CHAIRMAN))
    rows = list_rows(document)
    assert [row[-1] for row in rows if row[0] in ("1", "")][-3:] == ["540.000", "270.000", "810.000"]
    assert any("tổng số tiền: 810.000 đồng" in line for line in texts(document))
