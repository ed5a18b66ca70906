"""Activities of the dossier workflow: the database writes and the working-day calendar.

Each save is an idempotent upsert keyed by (dossier, event seq): a retried activity, or a workflow
replayed on a new worker, writes the same rows again and duplicates nothing.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DataError
from sqlalchemy.orm import defer
from sqlmodel import Session, SQLModel, select
from temporalio import activity
from temporalio.exceptions import ApplicationError

from common.faults import crash_point
from common.settings import Settings
from common.text import VN_TZ, fold
from common.workdays import WorkCalendar
from db import models, numbers
from db.corrections import follow_corrections
from db.dossier_list import search_text
from db.history import append_event, claim_snapshot, saved_again_otherwise
from db.record_facts import store_findings
from db.unit_quotas import QuotaRefused, claim_places, lock, release_claim
from mail.events import EventMails
from schemas.dossier import DossierEvent, SaveDossier
from schemas.dossier_actions import ACTIONS

DATA_REFUSED = "DATA_REFUSED"


@contextmanager
def refused_data_is_final() -> Iterator[None]:
    """A save whose data the database cannot store (a NUL in a text, a number out of range) fails for good:
    retried, it would fail again forever and hold its workflow.

    Only the error's class and SQLSTATE are told: the database's message quotes the statement and its
    parameters, which are personal data, and the error goes into the workflow's history.
    """
    try:
        yield
    except DataError as error:
        code = getattr(error.orig, "sqlstate", None) or ""
        message = f"the database refused the data: {type(error.orig).__name__} {code}".rstrip()
        raise ApplicationError(message, type=DATA_REFUSED, non_retryable=True) from None


class DossierActivities:
    def __init__(self, engine: Engine, settings: Settings, calendar: WorkCalendar) -> None:
        self.engine = engine
        self.settings = settings
        self.calendar = calendar

    # Synchronous activities run in the worker's thread pool, so the blocking database calls are fine.
    @activity.defn
    def save_dossier(self, save: SaveDossier) -> list[str]:
        """Save the event (with those numbered just before it) and the state after it, and the mails they cause;
        returns the mails' keys."""
        state, event = save.state, save.event
        with refused_data_is_final(), Session(self.engine) as session:
            if save.claim is not None:  # a submission: counted against the unit's quotas first, under its lock
                event = self._claim(session, save, event)
            if event.action == "submit":  # the unit's tờ trình goes with it: numbered in the unit's series now
                self._number_proposal(session, save)
            elif event.action == "recall":  # back to the unit: its places free, under the same lock
                release_claim(session, state.dossier_id)
            # Saves can arrive out of order, or at once: only the newest snapshot is written. The claim
            # comes first, so that what is read after it is what the newest save left.
            newest = claim_snapshot(session, models.Dossier, state.dossier_id, event.seq)
            # Its snapshot is read only to compare with a save of the same event (a crash's), never to write over.
            dossier = session.get(models.Dossier, state.dossier_id, options=[defer(models.Dossier.state)])
            if dossier is None:
                dossier = models.Dossier(
                    id=state.dossier_id,
                    campaign_code=state.campaign_code,
                    unit_id=state.unit_id,
                    created_at=event.at,
                    updated_at=event.at,
                    title=state.title,
                    unit_name=state.unit_name,
                    stage=state.stage,
                )
                session.add(dossier)
                newest = True
            conflict = not newest and saved_again_otherwise(dossier, state, event, f"dossier {state.dossier_id}")
            if newest or conflict:
                self._write_snapshot(session, dossier, save)
            events = [*save.earlier, event]  # the event as the claim left it (its warnings in the detail)
            mails = EventMails(session, self.settings, self.calendar)
            for each in events:
                append_event(
                    session,
                    models.HistoryEntry,
                    {"dossier_id": state.dossier_id},
                    each,
                    ACTIONS[each.action].name,
                    replace=conflict,
                    stage_before=each.stage_before,
                    stage_after=each.stage_after,
                )
                mails.for_dossier(state, each)
            if save.findings is not None:
                store_findings(session, state.dossier_id, save.findings)
            session.commit()
        for each in events:
            crash_point(f"save_dossier:{each.action}")
        return mails.keys

    def _number_proposal(self, session: Session, save: SaveDossier) -> None:
        """The tờ trình's number, taken as it is sent (the same again for a dossier recalled and sent again).

        Under the unit's lock of the campaign (db/unit_quotas.py), which the quota's claim takes too: the unit's
        dossiers sent at once are numbered one after the other, each reading the number the one before took.
        Unlocked, two read the same last number and the second's save failed, to be retried.
        """
        state = save.state
        lock(session, state.campaign_code, state.unit_id)
        issuer = session.exec(select(models.Campaign.issuer_name).where(models.Campaign.code == state.campaign_code)).one()
        year = save.event.at.astimezone(VN_TZ).year
        series = numbers.unit_series(state.unit_name, issuer)
        numbers.take_number(session, series, year, "TTr", numbers.proposal_key(state.dossier_id), commit=False)

    def _claim(self, session: Session, save: SaveDossier, event: DossierEvent) -> DossierEvent:
        """Count the submission's nominees with the unit's other dossiers of the campaign (db/unit_quotas.py).

        The claim's first write locks the unit's row of the campaign until this save commits: two dossiers of
        the unit submitted at once are counted one after the other, the second seeing the first. Over a limit,
        nothing is written and the refusal (UNIT_QUOTA_EXCEEDED, UNIT_QUOTA_MINIMUM) is final: the workflow refuses
        the submission with it. A minimum not reached is a warning, written in the event's history row.
        """
        try:
            standing = claim_places(session, save.claim, event.at)
        except QuotaRefused as refusal:
            session.rollback()
            raise ApplicationError(str(refusal), refusal.details, type=refusal.code, non_retryable=True) from None
        if standing is None or not standing.warnings:
            return event
        detail = "; ".join(([event.detail] if event.detail else []) + standing.warnings)
        return event.model_copy(update={"detail": detail})

    def _write_snapshot(self, session: Session, dossier: models.Dossier, save: SaveDossier) -> None:
        state, event = save.state, save.event
        dossier.stage = state.stage
        dossier.stage_reason = state.stage_reason
        dossier.supplement_items = state.supplement.items if state.supplement else None
        dossier.supplement_due = state.supplement.due_date if state.supplement else None
        dossier.decision_number = state.decision.number if state.decision else None
        dossier.decision_signed_on = state.decision.signed_on if state.decision else None
        dossier.state = json.loads(save.state_json)
        dossier.updated_at = event.at
        dossier.last_seq = event.seq
        dossier.search_key = search_text(state.title, state.unit_name, state.dossier_id, [n.name for n in state.nominees])

        rows = {
            row.key: row
            for row in session.exec(select(models.Nominee).where(models.Nominee.dossier_id == state.dossier_id))
        }
        for nominee in state.nominees:
            row = rows.get(nominee.key) or models.Nominee(dossier_id=state.dossier_id, key=nominee.key)
            fields = nominee.model_dump(exclude={"key", "id_number"}) | {"name_key": fold(nominee.name)}
            _set_changed(row, fields)
            session.add(row)

        saved = set(
            session.exec(select(models.Document.document_id).where(models.Document.dossier_id == state.dossier_id))
        )
        for document in state.documents:
            if document.id not in saved:
                fields = document.model_dump(exclude={"id", "title"})
                session.add(models.Document(dossier_id=state.dossier_id, document_id=document.id, **fields))
        follow_corrections(session, state)  # nominees removed, files removed or replaced

    @activity.defn
    def working_days_after(self, start: date, days: int) -> date:
        return self.calendar.add_working_days(start, days)


def _set_changed(row: SQLModel, fields: dict[str, Any]) -> None:
    """Set those of the row's fields whose values differ (the others of `fields` are not the table's).

    An event changes a nominee or two, and each field set on a table model costs (SQLModel checks it,
    SQLAlchemy records it): setting every field of every nominee took half of a save of a dossier of 20
    nominees. The rows written are the same: SQLAlchemy writes only the values that changed.
    """
    for name in type(row).model_fields.keys() & fields.keys():
        if getattr(row, name) != fields[name]:
            setattr(row, name, fields[name])
