"""The mail caught by the local SMTP sink, shown in the browser: development only.

The page exists when mail goes to this machine (no SMTP server configured), which is what `make run`
sets up; with a real SMTP server configured it answers 404.
"""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from mail.sink import caught_mails, is_local
from web.deps import SessionDep, SettingsDep
from web.templating import templates

router = APIRouter(tags=["development"])


@router.get("/dev/mail", response_class=HTMLResponse, summary="Thư đã gửi, bắt tại máy (chỉ khi phát triển)")
def caught(request: Request, session: SessionDep, settings: SettingsDep) -> HTMLResponse:
    if not is_local(settings):
        raise HTTPException(status_code=404)
    return templates.TemplateResponse(request, "local_mail.html", {"mails": caught_mails(session)})
