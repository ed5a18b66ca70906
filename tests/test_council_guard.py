"""The council session opened before the units' deadlines have passed: refused while an expected unit has not
submitted (SESSION_BEFORE_DEADLINE), unless the secretary says why, which the session and the history keep; an
extension of a unit that has not submitted keeps it refused; once every expected unit has submitted, or every
deadline has passed, it opens without a reason. The units not submitted are on the secretary's and the office's
pages, where an extension is granted and the unit's head mailed."""

import re
from contextlib import asynccontextmanager
from datetime import timedelta

import httpx
from sqlmodel import Session, select

from db import models
from db.outbox import OutboxMail
from schemas.campaign import EmulationPlan
from tests.campaign_steps import add_unit, appraised_dossier, collective, run_plan
from tests.conftest import Service, today
from tests.test_registration import KINH_TE_UNIT, path_of, registration_plan
from tests.dossier_steps import APPRAISER, OTHER_UNIT_HEAD, SECRETARY, UNIT_HEAD, campaign_post, member_ids, ok, post
from web.pages.deps import LOGIN_CSRF_COOKIE

REASON = "Kỳ họp HĐND xã sắp tới cần kết quả khen thưởng"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def opening(service: Service, **more) -> dict:
    return {"session_date": today().isoformat(), "present": list(member_ids(service).values()), **more}


def refused(response: httpx.Response, status: int, code: str) -> dict:
    body = response.json()
    assert (response.status_code, body.get("code")) == (status, code), response.text
    return body


async def read(service: Service, code: str) -> dict:
    return ok(await service.api.get(f"/api/campaigns/{code}", headers=service.as_user(APPRAISER)))


def service_plan(service: Service) -> EmulationPlan:
    with Session(service.engine) as session:
        campaign = session.exec(select(models.Campaign).where(models.Campaign.code == service.campaign)).one()
        return EmulationPlan.model_validate(campaign.settings)


def unit_of(service: Service, username: str) -> models.Unit:
    with Session(service.engine) as session:
        user = session.exec(select(models.User).where(models.User.username == username)).one()
        return session.get(models.Unit, user.unit_id)


@asynccontextmanager
async def browser_of(service: Service, username: str):
    """The pages as `username` logged in through the login form: the client and the CSRF token of a page."""
    transport = httpx.ASGITransport(app=service.api._transport.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://thidua.test") as browser:
        await browser.get("/login")
        form = {"username": username, "password": f"demo-{username}", "csrf_token": browser.cookies[LOGIN_CSRF_COOKIE]}
        assert (await browser.post("/login", data=form)).status_code == 303
        yield browser


async def csrf_of(browser: httpx.AsyncClient, path: str) -> tuple[str, str]:
    page = await browser.get(path)
    assert page.status_code == 200, page.text
    return CSRF.search(page.text).group(1), " ".join(page.text.split())


async def test_an_early_opening_is_refused_then_opened_with_a_reason_that_is_recorded(running: Service):
    code = running.campaign  # its deadline 60 days ahead; of Kẻ Sặt's units only Phòng Kinh tế submits
    await appraised_dossier(running, service_plan(running), UNIT_HEAD, [collective("phong_chuyen_mon", "Phòng Kinh tế")])
    waiting = unit_of(running, OTHER_UNIT_HEAD).name

    body = refused(await campaign_post(running, SECRETARY, code, "/session", json=opening(running)), 409, "SESSION_BEFORE_DEADLINE")
    assert waiting in body["message"] and "Phòng Kinh tế" not in body["message"].split("chưa nộp:")[1]
    assert (today() + timedelta(days=60)).strftime("%d/%m/%Y") in body["message"]
    refused(await campaign_post(running, SECRETARY, code, "/session", json=opening(running, early_reason="  ")),
            409, "SESSION_BEFORE_DEADLINE")
    campaign = await read(running, code)
    assert (campaign["phase"], campaign["run"]["session"]) == ("open", None)

    # The office sees them on its queue, and grants one of them more time there; back to the queue.
    async with browser_of(running, APPRAISER) as browser:
        csrf, page = await csrf_of(browser, "/appraisal")
        assert f"Đơn vị chưa nộp hồ sơ: {service_plan(running).plan.title}" in page and waiting in page
        until = today() + timedelta(days=70)
        form = {"csrf_token": csrf, "back": "appraisal", "unit_id": str(unit_of(running, OTHER_UNIT_HEAD).id),
                "until": until.isoformat(), "reason": "Đơn vị chờ kết quả xếp loại"}
        answer = await browser.post(f"/council/{code}/extension", data=form)
        assert answer.status_code == 303 and answer.headers["location"].split("?")[0] == "/appraisal"
        page = " ".join(re.sub(r"<[^>]+>", "", (await browser.get(f"/council/{code}/missing-units")).text).split())
        assert f"{waiting} trước ngày {until.strftime('%d/%m/%Y')} (được gia hạn: Đơn vị chờ kết quả xếp loại)" in page

    # The page: the units not submitted with their deadline, the refusal beside the reason's field.
    async with browser_of(running, SECRETARY) as browser:
        csrf, page = await csrf_of(browser, f"/council/{code}")
        assert "Đơn vị chưa nộp hồ sơ" in page and waiting in page and "Lý do khai mạc trước hạn" in page
        form = {"csrf_token": csrf, "session_date": today().isoformat(), "present": [str(i) for i in member_ids(running).values()]}
        answer = await browser.post(f"/council/{code}/session", data=form)
        assert answer.status_code == 409
        text = " ".join(answer.text.split())
        assert 'class="field invalid"' in text and "Cần ghi lý do khai mạc trước hạn" in text
        assert (await read(running, code))["run"]["session"] is None

        answer = await browser.post(f"/council/{code}/session", data=form | {"early_reason": REASON})
        assert answer.status_code == 303, answer.text
        page = " ".join((await browser.get(f"/council/{code}")).text.split())
        assert f"Lý do: {REASON}" in page and "Khai mạc trước hạn nộp hồ sơ" in page

    campaign = await read(running, code)
    session = campaign["run"]["session"]
    assert session["early_reason"] == REASON and waiting in session["waiting_units"]
    assert "Phòng Kinh tế" not in session["waiting_units"]
    event = campaign["history"][-1]
    assert event["action"] == "open_session"
    assert f"Lý do: {REASON}" in event["detail"] and waiting in event["detail"] and "Khai mạc trước hạn" in event["detail"]


async def test_it_opens_without_a_reason_once_every_expected_unit_has_submitted(running: Service):
    # An Hải's plan sets no deadline: it takes dossiers until the session; its units here are the two added.
    plan = await run_plan(running, "an-hai-2025.yaml")
    kind = "phong_thuoc_phuong"
    first, second = add_unit(running, "Phòng Kinh tế số 1", kind), add_unit(running, "Phòng Văn hóa số 2", kind)
    await appraised_dossier(running, plan, first, [collective(kind, "Phòng Kinh tế số 1")])
    body = refused(await campaign_post(running, SECRETARY, plan.code, "/session", json=opening(running)), 409, "SESSION_BEFORE_DEADLINE")
    assert "Phòng Văn hóa số 2" in body["message"]
    await appraised_dossier(running, plan, second, [collective(kind, "Phòng Văn hóa số 2")])

    missing = ok(await running.api.get(f"/api/campaigns/{plan.code}/missing-units", headers=running.as_user(APPRAISER)))
    assert missing == []
    campaign = ok(await campaign_post(running, SECRETARY, plan.code, "/session", json=opening(running)))
    assert campaign["phase"] == "in_session"
    assert campaign["run"]["session"]["early_reason"] is None
    assert "Lý do" not in campaign["history"][-1]["detail"]


async def test_after_the_deadline_it_opens_without_a_reason_but_not_before_a_waiting_units_extension(skipping: Service):
    deadline = today() + timedelta(days=3)
    plan = await run_plan(skipping, "ke-sat-2025.yaml", submit_before=deadline)
    await appraised_dossier(skipping, plan, UNIT_HEAD, [collective("phong_chuyen_mon", "Phòng Kinh tế")])
    office = unit_of(skipping, OTHER_UNIT_HEAD)

    # The secretary grants the office more time from the council's page; its head is mailed the new day.
    until = deadline + timedelta(days=7)
    async with browser_of(skipping, SECRETARY) as browser:
        csrf, page = await csrf_of(browser, f"/council/{plan.code}")
        assert "Gia hạn nộp hồ sơ cho một đơn vị" in page
        form = {"csrf_token": csrf, "unit_id": str(office.id), "until": until.isoformat(), "reason": ""}
        answer = await browser.post(f"/council/{plan.code}/extension", data=form)
        assert answer.status_code == 422 and "Cần nhập ô này." in answer.text  # beside the reason
        answer = await browser.post(f"/council/{plan.code}/extension", data=form | {"reason": "Chánh Văn phòng đi công tác"})
        assert answer.status_code == 303, answer.text
        page = " ".join(re.sub(r"<[^>]+>", "", (await browser.get(f"/council/{plan.code}")).text).split())
        assert f"trước ngày {until.strftime('%d/%m/%Y')} (được gia hạn: Chánh Văn phòng đi công tác)" in page
    with Session(skipping.engine) as session:
        head = session.exec(select(models.User).where(models.User.username == OTHER_UNIT_HEAD)).one()
        mails = session.exec(select(OutboxMail).where(OutboxMail.kind == "deadline_extended")).all()
        assert [m.recipient for m in mails if plan.code in m.key] == [head.email]

    await skipping.env.sleep(timedelta(days=4))  # past the deadline, not the office's extension
    assert (await read(skipping, plan.code))["phase"] == "closed"
    body = refused(await campaign_post(skipping, SECRETARY, plan.code, "/session", json=opening(skipping)), 409, "SESSION_BEFORE_DEADLINE")
    assert office.name in body["message"] and until.strftime("%d/%m/%Y") in body["message"]

    await skipping.env.sleep(timedelta(days=7))  # past the extension too
    campaign = ok(await campaign_post(skipping, SECRETARY, plan.code, "/session", json=opening(skipping)))
    assert campaign["phase"] == "in_session" and campaign["run"]["session"]["early_reason"] is None


async def test_where_registration_is_required_the_expected_units_are_those_registered(running: Service):
    plan = await registration_plan(running, "required", before=today() + timedelta(days=20))
    pledge = {"targets": ["Hoàn thành xuất sắc nhiệm vụ"]}
    ok(await post(running, UNIT_HEAD, path_of(plan), json=pledge), 201)
    office = ok(await post(running, OTHER_UNIT_HEAD, path_of(plan), json=pledge), 201)
    await appraised_dossier(running, plan, UNIT_HEAD, [KINH_TE_UNIT])

    # Only the office registered and has not submitted: the units that did not register are not waited for.
    body = refused(await campaign_post(running, SECRETARY, plan.code, "/session", json=opening(running)), 409, "SESSION_BEFORE_DEADLINE")
    assert "còn 1 đơn vị chưa nộp: Văn phòng HĐND và UBND xã." in body["message"]
    ok(await post(running, OTHER_UNIT_HEAD, f"{path_of(plan)}/{office['id']}/withdraw"))
    campaign = ok(await campaign_post(running, SECRETARY, plan.code, "/session", json=opening(running)))
    assert campaign["phase"] == "in_session" and campaign["run"]["session"]["early_reason"] is None
