"""The worker stops mid-lifecycle; a new one takes over from the workflow's history and duplicates nothing."""

import asyncio

from tests.conftest import Service
from tests.dossier_steps import APPRAISER, NOMINEES, decide_sign_recognise, get, ok, open_session, post, submitted, vote


async def test_new_worker_continues_where_the_old_one_stopped(service: Service):
    async with service.worker():
        dossier = await submitted(service, NOMINEES[:3])
    # No worker now: an action sent meanwhile waits in Temporal instead of failing.
    pending = asyncio.create_task(post(service, APPRAISER, f"/api/dossiers/{dossier['id']}/start-appraisal"))
    # A new worker with an empty cache replays the history, then runs the waiting update.
    async with service.worker():
        dossier = ok(await pending)
        assert dossier["stage"] == "under_appraisal"
        for key in ("N1", "N2", "N3"):
            ok(await post(service, APPRAISER, f"/api/dossiers/{dossier['id']}/nominees/{key}/appraisal", json={"passed": True}))
    async with service.worker():
        campaign = await open_session(service)
        await vote(service, campaign)
    # The campaign workflow too picks up where it was, on yet another worker.
    async with service.worker():
        await decide_sign_recognise(service)
        dossier = await get(service, dossier["id"])
    assert dossier["stage"] == "recognised"

    history = (await get(service, dossier["id"]))["history"]
    actions = [h["action"] for h in history]
    assert [h["seq"] for h in history] == list(range(1, len(history) + 1))
    assert actions == (
        ["create", "record_minutes"]
        + ["attach_document"] * (2 + 3)
        + ["submit", "eligibility_check", "start_appraisal", "eligibility_check"]
        + ["appraise"] * 3
        + ["council_opened", "eligibility_check", "council_outcome"]
        + ["eligibility_check", "decision_signed", "recognised"]
    )
    assert len(dossier["documents"]) == 5
    assert [n["status"] for n in dossier["nominees"]] == ["awarded"] * 3
    history = (await service.api.get(f"/api/campaigns/{service.campaign}", headers=service.as_user(APPRAISER))).json()["history"]
    assert [h["seq"] for h in history] == list(range(1, len(history) + 1))
    assert [h["action"] for h in history] == (
        ["start", "open_session"] + ["cast_ballot"] * 5 + ["close_session", "sign_decision", "recognise"]
    )
