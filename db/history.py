"""Appending a workflow event to its history table, once."""

from typing import Any

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
