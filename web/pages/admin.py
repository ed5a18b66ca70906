"""The administrator's pages: campaigns (loading a plan's settings file), the mail sent, unlocking an account;
the directory's pages (units, people, users, the import, the issuers) are in web/pages/admin_directory.py."""

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session
from starlette.datastructures import UploadFile

from db import lists, models
from db.outbox import MailStatus
from schemas.council import PHASE_NAMES
from schemas.dossier_actions import Role
from web import logins
from web.deps import ClientDep, SessionDep, SettingsDep
from web.errors import ServiceError
from web.pages.deps import CheckedForm, for_roles
from web.pages.render import Failure, failed, page, see_other
from web.pages import admin_directory
from web.routes import accounts as accounts_api
from web.routes import campaigns as campaigns_api
from web.pages.listing import Filter, read
from web.scope import campaign_codes, mail_condition

router = APIRouter(prefix="/admin", include_in_schema=False)

Admin = Annotated[models.User, for_roles(Role.admin)]
KIND_NAMES = {"emulation": "Phong trào thi đua", "reform_plan": "Kế hoạch cải cách hành chính"}
CAMPAIGN_FILTERS = [
    Filter("kind", "Lọc theo loại", KIND_NAMES),
    Filter("phase", "Lọc theo giai đoạn", {phase.value: name for phase, name in PHASE_NAMES.items()}),
]
# Units, people, users, the import, the issuers: web/pages/admin_directory.py.


def _campaigns_page(
    request: Request, session: Session, user: models.User, failure: Failure | None = None
) -> HTMLResponse:
    listing = read(request, lists.CAMPAIGN_SORTS, CAMPAIGN_FILTERS, "Tìm theo tên kế hoạch, mã")
    rows, total, number = lists.list_campaigns(
        session, campaign_codes(user), key=listing.key, kind=listing.chosen.get("kind"),
        phase=listing.chosen.get("phase"), sort=listing.sort, page=listing.page, size=listing.size,
    )
    context = {"rows": rows, "listing": listing.counted(total, number), "phase_names": PHASE_NAMES, "failure": failure}
    return page(request, "admin_campaigns.html", context, failure.status if failure else 200)


@router.get("/campaigns", response_class=HTMLResponse)
def campaigns(request: Request, session: SessionDep, user: Admin) -> HTMLResponse:
    return _campaigns_page(request, session, user)


@router.post("/campaigns", response_class=HTMLResponse)
async def load_campaign(
    request: Request, session: SessionDep, client: ClientDep, settings: SettingsDep, user: Admin, form: CheckedForm
) -> Response:
    file = form.get("file")
    try:
        if not isinstance(file, UploadFile) or not file.filename:
            raise ServiceError("CAMPAIGN_FILE_INVALID", source="(chưa chọn tệp)", problems="hãy chọn một tệp .yaml")
        await campaigns_api.load_campaign_file(session, client, settings, user, file)
    except ServiceError as error:
        return _campaigns_page(request, session, user, failed("campaign_file", error, form))
    return see_other("/admin/campaigns", "campaign_file")


@router.post("/users/{user_id}/unlock")
def unlock_user(
    user_id: Annotated[int, Path(ge=1, le=2**31)], session: SessionDep, _user: Admin, _form: CheckedForm
) -> Response:
    """Lift the lock of an account locked after too many wrong passwords."""
    user = session.get(models.User, user_id)
    if user is None or user.issuer_id != _user.issuer_id:
        raise ServiceError("USER_NOT_FOUND", username=str(user_id))
    logins.unlock(session, user)
    return see_other("/admin/users", "unlock")


@router.post("/users/{user_id}/password-reset")
async def reset_user_password(
    user_id: Annotated[int, Path(ge=1, le=2**31)], session: SessionDep, client: ClientDep, settings: SettingsDep,
    admin: Admin, _form: CheckedForm,
) -> Response:
    """The user's password stops working at once; a link to set a new one goes to their address."""
    user = session.get(models.User, user_id)
    if user is None:
        raise ServiceError("USER_NOT_FOUND", username=str(user_id))
    await accounts_api.reset_and_mail(session, client, settings, admin, user.username)
    return see_other("/admin/users", "password_reset")


STATUS_NAMES = {
    MailStatus.queued: "Chờ gửi",
    MailStatus.sending: "Đang gửi",
    MailStatus.sent: "Đã gửi",
    MailStatus.refused: "Bị từ chối",
}


MAIL_FILTERS = [Filter("status", "Lọc theo trạng thái", {status.value: name for status, name in STATUS_NAMES.items()})]


@router.get("/mail", response_class=HTMLResponse)
def mail(request: Request, session: SessionDep, user: Admin) -> HTMLResponse:
    """The outbox of the admin's issuer, newest first: what was sent, what waits for the server, what a server
    refused for good."""
    listing = read(request, lists.MAIL_SORTS, MAIL_FILTERS, "Tìm theo người nhận, tiêu đề")
    mails, total, number = lists.list_mails(
        session, mail_condition(user), key=listing.key, status=listing.chosen.get("status"), sort=listing.sort,
        page=listing.page, size=listing.size,
    )
    context = {"mails": mails, "listing": listing.counted(total, number), "status_names": STATUS_NAMES}
    return page(request, "admin_mail.html", context)


router.include_router(admin_directory.router)
