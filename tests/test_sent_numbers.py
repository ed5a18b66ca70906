"""The office's tờ trình and the proposal upward take their numbers when they are sent, in the step's own save: the
tờ trình when the council's results go to the Chairman (the session's close), the proposal upward when the decision
is signed; not at their first download, so whichever document is downloaded first, each keeps the number of the
order they were sent in, and the date of that day."""

from datetime import timedelta

from sqlmodel import Session, select

from common.text import VN_TZ
from db import models, numbers
from documents.text import day_month_year
from tests.campaign_steps import add_unit, appraised_dossier, collective, individual, run_plan
from tests.conftest import Service
from tests.dossier_steps import CHAIRMAN, SECRETARY, campaign_post, ok, open_session, vote
from tests.test_downloads import download, header, opened
from tests.test_office_numbers import decided


def taken(service: Service, key: str) -> int | None:
    with Session(service.engine) as session:
        return numbers.taken_for(session, key)


def closed_days_ago(service: Service, code: str, days: int):
    """The session's close as if taken `days` ago: the day the tờ trình went."""
    with Session(service.engine) as session:
        event = session.exec(
            select(models.CampaignHistory).where(
                models.CampaignHistory.campaign_code == code, models.CampaignHistory.action == "close_session"
            )
        ).one()
        event.at -= timedelta(days=days)
        session.add(event)
        session.commit()
        return event.at.astimezone(VN_TZ).date()


async def test_the_offices_to_trinh_is_numbered_when_the_results_go_to_the_chairman(running: Service):
    code = running.campaign
    key = numbers.appraisal_key(code)
    assert taken(running, key) is None
    await decided(running)  # the session closed: the results and the office's tờ trình go to the Chairman
    assert taken(running, key) == 1  # before any download
    sent = closed_days_ago(running, code, 2)  # downloaded first two days after the results were sent
    report = opened(await download(running, f"/api/campaigns/{code}/generated/appraisal-report"))
    assert header(report) == ("Số: 01/TTr-VHXH", f"Kẻ Sặt, {day_month_year(sent)}")
    # The draft decision cites it by that number.
    draft = await download(running, f"/api/campaigns/{code}/generated/decision", CHAIRMAN)
    assert any("Tờ trình số 01/TTr-VHXH" in p.text for p in opened(draft).paragraphs)


async def test_the_proposal_upward_is_numbered_when_the_decision_is_signed(running: Service):
    plan = await run_plan(running, "an-hai-2025.yaml")
    kind, person = "phong_thuoc_phuong", "can_bo_cong_chuc"
    head = add_unit(running, "Phòng Kinh tế, Hạ tầng và Đô thị", kind)
    dossier = await appraised_dossier(running, plan, head, [
        collective(kind, "Phòng Kinh tế, Hạ tầng và Đô thị"), individual(person, "Nguyễn Văn Hùng", "Chuyên viên"),
    ])
    key = numbers.higher_key(plan.code)
    campaign = await open_session(running, code=plan.code)
    await vote(running, campaign, code=plan.code)
    ok(await campaign_post(running, SECRETARY, plan.code, "/session/close", json={"propose_higher": [f"{dossier['id']}/N2"]}))
    assert taken(running, key) is None  # not sent before the decision is signed
    ok(await campaign_post(running, CHAIRMAN, plan.code, "/decision/sign", json={}))
    assert taken(running, key) == 1  # before any download
    higher = opened(await download(running, f"/api/campaigns/{plan.code}/generated/higher-proposal"))
    assert header(higher)[0] == "Số: 01/TTr-UBND"
