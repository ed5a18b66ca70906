"""The decision takes the office's number (Nghị định 30/2020 Điều 15): the clerk enters the number its register of
outgoing documents gave, checked against the issuer's series, with the next free number proposed; or the
service's own series, started for the year at the number the admin sets."""

from sqlmodel import Session

from db import numbers
from db.models import IssuedNumber
from tests.conftest import Service, today
from tests.dossier_steps import APPRAISER, CHAIRMAN, SECRETARY, campaign_post, ok, open_session, post, vote
from tests.test_suspension import NHUNG, OFFICE, dossier_in_appraisal
from web.campaign_workflows import campaign_workflow_id
from web.routes import campaigns
from workflows.campaign import CampaignWorkflow

ADMIN = "quantri"
ISSUER = "Ủy ban nhân dân xã Kẻ Sặt"


async def decided(service: Service) -> None:
    dossier = await dossier_in_appraisal(service, [OFFICE, NHUNG])
    for key in ("N1", "N2"):
        ok(await post(service, APPRAISER, f"/api/dossiers/{dossier['id']}/nominees/{key}/appraisal", json={"passed": True}))
    await vote(service, await open_session(service))
    ok(await campaign_post(service, SECRETARY, service.campaign, "/session/close", json={}))


async def next_number(service: Service) -> dict:
    path = f"/api/campaigns/{service.campaign}/decision/next-number"
    return ok(await service.api.get(path, headers=service.as_user(CHAIRMAN)))


async def history_length(service: Service) -> int:
    history = await service.client.get_workflow_handle(campaign_workflow_id(service.campaign)).fetch_history()
    return len(history.events)


def another_document_holds(service: Service, number: int) -> None:
    with Session(service.engine) as session:
        session.add(IssuedNumber(issuer=ISSUER, year=today().year, type_code="QĐ", number=number, key="văn thư: QĐ khác"))
        session.commit()


async def test_the_series_starts_where_the_admin_sets_it_and_proposes_the_next(running: Service):
    assert await next_number(running) == {"year": today().year, "next_free": 1, "series": "QĐ-UBND"}
    path = f"/api/campaigns/{running.campaign}/number-series"
    body = {"year": today().year, "type_code": "QĐ", "first_number": 462}
    refused = await running.api.put(path, json=body, headers=running.as_user(CHAIRMAN))
    assert (refused.status_code, refused.json()["code"]) == (403, "WRONG_ROLE")
    assert ok(await running.api.put(path, json=body, headers=running.as_user(ADMIN)))["next_free"] == 462

    await decided(running)
    signed = ok(await campaign_post(running, CHAIRMAN, running.campaign, "/decision/sign", json={}))
    assert signed["run"]["decision"]["number"] == "462/QĐ-UBND"
    assert (await next_number(running))["next_free"] == 463
    # Started again below what the series has used: refused, naming how far it has gone.
    again = await running.api.put(path, json=body | {"first_number": 400}, headers=running.as_user(ADMIN))
    assert (again.status_code, again.json()["code"]) == (409, "NUMBER_SERIES_PASSED")
    assert "đã dùng đến số 462" in again.json()["message"]


async def test_the_clerk_enters_the_registers_number_and_a_taken_one_is_refused(running: Service):
    await decided(running)
    another_document_holds(running, 17)
    assert (await next_number(running))["next_free"] == 18
    before = await history_length(running)
    taken = await campaign_post(running, CHAIRMAN, running.campaign, "/decision/sign", json={"number": 17})
    assert (taken.status_code, taken.json()["code"]) == (409, "DECISION_NUMBER_TAKEN")
    assert taken.json()["details"] == {"number": 17, "next_free": 18}
    assert await history_length(running) == before  # refused at the door: nothing sent to the workflow

    signed = ok(await campaign_post(running, CHAIRMAN, running.campaign, "/decision/sign", json={"number": 25}))
    assert signed["run"]["decision"]["number"] == "25/QĐ-UBND" and signed["phase"] == "signed"
    assert (await next_number(running))["next_free"] == 26


async def test_a_number_taken_meanwhile_refuses_the_signing_with_the_decision_as_it_was(running: Service, monkeypatch):
    """Two clerks at once: the number is taken between the door's check and the workflow's claim."""
    await decided(running)
    another_document_holds(running, 9)
    monkeypatch.setattr(campaigns, "refuse_if_taken", lambda *_: None)  # the check ran before the number was taken
    taken = await campaign_post(running, CHAIRMAN, running.campaign, "/decision/sign", json={"number": 9})
    assert (taken.status_code, taken.json()["code"]) == (409, "DECISION_NUMBER_TAKEN")
    state = await running.client.get_workflow_handle(campaign_workflow_id(running.campaign)).query(CampaignWorkflow.current)
    assert state.phase == "decided" and state.decision.number is None
    with Session(running.engine) as session:
        assert numbers.taken_for(session, f"campaign-{running.campaign}-decision") is None
    signed = ok(await campaign_post(running, CHAIRMAN, running.campaign, "/decision/sign", json={"number": 10}))
    assert signed["run"]["decision"]["number"] == "10/QĐ-UBND"
