"""A ballot starts with no choice made and is sent only whole: the page refuses one with a candidate left unchosen
(beside that candidate, nothing sent) or without its confirmation box, the API refuses it too (BALLOT_INCOMPLETE,
the workflow's validator); the ballot shows each candidate's unit, appraisal, the unit's own vote and any open
warning."""

import re

from sqlmodel import Session, select

from db import models
from tests.campaign_steps import appraised_dossier, collective, individual
from tests.conftest import Service
from tests.dossier_steps import MEMBERS, UNIT_HEAD, campaign_post, open_session
from tests.test_council_guard import browser_of, csrf_of, service_plan

MEMBER = MEMBERS[0]


def ballots_of(service: Service) -> dict:
    with Session(service.engine) as session:
        return session.get(models.CampaignRun, service.campaign).state["session"]["ballots"]


async def test_a_ballot_missing_a_candidate_is_refused_by_the_page_and_the_api(running: Service):
    dossier = await appraised_dossier(running, service_plan(running), UNIT_HEAD, [
        collective("phong_chuyen_mon", "Phòng Kinh tế"), individual("can_bo_cong_chuc_vien_chuc", "Nguyễn Thị Mai")])
    campaign = await open_session(running)
    refs = [c["ref"] for c in campaign["run"]["session"]["candidates"]]
    assert len(refs) == 2

    # The API: the workflow's validator names the candidate left out; nothing is recorded.
    answer = await campaign_post(running, MEMBER, running.campaign, "/session/ballot", json={"votes": {refs[0]: True}})
    assert (answer.status_code, answer.json()["code"]) == (422, "BALLOT_INCOMPLETE"), answer.text
    assert "Nguyễn Thị Mai" in answer.json()["message"]
    assert ballots_of(running) == {}

    async with browser_of(running, MEMBER) as browser:
        csrf, page = await csrf_of(browser, f"/council/{running.campaign}")
        # Nothing chosen in advance; each candidate with its unit, appraisal and the unit's vote.
        ballot = page[page.index('action="/council/' + running.campaign + '/ballot"'):]
        ballot = ballot[:ballot.index("</form>")]
        assert " checked" not in ballot
        assert "Phòng Kinh tế" in ballot and "Đạt thẩm định" in ballot and "7/8 phiếu đồng ý" in ballot

        form = {"csrf_token": csrf, f"vote:{refs[0]}": "for", "confirmed": "yes"}
        answer = await browser.post(f"/council/{running.campaign}/ballot", data=form)
        assert answer.status_code == 422
        text = " ".join(answer.text.split())
        assert 'Nguyễn Thị Mai' in text and "Chưa chọn «Đồng ý» hoặc «Không đồng ý»." in text
        # Beside the one left out, and only there; the choice made is kept.
        fieldsets = re.findall(r'<fieldset class="ballot( invalid)?">\s*<legend>([^<]+)</legend>', answer.text)
        assert [(bool(bad), "Mai" in name) for bad, name in fieldsets][:2] == [(False, False), (True, True)]
        assert f'name="vote:{refs[0]}" value="for" checked' in text
        assert ballots_of(running) == {}

        whole = {"csrf_token": csrf, f"vote:{refs[0]}": "for", f"vote:{refs[1]}": "against"}
        answer = await browser.post(f"/council/{running.campaign}/ballot", data=whole)  # the box not ticked
        assert answer.status_code == 422 and "Hãy đánh dấu ô này để xác nhận." in answer.text
        assert ballots_of(running) == {}

        answer = await browser.post(f"/council/{running.campaign}/ballot", data=whole | {"confirmed": "yes"})
        assert answer.status_code == 303, answer.text
        # A candidate's dossier, read from the ballot's link, without the unit's or the appraiser's forms.
        read = await browser.get(f"/council/dossiers/{dossier['id']}")
        assert read.status_code == 200 and dossier["title"] in read.text and "Nguyễn Thị Mai" in read.text
        assert "<form" not in read.text.split("<main", 1)[1].replace('action="/logout"', "")
    with Session(running.engine) as session:
        member = session.exec(select(models.User).where(models.User.username == MEMBER)).one()
    assert ballots_of(running) == {str(member.id): {refs[0]: True, refs[1]: False}}
