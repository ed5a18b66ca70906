"""A ballot with more votes than one Update carries (BALLOT_PAGE) goes in pages (workflows/ballot_pages.py): the
member sends it whole, the campaign's history holds its pages, each within the page's size, and one ballot
cast; a retry adds nothing; a page out of turn, or a last page that leaves a candidate out, is refused and
casts nothing. An absent member's written opinion goes the same way. Here a page holds 2 votes, so that a
ballot of 3 candidates needs two."""

import pytest
from sqlmodel import Session
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowUpdateFailedError

from db import models
from schemas.council import CastBallotPage
from schemas.dossier_actions import Actor, Role
from tests.campaign_steps import appraised_dossier, collective, individual
from tests.conftest import Service
from tests.dossier_steps import MEMBERS, SECRETARY, UNIT_HEAD, campaign_post, member_ids, ok, open_session
from tests.test_ballot_complete import ballots_of
from tests.test_council_guard import service_plan
from web.campaign_workflows import campaign_workflow_id
from workflows.campaign import CampaignWorkflow


@pytest.fixture
def pages_of_two(monkeypatch):
    monkeypatch.setattr("web.routes.campaigns.BALLOT_PAGE", 2)


async def pages_in_history(service: Service, update: str = "cast_ballot_page") -> list[int]:
    """The size in bytes of each accepted page of a ballot (or of an opinion) in the campaign's history."""
    history = await service.client.get_workflow_handle(campaign_workflow_id(service.campaign)).fetch_history()
    accepted = [e for e in history.events if e.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED]
    return [e.ByteSize() for e in accepted
            if e.workflow_execution_update_accepted_event_attributes.accepted_request.input.name == update]


async def test_a_long_ballot_goes_in_pages_and_is_cast_once(running: Service, pages_of_two):
    await appraised_dossier(running, service_plan(running), UNIT_HEAD, [
        collective("phong_chuyen_mon", "Phòng Kinh tế"), individual("can_bo_cong_chuc_vien_chuc", "Nguyễn Thị Mai"),
        individual("can_bo_cong_chuc_vien_chuc", "Trần Văn Bình")])
    refs = [c["ref"] for c in (await open_session(running))["run"]["session"]["candidates"]]
    assert len(refs) == 3
    ids = member_ids(running)
    votes = {refs[0]: True, refs[1]: False, refs[2]: True}

    headers = {"X-Request-ID": "ballot-of-member-1"}
    campaign = ok(await campaign_post(running, MEMBERS[0], running.campaign, "/session/ballot", json={"votes": votes},
                                      headers=headers))
    assert ballots_of(running) == {str(ids[MEMBERS[0]]): votes}
    assert [e["action"] for e in campaign["history"]].count("cast_ballot") == 1
    pages = await pages_in_history(running)
    assert len(pages) == 2 and max(pages) < 2_000  # two votes each, not the ballot

    # Sent again with its request id: the pages already taken, the ballot cast once.
    again = ok(await campaign_post(running, MEMBERS[0], running.campaign, "/session/ballot", json={"votes": votes},
                                   headers=headers))
    assert [e["action"] for e in again["history"]].count("cast_ballot") == 1 and len(await pages_in_history(running)) == 2

    # A page naming no candidate, out of turn, or a last one leaving a candidate out: refused, nothing cast;
    # then the whole ballot, from its first page.
    refused = await campaign_post(running, MEMBERS[1], running.campaign, "/session/ballot",
                                  json={"votes": {refs[0]: True, refs[1]: True, "x/N1": True}})
    assert (refused.status_code, refused.json()["code"]) == (422, "UNKNOWN_CANDIDATE")
    member = Actor(user_id=ids[MEMBERS[2]], name="Ủy viên", role=Role.council_member)
    handle = running.client.get_workflow_handle(campaign_workflow_id(running.campaign))
    with pytest.raises(WorkflowUpdateFailedError) as out_of_turn:
        await handle.execute_update(CampaignWorkflow.cast_ballot_page,
                                    CastBallotPage(actor=member, votes={refs[2]: True}, page=1, pages=2))
    assert out_of_turn.value.cause.type == "BALLOT_PAGE_OUT_OF_ORDER"
    await handle.execute_update(CampaignWorkflow.cast_ballot_page,
                                CastBallotPage(actor=member, votes={refs[0]: True}, page=0, pages=2))
    with pytest.raises(WorkflowUpdateFailedError) as incomplete:
        await handle.execute_update(CampaignWorkflow.cast_ballot_page,
                                    CastBallotPage(actor=member, votes={refs[1]: True}, page=1, pages=2))
    assert incomplete.value.cause.type == "BALLOT_INCOMPLETE"
    assert set(ballots_of(running)) == {str(ids[MEMBERS[0]])}
    for name in MEMBERS[1:3]:
        ok(await campaign_post(running, name, running.campaign, "/session/ballot", json={"votes": votes}))
        assert ballots_of(running)[str(ids[name])] == votes


async def test_a_long_written_opinion_goes_in_pages_and_is_recorded_once(running: Service, pages_of_two):
    await appraised_dossier(running, service_plan(running), UNIT_HEAD, [
        collective("phong_chuyen_mon", "Phòng Kinh tế"), individual("can_bo_cong_chuc_vien_chuc", "Nguyễn Thị Mai"),
        individual("can_bo_cong_chuc_vien_chuc", "Trần Văn Bình")])
    refs = [c["ref"] for c in (await open_session(running, present=MEMBERS[:4]))["run"]["session"]["candidates"]]
    ids = member_ids(running)
    absent = ids[MEMBERS[4]]
    votes = {refs[0]: False, refs[1]: True, refs[2]: True}

    # A present member's opinion, or one leaving a candidate out: refused, nothing held or recorded.
    for member, sent, code in ((ids[MEMBERS[0]], votes, "MEMBER_PRESENT"),
                               (absent, {refs[0]: True, refs[1]: True}, "BALLOT_INCOMPLETE")):
        refused = await campaign_post(running, SECRETARY, running.campaign, "/session/written-opinions",
                                      json={"member_id": member, "votes": sent})
        assert (refused.status_code, refused.json()["code"]) == (422, code), refused.text
    assert opinions_of(running) == {}

    headers = {"X-Request-ID": "opinion-of-member-5"}
    for _ in range(2):  # sent again with its request id: the pages already taken, the opinion recorded once
        campaign = ok(await campaign_post(running, SECRETARY, running.campaign, "/session/written-opinions",
                                          json={"member_id": absent, "votes": votes}, headers=headers))
        assert [e["action"] for e in campaign["history"]].count("record_written_opinion") == 1
    assert opinions_of(running) == {str(absent): votes}
    pages = await pages_in_history(running, "record_written_opinion_page")
    assert len(pages) == 2 and max(pages) < 2_000


def opinions_of(service: Service) -> dict:
    with Session(service.engine) as session:
        return session.get(models.CampaignRun, service.campaign).state["session"]["written_opinions"]
