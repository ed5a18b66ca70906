"""The council's secrets and its members' actions: each ballot is its member's and the secretary's to read."""

from tests.conftest import Service
from tests.dossier_steps import APPRAISER, NOMINEES, SECRETARY, UNIT_HEAD, member_ids, ok, open_session, post, under_appraisal


async def appraised(service: Service) -> None:
    dossier = await under_appraisal(service, NOMINEES[:2])
    for nominee in dossier["nominees"]:
        ok(await post(service, APPRAISER, f"/api/dossiers/{dossier['id']}/nominees/{nominee['key']}/appraisal",
                      json={"passed": True}))


async def read(service: Service, user: str) -> dict:
    return ok(await service.api.get(f"/api/campaigns/{service.campaign}", headers=service.as_user(user)))["run"]["session"]


async def test_a_unit_head_sees_who_voted_but_not_how(running: Service):
    await appraised(running)
    session = (await open_session(running))["run"]["session"]
    votes = {c["ref"]: False for c in session["candidates"]}
    ok(await post(running, "uyvien.2", f"/api/campaigns/{running.campaign}/session/ballot", json={"votes": votes}))
    voter = str(member_ids(running)["uyvien.2"])

    assert (await read(running, UNIT_HEAD))["ballots"] == {voter: {}}
    assert (await read(running, "uyvien.3"))["ballots"] == {voter: {}}
    assert (await read(running, "uyvien.2"))["ballots"] == {voter: votes}
    assert (await read(running, SECRETARY))["ballots"] == {voter: votes}


async def test_two_members_sending_the_same_request_id_both_vote(running: Service):
    await appraised(running)
    session = (await open_session(running))["run"]["session"]
    votes = {c["ref"]: True for c in session["candidates"]}
    same = {"X-Request-ID": "phieu-1"}
    for member in ("uyvien.2", "uyvien.3"):
        ok(await post(running, member, f"/api/campaigns/{running.campaign}/session/ballot", json={"votes": votes},
                      headers=same))
    ids = member_ids(running)
    assert set((await read(running, SECRETARY))["ballots"]) == {str(ids["uyvien.2"]), str(ids["uyvien.3"])}
