"""The eligibility check only reads; its findings are stored by the save of its event, once."""

from datetime import datetime, timezone

from sqlmodel import Session, func, select

from activities.dossier import DossierActivities
from activities.eligibility import EligibilityActivities
from common.workdays import default_calendar
from db import models
from schemas.dossier import CheckFindings, CheckRequest, DossierEvent, DossierState, SaveDossier
from tests.conftest import Service
from tests.dossier_steps import NOMINEES, create


def stored_findings(service: Service, dossier_id: str) -> int:
    with Session(service.engine) as session:
        query = select(func.count()).select_from(models.EligibilityCheck).where(models.EligibilityCheck.dossier_id == dossier_id)
        return session.exec(query).one()


async def test_the_check_writes_nothing_and_its_save_stores_each_finding_once(running: Service):
    dossier = await create(running, NOMINEES[:2])
    with Session(running.engine) as session:
        row = session.get(models.Dossier, dossier["id"])
        state, seq = DossierState.model_validate(row.state), row.last_seq
    key = f"{row.id}-{seq + 1}"
    on = datetime.now(timezone.utc).date()
    request = CheckRequest(dossier_id=row.id, campaign_code=state.campaign_code, step="submit", key=key, on=on,
                           nominees=state.nominees)

    results = EligibilityActivities(running.engine).check_nominees(request)
    assert [r.nominee_key for r in results] == [n.key for n in state.nominees]
    assert all(r.findings for r in results)  # every rule's verdict, passes too: the page's evidence
    assert stored_findings(running, row.id) == 0

    event = DossierEvent(seq=seq + 1, action="eligibility_check", actor=None, stage_before=state.stage,
                         stage_after=state.stage, detail="Khi nộp", at=datetime.now(timezone.utc))
    save = SaveDossier.of(state.model_copy(update={"seq": seq + 1}), event=event,
                       findings=CheckFindings(key=key, step="submit", on=on, nominees=results))
    activities = DossierActivities(running.engine, running.settings, default_calendar())
    activities.save_dossier(save)
    expected = sum(len(r.findings) for r in results)
    assert stored_findings(running, row.id) == expected
    activities.save_dossier(save)  # retried: the same check is not stored twice
    assert stored_findings(running, row.id) == expected
