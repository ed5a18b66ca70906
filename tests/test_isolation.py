"""Two issuers in one database and one Temporal namespace: neither reads nor touches the other's.

Issuer A is the demo's Kẻ Sặt with its users; issuer B is An Hải, given here its own units, people and users
in every role, and a campaign of its own run to its signed and publicised decision beside A's.
"""

import re
import uuid
from datetime import timedelta

import httpx
import pytest
from sqlmodel import Session, select
from temporalio.service import RPCError

from db import models
from db.api_tokens import add_token
from db.outbox import OutboxMail
from db.records import Record
from tests.campaign_steps import add_unit, appraised_dossier, collective, individual, run_plan
from tests.conftest import Service, today
from tests.dossier_steps import APPRAISER, EARLY_REASON, ok, pdf, post
from web.pages.deps import LOGIN_CSRF_COOKIE

B = "an-hai"
B_ROLES = {
    "appraiser": "appraiser", "office_head": "office_head", "council_secretary": "council_secretary",
    "chairman": "chairman", "communications": "communications",
}
B_MEMBERS = 3
# Every role of A, by a demo user of Kẻ Sặt.
A_USERS = [
    "truongphong.kinhte", "thamdinh", "truongphong.vhxh", "thuky.hoidong", "uyvien.hoidong", "chutich",
    "phochutich", "truyenthong", "quantri",
]
UNKNOWN_DOSSIER = "000000000000"
UNKNOWN_CAMPAIGN = "khong-co-dot-nay"
UNKNOWN_RECORD = 987654
ONCE = re.compile(r'value="[0-9a-f]{32}"')  # a form's request id, new on every page


def b_user(service: Service, role: str, unit_id: int | None = None) -> str:
    """A user of B in `role`, with a mail address; the token is demo-<user name>."""
    username = f"b-{role}-{uuid.uuid4().hex[:6]}"
    with Session(service.engine) as session:
        issuer = session.exec(select(models.Issuer).where(models.Issuer.code == B)).one()
        user = models.User(
            username=username, full_name=f"Người {username}", roles=[role], issuer_id=issuer.id, unit_id=unit_id,
            email=f"{username}@anhai.example",
        )
        session.add(user)
        session.flush()
        add_token(session, user, "Thử nghiệm", f"demo-{username}")
        session.commit()
    return username


def as_(service: Service, user: str) -> dict[str, str]:
    return service.as_user(user)


async def call(service: Service, user: str, method: str, path: str, **kwargs) -> httpx.Response:
    return await service.api.request(method, path, headers=as_(service, user), **kwargs)


def answer(response: httpx.Response) -> tuple[int, str | None]:
    body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
    return response.status_code, body.get("code") if isinstance(body, dict) else None


@pytest.fixture
async def two_issuers(running: Service) -> dict:
    """B's people, users and campaign, run through its council to its publicised decision; and A's own
    dossier submitted, so that both have mails."""
    service = running
    kind, person = "phong_thuoc_phuong", "can_bo_cong_chuc"
    plan = await run_plan(service, "an-hai-2025.yaml", issuer=B)
    head = add_unit(service, "Phòng Kinh tế, Hạ tầng và Đô thị", kind, issuer=B)
    idle_head = add_unit(service, "Phòng Văn hóa - Xã hội An Hải", kind, issuer=B)
    users = {name: b_user(service, role) for name, role in B_ROLES.items()}
    members = [b_user(service, "council_member") for _ in range(B_MEMBERS)]
    admin = f"quantri.{B}"
    with Session(service.engine) as session:
        issuer_id = session.exec(select(models.Issuer).where(models.Issuer.code == B)).one().id
        b_person = models.Person(issuer_id=issuer_id, full_name="Trần Thị Thu", name_key="tran thi thu")
        session.add(b_person)
        session.commit()
        b_person_id = b_person.id
        b_unit_id = session.exec(select(models.User).where(models.User.username == head)).one().unit_id
    dossier = await appraised_dossier(
        service, plan, head, [collective(kind, "Phòng Kinh tế, Hạ tầng và Đô thị"), individual(person, "Trần Thị Thu")],
        appraiser=users["appraiser"],
    )
    record = ok(await post(service, users["appraiser"], "/api/records", json={
        "subject_type": "person", "person_id": b_person_id, "kind": "complaint", "opened_on": today().isoformat(),
    }), 201)
    # B's council: the roster of its session is B's members, the secretary counts, the Chairman signs.
    ids = {}
    with Session(service.engine) as session:
        for name in members:
            ids[name] = session.exec(select(models.User).where(models.User.username == name)).one().id
    code = plan.code
    missing = ok(await call(service, users["appraiser"], "GET", f"/api/campaigns/{code}/missing-units"))
    campaign = ok(await post(service, users["council_secretary"], f"/api/campaigns/{code}/session",
                             json={"session_date": today().isoformat(), "present": list(ids.values()),
                                   "early_reason": EARLY_REASON}))
    roster = [m["user_id"] for m in campaign["run"]["session"]["members"]]
    for name in members:
        votes = {c["ref"]: True for c in campaign["run"]["session"]["candidates"]}
        campaign = ok(await post(service, name, f"/api/campaigns/{code}/session/ballot", json={"votes": votes}))
    ok(await post(service, users["council_secretary"], f"/api/campaigns/{code}/session/close", json={}))
    ok(await post(service, users["chairman"], f"/api/campaigns/{code}/decision/sign", json={}))
    ok(await post(service, users["communications"], f"/api/campaigns/{code}/recognise"))
    # A's side: a dossier in A's campaign, submitted (mails to A's appraisers).
    a_dossier = ok(await post(service, "truongphong.kinhte", "/api/dossiers", json={
        "campaign_code": service.campaign, "nominees": [collective("phong_chuyen_mon", "Phòng Kinh tế")],
    }), 201)
    return {
        "plan": plan, "code": code, "dossier": dossier["id"], "record": record["id"], "person": b_person_id,
        "unit": b_unit_id, "head": head, "idle_head": idle_head, "users": users, "members": members,
        "member_ids": ids, "admin": admin, "missing": missing, "roster": roster, "a_dossier": a_dossier["id"],
    }


def reads_and_actions(b: dict) -> list[tuple[str, str, dict]]:
    """Every read and action the API offers on one of B's campaigns, dossiers, records and units: (method,
    path with {c} for the campaign code, {d} the dossier id, {r} the record id, {u} the unit id, request)."""
    form = {"files": {"file": ("a.pdf", pdf("x"), "application/pdf")}, "data": {"kind": "to_trinh"}}
    opinion = {"member_id": 1, "votes": {}}
    return [
        ("GET", "/api/campaigns/{c}", {}),
        ("GET", "/api/campaigns/{c}/missing-units", {}),
        ("GET", "/api/campaigns/{c}/higher-award-proposal", {}),
        ("GET", "/api/campaigns/{c}/generated/appraisal-report", {}),
        ("GET", "/api/campaigns/{c}/generated/decision", {}),
        ("GET", "/api/campaigns/{c}/decision/integrity", {}),
        ("GET", "/api/campaigns/{c}/generated/certificates.zip", {}),
        ("GET", "/api/campaigns/{c}/generated/certificates/{d}/N1", {}),
        ("GET", "/api/campaigns/{c}/generated/higher-proposal", {}),
        ("GET", "/api/campaigns/{c}/generated/lists.xlsx", {}),
        ("POST", "/api/campaigns/{c}/extensions", {"json": {"unit_id": 1, "until": today().isoformat(), "reason": "x"}}),
        ("POST", "/api/campaigns/{c}/event-dates", {"json": {"event": "x", "day": today().isoformat()}}),
        ("POST", "/api/campaigns/{c}/session/call", {"json": {"session_date": today().isoformat()}}),
        ("POST", "/api/campaigns/{c}/session", {"json": {"session_date": today().isoformat(), "present": [1]}}),
        ("POST", "/api/campaigns/{c}/session/ballot", {"json": {"votes": {}}}),
        ("POST", "/api/campaigns/{c}/session/written-opinions", {"json": opinion}),
        ("POST", "/api/campaigns/{c}/session/close", {"json": {}}),
        ("POST", "/api/campaigns/{c}/decision/sign", {"json": {}}),
        ("POST", "/api/campaigns/{c}/recognise", {}),
        ("POST", "/api/campaigns/{c}/higher-award-answer",
         {"json": {"decision_number": "1/QĐ", "decided_on": today().isoformat(), "accepted": []}}),
        ("GET", "/api/dossiers/{d}", {}),
        ("GET", "/api/dossiers/{d}/documents/D1", {}),
        ("GET", "/api/dossiers/{d}/generated/proposal", {}),
        ("GET", "/api/dossiers/{d}/generated/minutes", {}),
        ("GET", "/api/dossiers/{d}/generated/achievement-reports/N2", {}),
        ("POST", "/api/dossiers/{d}/nominees", {"json": collective("phong_thuoc_phuong", "Phòng X")}),
        ("POST", "/api/dossiers/{d}/minutes", {"json": {"meeting_date": today().isoformat(), "members": 5, "present": 5, "votes": {}}}),
        ("POST", "/api/dossiers/{d}/documents", form),
        ("POST", "/api/dossiers/{d}/submit", {}),
        ("POST", "/api/dossiers/{d}/supplement", {}),
        ("POST", "/api/dossiers/{d}/withdraw", {"json": {"reason": "x"}}),
        ("POST", "/api/dossiers/{d}/start-appraisal", {}),
        ("POST", "/api/dossiers/{d}/nominees/N1/appraisal", {"json": {"passed": False, "reason": "x"}}),
        ("POST", "/api/dossiers/{d}/supplement-request",
         {"json": {"items": ["x"], "due_date": (today() + timedelta(days=5)).isoformat()}}),
        ("POST", "/api/dossiers/{d}/nominees/N2/person-link", {"json": {"reason": "x"}}),
        ("PATCH", "/api/records/{r}", {"json": {"note": "x"}}),
        ("POST", "/api/records/{r}/match", {"json": {"person_id": 1}}),
        ("GET", "/api/reform-reports/units/{u}", {}),
        ("GET", "/api/campaigns/{c}/registrations", {}),
        ("POST", "/api/campaigns/{c}/registrations", {"json": {"targets": ["x"]}}),
        ("POST", "/api/campaigns/{c}/registrations/paper", {"json": {"unit_id": 1, "received_on": today().isoformat()}}),
        ("POST", "/api/campaigns/{c}/registrations/1/withdraw", {}),
    ]


def b_state(service: Service, b: dict) -> tuple:
    """What of B an action could change: its dossier, its campaign's run and history, its record, its rows."""
    with Session(service.engine) as session:
        dossier = session.get(models.Dossier, b["dossier"])
        run = session.get(models.CampaignRun, b["code"])
        record = session.get(Record, b["record"])
        history = session.exec(select(models.CampaignHistory).where(models.CampaignHistory.campaign_code == b["code"])).all()
        documents = session.exec(select(models.Document).where(models.Document.dossier_id == b["dossier"])).all()
        registrations = session.exec(select(models.Registration).where(models.Registration.campaign_code == b["code"])).all()
        return (dossier.last_seq, dossier.stage, run.last_seq, len(history), record.model_dump(), len(documents),
                len(registrations))


async def test_every_role_of_a_is_refused_every_read_and_action_on_b(two_issuers: dict, running: Service):
    """The matrix: 9 users of A (every role) × 42 reads and actions on B's campaign, dossier, record and unit =
    378 requests, each answered as the same request about an unknown id (404, or the role's own refusal,
    which does not depend on the id), none applied; then 9 × 7 lists and pages that show nothing of B."""
    b, service = two_issuers, running
    before = b_state(service, b)
    known = {"c": b["code"], "d": b["dossier"], "r": b["record"], "u": b["unit"]}
    unknown = {"c": UNKNOWN_CAMPAIGN, "d": UNKNOWN_DOSSIER, "r": UNKNOWN_RECORD, "u": 987654}
    matrix = [(user, request) for user in A_USERS for request in reads_and_actions(b)]
    assert len(matrix) == 9 * 42
    for user, (method, path, kwargs) in matrix:
        got = answer(await call(service, user, method, path.format(**known), **kwargs))
        expected = answer(await call(service, user, method, path.format(**unknown), **kwargs))
        assert got == expected, (user, method, path, got, expected)
        assert got[0] in (403, 404, 422), (user, method, path, got)
        assert got[1] in ("WRONG_ROLE", "CAMPAIGN_NOT_FOUND", "DOSSIER_NOT_FOUND", "RECORD_NOT_FOUND", "UNIT_NOT_FOUND"), (
            user, method, path, got)
    assert b_state(service, b) == before

    b_texts = [b["code"], b["dossier"], "Trần Thị Thu", "Phòng Kinh tế, Hạ tầng và Đô thị"]
    for user in A_USERS:
        lists = [
            await call(service, user, "GET", "/api/campaigns"),
            await call(service, user, "GET", "/api/dossiers"),
            await call(service, user, "GET", "/api/dossiers", params={"q": "Trần Thị Thu"}),
            await call(service, user, "GET", "/api/dossiers", params={"campaign": b["code"]}),
            await call(service, user, "GET", "/api/records"),
            await call(service, user, "GET", "/api/reform-reports"),
            await call(service, user, "GET", "/api/mail"),
        ]
        for response in lists:
            assert response.status_code in (200, 403), response.text
            for text in b_texts:
                assert text not in response.text, (user, response.request.url, text)
        assert not (await call(service, user, "GET", "/api/dossiers", params={"campaign": b["code"]})).json()


async def test_a_users_pages_show_nothing_of_b(two_issuers: dict, running: Service):
    """Each of the 9 users of A, logged in, on the start page, their role's pages (the admin's too) and B's
    pages: 9 × (13 lists + 6 pages of B's) = 171 pages, B's answered as unknown ones."""
    b, service = two_issuers, running
    b_texts = [b["code"], b["dossier"], "Trần Thị Thu", "Phòng Kinh tế, Hạ tầng và Đô thị", "@anhai.example"]
    pages = [
        "/", "/tasks", "/notifications", "/unit", "/appraisal", "/appraisal/records", "/council", "/decision",
        "/admin/mail", "/admin/users", "/admin/units", "/admin/people", "/admin/campaigns",
    ]
    b_pages = [
        "/council/{c}", "/decision/{c}", "/unit/dossiers/{d}", "/appraisal/dossiers/{d}",
        "/downloads/dossiers/{d}/proposal", "/downloads/campaigns/{c}/decision",
    ]
    for user in A_USERS:
        transport = httpx.ASGITransport(app=service.api._transport.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://thidua.test") as browser:
            await browser.get("/login")
            form = {"username": user, "password": f"demo-{user}", "csrf_token": browser.cookies[LOGIN_CSRF_COOKIE]}
            logged = await browser.post("/login", data=form)
            assert logged.status_code == 303, logged.text
            for path in pages:
                response = await browser.get(path)
                assert response.status_code in (200, 403), (user, path, response.status_code)
                for text in b_texts:
                    assert text not in response.text, (user, path, text)
            for path in b_pages:
                mine = await browser.get(path.format(c=b["code"], d=b["dossier"]))
                none = await browser.get(path.format(c=UNKNOWN_CAMPAIGN, d=UNKNOWN_DOSSIER))
                assert mine.status_code in (403, 404), (user, path, mine.status_code)
                # The same page as for an unknown code or id, that code or id aside.
                same = ONCE.sub("", mine.text.replace(b["code"], "C").replace(b["dossier"], "D"))
                assert same == ONCE.sub("", none.text.replace(UNKNOWN_CAMPAIGN, "C").replace(UNKNOWN_DOSSIER, "D")), (
                    user, path)


async def test_a_unit_cannot_nominate_in_bs_campaign(two_issuers: dict, running: Service):
    b, service = two_issuers, running
    request_id = uuid.uuid4().hex
    with Session(service.engine) as session:
        dossiers = len(session.exec(select(models.Dossier)).all())
        user_id = session.exec(select(models.User).where(models.User.username == "truongphong.kinhte")).one().id
    response = await service.api.post(
        "/api/dossiers", json={"campaign_code": b["code"], "nominees": [collective("phong_thuoc_phuong", "Phòng Kinh tế")]},
        headers=as_(service, "truongphong.kinhte") | {"X-Request-ID": request_id},
    )
    body = response.json()
    assert (response.status_code, body["code"]) == (403, "CAMPAIGN_OF_OTHER_ISSUER"), response.text
    assert "cơ quan khác" in body["message"] and b["code"] in body["message"]
    with Session(service.engine) as session:
        assert len(session.exec(select(models.Dossier)).all()) == dossiers
    dossier_id = uuid.uuid5(uuid.NAMESPACE_URL, f"thidua:dossier:{user_id}:{request_id}").hex[:12]
    with pytest.raises(RPCError):
        await service.client.get_workflow_handle(f"dossier-{dossier_id}").describe()
    # An unknown code stays an unknown code.
    unknown = await post(service, "truongphong.kinhte", "/api/dossiers", json={"campaign_code": UNKNOWN_CAMPAIGN})
    assert answer(unknown) == (404, "CAMPAIGN_NOT_FOUND")


async def test_bs_lists_hold_only_bs_units_members_people_and_mails(two_issuers: dict, running: Service):
    b, service = two_issuers, running
    with Session(service.engine) as session:
        b_issuer = session.exec(select(models.Issuer).where(models.Issuer.code == B)).one().id
        a_units = {u.id for u in session.exec(select(models.Unit).where(models.Unit.issuer_id != b_issuer))}
        a_users = {u.id for u in session.exec(select(models.User).where(models.User.issuer_id != b_issuer))}
        a_emails = {u.email for u in session.exec(select(models.User).where(models.User.issuer_id != b_issuer)) if u.email}
        b_emails = {u.email for u in session.exec(select(models.User).where(models.User.issuer_id == b_issuer)) if u.email}
        mails = session.exec(select(OutboxMail)).all()
    # Missing units: B's active units that have not submitted, none of A's.
    names = {u["name"] for u in b["missing"]}
    assert names == {"Phòng Văn hóa - Xã hội An Hải"}
    assert not {u["id"] for u in b["missing"]} & a_units
    # The roster of B's session: B's members only.
    assert sorted(b["roster"]) == sorted(b["member_ids"].values())
    assert not set(b["roster"]) & a_users
    page_members = ok(await call(service, b["users"]["appraiser"], "GET", f"/api/campaigns/{b['code']}"))
    assert {m["user_id"] for m in page_members["run"]["session"]["members"]} == set(b["member_ids"].values())
    # B's admin sees B's mails and none of A's; A's admin none of B's.
    assert any(m.recipient in b_emails for m in mails)
    b_mail = ok(await call(service, b["admin"], "GET", "/api/mail", params={"limit": 500}))
    a_mail = ok(await call(service, "quantri", "GET", "/api/mail", params={"limit": 500}))
    assert {m["recipient"] for m in b_mail} & b_emails
    assert not {m["recipient"] for m in b_mail} & a_emails
    assert not {m["recipient"] for m in a_mail} & b_emails
    assert all(b["code"] not in m["key"] and b["dossier"] not in m["key"] for m in a_mail)
    # B's records: B's own; A's appraiser cannot tie a record or a nominee to B's person or unit.
    assert [r["id"] for r in ok(await call(service, b["users"]["appraiser"], "GET", "/api/records"))] == [b["record"]]
    for person_id in (b["person"], 987654):
        refused = await post(service, APPRAISER, "/api/records", json={
            "subject_type": "person", "person_id": person_id, "kind": "complaint"})
        assert answer(refused) == (422, "PERSON_NOT_FOUND")
        link = await post(service, APPRAISER, f"/api/dossiers/{b['a_dossier']}/nominees/N1/person-link",
                          json={"person_id": person_id})
        assert answer(link) == (422, "PERSON_NOT_FOUND")
    refused = await post(service, APPRAISER, "/api/records", json={"subject_type": "unit", "unit_id": b["unit"], "kind": "complaint"})
    assert answer(refused) == (422, "UNIT_NOT_FOUND")
    # Matching by name finds A's people only: B's Trần Thị Thu is no candidate of A's record.
    record = ok(await post(service, APPRAISER, "/api/records", json={
        "subject_type": "person", "subject_name": "Trần Thị Thu", "kind": "complaint"}), 201)
    assert b["person"] not in record["candidates"]
    # The honour roll stays public.
    roll = ok(await service.api.get(f"/api/public/campaigns/{b['code']}/honour-roll"))
    assert roll["awardees"]
