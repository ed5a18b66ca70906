"""Appending a workflow event to its history table, once; writing a workflow's newest snapshot only."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import update
from sqlmodel import Session, SQLModel, select

from db.alarms import raise_alarm


def append_event(
    session: Session, table: type[SQLModel], owner: dict[str, Any], event: Any, action_name: str,
    replace: bool = False, **fields: Any,
) -> None:
    """Add the row of `event` unless its owner (e.g. {"dossier_id": …}) has its seq already: a retry adds nothing.

    With `replace`, a row already there for the seq takes the event's contents (see snapshot_differs).
    """
    [(column, value)] = owner.items()
    exists = session.exec(select(table).where(getattr(table, column) == value, table.seq == event.seq)).first()
    if exists is not None and not replace:
        return
    actor = event.actor
    contents = dict(
        action=event.action,
        action_name=action_name,
        actor_user_id=actor and actor.user_id,
        actor_name=actor and actor.name,
        actor_role=actor and actor.role,
        detail=event.detail,
        at=event.at,
        **fields,
    )
    if exists is None:
        session.add(table(**owner, seq=event.seq, **contents))
    else:
        exists.sqlmodel_update(contents)
        session.add(exists)


def claim_snapshot(session: Session, model: type[SQLModel], key: Any, seq: int) -> bool:
    """Whether the snapshot of event `seq` is newer than the row's: if so, the row is marked with it.

    Two saves of one workflow may run at once (a Signal's and an Update's, each a local activity):
    both read the row, and the older could write over the newer. The conditional UPDATE takes the
    database's write lock and compares again, so only a newer snapshot is written.
    """
    primary_key = getattr(model, model.__table__.primary_key.columns.keys()[0])
    claimed = session.execute(update(model).where(primary_key == key, model.last_seq < seq).values(last_seq=seq))
    return claimed.rowcount == 1


def saved_again_otherwise(row: SQLModel, state: BaseModel, event: Any, subject: str) -> bool:
    """Whether `event` was saved before under its seq with other contents (raises the alarm if so).

    That save came from a workflow task that never completed (a crash); the workflow now holds this one.
    Never skipped: the caller writes it over the first.
    """
    conflict = row.last_seq == event.seq and snapshot_differs(row.state, state)
    if conflict:
        raise_alarm("SNAPSHOT_CONFLICT", subject, f"event {event.seq} ({event.action})")
    return conflict


def snapshot_differs(stored: dict | None, state: BaseModel) -> bool:
    """Whether `state`, saved again under the seq of the stored snapshot, says something else.

    Moments are left out: a workflow task retried after a crash reads another `workflow.now()`.
    """
    if stored is None:
        return True
    again = type(state).model_validate(stored)
    return _without_moments(again.model_dump()) != _without_moments(state.model_dump())


def _without_moments(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_moments(item) for key, item in value.items() if not isinstance(item, datetime)}
    if isinstance(value, list):
        return [_without_moments(item) for item in value if not isinstance(item, datetime)]
    return value
