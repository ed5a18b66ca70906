"""The other lists of the pages, searched, filtered, sorted and paged in SQL: the registry's records, the
campaigns, the users, the outbox. Each takes a condition scoping it to the user (web/scope.py) and gives a page
of rows, how many match in all and the page's number (db.search.page_of); the dossiers' are in db/dossier_list.py.
"""

from typing import Any

from sqlalchemy import String, cast, exists, func
from sqlmodel import Session, col, select

from db import models
from db.outbox import OutboxMail
from db.records import Record
from db.search import matching, page_of

RECORD_SORTS = {"newest": "Mới ghi trước", "oldest": "Ghi lâu nhất trước", "subject": "Đối tượng (A-Z)"}
CAMPAIGN_SORTS = {
    "newest": "Mới nạp trước", "title": "Tên kế hoạch (A-Z)", "deadline": "Hạn nộp gần nhất trước", "code": "Mã (A-Z)",
}
USER_SORTS = {"username": "Tên đăng nhập (A-Z)", "name": "Họ và tên (A-Z)", "newest": "Mới thêm trước"}
MAIL_SORTS = {"newest": "Mới ghi trước", "oldest": "Ghi lâu nhất trước", "recipient": "Người nhận (A-Z)"}


def list_records(
    session: Session, visible: Any, *, key: str, kind: str | None, match_status: str | None, sort: str,
    page: int, size: int,
) -> tuple[list[Record], int, int]:
    """The records whose ids the subquery `visible` gives, by the subject's name (as written or as the
    registry's person), the decision's number, the note."""
    query = select(Record).where(col(Record.id).in_(visible))
    if key:
        person = exists().where(models.Person.id == Record.person_id, col(models.Person.name_key).contains(key, autoescape=True))
        unit = exists().where(models.Unit.id == Record.unit_id, matching(session, key, text_columns=[models.Unit.name]))
        texts = [Record.subject_name, Record.decision_number, Record.award_form, Record.note]
        query = query.where(matching(session, key, text_columns=texts, more=[person, unit]))
    if kind:
        query = query.where(Record.kind == kind)
    if match_status:
        query = query.where(Record.match_status == match_status)
    order = {
        "newest": [col(Record.id).desc()],
        "oldest": [col(Record.id)],
        "subject": [col(Record.subject_name).is_(None), func.lower(Record.subject_name), col(Record.id).desc()],
    }[sort]
    return page_of(session, query, order, page, size)


def list_campaigns(
    session: Session, codes: Any, *, key: str, kind: str | None, phase: str | None, sort: str, page: int, size: int,
) -> tuple[list[tuple[models.Campaign, models.CampaignRun | None]], int, int]:
    """The campaigns whose codes the subquery gives, each with its run (None: a reform plan, or not started)."""
    campaign, run = models.Campaign, models.CampaignRun
    query = (
        select(campaign, run).join(run, run.code == campaign.code, isouter=True).where(col(campaign.code).in_(codes))
    )
    if key:
        query = query.where(matching(session, key, text_columns=[campaign.title, campaign.code, campaign.issuer_name]))
    if kind:
        query = query.where(campaign.kind == kind)
    if phase:
        query = query.where(run.phase == phase)
    order = {
        "newest": [col(campaign.loaded_at).desc()],
        "title": [func.lower(campaign.title)],
        "deadline": [col(campaign.submit_before).is_(None), campaign.submit_before],
        "code": [campaign.code],
    }[sort] + [campaign.code]
    return page_of(session, query, order, page, size)


def list_users(
    session: Session, issuer_id: int, *, key: str, role: str | None, unit_id: int | None, active: str | None,
    sort: str, page: int, size: int,
) -> tuple[list[models.User], int, int]:
    """The issuer's users, by user name, full name or address; a role is looked for in the roles' JSON text
    (a role code is letters and "_", quoted there: '"unit_head"')."""
    user = models.User
    query = select(user).where(user.issuer_id == issuer_id)
    if key:
        query = query.where(matching(session, key, text_columns=[user.username, user.full_name, user.email]))
    if role:
        query = query.where(cast(user.roles, String).contains(f'"{role}"', autoescape=True))
    if unit_id is not None:
        query = query.where(user.unit_id == unit_id)
    if active:
        query = query.where(user.active == (active == "yes"))
    order = {"username": [user.username], "name": [func.lower(user.full_name), user.username], "newest": [col(user.id).desc()]}[sort]
    return page_of(session, query, order, page, size)


def list_mails(
    session: Session, visible: Any, *, key: str, status: str | None, sort: str, page: int, size: int,
) -> tuple[list[OutboxMail], int, int]:
    """The mails of the outbox the condition `visible` lets the user read, by recipient or subject."""
    query = select(OutboxMail).where(visible)
    if key:
        query = query.where(matching(session, key, text_columns=[OutboxMail.recipient, OutboxMail.subject]))
    if status:
        query = query.where(OutboxMail.status == status)
    order = {
        "newest": [col(OutboxMail.id).desc()],
        "oldest": [col(OutboxMail.id)],
        "recipient": [func.lower(OutboxMail.recipient), col(OutboxMail.id).desc()],
    }[sort]
    return page_of(session, query, order, page, size)
