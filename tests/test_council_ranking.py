"""The council's ranking as the plan sets it (schemas/ranking.py), a tie at a hard quota's edge taken again by
the council (a re-vote of the members present, then the chair), and award quotas as shares, through the API."""

import uuid
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlmodel import Session, select

from common.text import fold
from db import models, queries
from schemas.campaign import Quota
from schemas.ranking import LAW_ORDER, Ranking
from tests.campaign_steps import CAMPAIGNS, add_unit, appraised_dossier, collective, individual, plan_of, run_plan
from tests.conftest import Service
from tests.save_histories import save_history
from tests.dossier_steps import CHAIRMAN, MEMBERS, SECRETARY, campaign_post, ok, open_session, vote
from tests.web_app import page_of
from web.campaign_workflows import campaign_workflow_id
from workflows.tally import quota_limit

PLANS = Path(__file__).parent / "data" / "plans"
KIND, PERSON = "phong_thuoc_phuong", "can_bo_cong_chuc"
PRESENT = MEMBERS[:4]  # a quorum of 2/3 of 5: the fifth is absent


def unit_with_people(service: Service, name: str, women: int, men: int) -> str:
    """A unit of the test issuer with its head, and `women` + `men` active people in the registry."""
    head = add_unit(service, name, KIND)
    with Session(service.engine) as session:
        unit = session.exec(select(models.Unit).where(models.Unit.code == head)).one()
        for i in range(women + men):
            full_name = f"Người {i} {uuid.uuid4().hex[:6]}"
            session.add(models.Person(
                issuer_id=unit.issuer_id, full_name=full_name, name_key=fold(full_name), unit_id=unit.id,
                sex="nu" if i < women else "nam",
            ))
        session.commit()
    return head


def person(service: Service, name: str, born: str, sex: str, category: str) -> dict:
    """An individual nominee matched to a registry person of the test issuer by name and date of birth."""
    with Session(service.engine) as session:
        issuer_id = session.exec(select(models.Campaign).where(models.Campaign.code == service.campaign)).one().issuer_id
        session.add(models.Person(
            issuer_id=issuer_id, full_name=name, name_key=fold(name), sex=sex, category=category,
            birth_date=date.fromisoformat(born),
        ))
        session.commit()
    return individual(PERSON, name) | {"birth_date": born}



def by_name(campaign: dict) -> dict[str, dict]:
    return {r["candidate"]["name"]: r for r in campaign["run"]["results"]}


def refs_of(campaign: dict) -> dict[str, str]:
    return {c["name"]: c["ref"] for c in campaign["run"]["session"]["candidates"]}


def refused(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code, body
    return body


async def close(service: Service, code: str) -> dict:
    return ok(await campaign_post(service, SECRETARY, code, "/session/close", json={}))


async def revote(service: Service, code: str, member: str, refs: dict[str, str], chosen: list[str]):
    votes = {ref: name in chosen for name, ref in refs.items()}
    return await campaign_post(service, member, code, "/session/revote", json={"votes": votes})


# --- the settings ---------------------------------------------------------------------------------


def test_the_five_seed_plans_rank_by_the_law():
    for path in sorted(CAMPAIGNS.glob("*.yaml")):
        plan = plan_of(path.name)
        if plan.kind == "emulation":
            assert plan.council.ranking.order == LAW_ORDER
            assert all(q.share is None and q.max for form in plan.award_forms for q in form.quotas)


@pytest.mark.parametrize("ranking, problem", [
    ({"order": ["women", "appraisal_order", "votes"]}, "votes"),
    ({"order": ["votes", "direct_work", "appraisal_order"]}, "women"),
    ({"order": ["votes", "appraisal_order", "women"]}, "đứng cuối"),
    ({"order": ["votes", "votes", "women", "appraisal_order"]}, "hai lần"),
    ({"order": ["votes", "small_collective", "women", "appraisal_order"]}, "small_collective_max"),
    ({"revote_rounds": 0}, "greater than or equal"),
    ({"small_collective_max": 100_000}, "less than or equal"),
])
def test_a_chain_that_drops_the_law_or_the_appraisal_order_is_refused(ranking: dict, problem: str):
    with pytest.raises(ValidationError, match=problem):
        Ranking.model_validate(ranking)


def test_a_quota_is_a_number_or_a_share_rounded_down():
    with pytest.raises(ValidationError, match="max"):
        Quota(group="individual", kind="hard")
    with pytest.raises(ValidationError):
        Quota(group="individual", share="101/100", kind="hard")
    share = Quota(group="individual", share="20/100", kind="hard")
    assert [share.share_number(n) for n in (4, 5, 9, 10, 14, 15)] == [0, 1, 1, 2, 2, 3]
    assert Quota(group="individual", share="1/8", kind="hard").share_number(8) == 1
    both = Quota(group="individual", share="50/100", max=3, kind="hard")
    assert [quota_limit(both, "individual", n, None).number for n in (4, 6, 10)] == [2, 3, 3]
    assert quota_limit(both, "individual", 10, None).text == "03 cá nhân (50% của 10 cá nhân được đề nghị, làm tròn xuống; không quá 03)"


# --- end to end -----------------------------------------------------------------------------------


async def test_the_plans_priorities_order_candidates_with_equal_votes(running: Service):
    plan = await run_plan(running, PLANS / "ranking-priorities.yaml")  # 01 collective, 02 individuals, hard
    big = unit_with_people(running, "Ban Quản lý chợ", women=0, men=8)
    small = unit_with_people(running, "Tổ Một cửa", women=0, men=4)  # at most 5: a small collective
    first = await appraised_dossier(running, plan, big, [
        collective(KIND, "Ban Quản lý chợ"),
        person(running, "Đỗ Văn Khang", "1980-02-03", "nam", "khac"),
        person(running, "Ngô Thị Hà", "1985-04-05", "nu", "lanh_dao"),
    ])
    second = await appraised_dossier(running, plan, small, [
        collective(KIND, "Tổ Một cửa"),
        person(running, "Lý Văn Phúc", "1990-06-07", "nam", "truc_tiep"),
    ])
    campaign = await open_session(running, code=plan.code, present=PRESENT)
    candidates = {c["name"]: c for c in campaign["run"]["session"]["candidates"]}
    assert (candidates["Tổ Một cửa"]["people"], candidates["Ban Quản lý chợ"]["people"]) == (4, 8)
    assert candidates["Lý Văn Phúc"]["direct"] and candidates["Ngô Thị Hà"]["woman"]
    assert campaign["run"]["session"]["ranking"]["order"] == ["votes", "direct_work", "small_collective", "women", "appraisal_order"]
    await vote(running, campaign, code=plan.code)  # everyone for everyone: equal votes
    results = by_name(await close(running, plan.code))
    # The one who works directly, appraised last, first; then the woman; the man appraised first is out.
    assert [results[n]["rank"] for n in ("Lý Văn Phúc", "Ngô Thị Hà", "Đỗ Văn Khang")] == [1, 2, 3]
    assert [results[n]["awarded"] for n in ("Lý Văn Phúc", "Ngô Thị Hà", "Đỗ Văn Khang")] == [True, True, False]
    assert "Xếp thứ 3, ngoài chỉ tiêu tối đa 02 cá nhân" in results["Đỗ Văn Khang"]["reason"]
    # The small collective, appraised second, before the larger office.
    assert (results["Tổ Một cửa"]["awarded"], results["Ban Quản lý chợ"]["awarded"]) == (True, False)
    assert first["id"] != second["id"]


async def test_a_tie_at_a_hard_quotas_edge_goes_to_a_revote_that_settles_it(running: Service):
    plan = await run_plan(running, "an-hai-2025.yaml")  # the law's chain: 01 collective, 04 individuals, hard
    men = ["Nguyễn Văn Hùng", "Lê Văn Nam", "Trần Văn Bình", "Hoàng Minh Khôi", "Phan Văn Tâm"]  # not in the registry
    await appraised_dossier(running, plan, unit_with_people(running, "Trạm Y tế", women=6, men=4), [
        collective(KIND, "Trạm Y tế"), *(individual(PERSON, n) for n in men[:2]),
    ])
    await appraised_dossier(running, plan, unit_with_people(running, "Trường Mầm non Hoa Sen", women=7, men=3), [
        collective(KIND, "Trường Mầm non Hoa Sen"), *(individual(PERSON, n) for n in men[2:]),
    ])
    campaign = await open_session(running, code=plan.code, present=PRESENT)
    refs = refs_of(campaign)
    candidates = {c["name"]: c for c in campaign["run"]["session"]["candidates"]}
    # 70% women: first among equal votes (NĐ 152/2025 Điều 4); 60% is not enough.
    assert (candidates["Trường Mầm non Hoa Sen"]["woman"], candidates["Trạm Y tế"]["woman"]) == (True, False)
    assert candidates["Trạm Y tế"]["women_percent"] == 60
    await vote(running, campaign, code=plan.code)

    # Five men with equal votes for four places: the closing says so and cuts nobody.
    campaign = await close(running, plan.code)
    assert campaign["run"]["phase"] == "in_session" and campaign["run"]["results"] == []
    tie = campaign["run"]["session"]["ties"][0]
    assert (tie["group"], tie["places"], tie["by_chair"], tie["refs"]) == ("individual", 4, False, [refs[n] for n in men])
    event = campaign["history"][-1]
    assert event["action"] == "tie_at_quota"
    assert "Nguyễn Văn Hùng, Lê Văn Nam, Trần Văn Bình, Hoàng Minh Khôi, Phan Văn Tâm (5) cùng xếp hạng, còn 04 suất" in event["detail"]

    text = await page_of(running, PRESENT[0], f"/council/{plan.code}")
    assert "Bằng nhau ở ranh giới chỉ tiêu cá nhân" in text and "còn <strong>04 suất</strong>" in text
    assert "Gửi phiếu bỏ lại" in text and "Gửi phiếu</button>" not in text
    one = {refs[men[0]]: True}
    refused(await campaign_post(running, MEMBERS[0], plan.code, "/session/ballot", json={"votes": one}), 409, "BALLOTS_CLOSED")
    refused(await revote(running, plan.code, MEMBERS[0], {n: refs[n] for n in men}, men), 422, "REVOTE_TOO_MANY")
    wrong = {refs[n]: False for n in men} | {refs["Trạm Y tế"]: True}
    refused(await campaign_post(running, MEMBERS[0], plan.code, "/session/revote", json={"votes": wrong}), 422, "REVOTE_NOT_TIED")
    refused(await revote(running, plan.code, MEMBERS[4], {n: refs[n] for n in men}, men[:4]), 409, "MEMBER_ABSENT")
    refused(await campaign_post(running, CHAIRMAN, plan.code, "/session/tie-decision",
                                json={"chosen": [refs[n] for n in men[:4]], "reason": "x"}), 409, "NO_TIE_DECISION")
    ok(await revote(running, plan.code, PRESENT[0], {n: refs[n] for n in men}, men[:4]))
    body = refused(await campaign_post(running, SECRETARY, plan.code, "/session/close", json={}), 409, "REVOTE_BALLOTS_MISSING")
    assert "Chưa bỏ phiếu lại (vòng 1)" in body["message"]
    for member in PRESENT[1:3]:
        ok(await revote(running, plan.code, member, {n: refs[n] for n in men}, men[:4]))
    ok(await revote(running, plan.code, PRESENT[3], {n: refs[n] for n in men}, men[:3] + [men[4]]))

    # Hoàng Minh Khôi 3 of 4, Phan Văn Tâm 1: the re-vote settles it; the tally takes its result.
    campaign = await close(running, plan.code)
    assert campaign["run"]["phase"] == "decided"
    results = by_name(campaign)
    assert [results[n]["awarded"] for n in men] == [True, True, True, True, False]
    assert "Bỏ phiếu lại vòng 1: 3/4 phiếu." in results["Hoàng Minh Khôi"]["reason"]
    assert "Bỏ phiếu lại vòng 1: 1/4 phiếu. Xếp thứ 7" not in results["Phan Văn Tâm"]["reason"]
    assert "Xếp thứ 5, ngoài chỉ tiêu tối đa 04 cá nhân" in results["Phan Văn Tâm"]["reason"]
    assert (results["Trường Mầm non Hoa Sen"]["awarded"], results["Trạm Y tế"]["awarded"]) == (True, False)
    actions = [h["action"] for h in campaign["history"]]
    assert actions.count("cast_revote") == 4 and actions.count("tie_at_quota") == 1 and actions[-1] == "close_session"


async def test_a_tie_the_revotes_leave_goes_to_the_chairs_recorded_decision(running: Service, saving_histories: bool):
    plan = await run_plan(running, PLANS / "ranking-revote.yaml")  # 01 collective; two re-votes, then the chair
    names = ["Phòng Tư pháp", "Phòng Nội vụ"]
    for name in names:
        await appraised_dossier(running, plan, add_unit(running, name, KIND), [collective(KIND, name)])
    campaign = await open_session(running, code=plan.code, present=PRESENT)
    refs = refs_of(campaign)
    await vote(running, campaign, code=plan.code)
    campaign = await close(running, plan.code)
    assert campaign["run"]["session"]["ties"][0]["places"] == 1
    for number in (1, 2):  # two rounds, each 2 against 2
        for i, member in enumerate(PRESENT):
            ok(await revote(running, plan.code, member, refs, [names[i % 2]]))
        campaign = await close(running, plan.code)
        tie = campaign["run"]["session"]["ties"][-1]
        assert tie["number"] == number + 1 and tie["by_chair"] == (number == 2)
    assert "Chủ tịch Hội đồng quyết định" in campaign["history"][-1]["detail"]
    refused(await revote(running, plan.code, PRESENT[0], refs, [names[0]]), 409, "NO_REVOTE")
    refused(await campaign_post(running, SECRETARY, plan.code, "/session/close", json={}), 409, "TIE_DECISION_MISSING")
    both = {"chosen": [refs[n] for n in names], "reason": "Cả hai"}
    refused(await campaign_post(running, CHAIRMAN, plan.code, "/session/tie-decision", json=both), 422, "TIE_CHOICE_COUNT")
    blank = {"chosen": [refs[names[1]]], "reason": " "}
    refused(await campaign_post(running, CHAIRMAN, plan.code, "/session/tie-decision", json=blank), 422, "REASON_REQUIRED")
    decision = {"chosen": [refs[names[1]]], "reason": "Phòng Nội vụ chủ trì nhiều nhiệm vụ cải cách hành chính hơn"}
    refused(await campaign_post(running, SECRETARY, plan.code, "/session/tie-decision", json=decision), 403, "WRONG_ROLE")
    campaign = ok(await campaign_post(running, CHAIRMAN, plan.code, "/session/tie-decision", json=decision))
    assert campaign["history"][-1]["action"] == "decide_tie"
    results = by_name(await close(running, plan.code))
    assert (results["Phòng Nội vụ"]["awarded"], results["Phòng Tư pháp"]["awarded"]) == (True, False)
    assert "Chủ tịch Hội đồng quyết định: chọn (Phòng Nội vụ chủ trì" in results["Phòng Nội vụ"]["reason"]
    # Its history, for the replay test: two re-votes, the chair's decision, the closing that counts them.
    await save_history(running.client.get_workflow_handle(campaign_workflow_id(plan.code)), "campaign-tie-chair",
                       saving_histories)


async def test_award_quotas_as_shares_of_those_proposed_and_of_the_participants(running: Service):
    plan = await run_plan(running, PLANS / "ranking-share.yaml")  # 50% of individuals proposed; 50% of units
    head = add_unit(running, "Phòng Kinh tế", KIND)
    await appraised_dossier(running, plan, head, [
        collective(KIND, "Phòng Kinh tế"), *(individual(PERSON, n) for n in ("An Văn Một", "Bùi Văn Hai", "Cao Văn Ba")),
    ])
    with Session(running.engine) as session:
        participants = queries.participants(session, plan.code, plan)
    campaign = await open_session(running, code=plan.code, present=PRESENT)
    refs = refs_of(campaign)
    assert campaign["run"]["session"]["participants"] == participants and participants["collective"] >= 1
    text = await page_of(running, SECRETARY, f"/council/{plan.code}")
    assert "Cá nhân: tối đa 01 cá nhân (50% của 3 cá nhân được đề nghị, làm tròn xuống) (không vượt quá)" in text
    assert f"50% của {participants['collective']} tập thể tham gia phong trào" in text
    # Bùi Văn Hai 3 of 4 votes, Cao Văn Ba 2 of 4: 50% of 3 proposed is 1.5, rounded down to 1.
    against = {PRESENT[0]: {refs["Bùi Văn Hai"], refs["Cao Văn Ba"]}, PRESENT[1]: {refs["Cao Văn Ba"]}}
    await vote(running, campaign, against=against, code=plan.code)
    results = by_name(await close(running, plan.code))
    assert [results[n]["awarded"] for n in ("An Văn Một", "Bùi Văn Hai", "Cao Văn Ba")] == [True, False, False]
    assert ("ngoài chỉ tiêu tối đa 01 cá nhân (50% của 3 cá nhân được đề nghị, làm tròn xuống)"
            in results["Bùi Văn Hai"]["reason"])
    assert results["Phòng Kinh tế"]["awarded"] == (participants["collective"] * 50 // 100 >= 1)
