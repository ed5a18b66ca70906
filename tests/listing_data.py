"""Rows for the tests of the lists (tests/test_listing.py, tests/browser/test_list_pages.py), written straight to
the read model: many dossiers of the demo's issuer at every stage, and some of another issuer that no list of the
first may show."""

import uuid
from datetime import date, datetime, time, timedelta, timezone

from sqlmodel import Session, select

from common.text import VN_TZ, fold
from db import models
from db.campaigns import save_campaign
from db.demo import CAMPAIGN_FILE, demo_password_hash
from db.dossier_list import search_text
from db.outbox import OutboxMail
from db.records import Record
from schemas.campaign_file import load_campaign

OTHER = "an-hai"  # the other issuer (issuers.yaml)


def moment(day: date, hour: int = 9) -> datetime:
    """A moment of a Vietnam day, in UTC."""
    return datetime.combine(day, time(hour), VN_TZ).astimezone(timezone.utc)


def unit_of(session: Session, code: str) -> models.Unit:
    return session.exec(select(models.Unit).where(models.Unit.code == code)).one()


def add_dossier(
    session: Session, campaign: str, unit: models.Unit, stage: str, title: str, nominees: list[str] = (),
    created: datetime | None = None, received: datetime | None = None, supplement_due: date | None = None,
) -> models.Dossier:
    now = created or datetime.now(timezone.utc)
    dossier = models.Dossier(
        id=f"D-{uuid.uuid4().hex[:10]}", title=title, campaign_code=campaign, unit_id=unit.id, unit_name=unit.name,
        stage=stage, supplement_due=supplement_due, created_at=now, updated_at=now,
    )
    dossier.search_key = search_text(title, unit.name, dossier.id, list(nominees))
    session.add(dossier)
    for number, name in enumerate(nominees, 1):
        session.add(models.Nominee(
            dossier_id=dossier.id, key=f"N{number}", group="individual", subject_kind="can_bo", name=name,
            name_key=fold(name), status="proposed",
        ))
    if received is not None:
        session.add(models.HistoryEntry(
            dossier_id=dossier.id, seq=1, action="submit", action_name="Nộp hồ sơ", stage_before="minutes_recorded",
            stage_after="submitted", at=received,
        ))
    return dossier


def other_issuer_campaign(session: Session, today: date) -> tuple[str, models.Unit]:
    """A campaign of the other issuer (the Kẻ Sặt plan under its code, moved to that issuer) and a unit of it."""
    issuer = session.exec(select(models.Issuer).where(models.Issuer.code == OTHER)).one()
    code = f"other-{uuid.uuid4().hex[:8]}"
    campaign = save_campaign(session, load_campaign(CAMPAIGN_FILE).with_deadline(code, today + timedelta(days=30)))
    campaign.issuer_id, campaign.title = issuer.id, "Phong trào thi đua của cơ quan khác (Nguyễn)"
    unit = models.Unit(issuer_id=issuer.id, code=f"u-{code}", name="Phòng Nguyễn Khác", kind="phong_chuyen_mon")
    session.add_all([campaign, unit])
    session.commit()
    return code, unit


def other_issuer_rows(session: Session, today: date) -> dict:
    """The other issuer's campaign, dossiers, user, record and mail: all with "Nguyễn" in them."""
    code, unit = other_issuer_campaign(session, today)
    dossier = add_dossier(session, code, unit, "submitted", "Hồ sơ khác Nguyễn", ["Nguyễn Văn Khác"],
                          received=moment(today - timedelta(days=60)))
    issuer_id = unit.issuer_id
    user = models.User(username=f"khac-{uuid.uuid4().hex[:6]}", full_name="Nguyễn Văn Người Khác",
                       roles=["appraiser"], issuer_id=issuer_id, email="nguoikhac@anhai.example")
    session.add(user)
    session.flush()
    session.add(Record(subject_type="person", subject_name="Nguyễn Văn Khác", kind="complaint", status="open",
                       match_status="unmatched", created_by_user_id=user.id, created_at=moment(today), updated_at=moment(today)))
    session.add(_mail("nguoikhac@anhai.example", "Thư về Nguyễn khác", f"dossier/{dossier.id}/seq/1"))
    session.commit()
    return {"campaign": code, "dossier": dossier.id, "user": user.username}


def _mail(recipient: str, subject: str, event: str) -> OutboxMail:
    key = f"{event}|{recipient}"
    return OutboxMail(key=key, kind="test", recipient=recipient, subject=subject, message_id=f"<{uuid.uuid4().hex}@t>",
                      status="sent", text="", html="", created_at=datetime.now(timezone.utc))


def own_mails(session: Session, campaign: str, count: int) -> None:
    """Mails of the demo issuer's campaign to one of its users."""
    for number in range(count):
        session.add(_mail("quantri@kesat.example", f"Thư số {number} gửi Nguyễn Văn An", f"campaign/{campaign}/seq/{number}"))
    session.commit()


def own_users(session: Session, count: int) -> list[str]:
    """More users of the demo issuer, each with the demo password (demo-<user name>)."""
    issuer = session.exec(select(models.Issuer).where(models.Issuer.code == "ke-sat")).one()
    names = []
    for number in range(count):
        username = f"canbo{number:03d}"
        session.add(models.User(username=username, full_name=f"Trần Thị Cán Bộ {number:03d}", roles=["council_member"],
                                issuer_id=issuer.id, password_hash=demo_password_hash(username)))
        names.append(username)
    session.commit()
    return names
