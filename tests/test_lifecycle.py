"""A dossier with one collective and four individuals, from draft to public recognition, over the HTTP API."""

from tests.dossier_steps import (
    APPRAISER,
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
from tests.conftest import TEST_CAMPAIGN, Service
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

    dossier = ok(await post(running, SECRETARY, f"/api/dossiers/{dossier_id}/open-council"))
    assert dossier["stage"] == "in_council"
    tally = {"members": 11, "present": 10, "votes": {"N1": 10, "N2": 9, "N3": 4}}
    dossier = ok(await post(running, SECRETARY, f"/api/dossiers/{dossier_id}/council-vote", json=tally))
    assert dossier["stage"] == "decided"
    statuses = {n["key"]: n["status"] for n in dossier["nominees"]}
    assert statuses == {"N1": "approved", "N2": "approved", "N3": "not_approved", "N4": "not_selected", "N5": "failed"}

    dossier = ok(await post(running, CHAIRMAN, f"/api/dossiers/{dossier_id}/sign", json={"decision_number": "12/QĐ-UBND"}))
    assert dossier["stage"] == "signed"
    assert dossier["decision_number"] == "12/QĐ-UBND"
    dossier = ok(await post(running, COMMUNICATIONS, f"/api/dossiers/{dossier_id}/recognise"))
    assert dossier["stage"] == "recognised"
    assert [n["status"] for n in dossier["nominees"]][:2] == ["awarded", "awarded"]

    # The history: every transition once, in order, with who did it.
    history = (await get(running, dossier_id))["history"]
    assert [h["seq"] for h in history] == list(range(1, len(history) + 1))
    actions = [h["action"] for h in history]
    assert actions[:3] == ["create", "record_minutes", "attach_document"]
    assert actions.count("appraise") == 4
    assert actions[-4:] == ["open_council", "record_council_vote", "sign", "recognise"]
    signing = next(h for h in history if h["action"] == "sign")
    assert (signing["actor_name"], signing["actor_role"]) == ("Phạm Thị Thu Hiền", "chairman")
    assert signing["stage_before"] == "decided" and signing["stage_after"] == "signed"

    # The workflow has finished, and the honour roll is public.
    handle = running.client.get_workflow_handle(f"dossier-{dossier_id}")
    assert await handle.result() == "recognised"
    await save_history(handle, "dossier-recognised", saving_histories)
    roll = ok(await running.api.get(f"/api/public/campaigns/{TEST_CAMPAIGN}/honour-roll"))
    assert {a["name"] for a in roll["awardees"]} == {"Phòng Kinh tế", "Lê Minh Đức"}
    assert all(a["decision_number"] == "12/QĐ-UBND" for a in roll["awardees"])
