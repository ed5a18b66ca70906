"""Users' API tokens (Authorization: Bearer): each a row of apitoken, kept only as its SHA-256.

A user makes tokens on /account (or POST /api/me/tokens), each with a name; the token is shown once, when
made. A revoked token, a token of an inactive user, or one unknown, is refused alike (web/deps.py).
"""

import secrets
from datetime import datetime, timedelta, timezone

from sqlmodel import Session, col, select

from db.models import ApiToken, User, token_hash, utcnow

PREFIX = "tdkt_"  # recognisable in a leaked file or log; the rest is 32 random bytes
NAME_MAX = 100
TOKENS_MAX = 20  # a user's tokens not revoked
USE_NOTED_EVERY = timedelta(minutes=1)


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def add_token(session: Session, user: User, name: str, secret: str | None = None) -> tuple[ApiToken, str]:
    """A new token of `user` (not committed): the row, and the token itself, to show once."""
    secret = secret or new_secret()
    row = ApiToken(user_id=user.id, name=name, token_hash=token_hash(secret), created_at=utcnow())
    session.add(row)
    return row, secret


def user_of_token(session: Session, secret: str) -> User | None:
    """The active user whose token, not revoked, this is; its use noted (last_used_at, not committed).

    The token and its user in one query: it runs for every API request.
    """
    query = select(ApiToken, User).join(User, col(User.id) == ApiToken.user_id)
    found = session.exec(query.where(ApiToken.token_hash == token_hash(secret))).first()
    if found is None:
        return None
    row, user = found
    if row.revoked_at is not None or not user.active:
        return None
    now = utcnow()
    if row.last_used_at is None or _aware(row.last_used_at) < now - USE_NOTED_EVERY:
        row.last_used_at = now  # not at every request: a write a minute at most
        session.add(row)
    return user


def tokens_of(session: Session, user: User, revoked: bool = False) -> list[ApiToken]:
    query = select(ApiToken).where(ApiToken.user_id == user.id)
    if not revoked:
        query = query.where(col(ApiToken.revoked_at).is_(None))
    return list(session.exec(query.order_by(col(ApiToken.id))).all())


def revoke(session: Session, user: User, token_id: int) -> ApiToken | None:
    """Revoke the user's own token `token_id` (not committed); None if the user has no such token."""
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        return None
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
    return row


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # SQLite gives UTC back naive
