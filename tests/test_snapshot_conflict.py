"""The same event saved twice with other contents (a workflow task that a crash undid): written and alarmed."""

import logging
from datetime import datetime, timedelta, timezone

from sqlmodel import Session, select

from activities.campaign import CampaignActivities
from activities.dossier import DossierActivities
from common.workdays import default_calendar
from db import models
from schemas.council import CampaignEvent, CampaignState, Phase, SaveCampaign
from schemas.dossier import DossierEvent, DossierState, SaveDossier
from tests.conftest import Service
from tests.dossier_steps import NOMINEES, create
from web.campaign_workflows import campaign_started


def save(service: Service, state: CampaignState, event: CampaignEvent) -> None:
    activities = CampaignActivities(service.engine, service.client, service.settings, default_calendar())
    activities.save_campaign_run(SaveCampaign.of(state, event))


def stored(service: Service) -> tuple[models.CampaignRun, list[models.CampaignHistory]]:
    with Session(service.engine) as session:
        run = session.get(models.CampaignRun, service.campaign)
        history = session.exec(
            select(models.CampaignHistory).where(models.CampaignHistory.campaign_code == service.campaign)
        ).all()
        return run, list(history)


async def test_a_different_snapshot_for_the_same_seq_is_written_and_alarmed(running: Service, caplog):
    await campaign_started(running.client, running.campaign)
    run, history = stored(running)
    state = CampaignState.model_validate(run.state)
    seq = run.last_seq + 1
    at = datetime.now(timezone.utc)
    first = state.model_copy(update={"seq": seq, "phase": Phase.closed})
    save(running, first, CampaignEvent(seq=seq, action="close_submissions", actor=None, detail="Đơn vị chưa nộp: 3", at=at))

    # The same event again, its moment moved (the task ran again later): nothing to say.
    with caplog.at_level(logging.ERROR, logger="thidua.alarm"):
        later = at + timedelta(seconds=5)
        save(running, first, CampaignEvent(seq=seq, action="close_submissions", actor=None, detail="Đơn vị chưa nộp: 3", at=later))
    assert not caplog.records

    # Other contents under the same seq: the second is what the workflow holds, so it is written, and alarmed.
    second = first.model_copy(update={"appraisal_due": at.date()})
    with caplog.at_level(logging.ERROR, logger="thidua.alarm"):
        save(running, second, CampaignEvent(seq=seq, action="close_submissions", actor=None, detail="Đơn vị chưa nộp: 2", at=at))
    assert [r.getMessage() for r in caplog.records] == [
        f"ALARM SNAPSHOT_CONFLICT campaign {running.campaign}: event {seq} (close_submissions)"
    ]
    run, history = stored(running)
    assert CampaignState.model_validate(run.state).appraisal_due == at.date()
    assert [h.detail for h in history if h.seq == seq] == ["Đơn vị chưa nộp: 2"]

    # An older seq saved late is still skipped, without alarm.
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="thidua.alarm"):
        save(running, state, CampaignEvent(seq=seq - 1, action="close_submissions", actor=None, detail="cũ", at=at))
    assert not caplog.records
    assert stored(running)[0].last_seq == seq


async def test_a_dossier_saved_again_with_other_contents_is_written_and_alarmed(running: Service, caplog):
    dossier = await create(running, NOMINEES[:2])
    with Session(running.engine) as session:
        row = session.get(models.Dossier, dossier["id"])
        state, seq = DossierState.model_validate(row.state), row.last_seq
        entry = session.exec(select(models.HistoryEntry).where(models.HistoryEntry.dossier_id == row.id)).one()
    event = DossierEvent(seq=seq, action=entry.action, actor=None, stage_before=row.stage, stage_after=row.stage,
                         detail="Lập lại", at=datetime.now(timezone.utc))
    activities = DossierActivities(running.engine, running.settings, default_calendar())
    with caplog.at_level(logging.ERROR, logger="thidua.alarm"):
        activities.save_dossier(SaveDossier.of(state.model_copy(update={"title": "Hồ sơ đề nghị khác"}), event=event))
    assert [r.getMessage() for r in caplog.records] == [f"ALARM SNAPSHOT_CONFLICT dossier {row.id}: event {seq} (create)"]
    with Session(running.engine) as session:
        assert session.get(models.Dossier, row.id).state["title"] == "Hồ sơ đề nghị khác"
        entries = session.exec(select(models.HistoryEntry).where(models.HistoryEntry.dossier_id == row.id)).all()
        assert [(e.seq, e.detail) for e in entries] == [(seq, "Lập lại")]
