"""Việc cần làm: the first page after logging in, what waits for this user in each of their roles, with counts,
deadlines and a link to each item. The queries are db/tasks.py's; the scope is the user's issuer's
(web/scope.py), as on every page."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from common.text import VN_TZ
from common.workdays import default_calendar
from db import models, tasks
from db.outbox import MailStatus
from schemas.dossier_actions import APPRAISERS, Role
from web.deps import SessionDep
from web.pages.deps import Login, current_login
from web.pages.render import page
from web.scope import visible_campaigns, visible_mails

router = APIRouter(include_in_schema=False)

REFUSED_MAILS_COUNTED = 500  # the refused mails counted at most (the mail page lists them)


def families(session: Session, user: models.User) -> tuple[tasks.Context, list[tasks.Family]]:
    """The user's issuer's tasks of each role family the user holds, in the order of the process."""
    ctx = tasks.Context(session, datetime.now(VN_TZ).date(), default_calendar(), visible_campaigns(session, user))
    found = []
    if user.holds(Role.unit_head) and user.unit_id is not None:
        found.append(tasks.unit_tasks(ctx, session.get(models.Unit, user.unit_id)))
    if user.holds(*APPRAISERS):
        found.append(tasks.office_tasks(ctx, user.issuer_id))
    if user.holds(Role.council_secretary, Role.council_member):
        found.append(tasks.council_tasks(ctx, user))
    if user.holds(Role.chairman, Role.deputy_chairman):
        found.append(tasks.chairman_tasks(ctx, user))
    if user.holds(Role.communications):
        found.append(tasks.communications_tasks(ctx))
    if user.holds(Role.admin):
        refused = len(visible_mails(session, user, MailStatus.refused, REFUSED_MAILS_COUNTED))
        found.append(tasks.admin_tasks(ctx, refused))
    return ctx, found


@router.get("/tasks", response_class=HTMLResponse)
def tasks_page(request: Request, session: SessionDep, login: Annotated[Login, Depends(current_login)]) -> HTMLResponse:
    ctx, found = families(session, login.user)
    total = sum(group.count for family in found for group in family.groups)
    return page(request, "tasks.html", {"today": ctx.today, "families": found, "total": total})
