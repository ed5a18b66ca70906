"""The register of awards (db/awards.py): every award a record, written at signing; the issuer's sổ vàng
numbered on across campaigns and years and printed on the certificates; revocation shown on the public page."""

import io
from datetime import date, datetime

import docx
from sqlmodel import Session, select

from common.text import VN_TZ
from db import awards
from db.award_codes import award_code
from db.awards import Award, AwardInput, Revocation
from db.models import CampaignRun
from db.campaigns import save_campaign
from db.demo import load_demo
from schemas.council import Awardee, Candidate, CampaignState, Decision
from tests.campaign_steps import add_unit, appraised_dossier, collective, individual, plan_of, run_plan
from tests.conftest import Service
from tests.dossier_steps import CHAIRMAN, COMMUNICATIONS, SECRETARY, campaign_post, ok, open_session, vote
from tests.test_award_verification import public, signed_campaign
from tests.test_campaigns import OFFICE_HEAD


def vn_today() -> date:
    """Today in Vietnam, as the decisions are dated: after 17:00 UTC it is already tomorrow there."""
    return datetime.now(VN_TZ).date()


def register(service: Service, campaign: str) -> list[Award]:
    with Session(service.engine) as session:
        query = select(Award).where(Award.campaign_code == campaign).order_by(Award.register_number)
        return list(session.exec(query))


def certificate_number(content: bytes) -> str:
    certificate = docx.Document(io.BytesIO(content))
    lines = [p.text for table in certificate.tables for cell in table.rows[0].cells for p in cell.paragraphs]
    return next(line for line in lines if line.startswith("Số sổ vàng"))


async def test_a_signed_campaign_writes_its_awards_and_the_next_campaign_numbers_on(running: Service):
    dossier = await signed_campaign(running)
    first = register(running, running.campaign)
    assert [(a.name, a.subject_type, a.register_number, a.source, a.kind) for a in first] == [
        ("Phòng Kinh tế", "unit", 1, "decision", "form"), ("Phạm Thị Hồng Nhung", "person", 2, "decision", "form")]
    office, nhung = first
    assert nhung.person_id is not None and nhung.sex == "nu" and nhung.unit_name == "Phòng Kinh tế"
    assert office.unit_id is not None and office.person_id is None
    assert nhung.decision_number == "01/QĐ-UBND" and nhung.issued_by == "Ủy ban nhân dân xã Kẻ Sặt"
    assert nhung.award_name.startswith("Giấy khen") and nhung.bonus_vnd > 0 and nhung.status == "in_force"
    assert (nhung.period_start, nhung.period_end) == (date(2025, 7, 1), date(2025, 12, 31)) and nhung.achievement

    # Another campaign of the same issuer: its awards follow in the same sổ vàng.
    plan = await run_plan(running, "an-hai-2025.yaml")
    kind = "phong_thuoc_phuong"
    head = add_unit(running, "Đội Quy tắc đô thị", kind)
    other = await appraised_dossier(running, plan, head, [collective(kind, "Đội Quy tắc đô thị"),
                                                          individual("can_bo_cong_chuc", "Trần Thị Thu")])
    await vote(running, await open_session(running, code=plan.code), code=plan.code)
    upward = f"{other['id']}/N1"
    ok(await campaign_post(running, SECRETARY, plan.code, "/session/close", json={"propose_higher": [upward]}))
    ok(await campaign_post(running, CHAIRMAN, plan.code, "/decision/sign", json={}))
    second = register(running, plan.code)
    assert [(a.name, a.register_number) for a in second] == [("Đội Quy tắc đô thị", 3), ("Trần Thị Thu", 4)]

    # The proposal upward lists the collective's earlier awards from the register; the city's answer is an award.
    with Session(running.engine) as session:
        awards.record_award(session, second[0].issuer_id, AwardInput(
            subject_type="unit", unit_id=second[0].unit_id, award_name="Tập thể lao động tiên tiến",
            decision_number="12/QĐ-UBND", decision_date=date(2024, 12, 28), issued_by="Ủy ban nhân dân xã Kẻ Sặt"), None)
        state = CampaignState.model_validate(session.get(CampaignRun, plan.code).state)
        listed = awards.past_awards(session, state)
    assert listed == {upward: ["Tập thể lao động tiên tiến (Quyết định số 12/QĐ-UBND ngày 28/12/2024 của Ủy ban nhân dân xã Kẻ Sặt)"]}
    response = await running.api.get(f"/api/campaigns/{plan.code}/generated/higher-proposal",
                                     headers=running.as_user(OFFICE_HEAD))
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "- Đội Quy tắc đô thị: Tập thể lao động tiên tiến (Quyết định số 12/QĐ-UBND" in text
    answer = {"decision_number": "2150/QĐ-UBND", "decided_on": vn_today().isoformat(), "accepted": [upward]}
    ok(await campaign_post(running, OFFICE_HEAD, plan.code, "/higher-award-answer", json=answer))
    with Session(running.engine) as session:
        higher = session.exec(select(Award).where(Award.source == "higher")).one()
    assert (higher.name, higher.award_name, higher.decision_number, higher.register_number, higher.kind) == (
        "Đội Quy tắc đô thị", "Bằng khen của Chủ tịch UBND thành phố Hải Phòng", "2150/QĐ-UBND", None, "form")
    assert higher.issued_by == plan.higher_award.decided_by and higher.unit_id == second[0].unit_id

    # The certificates print the register's numbers.
    path = f"/api/campaigns/{running.campaign}/generated/certificates/{dossier['id']}/N2"
    response = await running.api.get(path, headers=running.as_user(COMMUNICATIONS))
    assert certificate_number(response.content) == "Số sổ vàng: 02"
    ref = second[1].candidate_ref
    path = f"/api/campaigns/{plan.code}/generated/certificates/{ref}"
    response = await running.api.get(path, headers=running.as_user(COMMUNICATIONS))
    assert certificate_number(response.content) == "Số sổ vàng: 04"

    # Revoked by a decision: the register keeps it, marked; the public page says so.
    with Session(running.engine) as session:
        awards.revoke(session, nhung.issuer_id, nhung.id, Revocation(number="15/QĐ-UBND", revoked_on=vn_today(),
                                                                     reason="Kê khai thành tích không đúng"))
    code = award_code(running.campaign, nhung.candidate_ref)
    verified = ok(await public(running, f"/api/public/verify/{code}"))
    assert verified["standing"] == "revoked" and "Quyết định số 15/QĐ-UBND" in verified["standing_message"]
    assert "Điều 93" in verified["standing_message"]
    page = " ".join((await public(running, f"/verify/{code}")).text.split())
    assert "Đã bị hủy bỏ" in page and "15/QĐ-UBND" in page


def test_the_register_numbers_on_across_years_and_writes_each_award_once(engine):
    """Two decisions of the issuer, signed on 30/12/2025 and 05/01/2026: one series, never restarting."""
    states = []
    with Session(engine) as session:
        load_demo(session, date(2026, 1, 10))
        for code, signed_on, names in (("a-2025", date(2025, 12, 30), ["Lê Văn Một", "Lê Văn Hai"]),
                                       ("b-2026", date(2026, 1, 5), ["Lê Văn Ba"])):
            save_campaign(session, plan_of("ke-sat-2025.yaml").with_deadline(code, None))
            awardees = [
                Awardee(candidate=Candidate(ref=f"{code}-d/N{i}", dossier_id=f"{code}-d", nominee_key=f"N{i}", name=name,
                                            group="individual", unit_name="Văn phòng"),
                        award_form="Giấy khen của Chủ tịch UBND xã", bonus_vnd=351_000)
                for i, name in enumerate(names, start=1)
            ]
            decision = Decision(awardees=awardees, total_bonus_vnd=0, number=f"0{len(states) + 1}/QĐ-UBND",
                                signed_on=signed_on, signer="CHỦ TỊCH")
            states.append(CampaignState(code=code, title=code, decision=decision))
        for state in states:
            awards.record_event(session, state, "sign_decision")
            session.commit()
        awards.record_event(session, states[0], "sign_decision")  # a save made again
        session.commit()
        book = awards.golden_book(session, session.exec(select(Award)).first().issuer_id)
        assert [(a.name, a.register_number, a.decision_date.year) for a in book] == [
            ("Lê Văn Một", 1, 2025), ("Lê Văn Hai", 2, 2025), ("Lê Văn Ba", 3, 2026)]
