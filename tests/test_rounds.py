"""A movement over several years: each review (sơ kết, tổng kết) a campaign with its own period, dates and awards."""

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from db import models
from schemas.campaign import EmulationPlan
from schemas.campaign_file import CampaignFileError, parse_campaign, repository_issuer_settings
from schemas.eligibility import assessment_period
from tests.campaign_steps import collective
from tests.conftest import Service
from tests.dossier_steps import UNIT_HEAD, attach_all, minutes, ok, post
from tests.test_campaigns import read, refused

PLAN = Path(__file__).parent / "data" / "plans" / "rounds-movement.yaml"
ADMIN = "quantri"  # Kẻ Sặt's admin


def parsed(text: str) -> EmulationPlan:
    return parse_campaign(text, PLAN.name, repository_issuer_settings())


def problems(text: str) -> list[tuple[str, str]]:
    with pytest.raises(CampaignFileError) as refused:
        parsed(text)
    return refused.value.problems


def test_each_review_is_a_campaign_of_its_period_dates_and_forms():
    interim, final = parsed(PLAN.read_text(encoding="utf-8")).periods()
    assert [interim.code, final.code] == ["rounds-movement-so-ket-2023", "rounds-movement-tong-ket"]
    assert interim.plan.title.endswith("(Sơ kết 03 năm 2021 - 2023)")
    assert assessment_period(interim) == (date(2021, 1, 1), date(2023, 12, 31))  # records and ratings read for it
    assert assessment_period(final) == (date(2021, 1, 1), date(2025, 12, 31))
    assert interim.deadlines.submit_before == date(2024, 3, 15)
    assert final.deadlines.submit_before == date(2099, 11, 30)  # the plan's own, the round setting none
    assert [form.code for form in interim.award_forms] == ["giay_khen"]
    assert [form.code for form in final.award_forms] == ["giay_khen", "bang_khen_de_nghi"]
    assert final.achievement_text() == "đã có thành tích xuất sắc tiêu biểu trong 05 năm thực hiện phong trào"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (("recurrence: rounds\n", ""), "recurrence: rounds"),  # rounds listed without the recurrence
        (("    period: {start: 2021-01-01, end: 2023-12-31}", "    period: {start: 2020-01-01, end: 2023-12-31}"),
         "không nằm trong giai đoạn"),
        (("    award_forms: [giay_khen]", "    award_forms: [bang_khen]"), "bang_khen"),
        (("  - code: tong-ket", "  - code: so-ket-2023"), "trùng mã"),
        (("    review: so_ket", "    review: tong_ket"), "nhiều nhất một đợt tổng kết"),
    ],
)
def test_a_movement_whose_rounds_do_not_hold_together_is_refused(change, words):
    text = PLAN.read_text(encoding="utf-8")
    assert change[0] in text
    [(field, reason)] = problems(text.replace(*change, 1))
    assert words in reason, reason


def test_a_final_review_must_end_last():
    text = PLAN.read_text(encoding="utf-8").replace(
        "    period: {start: 2021-01-01, end: 2025-12-31}\n    achievement", "    period: {start: 2021-01-01, end: 2022-12-31}\n    achievement"
    )
    [(_, reason)] = problems(text)
    assert "kết thúc sau cùng" in reason


async def test_loading_a_movement_opens_a_campaign_per_review_each_taking_dossiers_by_its_own_deadline(running: Service):
    files = {"file": (PLAN.name, PLAN.read_bytes(), "application/yaml")}
    loaded = ok(await post(running, ADMIN, "/api/campaigns", files=files), 201)
    assert [(c["code"], c["submit_before"]) for c in loaded] == [
        ("rounds-movement-so-ket-2023", "2024-03-15"), ("rounds-movement-tong-ket", "2099-11-30")]
    for code in ("rounds-movement-so-ket-2023", "rounds-movement-tong-ket"):
        campaign = await read(running, code)
        assert campaign["run"]["submit_before"] == loaded[[c["code"] for c in loaded].index(code)]["submit_before"]
    # A unit's dossier in each review: the interim review's deadline has passed, the final review's has not.
    stages = {}
    for code in ("rounds-movement-so-ket-2023", "rounds-movement-tong-ket"):
        body = {"campaign_code": code, "nominees": [collective("phong_chuyen_mon", "Phòng Kinh tế")]}
        dossier = ok(await post(running, UNIT_HEAD, "/api/dossiers", json=body), 201)
        path = f"/api/dossiers/{dossier['id']}"
        dossier = ok(await post(running, UNIT_HEAD, f"{path}/minutes", json=minutes(dossier)))
        await attach_all(running, dossier, user=UNIT_HEAD)
        stages[code] = await post(running, UNIT_HEAD, f"{path}/submit")
    refused(stages["rounds-movement-so-ket-2023"], 409, "SUBMISSION_LATE", "15/03/2024")
    assert ok(stages["rounds-movement-tong-ket"])["stage"] == "submitted"
    with Session(running.engine) as session:
        stored = {d.campaign_code: d.stage for d in session.exec(select(models.Dossier).where(
            models.Dossier.campaign_code.startswith("rounds-movement")))}
    assert stored == {"rounds-movement-so-ket-2023": "minutes_recorded", "rounds-movement-tong-ket": "submitted"}
