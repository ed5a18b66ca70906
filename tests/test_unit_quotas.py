"""Quotas per unit (schemas/quotas.py), through the API on a real Temporal server and database: "and" quotas,
"or" quotas by kind of unit with a minimum that warns, a share of the unit's staff, counted across the unit's
dossiers at submission and refused with UNIT_QUOTA_EXCEEDED naming the limit and the count; two dossiers
submitted at once do not both pass; the unit's page shows its count against the limits."""

import asyncio
import threading
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, select

from db import models
from db.campaigns import save_campaign
from db.unit_quotas import QuotaRefused, claim_places
from schemas.campaign_file import load_campaign
from schemas.quotas import QuotaClaim, StaffShare, UnitCount, UnitQuota
from tests.campaign_steps import add_unit, individual, collective, run_plan
from tests.conftest import Service, today
from tests.dossier_steps import APPRAISER, UNIT_HEAD, attach_all, get, minutes, ok, post
from tests.web_app import page_of
from web.pages.deps import LOGIN_CSRF_COOKIE

PLANS = Path(__file__).parent / "data" / "plans"
STAFF = "can_bo_cong_chuc_vien_chuc"


async def ready(service: Service, code: str, head: str, nominees: list[dict]) -> dict:
    """A dossier of `head`'s unit, its meeting held (everyone selected) and its documents attached."""
    dossier = ok(await post(service, head, "/api/dossiers", json={"campaign_code": code, "nominees": nominees}), 201)
    dossier = ok(await post(service, head, f"/api/dossiers/{dossier['id']}/minutes", json=minutes(dossier)))
    return await attach_all(service, dossier, user=head)


async def submit(service: Service, head: str, dossier: dict) -> httpx.Response:
    return await post(service, head, f"/api/dossiers/{dossier['id']}/submit")


def refused(response: httpx.Response) -> dict:
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["code"] == "UNIT_QUOTA_EXCEEDED", body
    return body


async def test_and_quota_counts_the_units_dossiers_and_frees_a_withdrawn_ones_places(running: Service):
    plan = await run_plan(running, PLANS / "quotas-and.yaml", today() + timedelta(days=30))
    first = await ready(running, plan.code, UNIT_HEAD, [
        collective("phong_chuyen_mon", "Phòng Kinh tế"), individual(STAFF, "Lê Văn Một"), individual(STAFF, "Lê Văn Hai"),
    ])
    assert ok(await submit(running, UNIT_HEAD, first))["stage"] == "submitted"

    # The same unit's second dossier: its one individual makes three, over "02 cá nhân".
    second = await ready(running, plan.code, UNIT_HEAD, [individual(STAFF, "Lê Văn Ba")])
    body = refused(await submit(running, UNIT_HEAD, second))
    assert body["details"]["group"] == "individual"
    assert (body["details"]["count"], body["details"]["here"], body["details"]["before"], body["details"]["limit"]) == (3, 1, 2, 2)
    assert "Đơn vị đã đề nghị 3 cá nhân" in body["message"], body["message"]
    assert "kế hoạch cho phép tối đa 2 cá nhân mỗi đơn vị" in body["message"], body["message"]
    again = await get(running, second["id"], UNIT_HEAD)
    assert again["stage"] == "minutes_recorded"  # nothing changed: it may still be fixed or withdrawn
    assert [h["action"] for h in again["history"]].count("submit") == 0

    # A collective is over "01 tập thể" as well.
    third = await ready(running, plan.code, UNIT_HEAD, [collective("phong_chuyen_mon", "Tổ Một cửa")])
    assert refused(await submit(running, UNIT_HEAD, third))["details"]["group"] == "collective"

    # Another unit has places of its own.
    other = add_unit(running, "Phòng Kinh tế số hai", "phong_chuyen_mon")
    theirs = await ready(running, plan.code, other, [individual(STAFF, "Trần Văn Bốn"), individual(STAFF, "Trần Văn Năm")])
    assert ok(await submit(running, other, theirs))["stage"] == "submitted"

    # Withdrawn, the first dossier frees its places: the second goes in.
    ok(await post(running, UNIT_HEAD, f"/api/dossiers/{first['id']}/withdraw", json={"reason": "Đề nghị lại"}))
    assert ok(await submit(running, UNIT_HEAD, second))["stage"] == "submitted"


async def test_or_quota_by_kind_of_unit_and_a_minimum_that_warns(running: Service):
    plan = await run_plan(running, PLANS / "quotas-or.yaml", today() + timedelta(days=30))
    # An office (phong_chuyen_mon): 02 cases, collectives or individuals.
    first = await ready(running, plan.code, UNIT_HEAD, [
        collective("phong_chuyen_mon", "Phòng Kinh tế"), individual(STAFF, "Lê Văn Một"),
    ])
    assert ok(await submit(running, UNIT_HEAD, first))["stage"] == "submitted"
    second = await ready(running, plan.code, UNIT_HEAD, [individual(STAFF, "Lê Văn Hai")])
    body = refused(await submit(running, UNIT_HEAD, second))
    assert body["details"]["group"] == "total"
    assert "Đơn vị đã đề nghị 3 trường hợp (tập thể hoặc cá nhân)" in body["message"], body["message"]
    assert "tối đa 2 trường hợp (tập thể hoặc cá nhân) mỗi đơn vị" in body["message"], body["message"]

    # Another kind of unit falls under the rule for every other unit: 01 case, so a dossier of two is refused alone.
    centre = add_unit(running, "Trung tâm Dịch vụ nông nghiệp", "don_vi_su_nghiep")
    two = await ready(running, plan.code, centre, [individual(STAFF, "Phan Văn Sáu"), individual(STAFF, "Phan Văn Bảy")])
    assert refused(await submit(running, centre, two))["details"]["limit"] == 1

    # An office proposing no collective is warned ("ít nhất 01 tập thể"), not refused.
    office = add_unit(running, "Phòng Nội vụ", "phong_chuyen_mon")
    alone = await ready(running, plan.code, office, [individual(STAFF, "Hoàng Văn Tám")])
    done = ok(await submit(running, office, alone))
    assert done["stage"] == "submitted"
    submitted = next(h for h in done["history"] if h["action"] == "submit")
    assert "Cảnh báo: Đơn vị mới đề nghị 0 tập thể; kế hoạch yêu cầu mỗi đơn vị đề nghị ít nhất 1 tập thể." in submitted["detail"]
    # The office sees it too, on the dossier's page.
    page = await page_of(running, APPRAISER, f"/appraisal/dossiers/{alone['id']}")
    assert "Số đề nghị của đơn vị trong đợt thi đua" in page, page
    assert "Cảnh báo: Đơn vị mới đề nghị 0 tập thể; kế hoạch yêu cầu mỗi đơn vị đề nghị ít nhất 1 tập thể." in page, page


def add_staff(service: Service, unit_username: str, count: int, inactive: int = 0) -> None:
    """People of the registry in the unit of `unit_username`'s head: `count` active, `inactive` left."""
    with Session(service.engine) as session:
        user = session.exec(select(models.User).where(models.User.username == unit_username)).one()
        unit = session.get(models.Unit, user.unit_id)
        for number in range(count + inactive):
            session.add(models.Person(
                issuer_id=unit.issuer_id, full_name=f"Cán bộ {number}", name_key=f"can bo {number}",
                unit_id=unit.id, active=number < count,
            ))
        session.commit()


async def test_a_share_of_the_units_staff(running: Service):
    plan = await run_plan(running, PLANS / "quotas-share.yaml", today() + timedelta(days=30))
    head = add_unit(running, "Phòng Tài chính", "phong_chuyen_mon")
    add_staff(running, head, count=5, inactive=3)  # half of 5 active people, rounded down: 2
    three = await ready(running, plan.code, head, [
        individual(STAFF, "Ngô Văn Một"), individual(STAFF, "Ngô Văn Hai"), individual(STAFF, "Ngô Văn Ba"),
    ])
    body = refused(await submit(running, head, three))
    assert (body["details"]["count"], body["details"]["limit"]) == (3, 2)
    assert "tối đa 2 cá nhân mỗi đơn vị (1/2 của 5 cán bộ trong danh sách của đơn vị)" in body["message"], body["message"]
    two = await ready(running, plan.code, head, [individual(STAFF, "Ngô Văn Bốn"), individual(STAFF, "Ngô Văn Năm")])
    assert ok(await submit(running, head, two))["stage"] == "submitted"


async def test_two_dossiers_of_a_unit_submitted_at_once_do_not_both_pass(running: Service):
    plan = await run_plan(running, PLANS / "quotas-and.yaml", today() + timedelta(days=30))
    # Each alone is within "02 cá nhân"; together they are not.
    one = await ready(running, plan.code, UNIT_HEAD, [individual(STAFF, "Đào Văn Một"), individual(STAFF, "Đào Văn Hai")])
    two = await ready(running, plan.code, UNIT_HEAD, [individual(STAFF, "Đào Văn Ba")])
    answers = await asyncio.gather(submit(running, UNIT_HEAD, one), submit(running, UNIT_HEAD, two))
    assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
    assert next(a for a in answers if a.status_code == 409).json()["code"] == "UNIT_QUOTA_EXCEEDED"


def test_the_second_count_waits_for_the_first_to_commit(service: Service):
    """The claim of a unit's submission holds the unit's row until its commit: a second one that started meanwhile
    waits, then counts the first's nominees (without the lock it would count none of them, and pass)."""
    plan = load_campaign(PLANS / "quotas-and.yaml")
    with Session(service.engine) as session:
        unit = session.exec(select(models.Unit).where(models.Unit.code == "phong-kinh-te")).one()
        save_campaign(session, plan)
        for dossier_id in ("q-one", "q-two"):
            session.add(models.Dossier(
                id=dossier_id, campaign_code=plan.code, unit_id=unit.id, unit_name=unit.name, title=dossier_id,
                stage="minutes_recorded", created_at=models.utcnow(), updated_at=models.utcnow(),
            ))
        session.commit()
        unit_id = unit.id

    def claim(dossier_id: str, individuals: int) -> QuotaClaim:
        return QuotaClaim(campaign_code=plan.code, dossier_id=dossier_id, unit_id=unit_id,
                          count=UnitCount(individuals=individuals))

    first = Session(service.engine)
    claim_places(first, claim("q-one", 2), models.utcnow())  # counted, stored, the lock held: not committed yet
    outcome: dict = {}

    def second() -> None:
        with Session(service.engine) as session:
            try:
                claim_places(session, claim("q-two", 1), models.utcnow())
                session.commit()
                outcome["passed"] = True
            except QuotaRefused as refusal:
                outcome["refused"] = refusal.details

    thread = threading.Thread(target=second)
    thread.start()
    thread.join(timeout=3)
    waited = thread.is_alive()  # blocked on the unit's row while the first holds it
    first.commit()
    first.close()
    thread.join(timeout=30)
    assert waited, outcome
    assert outcome == {"refused": outcome.get("refused")} and outcome["refused"]["count"] == 3, outcome


def test_a_minimum_the_plan_refuses_by_is_refused(service: Service):
    """"Mỗi đơn vị đề xuất ít nhất 01 tập thể", refusing (minimum_refuses): a submission that leaves the unit without
    one is refused with UNIT_QUOTA_MINIMUM and stores nothing; one that brings a collective passes."""
    plan = load_campaign(PLANS / "quotas-or.yaml")
    plan = plan.model_copy(update={"unit_quotas": [UnitQuota(min_collectives=1, max_total=3, minimum_refuses=True)]})
    with Session(service.engine) as session:
        unit = session.exec(select(models.Unit).where(models.Unit.code == "phong-kinh-te")).one()
        save_campaign(session, plan)
        for dossier_id in ("m-one", "m-two"):
            session.add(models.Dossier(
                id=dossier_id, campaign_code=plan.code, unit_id=unit.id, unit_name=unit.name, title=dossier_id,
                stage="minutes_recorded", created_at=models.utcnow(), updated_at=models.utcnow(),
            ))
        session.commit()
        unit_id = unit.id
    with Session(service.engine) as session:
        alone = QuotaClaim(campaign_code=plan.code, dossier_id="m-one", unit_id=unit_id, count=UnitCount(individuals=1))
        with pytest.raises(QuotaRefused) as refusal:
            claim_places(session, alone, models.utcnow())
        assert refusal.value.code == "UNIT_QUOTA_MINIMUM"
        assert str(refusal.value) == "Đơn vị mới đề nghị 0 tập thể; kế hoạch yêu cầu mỗi đơn vị đề nghị ít nhất 1 tập thể."
        session.rollback()
        both = QuotaClaim(campaign_code=plan.code, dossier_id="m-two", unit_id=unit_id,
                          count=UnitCount(collectives=1, individuals=1))
        assert claim_places(session, both, models.utcnow()).warnings == []
        session.commit()
        assert [c.dossier_id for c in session.exec(select(models.UnitQuotaClaim))] == ["m-two"]


def test_quota_rules_read_from_a_plan_are_bounded_and_consistent():
    assert StaffShare(share="15/100").limit(12) == 1  # "không quá 15%": rounded down
    assert StaffShare(share="15/100", rounding="up").limit(12) == 2
    assert StaffShare(share="15/100", rounding="nearest").limit(10) == 2  # 1.5, half up
    assert StaffShare(share="15/100", at_least=1).limit(3) == 1  # a small unit still proposes one
    assert UnitQuota(max_individuals=4, staff_share=StaffShare(share="1/2")).limits(4) == {"individual": 2}
    with pytest.raises(ValueError, match="không ghi số nào"):
        UnitQuota()
    with pytest.raises(ValueError, match="lớn hơn số tối đa"):
        UnitQuota(min_total=3, max_total=2)
    with pytest.raises(ValueError, match="Phải nhỏ hơn hoặc bằng|less than or equal"):
        UnitQuota(max_total=10_001)


async def test_the_units_page_shows_its_count_against_the_limits(running: Service):
    plan = await run_plan(running, PLANS / "quotas-and.yaml", today() + timedelta(days=30))
    dossier = await ready(running, plan.code, UNIT_HEAD, [collective("phong_chuyen_mon", "Phòng Kinh tế"), individual(STAFF, "Lê Văn Một")])
    ok(await submit(running, UNIT_HEAD, dossier))
    transport = httpx.ASGITransport(app=running.api._transport.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://thidua.test") as browser:
        await browser.get("/login")
        form = {"username": UNIT_HEAD, "password": f"demo-{UNIT_HEAD}", "csrf_token": browser.cookies[LOGIN_CSRF_COOKIE]}
        assert (await browser.post("/login", data=form)).status_code == 303
        page = " ".join((await browser.get("/unit")).text.split())
        # A dossier ready to submit shows where the unit stands beside the submission.
        waiting = await ready(running, plan.code, UNIT_HEAD, [individual(STAFF, "Lê Văn Hai")])
        dossier_page = " ".join((await browser.get(f"/unit/dossiers/{waiting['id']}")).text.split())
    assert "Chỉ tiêu đề nghị của đơn vị: tối đa 01 tập thể, tối đa 02 cá nhân" in page, page
    assert "Đơn vị đã nộp: 01 tập thể, 01 cá nhân — còn 00 tập thể, còn 01 cá nhân" in page, page
    assert "Đơn vị đã nộp: 01 tập thể, 01 cá nhân — còn 00 tập thể, còn 01 cá nhân" in dossier_page, dossier_page
    assert "Nộp hồ sơ" in dossier_page


def test_the_five_seed_plans_set_no_quota_per_unit():
    for path in sorted((Path(__file__).parent.parent / "campaigns").glob("*.yaml")):
        plan = load_campaign(path)
        assert getattr(plan, "unit_quotas", []) == [], path
        if plan.kind == "emulation":
            assert plan.unit_meeting.required, path
