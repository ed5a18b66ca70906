"""One-time links, sent by mail, to set a password: for a new user, and after an admin's reset.

`issue_link` makes a random token, keeps only its SHA-256 (table passwordlink), voids the user's earlier
links not yet used, and enqueues the mail with the link into the caller's session (mail/outbox.py): the
link and its mail commit together with the change that caused them, or not at all. The mail is delivered
by MailDeliveryWorkflow like every other; a web request that issued links starts their deliveries after
its commit with `web.mails.deliver_enqueued` (the keys wait in `session.info["mail_keys"]`).

A link is good for LINK_HOURS (72), once. `redeem` sets the password with it: the link is used, a lock
lifted, the user's other logins ended. A used, voided, expired or unknown link changes nothing.
"""

import secrets
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from common.passwords import check_password, hash_password
from common.settings import Settings
from common.text import VN_TZ, vn_date
from db.models import LoginFailure, LoginSession, PasswordLink, User, token_hash, utcnow
from db.outbox import MailStatus, OutboxMail
from mail.outbox import enqueue, mail_key

LINK_HOURS = 72
KIND = "password_link"
MAIL_KEYS = "mail_keys"  # session.info: the keys of the mails enqueued, for the caller to deliver after commit


class LinkRefused(Exception):
    """A link that cannot set a password: `code` is PASSWORD_LINK_UNKNOWN, _USED, _VOIDED or _EXPIRED."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code
        self.details = {"hours": LINK_HOURS} if code == "PASSWORD_LINK_EXPIRED" else {}


class NoAddress(Exception):
    """The user has no mail address to send the link to."""


def link_url(settings: Settings, token: str) -> str:
    return f"{settings.public_base_url.rstrip('/')}/password/set?token={token}"


def issue_link(session: Session, settings: Settings, user: User) -> None:
    """A new link for `user`, their earlier unused links voided, and its mail in the outbox (not committed).

    Raises NoAddress if the user has no mail address: nothing is added then.
    """
    if not user.email:
        raise NoAddress(user.username)
    now = utcnow()
    void_links(session, user, now)
    token = secrets.token_urlsafe(32)
    link = PasswordLink(
        user_id=user.id, token_hash=token_hash(token), created_at=now, expires_at=now + timedelta(hours=LINK_HOURS)
    )
    session.add(link)
    session.flush()  # the link's id names its mail
    key = mail_key(f"password-link/{link.id}", user.email)
    context = {
        "recipient_name": user.full_name,
        "username": user.username,
        "first_password": user.password_hash is None,
        "link_url": link_url(settings, token),
        "expires_text": f"{link.expires_at.astimezone(VN_TZ):%H:%M} ngày {vn_date(link.expires_at)}",
        "valid_hours": LINK_HOURS,
    }
    enqueue(session, key, KIND, user.email, context)
    session.info.setdefault(MAIL_KEYS, []).append(key)


def void_links(session: Session, user: User, now: datetime | None = None) -> None:
    """The user's links not yet used stop working (a newer one was sent, or a password was set)."""
    now = now or utcnow()
    links = session.exec(
        select(PasswordLink).where(
            PasswordLink.user_id == user.id, col(PasswordLink.used_at).is_(None), col(PasswordLink.voided_at).is_(None)
        )
    ).all()
    for link in links:
        link.voided_at = now
        session.add(link)
        _forget_token(session, link)


def find_link(session: Session, token: str) -> tuple[PasswordLink, User]:
    """The link of `token` and its user, if it can still set a password; else raises LinkRefused."""
    link = session.exec(select(PasswordLink).where(PasswordLink.token_hash == token_hash(token or ""))).first()
    user = session.get(User, link.user_id) if link is not None else None
    if link is None or user is None or not user.active:
        raise LinkRefused("PASSWORD_LINK_UNKNOWN")
    if link.used_at is not None:
        raise LinkRefused("PASSWORD_LINK_USED")
    if link.voided_at is not None:
        raise LinkRefused("PASSWORD_LINK_VOIDED")
    if _aware(link.expires_at) <= utcnow():
        raise LinkRefused("PASSWORD_LINK_EXPIRED")
    return link, user


def redeem(session: Session, token: str, password: str) -> User:
    """Set the password with the link: checked first (LinkRefused, common.passwords.PasswordRefused).

    The link is used at once, in the same transaction (a second use, even at the same moment, finds it
    used: the update counts the rows it changed), the lock lifted, every login of the user ended.
    """
    link, user = find_link(session, token)
    check_password(password, user.username, user.full_name)
    now = utcnow()
    taken = session.execute(
        update(PasswordLink)
        .where(col(PasswordLink.id) == link.id, col(PasswordLink.used_at).is_(None))
        .values(used_at=now)
    )
    if taken.rowcount != 1:
        session.rollback()
        raise LinkRefused("PASSWORD_LINK_USED")
    set_new_password(session, user, password)
    _forget_token(session, link)
    session.commit()
    return user


def set_new_password(session: Session, user: User, password: str, keep_session: str | None = None) -> None:
    """Store the password's hash (checked before), lift a lock, end the user's logins (but `keep_session`, a
    LoginSession.token_hash). Not committed."""
    user.password_hash = hash_password(password)
    user.locked_until = None
    session.add(user)
    session.execute(update(LoginFailure).where(col(LoginFailure.user_id) == user.id).values(user_id=None))
    end_logins(session, user, keep_session)


def end_logins(session: Session, user: User, keep_session: str | None = None) -> None:
    query = delete(LoginSession).where(col(LoginSession.user_id) == user.id)
    if keep_session is not None:
        query = query.where(col(LoginSession.token_hash) != keep_session)
    session.execute(query)


def _forget_token(session: Session, link: PasswordLink) -> None:
    """A link used or void: its mail, once sent, no longer keeps the working token in the outbox."""
    prefix = f"password-link/{link.id}|"
    mails = session.exec(
        select(OutboxMail).where(
            col(OutboxMail.key).startswith(prefix), col(OutboxMail.status).in_([MailStatus.sent, MailStatus.refused])
        )
    ).all()
    for mail in mails:
        for field in ("text", "html"):
            body = getattr(mail, field)
            start = body.find("/password/set?token=")
            while start != -1:
                end = start + len("/password/set?token=")
                stop = end
                while stop < len(body) and (body[stop].isalnum() or body[stop] in "-_"):
                    stop += 1
                body = body[:end] + "…" + body[stop:]
                start = body.find("/password/set?token=", end)
            setattr(mail, field, body)
        session.add(mail)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # SQLite gives UTC back naive
