"""Candidates the council's votes cannot separate: women first (NĐ 152/2025 Điều 4), then the order in which
their dossiers were appraised, never the time a dossier was last saved; those still tied at a hard quota's edge
are re-voted on (tests/test_council_ranking.py has the rest)."""

import asyncio
from collections.abc import Callable

from sqlmodel import Session

from db import models
from schemas.council import Candidate, CandidateResult
from tests.campaign_steps import add_unit, appraised_dossier, collective, individual, plan_of, run_plan
from tests.conftest import Service, today
from tests.dossier_steps import SECRETARY, campaign_post, get, member_ids, ok, open_session, post, vote
from workflows.tally import apply_quotas

KIND, PERSON = "phong_thuoc_phuong", "can_bo_cong_chuc"
# In the demo registry of people (db/demo.py): a woman and a man, matched by name and date of birth.
NHUNG = individual(PERSON, "Phạm Thị Hồng Nhung") | {"birth_date": "1988-05-09"}
HUY = individual(PERSON, "Vũ Quang Huy") | {"birth_date": "1993-01-30"}


async def saved_when(service: Service, dossier_id: str, holds: Callable[[dict], bool], what: str) -> dict:
    """The dossier as the database has it, once `holds` is true of it: a signal's step, and the eligibility
    check that follows it, save at their own pace."""
    for _ in range(250):
        dossier = await get(service, dossier_id)
        if holds(dossier):
            return dossier
        await asyncio.sleep(0.02)
    raise AssertionError(f"{dossier_id}: never saved {what}")


def saw(action: str) -> Callable[[dict], bool]:
    return lambda dossier: action in [h["action"] for h in dossier["history"]]


async def close(service: Service, code: str, tied: list[str] | None = None) -> dict[str, dict]:
    """Everyone votes for everyone: the votes cannot separate anybody. The tie at the quota's edge goes to a
    re-vote (workflows/tally.py), whose candidates, `tied`, come in the appraisal order (after women); each
    member re-votes for the first ones, as many as there are places."""
    campaign = await open_session(service, code=code)
    await vote(service, campaign, code=code)
    campaign = ok(await campaign_post(service, SECRETARY, code, "/session/close", json={}))
    tie = campaign["run"]["session"]["ties"][0]
    assert tie["refs"] == tied and campaign["run"]["results"] == []  # nobody cut silently
    for user_id in campaign["run"]["session"]["present"]:
        member = next(name for name, id_ in member_ids(service).items() if id_ == user_id)
        votes = {ref: i < tie["places"] for i, ref in enumerate(tie["refs"])}
        ok(await campaign_post(service, member, code, "/session/revote", json={"votes": votes}))
    campaign = ok(await campaign_post(service, SECRETARY, code, "/session/close", json={}))
    return {r["candidate"]["ref"]: r for r in campaign["run"]["results"]}


async def test_a_dossier_saved_again_after_its_appraisal_keeps_its_place(running: Service):
    plan = await run_plan(running, "an-hai-2025.yaml")  # a hard quota of 01 collective
    first = await appraised_dossier(running, plan, add_unit(running, "Phòng Kinh tế", KIND), [
        collective(KIND, "Phòng Kinh tế"), NHUNG,
    ])
    second = await appraised_dossier(running, plan, add_unit(running, "Phòng Văn hóa - Xã hội", KIND), [
        collective(KIND, "Phòng Văn hóa - Xã hội"),
    ])
    # A complaint on a nominee of the first dossier, then cleared: the dossier is saved twice more.
    body = {"subject_type": "person", "subject_name": "pham thi hong nhung", "birth_date": "1988-05-09",
            "kind": "complaint", "status": "open", "opened_on": today().isoformat(), "note": "Đơn đang xác minh"}
    record = ok(await post(running, "thamdinh", "/api/records", json=body), 201)
    assert record["match_status"] == "matched"
    await saved_when(running, first["id"], saw("record_opened"), "record_opened")
    concluded = {"status": "concluded", "outcome": "unfounded", "concluded_on": today().isoformat()}
    ok(await running.api.patch(f"/api/records/{record['id']}", json=concluded, headers=running.as_user("thamdinh")))
    def resumed(dossier: dict) -> bool:
        return saw("record_concluded")(dossier) and [n["status"] for n in dossier["nominees"]] == ["passed", "passed"]

    await saved_when(running, first["id"], resumed, "record_concluded with both nominees passed again")
    with Session(running.engine) as session:  # the first dossier is now the one saved last
        assert session.get(models.Dossier, first["id"]).updated_at > session.get(models.Dossier, second["id"]).updated_at

    # The tie lists the first dossier first: its appraisal ended first, whatever saved it since.
    results = await close(running, plan.code, tied=[f"{first['id']}/N1", f"{second['id']}/N1"])
    ours, theirs = results[f"{first['id']}/N1"], results[f"{second['id']}/N1"]
    assert (ours["votes_for"], ours["rank"], ours["awarded"]) == (theirs["votes_for"], 1, True)
    assert (theirs["rank"], theirs["awarded"]) == (2, False)
    assert "Xếp thứ 2, ngoài chỉ tiêu tối đa 01 tập thể" in theirs["reason"]


async def test_women_first_among_equal_votes_then_the_appraisal_order(running: Service):
    plan = await run_plan(running, "an-hai-2025.yaml")  # a hard quota of 04 individuals
    men = ["Nguyễn Văn Hùng", "Lê Văn Nam", "Trần Văn Bình", "Hoàng Minh Khôi"]  # not in the registry
    first = await appraised_dossier(running, plan, add_unit(running, "Phòng Kinh tế", KIND),
                                    [individual(PERSON, name) for name in men])
    second = await appraised_dossier(running, plan, add_unit(running, "Phòng Văn hóa - Xã hội", KIND), [HUY, NHUNG])
    assert all(n["person_id"] for n in second["nominees"])  # both linked to the registry

    # The woman first: not in the tie; the four men, then Vũ Quang Huy, tie for three places.
    tied = [f"{first['id']}/N{i}" for i in range(1, 5)] + [f"{second['id']}/N1"]
    results = await close(running, plan.code, tied=tied)
    ranked = sorted(results.values(), key=lambda r: r["rank"])
    assert [r["candidate"]["name"] for r in ranked] == ["Phạm Thị Hồng Nhung", *men, "Vũ Quang Huy"]
    assert [r["candidate"]["woman"] for r in ranked] == [True] + [False] * 5
    assert [r["awarded"] for r in ranked] == [True] * 4 + [False] * 2
    assert "Xếp thứ 5, ngoài chỉ tiêu tối đa 04 cá nhân" in results[f"{first['id']}/N4"]["reason"]
    assert results[f"{second['id']}/N1"]["rank"] == 6


def test_sessions_opened_before_the_rule_keep_the_appraisal_order_alone():
    plan = plan_of("an-hai-2025.yaml")

    def results() -> list[CandidateResult]:
        return [
            CandidateResult(
                candidate=Candidate(ref=f"d{i}/N1", dossier_id=f"d{i}", nominee_key="N1", name=name,
                                    group="individual", unit_name="Phòng", woman=woman),
                votes_for=votes, voting=5, members=5, passed_threshold=True, awarded=True, reason="",
            )
            for i, (name, woman, votes) in enumerate(
                [("An", False, 5), ("Bình", False, 4), ("Chi", True, 4), ("Dũng", False, 4), ("Em", False, 4)]
            )
        ]

    before = results()
    apply_quotas(plan, before, {})
    assert [r.candidate.name for r in sorted(before, key=lambda r: r.rank)] == ["An", "Bình", "Chi", "Dũng", "Em"]
    assert not before[4].awarded
    now = results()
    apply_quotas(plan, now, {}, women_first=True)
    # More votes still come first; the woman leads those with equal votes.
    assert [r.candidate.name for r in sorted(now, key=lambda r: r.rank)] == ["An", "Chi", "Bình", "Dũng", "Em"]
    assert [r.awarded for r in now] == [True, True, True, True, False]
