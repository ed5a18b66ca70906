"""The worker stops mid-lifecycle; a new one takes over from the workflow's history and duplicates nothing."""

import asyncio

from tests.conftest import Service
from tests.dossier_steps import APPRAISER, CHAIRMAN, COMMUNICATIONS, NOMINEES, SECRETARY, get, ok, post, submitted


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
        ok(await post(service, SECRETARY, f"/api/dossiers/{dossier['id']}/open-council"))
        tally = {"members": 9, "present": 9, "votes": {"N1": 9, "N2": 8, "N3": 7}}
        ok(await post(service, SECRETARY, f"/api/dossiers/{dossier['id']}/council-vote", json=tally))
        ok(await post(service, CHAIRMAN, f"/api/dossiers/{dossier['id']}/sign", json={"decision_number": "07/QĐ-UBND"}))
        dossier = ok(await post(service, COMMUNICATIONS, f"/api/dossiers/{dossier['id']}/recognise"))
    assert dossier["stage"] == "recognised"

    history = (await get(service, dossier["id"]))["history"]
    actions = [h["action"] for h in history]
    assert [h["seq"] for h in history] == list(range(1, len(history) + 1))
    assert actions == (
        ["create", "record_minutes"]
        + ["attach_document"] * (2 + 3)
        + ["submit", "start_appraisal"]
        + ["appraise"] * 3
        + ["open_council", "record_council_vote", "sign", "recognise"]
    )
    assert len(dossier["documents"]) == 5
    assert [n["status"] for n in dossier["nominees"]] == ["awarded"] * 3
