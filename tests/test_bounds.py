"""Whole numbers and dates that come in are within a sane range, said at their field (422 INVALID_INPUT with
the stable codes greater_than_equal / less_than_equal), and a refusal changes nothing: no row of any table,
no event in any workflow's history, no workflow started. Before, a number beyond 2^63 answered 500 and a
supplement due on 31/12/9999 answered 500."""

import uuid
from datetime import timedelta

import pytest
from sqlmodel import Session, SQLModel, func, select
from temporalio.api.enums.v1 import EventType
from temporalio.service import RPCError, RPCStatusCode

from db import models
from tests.conftest import Service, today
from tests.dossier_steps import (
    APPRAISER,
    CHAIRMAN,
    NOMINEES,
    SECRETARY,
    UNIT_HEAD,
    create,
    minutes,
    ok,
    post,
    under_appraisal,
)
from web.campaign_workflows import campaign_started

HUGE = 2**63  # beyond any integer column: SQLite's and PostgreSQL's BIGINT too
OFFICE_HEAD = "truongphong.vhxh"
ADMIN = "quantri"


def rows(service: Service) -> dict[str, int]:
    """The rows of every table but the mail's, which the workflows fill as they go."""
    with Session(service.engine) as session:
        return {
            name: session.exec(select(func.count()).select_from(table)).one()
            for name, table in SQLModel.metadata.tables.items()
            if name not in {"outboxmail", "caughtmail"}
        }


async def history_length(service: Service, workflow_id: str) -> int:
    """The Updates in a workflow's history (a refused one leaves none)."""
    history = await service.client.get_workflow_handle(workflow_id).fetch_history()
    return sum(event.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED for event in history.events)


@pytest.fixture
async def running(running: Service) -> Service:
    """The service once its campaign's workflow has saved its first state, which would change the rows."""
    await campaign_started(running.client, running.campaign)
    return running


def refused_at(response, field: str, code: str) -> str:
    """The one problem of a 422 refusal: at `field`, with `code`; its Vietnamese message."""
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "INVALID_INPUT", body
    [problem] = body["details"]["fields"]
    assert (problem["field"], problem["code"]) == (field, code), problem
    return problem["problem"]


async def test_a_supplement_due_on_31_12_9999_is_refused_and_changes_nothing(running: Service):
    dossier = await under_appraisal(running)
    workflow = f"dossier-{dossier['id']}"
    before, events = rows(running), await history_length(running, workflow)
    path = f"/api/dossiers/{dossier['id']}/supplement-request"
    response = await post(running, APPRAISER, path, json={"items": ["Biên bản họp có chữ ký"], "due_date": "9999-12-31"})
    limit = (today() + timedelta(days=366)).strftime("%d/%m/%Y")
    assert refused_at(response, "due_date", "less_than_equal") == f"Ngày phải không sau {limit} (quá một năm kể từ hôm nay)."
    assert rows(running) == before
    assert await history_length(running, workflow) == events
    assert ok(await running.api.get(f"/api/dossiers/{dossier['id']}", headers=running.as_user(APPRAISER)))["stage"] == (
        "under_appraisal"
    )
    # Within the year, the supplement is asked for as before.
    due = (today() + timedelta(days=10)).isoformat()
    asked = ok(await post(running, APPRAISER, path, json={"items": ["Biên bản họp có chữ ký"], "due_date": due}))
    assert asked["stage"] == "supplement_requested"


@pytest.mark.parametrize("person_id", [HUGE, 2**31, 0, -1])
async def test_a_huge_person_id_at_creation_creates_nothing_and_starts_no_workflow(running: Service, person_id: int):
    before = rows(running)
    request_id = uuid.uuid4().hex
    nominee = NOMINEES[1] | {"person_id": person_id}
    body = {"campaign_code": running.campaign, "nominees": [nominee]}
    headers = running.as_user(UNIT_HEAD) | {"X-Request-ID": request_id}
    response = await running.api.post("/api/dossiers", json=body, headers=headers)
    code = "less_than_equal" if person_id > 0 else "greater_than_equal"
    refused_at(response, "nominees.0.person_id", code)
    assert rows(running) == before
    # The workflow this request would have started (its id comes from the user and the request id).
    with Session(running.engine) as session:
        user = session.exec(select(models.User).where(models.User.username == UNIT_HEAD)).one()
    dossier_id = uuid.uuid5(uuid.NAMESPACE_URL, f"thidua:dossier:{user.id}:{request_id}").hex[:12]
    with pytest.raises(RPCError) as missing:
        await running.client.get_workflow_handle(f"dossier-{dossier_id}").describe()
    assert missing.value.status == RPCStatusCode.NOT_FOUND


async def test_every_date_that_comes_in_is_within_its_range(running: Service):
    """Each date of a request body, too early and too late: refused at its field, nothing changed."""
    code = running.campaign
    dossier = await create(running, NOMINEES[:2])
    draft = f"/api/dossiers/{dossier['id']}"
    workflows = [f"dossier-{dossier['id']}", f"campaign-{code}"]
    record = {"subject_type": "person", "subject_name": "Lê Minh Đức", "kind": "discipline",
              "discipline_form": "khien_trach", "period_start": "2025-01-01", "period_end": "2025-06-30"}
    ahead = (today() + timedelta(days=367)).isoformat()
    cases = [
        # (user, path, body, field, code)
        (UNIT_HEAD, "/api/dossiers", {"campaign_code": code, "nominees": [NOMINEES[1] | {"birth_date": "1899-12-31"}]},
         "nominees.0.birth_date", "greater_than_equal"),
        (UNIT_HEAD, f"{draft}/nominees", NOMINEES[2] | {"birth_date": "2101-01-01"}, "birth_date", "less_than_equal"),
        (UNIT_HEAD, f"{draft}/minutes", minutes(dossier) | {"meeting_date": "0001-01-01"}, "meeting_date",
         "greater_than_equal"),
        (UNIT_HEAD, f"{draft}/minutes", minutes(dossier) | {"meeting_date": "9999-12-31"}, "meeting_date", "less_than_equal"),
        (APPRAISER, f"{draft}/supplement-request", {"items": ["x"], "due_date": ahead}, "due_date", "less_than_equal"),
        (OFFICE_HEAD, f"/api/campaigns/{code}/extensions", {"unit_id": 1, "until": "9999-12-31", "reason": "Lý do"},
         "until", "less_than_equal"),
        (OFFICE_HEAD, f"/api/campaigns/{code}/event-dates", {"event": "par_conference", "day": ahead}, "day",
         "less_than_equal"),
        (SECRETARY, f"/api/campaigns/{code}/session/call", {"session_date": "9999-12-31"}, "session_date",
         "less_than_equal"),
        (SECRETARY, f"/api/campaigns/{code}/session", {"session_date": ahead, "present": [1]}, "session_date",
         "less_than_equal"),
        (CHAIRMAN, f"/api/campaigns/{code}/decision/sign", {"signed_on": "9999-12-31"}, "signed_on", "less_than_equal"),
        (OFFICE_HEAD, f"/api/campaigns/{code}/higher-award-answer",
         {"decision_number": "1/QĐ-UBND", "decided_on": "1000-01-01", "accepted": []}, "decided_on", "greater_than_equal"),
        (APPRAISER, "/api/records", record | {"period_end": "9999-12-31"}, "period_end", "less_than_equal"),
        (APPRAISER, "/api/records", record | {"birth_date": "1800-01-01"}, "birth_date", "greater_than_equal"),
    ]
    before = rows(running)
    events = [await history_length(running, workflow) for workflow in workflows]
    for user, path, body, field, problem in cases:
        refused_at(await post(running, user, path, json=body), field, problem)
    response = await running.api.patch(
        "/api/records/1", json={"concluded_on": "9999-12-31"}, headers=running.as_user(APPRAISER)
    )
    assert refused_at(response, "concluded_on", "less_than_equal") == "Ngày phải không sau 31/12/2100."
    assert rows(running) == before
    assert [await history_length(running, workflow) for workflow in workflows] == events


async def test_every_whole_number_beyond_2_63_is_refused_at_its_field(running: Service):
    """The integers of bodies, paths and queries; before, nine of these answered 500."""
    code = running.campaign
    dossier = await create(running, NOMINEES[:2])
    draft = f"/api/dossiers/{dossier['id']}"
    workflows = [f"dossier-{dossier['id']}", f"campaign-{code}"]
    posts = [
        (UNIT_HEAD, f"{draft}/nominees", NOMINEES[2] | {"unit_id": HUGE}, "unit_id"),
        (UNIT_HEAD, f"{draft}/minutes", minutes(dossier) | {"members": HUGE}, "members"),
        (UNIT_HEAD, f"{draft}/minutes", minutes(dossier) | {"votes": {"N1": HUGE, "N2": 1}}, "votes.N1"),
        (OFFICE_HEAD, f"/api/campaigns/{code}/extensions", {"unit_id": HUGE, "until": today().isoformat(), "reason": "x"},
         "unit_id"),
        (SECRETARY, f"/api/campaigns/{code}/session", {"session_date": today().isoformat(), "present": [HUGE]},
         "present.0"),
        (SECRETARY, f"/api/campaigns/{code}/session/written-opinions", {"member_id": HUGE, "votes": {}}, "member_id"),
        (UNIT_HEAD, "/api/reform-reports", {"campaign_code": "cchc", "period_code": "2025-Q3", "unit_id": HUGE},
         "unit_id"),
        (APPRAISER, "/api/records/1/match", {"person_id": HUGE}, "person_id"),
    ]
    gets = [
        (APPRAISER, f"/api/dossiers?unit_id={HUGE}", "unit_id"),
        (APPRAISER, f"/api/records?person_id={HUGE}", "person_id"),
        (APPRAISER, f"/api/records?unit_id={HUGE}", "unit_id"),
        (APPRAISER, f"/api/reform-reports?unit_id={HUGE}", "unit_id"),
        (APPRAISER, f"/api/reform-reports/units/{HUGE}", "unit_id"),
        (ADMIN, f"/api/mail?limit={HUGE}", "limit"),
        (ADMIN, "/api/mail?limit=0", "limit"),
    ]
    before = rows(running)
    events = [await history_length(running, workflow) for workflow in workflows]
    for user, path, body, field in posts:
        refused_at(await post(running, user, path, json=body), field, "less_than_equal")
    response = await running.api.patch(f"/api/records/{HUGE}", json={}, headers=running.as_user(APPRAISER))
    refused_at(response, "record_id", "less_than_equal")
    for user, path, field in gets:
        response = await running.api.get(path, headers=running.as_user(user))
        assert response.status_code == 422, (path, response.text)
        [problem] = response.json()["details"]["fields"]
        assert problem["field"] == field and problem["code"] in {"less_than_equal", "greater_than_equal"}
    assert rows(running) == before
    assert [await history_length(running, workflow) for workflow in workflows] == events


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"members": 0}, "members", "greater_than_equal"),
        ({"members": 10_001}, "members", "less_than_equal"),
        ({"present": -1}, "present", "greater_than_equal"),
        ({"votes": {"N1": -1}}, "votes.N1", "greater_than_equal"),
    ],
)
async def test_the_counts_of_a_meeting_are_those_of_a_meeting(running: Service, change: dict, field: str, code: str):
    dossier = await create(running, NOMINEES[:1])
    before, events = rows(running), await history_length(running, f"dossier-{dossier['id']}")
    response = await post(running, UNIT_HEAD, f"/api/dossiers/{dossier['id']}/minutes", json=minutes(dossier) | change)
    refused_at(response, field, code)
    assert rows(running) == before
    assert await history_length(running, f"dossier-{dossier['id']}") == events
