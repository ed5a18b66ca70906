"""Submissions of one unit at once: each save takes the next tờ trình number of the unit's series at its first try.

Before, two saves read the same last number and the second failed on the series' unique number, to be retried by
the workflow: at 200 clients the retries piled up past the web app's wait (bench/concurrency.py, 503 on submit).
"""

import threading
from datetime import datetime, timezone

from sqlmodel import Session, select

from activities.dossier import DossierActivities
from common.workdays import default_calendar
from db import models
from db.numbers import proposal_key
from schemas.dossier import DossierEvent, DossierState, SaveDossier
from schemas.dossier_actions import Stage
from schemas.quotas import QuotaClaim, UnitCount
from tests.conftest import Service
from tests.dossier_steps import NOMINEES, create

AT_ONCE = 6


def submission(service: Service, dossier_id: str) -> SaveDossier:
    with Session(service.engine) as session:
        row = session.get(models.Dossier, dossier_id)
        state = DossierState.model_validate(row.state)
    seq = row.last_seq + 1
    state = state.model_copy(update={"seq": seq, "stage": Stage.submitted})
    event = DossierEvent(seq=seq, action="submit", actor=None, stage_before=Stage.draft, stage_after=Stage.submitted,
                         at=datetime.now(timezone.utc))
    claim = QuotaClaim(campaign_code=state.campaign_code, dossier_id=dossier_id, unit_id=state.unit_id,
                       count=UnitCount(collectives=1, individuals=0))
    return SaveDossier.of(state, event=event, claim=claim)


async def test_submissions_of_one_unit_at_once_each_take_a_number_first_time(running: Service):
    dossiers = [(await create(running, NOMINEES[:1]))["id"] for _ in range(AT_ONCE)]
    saves = [submission(running, dossier_id) for dossier_id in dossiers]
    activities = DossierActivities(running.engine, running.settings, default_calendar())
    start = threading.Barrier(AT_ONCE)
    failures: list[Exception] = []

    def save(one: SaveDossier) -> None:
        start.wait()
        try:
            activities.save_dossier(one)
        except Exception as error:  # the save the workflow would have had to retry
            failures.append(error)

    threads = [threading.Thread(target=save, args=(one,)) for one in saves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    with Session(running.engine) as session:
        taken = session.exec(
            select(models.IssuedNumber.number).where(
                models.IssuedNumber.key.in_([proposal_key(d) for d in dossiers]), models.IssuedNumber.type_code == "TTr"
            )
        ).all()
        assert sorted(taken) == list(range(min(taken), min(taken) + AT_ONCE))
        assert {session.get(models.Dossier, d).stage for d in dossiers} == {"submitted"}
