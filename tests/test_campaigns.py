"""Each plan run end to end with its own rule: quotas hard and soft, subjects, deadlines, the decision."""

from datetime import datetime, timedelta, timezone

from sqlmodel import Session, select

from common.text import VN_TZ
from db import models
from schemas.campaign import EmulationPlan
from schemas.campaign_file import load_campaign
from tests.campaign_steps import CAMPAIGNS, add_unit, appraised_dossier, collective, individual, run_plan
from tests.conftest import Service, today
from tests.dossier_steps import (
    APPRAISER,
    CHAIRMAN,
    COMMUNICATIONS,
    MEMBERS,
    SECRETARY,
    UNIT_HEAD,
    attach_all,
    campaign_post,
    get,
    member_ids,
    minutes,
    ok,
    open_session,
    post,
    vote,
)

OFFICE_HEAD = "truongphong.vhxh"
ADMIN = "quantri"


def refused(response, status: int, code: str, *words: str) -> dict:
    body = response.json()
    assert (response.status_code, body.get("code")) == (status, code), response.text
    for word in words:
        assert word in body["message"], body["message"]
    return body


async def read(service: Service, code: str, user: str = APPRAISER) -> dict:
    return ok(await service.api.get(f"/api/campaigns/{code}", headers=service.as_user(user)))


async def test_an_hai_cuts_at_one_collective_and_four_individuals(running: Service):
    plan = await run_plan(running, "an-hai-2025.yaml")
    kind, person = "phong_thuoc_phuong", "can_bo_cong_chuc"
    first = add_unit(running, "Phòng Kinh tế, Hạ tầng và Đô thị", kind)
    second = add_unit(running, "Phòng Văn hóa - Xã hội", kind)
    a = await appraised_dossier(running, plan, first, [
        collective(kind, "Phòng Kinh tế, Hạ tầng và Đô thị"),
        individual(person, "Nguyễn Văn Hùng"), individual(person, "Trần Thị Thu"), individual(person, "Lê Văn Nam"),
    ])
    b = await appraised_dossier(running, plan, second, [
        collective(kind, "Phòng Văn hóa - Xã hội"), individual(person, "Phạm Thị Lan"), individual(person, "Hoàng Minh Khôi"),
    ])
    campaign = await open_session(running, code=plan.code)
    assert len(campaign["run"]["session"]["candidates"]) == 7
    # The second office gets 4 of 5 votes, Hoàng Minh Khôi 3: both pass the threshold, both rank last.
    against = {MEMBERS[0]: {f"{b['id']}/N1", f"{b['id']}/N3"}, MEMBERS[1]: {f"{b['id']}/N3"}}
    await vote(running, campaign, against=against, code=plan.code)
    campaign = ok(await campaign_post(running, SECRETARY, plan.code, "/session/close",
                                      json={"propose_higher": [f"{a['id']}/N1", f"{a['id']}/N2"]}))
    results = {r["candidate"]["name"]: r for r in campaign["run"]["results"]}
    assert all(r["passed_threshold"] for r in results.values())
    assert not results["Phòng Văn hóa - Xã hội"]["awarded"]
    assert "ngoài chỉ tiêu tối đa 01 tập thể" in results["Phòng Văn hóa - Xã hội"]["reason"]
    assert not results["Hoàng Minh Khôi"]["awarded"]
    assert "Xếp thứ 5, ngoài chỉ tiêu tối đa 04 cá nhân" in results["Hoàng Minh Khôi"]["reason"]

    decision = campaign["run"]["decision"]
    awarded = [(x["candidate"]["name"], x["bonus_vnd"]) for x in decision["awardees"]]
    # Giấy khen: 0.3 × 2,340,000 for a collective, 0.15 × for an individual.
    assert awarded == [
        ("Phòng Kinh tế, Hạ tầng và Đô thị", 702_000), ("Nguyễn Văn Hùng", 351_000), ("Trần Thị Thu", 351_000),
        ("Lê Văn Nam", 351_000), ("Phạm Thị Lan", 351_000),
    ]
    assert decision["total_bonus_vnd"] == 702_000 + 4 * 351_000
    dossier_b = await get(running, b["id"])
    assert [n["status"] for n in dossier_b["nominees"]] == ["not_approved", "approved", "not_approved"]

    campaign = ok(await campaign_post(running, CHAIRMAN, plan.code, "/decision/sign", json={}))
    decision = campaign["run"]["decision"]
    assert decision["number"].endswith("/QĐ-UBND")
    assert decision["signer"] == "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Nguyễn Thế Đức"
    ok(await campaign_post(running, COMMUNICATIONS, plan.code, "/recognise"))
    roll = ok(await running.api.get(f"/api/public/campaigns/{plan.code}/honour-roll"))
    assert [x["name"] for x in roll["awardees"]] == [name for name, _ in awarded]

    # The proposal to the city: the list and the dossier behind each name; then the city's answer.
    proposal = ok(await running.api.get(f"/api/campaigns/{plan.code}/higher-award-proposal", headers=running.as_user(APPRAISER)))
    assert proposal["award"] == "Bằng khen của Chủ tịch UBND thành phố Hải Phòng"
    assert [(e["name"], e["dossier_id"], e["accepted"]) for e in proposal["entries"]] == [
        ("Phòng Kinh tế, Hạ tầng và Đô thị", a["id"], None), ("Nguyễn Văn Hùng", a["id"], None)]
    kinds = {d["kind"] for d in proposal["entries"][1]["documents"]}
    assert kinds == {"to_trinh", "bien_ban_hop", "bao_cao_thanh_tich"}
    answer = {"decision_number": "2150/QĐ-UBND", "decided_on": today().isoformat(), "accepted": [f"{a['id']}/N2"]}
    refused(await campaign_post(running, OFFICE_HEAD, plan.code, "/higher-award-answer",
                                json=answer | {"accepted": [f"{b['id']}/N2"]}), 422, "UNKNOWN_CANDIDATE")
    ok(await campaign_post(running, OFFICE_HEAD, plan.code, "/higher-award-answer", json=answer))
    proposal = ok(await running.api.get(f"/api/campaigns/{plan.code}/higher-award-proposal", headers=running.as_user(APPRAISER)))
    assert [e["accepted"] for e in proposal["entries"]] == [False, True]
    assert await running.client.get_workflow_handle(f"campaign-{plan.code}").result() == "recognised"


async def test_only_awarded_nominees_go_to_the_higher_level(running: Service):
    plan = await run_plan(running, "an-hai-2025.yaml")
    head = add_unit(running, "Phòng Kinh tế, Hạ tầng và Đô thị", "phong_thuoc_phuong")
    dossier = await appraised_dossier(running, plan, head, [individual("can_bo_cong_chuc", "Nguyễn Văn Hùng")])
    campaign = await open_session(running, code=plan.code)
    await vote(running, campaign, against={m: {f"{dossier['id']}/N1"} for m in MEMBERS[:3]}, code=plan.code)
    refused(await campaign_post(running, SECRETARY, plan.code, "/session/close", json={"propose_higher": [f"{dossier['id']}/N1"]}),
            422, "HIGHER_NOT_AWARDED", "Nguyễn Văn Hùng")
    assert (await read(running, plan.code))["phase"] == "in_session"


async def test_hong_van_accepts_a_sixth_collective_only_with_a_reason(running: Service):
    plan = await run_plan(running, "hong-van-2025.yaml")
    villages = ["Thôn Hồng Vân", "Thôn Đông Cứu", "Thôn Tự Nhiên", "Thôn Thượng", "Thôn Đoài", "Thôn Cựu"]
    for village in villages:
        head = add_unit(running, village, "thon_xom")
        await appraised_dossier(running, plan, head, [collective("thon_xom", village)])
    campaign = await open_session(running, code=plan.code)
    await vote(running, campaign, code=plan.code)
    refused(await campaign_post(running, SECRETARY, plan.code, "/session/close", json={}),
            422, "QUOTA_REASON_REQUIRED", "(6)", "05")
    assert (await read(running, plan.code))["phase"] == "in_session"
    reason = "Thôn Cựu có mô hình một cửa điện tử tại nhà văn hóa thôn, được thành phố nhân rộng"
    campaign = ok(await campaign_post(running, SECRETARY, plan.code, "/session/close",
                                      json={"over_quota_reasons": {"collective": reason}}))
    decision = campaign["run"]["decision"]
    assert [a["candidate"]["name"] for a in decision["awardees"]] == villages
    assert decision["over_quota_reasons"] == {"collective": reason}
    assert reason in campaign["run"]["results"][5]["reason"]


async def test_hon_quan_refuses_an_individual_and_a_sixth_collective(running: Service):
    plan = await run_plan(running, "hon-quan-2024-2025.yaml", submit_before=today() + timedelta(days=30), year=2025)
    kind = "ubnd_xa_thi_tran"
    communes = ["UBND xã Tân Khai", "UBND xã Thanh An", "UBND thị trấn Tân Khai", "UBND xã An Khương",
                "UBND xã Minh Đức", "UBND xã Phước An"]
    heads = [add_unit(running, name, kind) for name in communes]
    person = {"group": "individual", "subject_kind": "can_bo_cong_chuc_vien_chuc", "name": "Nguyễn Văn Tâm"}
    response = await post(running, heads[0], "/api/dossiers", json={"campaign_code": plan.code, "nominees": [person]})
    refused(response, 422, "SUBJECT_KIND_NOT_ALLOWED", "không có")
    dossiers = [await appraised_dossier(running, plan, head, [collective(kind, name)]) for head, name in zip(heads, communes)]
    campaign = await open_session(running, code=plan.code)
    last = f"{dossiers[2]['id']}/N1"  # 4 of 5 votes: passes, ranks sixth
    await vote(running, campaign, against={MEMBERS[0]: {last}}, code=plan.code)
    campaign = ok(await campaign_post(running, SECRETARY, plan.code, "/session/close", json={}))
    results = {r["candidate"]["name"]: r for r in campaign["run"]["results"]}
    assert sum(r["awarded"] for r in results.values()) == 5
    cut = results["UBND thị trấn Tân Khai"]
    assert (cut["passed_threshold"], cut["awarded"], cut["rank"]) == (True, False, 6)
    assert "ngoài chỉ tiêu tối đa 05 tập thể" in cut["reason"]
    dossier = await get(running, dossiers[2]["id"])
    assert (dossier["stage"], dossier["nominees"][0]["status"]) == ("rejected", "not_approved")


async def test_hon_quan_appraisal_is_due_ten_days_before_the_conference(running: Service):
    plan = await run_plan(running, "hon-quan-2024-2025.yaml", submit_before=today() + timedelta(days=30), year=2025)
    conference = today() + timedelta(days=40)
    wrong = {"event": "hoi_nghi_khac", "day": conference.isoformat()}
    refused(await campaign_post(running, OFFICE_HEAD, plan.code, "/event-dates", json=wrong), 422, "UNKNOWN_EVENT", "par_conference")
    assert (await read(running, plan.code))["run"]["appraisal_due"] is None
    body = {"event": "par_conference", "day": conference.isoformat()}
    campaign = ok(await campaign_post(running, OFFICE_HEAD, plan.code, "/event-dates", json=body))
    assert campaign["run"]["appraisal_due"] == (conference - timedelta(days=10)).isoformat()
    assert "Hội nghị công bố Chỉ số cải cách hành chính" in campaign["history"][-1]["detail"]


async def test_yearly_plan_loads_a_campaign_for_each_year(running: Service):
    content = (CAMPAIGNS / "hon-quan-2024-2025.yaml").read_bytes()
    files = {"file": ("hon-quan-2024-2025.yaml", content, "application/yaml")}
    refused(await post(running, APPRAISER, "/api/campaigns", files=files), 403, "WRONG_ROLE")
    admin = "quantri.hon-quan"  # the plan's own issuer's admin loads it
    loaded = ok(await post(running, admin, "/api/campaigns", files=files), 201)
    assert [(c["code"], c["submit_before"]) for c in loaded] == [
        ("hon-quan-2024-2025-2024", "2024-12-31"), ("hon-quan-2024-2025-2025", "2025-12-31")]
    for code in ("hon-quan-2024-2025-2024", "hon-quan-2024-2025-2025"):
        campaign = await read(running, code, admin)
        assert campaign["run"]["submit_before"] == f"{code[-4:]}-12-31"
        assert campaign["history"][0]["detail"] == f"Hạn nộp: trước ngày 31/12/{code[-4:]}"


async def test_a_broken_campaign_file_is_refused_with_the_field_path_and_loads_nothing(running: Service):
    text = (CAMPAIGNS / "an-hai-2025.yaml").read_text(encoding="utf-8")
    broken = text.replace("group: individual}", "group: ca_nhan}", 1).replace("issuer: an-hai", "issuer: ke-sat")
    files = {"file": ("an-hai-hong.yaml", broken.encode(), "application/yaml")}
    body = refused(await post(running, ADMIN, "/api/campaigns", files=files), 422, "CAMPAIGN_FILE_INVALID", "an-hai-hong.yaml")
    assert body["details"]["fields"][0]["field"] == "emulation.subject_kinds.2.group"
    with Session(running.engine) as session:
        assert session.exec(select(models.Campaign).where(models.Campaign.code == "an-hai-2025")).first() is None


async def test_a_council_session_without_quorum_cannot_decide(running: Service):
    await appraised_dossier(running, service_plan(running), UNIT_HEAD, [
        collective("phong_chuyen_mon", "Phòng Kinh tế")])
    ids = member_ids(running)
    body = {"session_date": today().isoformat(), "present": [ids[m] for m in MEMBERS[:3]]}
    refused(await campaign_post(running, SECRETARY, running.campaign, "/session", json=body),
            422, "COUNCIL_NO_QUORUM", "3/5", "4")
    campaign = await read(running, running.campaign)
    assert (campaign["phase"], campaign["run"]["session"]) == ("open", None)
    refused(await campaign_post(running, SECRETARY, running.campaign, "/session/close", json={}),
            409, "CAMPAIGN_WRONG_PHASE", "Đang nhận hồ sơ")


async def test_ballots_and_written_opinions(running: Service):
    dossier = await appraised_dossier(running, service_plan(running), UNIT_HEAD, [
        collective("phong_chuyen_mon", "Phòng Kinh tế")])
    ref = f"{dossier['id']}/N1"
    campaign = await open_session(running, present=MEMBERS[:4])
    absent = member_ids(running)[MEMBERS[4]]
    code = running.campaign
    refused(await campaign_post(running, MEMBERS[4], code, "/session/ballot", json={"votes": {ref: True}}), 409, "MEMBER_ABSENT")
    refused(await campaign_post(running, MEMBERS[0], code, "/session/ballot", json={"votes": {}}), 422, "BALLOT_INCOMPLETE")
    refused(await campaign_post(running, MEMBERS[0], code, "/session/ballot", json={"votes": {ref: True, "x/N9": True}}),
            422, "UNKNOWN_CANDIDATE")
    refused(await campaign_post(running, CHAIRMAN, code, "/session/ballot", json={"votes": {ref: True}}), 403, "WRONG_ROLE")
    present = member_ids(running)[MEMBERS[0]]
    refused(await campaign_post(running, SECRETARY, code, "/session/written-opinions", json={"member_id": present, "votes": {ref: True}}),
            422, "MEMBER_PRESENT")
    ok(await campaign_post(running, MEMBERS[0], code, "/session/ballot", json={"votes": {ref: True}}))
    refused(await campaign_post(running, SECRETARY, code, "/session/close", json={}), 409, "BALLOTS_MISSING", "Trịnh Văn Hải")
    ok(await campaign_post(running, SECRETARY, code, "/session/written-opinions", json={"member_id": absent, "votes": {ref: False}}))
    history = (await read(running, code))["history"]
    assert [h["action"] for h in history][-2:] == ["cast_ballot", "record_written_opinion"]
    assert campaign["phase"] == "in_session"


def service_plan(service: Service) -> EmulationPlan:
    """The Kẻ Sặt plan as this test's service runs it."""
    with Session(service.engine) as session:
        campaign = session.exec(select(models.Campaign).where(models.Campaign.code == service.campaign)).one()
        return EmulationPlan.model_validate(campaign.settings)


def test_ke_sat_refuses_a_dossier_arriving_on_05_12_2025():
    """"Trước ngày 05/12/2025": the whole of 4 December counts, 5 December does not, in Vietnam time."""
    rules = load_campaign(CAMPAIGNS / "ke-sat-2025.yaml").dossier_rules()
    assert not rules.is_late(datetime(2025, 12, 4, 23, 59, 59, tzinfo=VN_TZ))
    assert rules.is_late(datetime(2025, 12, 5, 0, 0, tzinfo=VN_TZ))
    assert rules.is_late(datetime(2025, 12, 4, 17, 30, tzinfo=timezone.utc))  # 00:30 on the 5th in Hà Nội
    assert not rules.is_late(datetime(2025, 12, 4, 16, 59, tzinfo=timezone.utc))


async def test_deadline_closes_submissions_except_for_a_unit_with_an_extension(skipping: Service):
    deadline = today() + timedelta(days=3)
    plan = await run_plan(skipping, "ke-sat-2025.yaml", submit_before=deadline)
    ready = {}
    for head in (UNIT_HEAD, "chanhvanphong"):
        response = await post(skipping, head, "/api/dossiers", json={
            "campaign_code": plan.code, "nominees": [collective("phong_chuyen_mon", f"Phòng của {head}")]})
        dossier = ok(response, 201)
        dossier = ok(await post(skipping, head, f"/api/dossiers/{dossier['id']}/minutes", json=minutes(dossier)))
        ready[head] = await attach_all(skipping, dossier, user=head)
    with Session(skipping.engine) as session:
        office = session.exec(select(models.User).where(models.User.username == "chanhvanphong")).one().unit_id
    extension = {"unit_id": office, "until": (deadline + timedelta(days=7)).isoformat(), "reason": "Chánh Văn phòng đi công tác"}
    refused(await campaign_post(skipping, OFFICE_HEAD, plan.code, "/extensions", json=extension | {"reason": " "}),
            422, "REASON_REQUIRED")
    ok(await campaign_post(skipping, OFFICE_HEAD, plan.code, "/extensions", json=extension))

    await skipping.env.sleep(timedelta(days=4))  # the test server's clock passes the deadline
    campaign = await read(skipping, plan.code)
    assert campaign["phase"] == "closed"
    closing = campaign["history"][-1]
    assert closing["action"] == "close_submissions"
    assert "Phòng Kinh tế" in closing["detail"] and "Văn phòng HĐND và UBND xã" in closing["detail"]
    missing = ok(await skipping.api.get(f"/api/campaigns/{plan.code}/missing-units", headers=skipping.as_user(APPRAISER)))
    assert "Phòng Kinh tế" in [u["name"] for u in missing]

    late = ready[UNIT_HEAD]["id"]
    refused(await post(skipping, UNIT_HEAD, f"/api/dossiers/{late}/submit"), 409, "SUBMISSION_LATE", deadline.strftime("%d/%m/%Y"))
    assert (await get(skipping, late))["stage"] == "minutes_recorded"
    extended = ok(await post(skipping, "chanhvanphong", f"/api/dossiers/{ready['chanhvanphong']['id']}/submit"))
    assert extended["stage"] == "submitted"
    assert "Được gia hạn" in next(h["detail"] for h in extended["history"] if h["action"] == "extend_deadline")
    missing = ok(await skipping.api.get(f"/api/campaigns/{plan.code}/missing-units", headers=skipping.as_user(APPRAISER)))
    assert "Văn phòng HĐND và UBND xã" not in [u["name"] for u in missing]


async def test_appraisal_not_done_by_the_computed_date_is_recorded(skipping: Service):
    plan = await run_plan(skipping, "hon-quan-2024-2025.yaml", submit_before=today() + timedelta(days=30), year=2025)
    head = add_unit(skipping, "UBND xã Tân Khai", "ubnd_xa_thi_tran")
    response = await post(skipping, head, "/api/dossiers", json={
        "campaign_code": plan.code, "nominees": [collective("ubnd_xa_thi_tran", "UBND xã Tân Khai")]})
    dossier = ok(response, 201)
    dossier = ok(await post(skipping, head, f"/api/dossiers/{dossier['id']}/minutes", json=minutes(dossier)))
    await attach_all(skipping, dossier, user=head)
    ok(await post(skipping, head, f"/api/dossiers/{dossier['id']}/submit"))
    conference = today() + timedelta(days=12)
    body = {"event": "par_conference", "day": conference.isoformat()}
    ok(await campaign_post(skipping, OFFICE_HEAD, plan.code, "/event-dates", json=body))

    await skipping.env.sleep(timedelta(days=3))  # the appraisal was due 2 days from today
    overdue = (await read(skipping, plan.code))["history"][-1]
    assert overdue["action"] == "appraisal_overdue"
    assert (conference - timedelta(days=10)).strftime("%d/%m/%Y") in overdue["detail"]
    assert "UBND xã Tân Khai" in overdue["detail"]
