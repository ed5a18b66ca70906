"""A text no document can hold, come in before the door checked it, fails its own download, never the signing."""

from sqlmodel import Session, select

from db import models
from tests.conftest import Service
from tests.dossier_steps import CHAIRMAN, NOMINEES, SECRETARY, campaign_post, get, ok, open_session, vote
from tests.test_council_integrity import appraised


async def test_a_control_character_in_a_name_leaves_the_signing_whole(running: Service):
    await appraised(running)
    with Session(running.engine) as session:  # as a database of before the door's checks may hold
        nominee = session.exec(select(models.Nominee).where(models.Nominee.group == "individual")).first()
        nominee.name = "Lê Minh\x01 Đức"
        session.add(nominee)
        session.commit()
        dossier_id = nominee.dossier_id
    campaign = await open_session(running)
    await vote(running, campaign)
    ok(await campaign_post(running, SECRETARY, running.campaign, "/session/close", json={}))
    signed = ok(await campaign_post(running, CHAIRMAN, running.campaign, "/decision/sign", json={}))
    assert signed["run"]["phase"] == "signed"
    assert (await get(running, dossier_id))["stage"] == "signed"

    download = await running.api.get(f"/api/campaigns/{running.campaign}/generated/decision", headers=running.as_user(CHAIRMAN))
    assert download.status_code == 409 and download.json()["code"] == "DOCUMENT_CANNOT_BE_MADE"
