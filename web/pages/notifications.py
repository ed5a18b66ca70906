"""The bell's page: the user's own notifications (db/notifications.py), newest first, each linking to its page;
opening the page marks them read."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from db import notifications
from web.deps import SessionDep
from web.pages.deps import Login, current_login
from web.pages.render import page

router = APIRouter(include_in_schema=False)


@router.get("/notifications", response_class=HTMLResponse)
def notifications_page(request: Request, session: SessionDep, login: Annotated[Login, Depends(current_login)]) -> HTMLResponse:
    user_id = login.user.id
    rows = notifications.newest(session, user_id)
    unread = {row.id for row in rows if row.read_at is None}  # shown as new this once
    notifications.mark_read(session, user_id)  # before the page counts them for its header: it shows none unread
    return page(request, "notifications.html", {"rows": rows, "unread_ids": unread, "limit": notifications.PAGE_SIZE})
