"""The unit's selection meeting and its minutes, optional per plan (MeetingRule.required): a plan that asks for
none lets a dossier go from its draft to submitted with its nominees as the unit proposes them, asks for no
minutes' document, and its pages show no minutes step; a plan that asks for them (the five seed plans) still
refuses a draft."""

from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, select

from db import models
from tests.campaign_steps import collective, individual, run_plan
from tests.conftest import Service, today
from tests.dossier_steps import APPRAISER, UNIT_HEAD, attach, get, minutes, ok, post
from tests.web_app import page_of

PLANS = Path(__file__).parent / "data" / "plans"
STAFF = "can_bo_cong_chuc_vien_chuc"


async def test_a_plan_without_minutes_submits_from_the_draft(running: Service):
    plan = await run_plan(running, PLANS / "minutes-none.yaml", today() + timedelta(days=30))
    body = {"campaign_code": plan.code, "nominees": [
        collective("phong_chuyen_mon", "Phòng Kinh tế"), individual(STAFF, "Lê Văn Một"),
    ]}
    dossier = ok(await post(running, UNIT_HEAD, "/api/dossiers", json=body), 201)
    path = f"/api/dossiers/{dossier['id']}"

    # No minutes step on the page: the submission is offered from the draft.
    page = await page_of(running, UNIT_HEAD, f"/unit/dossiers/{dossier['id']}")
    assert "Biên bản họp bình xét" not in page and "Ghi biên bản" not in page
    assert "Kế hoạch không yêu cầu họp bình xét" in page and 'action="/unit/dossiers/' + dossier["id"] + '/submit"' in page

    # The documents the plan lists are asked for, the proposed nominees' reports with them; no minutes.
    ok(await attach(running, dossier["id"], "to_trinh"))
    missing = await post(running, UNIT_HEAD, f"{path}/submit")
    assert missing.status_code == 422 and missing.json()["code"] == "MISSING_DOCUMENTS", missing.text
    assert "Báo cáo thành tích của Phòng Kinh tế" in missing.json()["message"]
    assert "Biên bản" not in missing.json()["message"]
    for nominee in dossier["nominees"]:
        ok(await attach(running, dossier["id"], "bao_cao_thanh_tich", nominee["key"]))

    done = ok(await post(running, UNIT_HEAD, f"{path}/submit"))
    assert done["stage"] == "submitted"
    assert [n["status"] for n in done["nominees"]] == ["selected", "selected"]
    assert all("kế hoạch không yêu cầu họp bình xét" in n["reasons"][-1] for n in done["nominees"])
    submitted = next(h for h in done["history"] if h["action"] == "submit")
    assert (submitted["stage_before"], submitted["stage_after"]) == ("draft", "submitted")

    # The office takes it in and appraises as any other.
    appraised = ok(await post(running, APPRAISER, f"{path}/start-appraisal"))
    assert appraised["stage"] == "under_appraisal"
    assert {n["status"] for n in appraised["nominees"]} == {"selected"}


async def test_a_plan_with_minutes_still_refuses_a_draft(running: Service):
    """The seed plans (Kẻ Sặt's here) ask for the meeting: a draft is refused, naming the step it waits for."""
    body = {"campaign_code": running.campaign, "nominees": [individual(STAFF, "Lê Văn Hai")]}
    dossier = ok(await post(running, UNIT_HEAD, "/api/dossiers", json=body), 201)
    refused = await post(running, UNIT_HEAD, f"/api/dossiers/{dossier['id']}/submit")
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "WRONG_STAGE"
    assert refused.json()["details"]["allowed"] == "«Đã có biên bản họp bình xét»"
    assert (await get(running, dossier["id"], UNIT_HEAD))["stage"] == "draft"
    page = await page_of(running, UNIT_HEAD, f"/unit/dossiers/{dossier['id']}")
    assert "Biên bản họp bình xét" in page and 'action="/unit/dossiers/' + dossier["id"] + '/submit"' not in page


async def test_a_draft_without_nominees_is_not_submitted(running: Service):
    plan = await run_plan(running, PLANS / "minutes-none.yaml", today() + timedelta(days=30))
    dossier = ok(await post(running, UNIT_HEAD, "/api/dossiers", json={"campaign_code": plan.code}), 201)
    ok(await attach(running, dossier["id"], "to_trinh"))
    refused = await post(running, UNIT_HEAD, f"/api/dossiers/{dossier['id']}/submit")
    assert refused.status_code == 422 and refused.json()["code"] == "NO_NOMINEES", refused.text
    with Session(running.engine) as session:
        assert session.get(models.Dossier, dossier["id"]).stage == "draft"
        assert session.exec(select(models.UnitQuotaClaim)).all() == []


async def test_an_optional_meeting_asks_for_its_minutes_only_of_a_unit_that_held_it(running: Service):
    """"Biên bản họp xét khen thưởng của đơn vị (nếu có)": a unit that held no meeting submits without the minutes'
    document; one that recorded minutes must attach them."""
    plan = await run_plan(running, PLANS / "minutes-optional.yaml", today() + timedelta(days=30))
    body = {"campaign_code": plan.code, "nominees": [individual(STAFF, "Lê Văn Ba")]}
    without = ok(await post(running, UNIT_HEAD, "/api/dossiers", json=body), 201)
    ok(await attach(running, without["id"], "to_trinh"))
    ok(await attach(running, without["id"], "bao_cao_thanh_tich", "N1"))
    assert ok(await post(running, UNIT_HEAD, f"/api/dossiers/{without['id']}/submit"))["stage"] == "submitted"

    body = {"campaign_code": plan.code, "nominees": [individual(STAFF, "Lê Văn Bốn")]}
    held = ok(await post(running, UNIT_HEAD, "/api/dossiers", json=body), 201)
    held = ok(await post(running, UNIT_HEAD, f"/api/dossiers/{held['id']}/minutes", json=minutes(held)))
    ok(await attach(running, held["id"], "to_trinh"))
    ok(await attach(running, held["id"], "bao_cao_thanh_tich", "N1"))
    missing = await post(running, UNIT_HEAD, f"/api/dossiers/{held['id']}/submit")
    assert missing.status_code == 422 and missing.json()["details"]["items"] == [
        "Biên bản họp xét khen thưởng của đơn vị (nếu có)"], missing.text
    ok(await attach(running, held["id"], "bien_ban_hop"))
    assert ok(await post(running, UNIT_HEAD, f"/api/dossiers/{held['id']}/submit"))["stage"] == "submitted"
