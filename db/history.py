"""Appending a workflow event to its history table, once; writing a workflow's newest snapshot only."""

from typing import Any

from sqlalchemy import update
from sqlmodel import Session, SQLModel, select


def append_event(
    session: Session, table: type[SQLModel], owner: dict[str, Any], event: Any, action_name: str, **fields: Any
) -> None:
    """Add the row of `event` unless its owner (e.g. {"dossier_id": …}) has its seq already: a retry adds nothing."""
    [(column, value)] = owner.items()
    exists = session.exec(select(table).where(getattr(table, column) == value, table.seq == event.seq)).first()
    if exists is None:
        actor = event.actor
        session.add(
            table(
                **owner,
                seq=event.seq,
                action=event.action,
                action_name=action_name,
                actor_user_id=actor and actor.user_id,
                actor_name=actor and actor.name,
                actor_role=actor and actor.role,
                detail=event.detail,
                at=event.at,
                **fields,
            )
        )


def claim_snapshot(session: Session, model: type[SQLModel], key: Any, seq: int) -> bool:
    """Whether the snapshot of event `seq` is newer than the row's: if so, the row is marked with it.

    Two saves of one workflow may run at once (a Signal's and an Update's, each a local activity):
    both read the row, and the older could write over the newer. The conditional UPDATE takes the
    database's write lock and compares again, so only a newer snapshot is written.
    """
    primary_key = getattr(model, model.__table__.primary_key.columns.keys()[0])
    claimed = session.execute(update(model).where(primary_key == key, model.last_seq < seq).values(last_seq=seq))
    return claimed.rowcount == 1
