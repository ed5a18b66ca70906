"""Records under review reach running dossiers: a nominee is held, resumes, or is out; the others go on."""

import asyncio
import uuid
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from common.text import fold
from db import models
from db.awards import Award
from schemas.dossier import Nominee
from tests.campaign_steps import run_plan
from tests.conftest import Service, today
from tests.save_histories import save_history
from tests.smtp_server import SmtpServer
from tests.dossier_steps import (
    APPRAISER,
    CHAIRMAN,
    COMMUNICATIONS,
    SECRETARY,
    UNIT_HEAD,
    attach_all,
    campaign_post,
    get,
    minutes,
    ok,
    open_session,
    post,
    vote,
)
from workflows.dossier import DossierWorkflow

DUC = {"group": "individual", "subject_kind": "can_bo_cong_chuc_vien_chuc", "name": "Lê Minh Đức",
       "position": "Trưởng phòng", "birth_date": "1979-11-23"}
NHUNG = {"group": "individual", "subject_kind": "can_bo_cong_chuc_vien_chuc", "name": "Phạm Thị Hồng Nhung",
         "position": "Chuyên viên", "birth_date": "1988-05-09"}
OFFICE = {"group": "collective", "subject_kind": "phong_chuyen_mon", "name": "Phòng Kinh tế"}


async def complaint(service: Service, name: str, born: str) -> dict:
    body = {"subject_type": "person", "subject_name": name, "birth_date": born, "kind": "complaint",
            "status": "open", "opened_on": today().isoformat(), "note": "Đơn tố cáo đang được xác minh"}
    record = ok(await post(service, APPRAISER, "/api/records", json=body), 201)
    assert record["match_status"] == "matched"
    return record


async def conclude(service: Service, record: dict, outcome: str) -> dict:
    body = {"status": "concluded", "outcome": outcome, "concluded_on": today().isoformat()}
    response = await service.api.patch(f"/api/records/{record['id']}", json=body, headers=service.as_user(APPRAISER))
    return ok(response)


async def nominee_status(service: Service, dossier_id: str, key: str, expected: str) -> Nominee:
    """The nominee as the workflow has it: a query sees every signal sent before it."""
    state = await service.client.get_workflow_handle(f"dossier-{dossier_id}").query(DossierWorkflow.current)
    nominee = state.nominee(key)
    assert nominee.status == expected, (nominee.status, nominee.reasons)
    return nominee


async def dossier_in_appraisal(service: Service, nominees: list[dict], campaign: str | None = None) -> dict:
    body = {"campaign_code": campaign or service.campaign, "nominees": nominees}
    dossier = ok(await post(service, UNIT_HEAD, "/api/dossiers", json=body), 201)
    path = f"/api/dossiers/{dossier['id']}"
    dossier = ok(await post(service, UNIT_HEAD, f"{path}/minutes", json=minutes(dossier)))
    await attach_all(service, dossier)
    ok(await post(service, UNIT_HEAD, f"{path}/submit"))
    return ok(await post(service, APPRAISER, f"{path}/start-appraisal"))


async def mails(server: SmtpServer, subject: str, count: int) -> list:
    """The mails with this subject, once `count` of them have arrived (delivery follows the event)."""
    for _ in range(250):
        found = [m for m in server.messages if m.message["Subject"] == subject]
        if len(found) >= count:
            return found
        await asyncio.sleep(0.02)
    raise AssertionError(f"{len(found)} mails «{subject}», expected {count}")


async def test_suspended_nominee_resumes_when_the_complaint_is_unfounded(running: Service, mail_server: SmtpServer):
    dossier = await dossier_in_appraisal(running, [OFFICE, DUC, NHUNG])
    path = f"/api/dossiers/{dossier['id']}"
    assert dossier["nominees"][2]["person_id"] is not None  # matched by name and date of birth
    record = await complaint(running, "pham thi hong nhung", "1988-05-09")
    held = await nominee_status(running, dossier["id"], "N3", "suspended")
    assert "Tạm dừng xét" in held.reasons[-1]
    refused = await post(running, APPRAISER, f"{path}/nominees/N3/appraisal", json={"passed": True})
    assert (refused.status_code, refused.json()["code"]) == (409, "NOMINEE_NOT_IN_PLAY")

    # The others go on: the appraisal ends without the held nominee.
    for key in ("N1", "N2"):
        dossier = ok(await post(running, APPRAISER, f"{path}/nominees/{key}/appraisal", json={"passed": True}))
    assert dossier["stage"] == "appraised"

    await conclude(running, record, "unfounded")
    resumed = await nominee_status(running, dossier["id"], "N3", "selected")  # where it was
    # The unit head and the appraising office are told, once each, of the hold and of the resumption.
    for subject in ("Tạm dừng xét khen thưởng: Phạm Thị Hồng Nhung", "Tiếp tục xét khen thưởng: Phạm Thị Hồng Nhung"):
        told = await mails(mail_server, subject, 3)
        assert sorted(m.recipients[0] for m in told) == [
            "thamdinh@kesat.example", "truongphong.kinhte@kesat.example", "truongphong.vhxh@kesat.example"]
        assert all(dossier["id"] in m.message.get_body(("plain",)).get_content() for m in told)
    assert "Tiếp tục xét" in resumed.reasons[-1]
    dossier = ok(await post(running, APPRAISER, f"{path}/nominees/N3/appraisal", json={"passed": True}))
    assert [n["status"] for n in dossier["nominees"]] == ["passed", "passed", "passed"]
    actions = [h["action"] for h in dossier["history"]]
    assert actions.count("record_opened") == 1 and actions.count("record_concluded") == 1


async def test_suspended_nominee_is_out_when_the_complaint_is_founded(running: Service):
    dossier = await dossier_in_appraisal(running, [OFFICE, NHUNG])
    record = await complaint(running, "Phạm Thị Hồng Nhung", "1988-05-09")
    await nominee_status(running, dossier["id"], "N2", "suspended")
    await conclude(running, record, "founded")
    out = await nominee_status(running, dossier["id"], "N2", "disqualified")
    assert "Không đủ điều kiện" in out.reasons[-1]
    dossier = await get(running, dossier["id"])
    assert dossier["nominees"][0]["status"] == "selected"  # the office is not touched


async def test_a_record_open_at_appraisal_holds_the_nominee_and_a_rating_below_the_bar_blocks(running: Service):
    await complaint(running, "Phạm Thị Hồng Nhung", "1988-05-09")
    rating = {"subject_type": "person", "subject_name": "Lê Minh Đức", "birth_date": "1979-11-23",
              "kind": "rating", "year": 2025, "rating": "hoan_thanh"}
    ok(await post(running, APPRAISER, "/api/records", json=rating), 201)
    dossier = await dossier_in_appraisal(running, [OFFICE, DUC, NHUNG])
    statuses = {n["key"]: n["status"] for n in dossier["nominees"]}
    assert statuses == {"N1": "selected", "N2": "selected", "N3": "suspended"}
    bar = next(f for f in dossier["nominees"][1]["findings"] if f["verdict"] == "block")
    assert "Hoàn thành tốt nhiệm vụ" in bar["message"] or "hoàn thành tốt" in bar["message"].lower()
    refused = await post(running, APPRAISER, f"/api/dossiers/{dossier['id']}/nominees/N2/appraisal", json={"passed": True})
    assert (refused.status_code, refused.json()["code"]) == (409, "ELIGIBILITY_BLOCKED")
    # Every check is recorded: at submission (warnings) and at appraisal, with the rule and the records.
    checks = [h["detail"] for h in dossier["history"] if h["action"] == "eligibility_check"]
    assert checks[0].startswith("Khi nộp hồ sơ") and checks[1].startswith("Khi thẩm định")
    assert "Phạm Thị Hồng Nhung: tạm dừng xét" in checks[1] and "Lê Minh Đức: không đủ điều kiện" in checks[1]
    with Session(running.engine) as session:
        rows = session.exec(select(models.EligibilityCheck).where(models.EligibilityCheck.dossier_id == dossier["id"])).all()
        assert {(r.step, r.nominee_key) for r in rows if r.verdict == "suspend"} == {("submit", "N3"), ("appraisal", "N3")}
        assert all(r.record_ids for r in rows if r.verdict in ("suspend", "block"))


async def test_a_complaint_during_the_council_session_keeps_the_nominee_off_the_decision(running: Service):
    dossier = await dossier_in_appraisal(running, [OFFICE, NHUNG])
    for key in ("N1", "N2"):
        ok(await post(running, APPRAISER, f"/api/dossiers/{dossier['id']}/nominees/{key}/appraisal", json={"passed": True}))
    campaign = await open_session(running)
    await complaint(running, "Phạm Thị Hồng Nhung", "1988-05-09")
    await nominee_status(running, dossier["id"], "N2", "suspended")
    await vote(running, campaign)
    ok(await campaign_post(running, SECRETARY, running.campaign, "/session/close", json={}))
    campaign = ok(await campaign_post(running, CHAIRMAN, running.campaign, "/decision/sign", json={}))
    assert [a["candidate"]["name"] for a in campaign["run"]["decision"]["awardees"]] == ["Phòng Kinh tế"]
    assert campaign["run"]["decision"]["total_bonus_vnd"] == 702_000
    left_out = next(r for r in campaign["run"]["results"] if r["candidate"]["name"] == "Phạm Thị Hồng Nhung")
    assert not left_out["awarded"] and "không còn đủ điều kiện khi ký" in left_out["reason"]
    dossier = await get(running, dossier["id"])
    assert [n["status"] for n in dossier["nominees"]] == ["awarded", "suspended"]


async def test_holding_the_last_nominee_without_a_verdict_lets_the_others_go_to_the_council(
    running: Service, saving_histories: bool
):
    dossier = await dossier_in_appraisal(running, [OFFICE, NHUNG])
    path = f"/api/dossiers/{dossier['id']}"
    dossier = ok(await post(running, APPRAISER, f"{path}/nominees/N1/appraisal", json={"passed": True}))
    assert dossier["stage"] == "under_appraisal"  # Nhung still waits for her verdict

    await complaint(running, "Phạm Thị Hồng Nhung", "1988-05-09")
    await nominee_status(running, dossier["id"], "N2", "suspended")
    state = await running.client.get_workflow_handle(f"dossier-{dossier['id']}").query(DossierWorkflow.current)
    assert state.stage == "appraised"  # the office goes to the council; Nhung waits for the case

    campaign = await open_session(running)
    assert [c["name"] for c in campaign["run"]["session"]["candidates"]] == ["Phòng Kinh tế"]
    handle = running.client.get_workflow_handle(f"dossier-{dossier['id']}")
    await save_history(handle, "dossier-held-last-nominee", saving_histories)


async def test_holding_the_last_nominee_does_not_reject_the_dossier(running: Service):
    dossier = await dossier_in_appraisal(running, [OFFICE, NHUNG])
    path = f"/api/dossiers/{dossier['id']}/nominees/N1/appraisal"
    ok(await post(running, APPRAISER, path, json={"passed": False, "reason": "Chưa đạt chỉ tiêu"}))
    await complaint(running, "Phạm Thị Hồng Nhung", "1988-05-09")
    await nominee_status(running, dossier["id"], "N2", "suspended")
    state = await running.client.get_workflow_handle(f"dossier-{dossier['id']}").query(DossierWorkflow.current)
    assert state.stage == "under_appraisal"  # Nhung may still be cleared


async def test_a_record_after_the_signature_flags_the_award_for_revocation_review(running: Service):
    dossier = await dossier_in_appraisal(running, [NHUNG])
    ok(await post(running, APPRAISER, f"/api/dossiers/{dossier['id']}/nominees/N1/appraisal", json={"passed": True}))
    await vote(running, await open_session(running))
    ok(await campaign_post(running, SECRETARY, running.campaign, "/session/close", json={}))
    ok(await campaign_post(running, CHAIRMAN, running.campaign, "/decision/sign", json={}))
    await complaint(running, "Phạm Thị Hồng Nhung", "1988-05-09")
    nominee = await nominee_status(running, dossier["id"], "N1", "awarded")
    assert nominee.revocation_review
    assert "thu hồi" in nominee.reasons[-1]


# --- whatever the order of events, an open record never reaches "awarded" ---------------------------

STEPS = ["submitted", "appraisal", "appraised", "session", "closed", "signed"]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    opened=st.sampled_from(STEPS),
    outcome=st.sampled_from(["never", "unfounded", "founded"]),
    concluded_after=st.integers(min_value=0, max_value=len(STEPS)),
)
async def test_an_open_record_never_reaches_awarded(running: Service, opened: str, outcome: str, concluded_after: int):
    plan = await run_plan(running, "ke-sat-2025.yaml", submit_before=today() + timedelta(days=30))
    with Session(running.engine) as session:  # the examples share one database: an earlier example's award of
        for award in session.exec(select(Award)).all():  # the same unit for the same achievement would bar it
            session.delete(award)
        session.commit()
    born = date(1990, 1, 1) + timedelta(days=uuid.uuid4().int % 9000)
    name = f"Trần Văn Kiểm {uuid.uuid4().hex[:4]}"
    with Session(running.engine) as session:
        issuer = session.exec(select(models.Issuer).where(models.Issuer.code == plan.issuer.code)).one()
        session.add(models.Person(issuer_id=issuer.id, full_name=name, name_key=fold(name), birth_date=born))
        session.commit()
    person = {"group": "individual", "subject_kind": "can_bo_cong_chuc_vien_chuc", "name": name,
              "birth_date": born.isoformat()}
    conclude_at = STEPS[min(STEPS.index(opened) + concluded_after, len(STEPS) - 1)]
    record = None

    async def events_at(step: str) -> None:
        nonlocal record
        # A signal sent before the next action reaches the dossier before that action does.
        if step == opened:
            record = await complaint(running, name, born.isoformat())
        if record is not None and outcome != "never" and step == conclude_at and record["status"] == "open":
            record = await conclude(running, record, outcome)

    body = {"campaign_code": plan.code, "nominees": [OFFICE, person]}
    dossier = ok(await post(running, UNIT_HEAD, "/api/dossiers", json=body), 201)
    path = f"/api/dossiers/{dossier['id']}"
    dossier = ok(await post(running, UNIT_HEAD, f"{path}/minutes", json=minutes(dossier)))
    await attach_all(running, dossier)
    ok(await post(running, UNIT_HEAD, f"{path}/submit"))
    await events_at("submitted")
    ok(await post(running, APPRAISER, f"{path}/start-appraisal"))
    await events_at("appraisal")
    for key in ("N1", "N2"):
        await post(running, APPRAISER, f"{path}/nominees/{key}/appraisal", json={"passed": True})  # N2 may be held
    await events_at("appraised")
    campaign = await open_session(running, code=plan.code)
    await events_at("session")
    await vote(running, campaign, code=plan.code)
    ok(await campaign_post(running, SECRETARY, plan.code, "/session/close", json={}))
    await events_at("closed")
    ok(await campaign_post(running, CHAIRMAN, plan.code, "/decision/sign", json={}))
    await events_at("signed")
    ok(await campaign_post(running, COMMUNICATIONS, plan.code, "/recognise"))

    nominee = (await get(running, dossier["id"]))["nominees"][1]
    still_open = record is not None and record["status"] == "open"
    founded = record is not None and record.get("outcome") == "founded"
    awarded_before_the_record = STEPS.index(opened) >= STEPS.index("signed")
    if (still_open or founded) and not awarded_before_the_record:
        assert nominee["status"] != "awarded", (opened, outcome, conclude_at, nominee)
    if awarded_before_the_record and nominee["status"] == "awarded":
        assert nominee["revocation_review"]
