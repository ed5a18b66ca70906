"""A dossier with one collective and four individuals, from draft to public recognition, over the HTTP API."""

from tests.dossier_steps import (
    APPRAISER,
    MEMBERS,
    campaign_post,
    member_ids,
    open_session,
    vote,
    CHAIRMAN,
    COMMUNICATIONS,
    SECRETARY,
    UNIT_HEAD,
    attach_all,
    create,
    get,
    minutes,
    ok,
    post,
)
from tests.conftest import Service
from tests.save_histories import save_history


async def test_whole_lifecycle_to_recognised(running: Service, saving_histories: bool):
    dossier = await create(running)
    dossier_id = dossier["id"]
    assert dossier["stage"] == "draft"
    assert [n["key"] for n in dossier["nominees"]] == ["N1", "N2", "N3", "N4", "N5"]
    assert [n["group"] for n in dossier["nominees"]].count("individual") == 4

    # The unit's meeting: everyone present but one; Vũ Quang Huy gets only 4 of 8 votes, not a majority.
    votes = minutes(dossier, members=9, present=8, votes=7)
    votes["votes"]["N4"] = 4
    dossier = ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier_id}/minutes", json=votes))
    assert dossier["stage"] == "minutes_recorded"
    statuses = {n["key"]: n["status"] for n in dossier["nominees"]}
    assert statuses == {"N1": "selected", "N2": "selected", "N3": "selected", "N4": "not_selected", "N5": "selected"}
    assert "4/8 phiếu" in dossier["nominees"][3]["reasons"][0]

    dossier = await attach_all(running, dossier)
    assert len(dossier["documents"]) == 2 + 4  # no report needed for the nominee the meeting dropped
    dossier = ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier_id}/submit"))
    assert dossier["stage"] == "submitted"

    dossier = ok(await post(running, APPRAISER, f"/api/dossiers/{dossier_id}/start-appraisal"))
    assert dossier["stage"] == "under_appraisal"
    for key in ["N1", "N2", "N3"]:
        dossier = ok(await post(running, APPRAISER, f"/api/dossiers/{dossier_id}/nominees/{key}/appraisal", json={"passed": True}))
        assert dossier["stage"] == "under_appraisal"
    reason = "Chưa có sáng kiến được công nhận"
    dossier = ok(
        await post(running, APPRAISER, f"/api/dossiers/{dossier_id}/nominees/N5/appraisal", json={"passed": False, "reason": reason})
    )
    assert dossier["stage"] == "appraised"  # the last verdict closes the appraisal
    assert dossier["nominees"][4]["status"] == "failed"
    assert reason in dossier["nominees"][4]["reasons"][-1]

    # The council session: five members, one absent who sends a written opinion; N3 gets 2 of 5.
    ids = member_ids(running)
    campaign = await open_session(running, present=MEMBERS[:4])
    assert [c["nominee_key"] for c in campaign["run"]["session"]["candidates"]] == ["N1", "N2", "N3"]
    dossier = await get(running, dossier_id)
    assert dossier["stage"] == "in_council"
    n3 = f"{dossier_id}/N3"
    campaign = await vote(running, campaign, against={m: {n3} for m in MEMBERS[:3]})
    opinion = {"member_id": ids[MEMBERS[4]], "votes": {c["ref"]: True for c in campaign["run"]["session"]["candidates"]}}
    ok(await campaign_post(running, SECRETARY, running.campaign, "/session/written-opinions", json=opinion))
    campaign = ok(await campaign_post(running, SECRETARY, running.campaign, "/session/close", json={}))
    assert campaign["phase"] == "decided"
    results = {r["candidate"]["nominee_key"]: (r["votes_for"], r["voting"], r["awarded"]) for r in campaign["run"]["results"]}
    assert results == {"N1": (5, 5, True), "N2": (5, 5, True), "N3": (2, 5, False)}
    dossier = await get(running, dossier_id)
    assert dossier["stage"] == "decided"
    statuses = {n["key"]: n["status"] for n in dossier["nominees"]}
    assert statuses == {"N1": "approved", "N2": "approved", "N3": "not_approved", "N4": "not_selected", "N5": "failed"}

    campaign = ok(await campaign_post(running, CHAIRMAN, running.campaign, "/decision/sign", json={}))
    number = campaign["run"]["decision"]["number"]
    assert number == "01/QĐ-UBND"  # the first of the commune's series this year
    dossier = await get(running, dossier_id)
    assert (dossier["stage"], dossier["decision_number"]) == ("signed", number)
    ok(await campaign_post(running, COMMUNICATIONS, running.campaign, "/recognise"))
    dossier = await get(running, dossier_id)
    assert dossier["stage"] == "recognised"
    assert [n["status"] for n in dossier["nominees"]][:2] == ["awarded", "awarded"]

    # The history: every transition once, in order, with who did it.
    history = (await get(running, dossier_id))["history"]
    assert [h["seq"] for h in history] == list(range(1, len(history) + 1))
    actions = [h["action"] for h in history]
    assert actions[:3] == ["create", "record_minutes", "attach_document"]
    assert actions.count("appraise") == 4
    assert actions[-6:] == [
        "council_opened", "eligibility_check", "council_outcome", "eligibility_check", "decision_signed", "recognised"]
    opening, council_check = history[-6:-4]  # saved together, each its own row
    assert (opening["stage_before"], opening["stage_after"]) == ("appraised", "in_council")
    assert (council_check["stage_before"], council_check["stage_after"]) == ("in_council", "in_council")
    checks = [h["detail"] for h in history if h["action"] == "eligibility_check"]
    assert [c.split(":")[0] for c in checks] == [
        "Khi nộp hồ sơ (cảnh báo)", "Khi thẩm định", "Khi họp Hội đồng", "Trước khi ký quyết định"]
    appraisal = next(h for h in history if h["action"] == "start_appraisal")
    assert (appraisal["actor_name"], appraisal["actor_role"]) == ("Hoàng Văn Thắng", "appraiser")
    signing = next(h for h in history if h["action"] == "decision_signed")
    assert signing["stage_before"] == "decided" and signing["stage_after"] == "signed"
    assert number in signing["detail"]

    # The workflow has finished, and the honour roll is public.
    handle = running.client.get_workflow_handle(f"dossier-{dossier_id}")
    assert await handle.result() == "recognised"
    await save_history(handle, "dossier-recognised-mailed", saving_histories)
    await save_history(handle, "dossier-opened-with-its-check", saving_histories)
    campaign_handle = running.client.get_workflow_handle(f"campaign-{running.campaign}")
    assert await campaign_handle.result() == "recognised"
    await save_history(campaign_handle, "campaign-candidates-in-pages", saving_histories)
    roll = ok(await running.api.get(f"/api/public/campaigns/{running.campaign}/honour-roll"))
    assert {a["name"] for a in roll["awardees"]} == {"Phòng Kinh tế", "Lê Minh Đức"}
    assert roll["decision_number"] == number
