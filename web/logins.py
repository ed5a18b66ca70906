"""Guessing passwords and tokens: failures counted per account and per address, locks an admin lifts.

Every wrong password or API token is a row of `loginfailure` with the client's address, and, for a
password of an existing account, the account. LOGIN_ACCOUNT_MAX_FAILURES of one account within the window
lock it for LOGIN_LOCK_MINUTES; LOGIN_ADDRESS_MAX_FAILURES from one address within the window refuse every
login and token from that address until the oldest of them leaves the window. Rows older than the window
are deleted as new ones come. With production settings the demo's well-known credentials are refused too.
"""

import hmac
import math
from datetime import datetime, timedelta, timezone

from fastapi import Request
from sqlalchemy import delete, func, update
from sqlmodel import Session, select

from common.settings import Settings
from db.demo import demo_secret
from db.models import LoginFailure, User, utcnow
from web.errors import ServiceError


class Throttled(ServiceError):
    """Too many failures from this address: refused, however right the credentials, for `seconds` more."""

    def __init__(self, seconds: int) -> None:
        super().__init__("LOGIN_THROTTLED", minutes=max(1, math.ceil(seconds / 60)))
        self.seconds = seconds


def client_address(request: Request) -> str:
    # Behind a reverse proxy, uvicorn puts the client's address here from X-Forwarded-For, for the proxies
    # FORWARDED_ALLOW_IPS trusts (docs/production.md).
    return request.client.host if request.client else "unknown"


def refuse_throttled(session: Session, settings: Settings, address: str) -> None:
    """Raise Throttled if `address` has had too many failures within the window."""
    since = utcnow() - _window(settings)
    recent = (LoginFailure.address == address, LoginFailure.at > since)
    count, oldest = session.exec(select(func.count(), func.min(LoginFailure.at)).where(*recent)).one()
    if count >= settings.login_address_max_failures:
        raise Throttled(math.ceil((_aware(oldest) - since).total_seconds()))


def demo_refused(settings: Settings, user: User, secret: str) -> bool:
    """Outside development the demo's credentials are refused, should the demo data have been loaded."""
    demo = demo_secret(user.username).encode()
    return settings.environment != "development" and hmac.compare_digest(secret.encode(), demo)


def lock_rule(settings: Settings) -> str:
    """The rule, as the login page tells it."""
    return (
        f"Nhập sai mật khẩu {settings.login_account_max_failures} lần trong {settings.login_failure_window_minutes} "
        f"phút, tài khoản tạm khóa {settings.login_lock_minutes} phút; quản trị hệ thống có thể mở khóa sớm hơn."
    )


def is_locked(user: User) -> bool:
    return user.locked_until is not None and _aware(user.locked_until) > utcnow()


def record_failure(session: Session, settings: Settings, address: str, user: User | None = None) -> None:
    """A wrong password (of `user`, if the account exists) or token; the account locked at its limit.

    Failures while the account is locked count for the address only: the lock ends when it says.
    """
    now = utcnow()
    session.execute(delete(LoginFailure).where(LoginFailure.at <= now - _window(settings)))
    counted = user if user is not None and not is_locked(user) else None
    session.add(LoginFailure(address=address, user_id=counted.id if counted else None, at=now))
    session.flush()
    if counted is not None:
        failures = session.exec(
            select(func.count()).where(LoginFailure.user_id == counted.id, LoginFailure.at > now - _window(settings))
        ).one()
        if failures >= settings.login_account_max_failures:
            counted.locked_until = now + timedelta(minutes=settings.login_lock_minutes)
            _forget_account(session, counted)
    session.commit()


def logged_in(session: Session, user: User) -> None:
    """A right password: the account's count starts again (the address keeps its own)."""
    _forget_account(session, user)


def unlock(session: Session, user: User) -> None:
    """The admin lifts the lock; the account's count starts again."""
    user.locked_until = None
    session.add(user)
    _forget_account(session, user)
    session.commit()


def locked_users(session: Session) -> list[User]:
    return list(session.exec(select(User).where(User.locked_until > utcnow()).order_by(User.username)).all())


def _forget_account(session: Session, user: User) -> None:
    # The rows stay, for the address; they no longer count for the account.
    session.execute(update(LoginFailure).where(LoginFailure.user_id == user.id).values(user_id=None))


def _window(settings: Settings) -> timedelta:
    return timedelta(minutes=settings.login_failure_window_minutes)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # SQLite gives UTC back naive
