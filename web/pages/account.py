"""One's own account: setting a password with a link from a mail, changing it, one's API tokens.

- `/password/set?token=…`: anyone with the link (no login): the form, then the password set. A link used,
  voided by a newer one, expired or unknown is refused with a page saying which (its code beside it:
  PASSWORD_LINK_USED, _VOIDED, _EXPIRED 410; _UNKNOWN 400), and nothing changes. The token in the form
  is the form's guard: a page of another site cannot know it.
- `/account`: the password change (the current one required; the other logins end), the API tokens
  (name, made, last used) with "Thu hồi", and a form to make one, shown once.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from common.passwords import MAX_LENGTH, MIN_LENGTH, PasswordRefused
from db import api_tokens, password_links
from db.models import token_hash
from schemas.errors import ERRORS, error_message
from web import logins
from web.deps import SessionDep, SettingsDep
from web.errors import ServiceError
from web.pages.deps import COOKIE, CheckedForm, Login, current_login
from web.pages.render import Failure, page, see_other
from web.routes import accounts as api

router = APIRouter(include_in_schema=False)

CurrentLogin = Annotated[Login, Depends(current_login)]
RULE = (
    f"Ít nhất {MIN_LENGTH} ký tự (tối đa {MAX_LENGTH}); không dùng mật khẩu phổ biến như «matkhau123», «123456789», "
    "«admin@123», và không trùng tên đăng nhập hay họ tên. Một câu ngắn nhiều từ dễ nhớ mà khó đoán."
)


def _link_refused(request: Request, error: password_links.LinkRefused) -> HTMLResponse:
    context = {"code": error.code, "message": error_message(error.code, error.details)}
    return page(request, "password_refused.html", context, ERRORS[error.code].status)


def _set_page(request: Request, token: str, user, failure: Failure | None = None) -> HTMLResponse:
    context = {"token": token, "user": user, "rule": RULE, "failure": failure}
    return page(request, "password_set.html", context, failure.status if failure else 200)


def _password_failure(form: str, code: str, details: dict, field: str = "password") -> Failure:
    message = error_message(code, details)
    return Failure(form, message, ERRORS[code].status, {field: message}, {})


@router.get("/password/set", response_class=HTMLResponse)
def password_set_form(request: Request, session: SessionDep, token: str = "") -> Response:
    try:
        _link, user = password_links.find_link(session, token)
    except password_links.LinkRefused as error:
        return _link_refused(request, error)
    return _set_page(request, token, user)


@router.post("/password/set", response_class=HTMLResponse)
def password_set(
    request: Request,
    session: SessionDep,
    token: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    password_again: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    try:
        _link, user = password_links.find_link(session, token)
        if password != password_again:
            return _set_page(request, token, user, _password_failure("set", "PASSWORDS_DIFFER", {}, "password_again"))
        user = password_links.redeem(session, token, password)
    except password_links.LinkRefused as error:
        return _link_refused(request, error)
    except PasswordRefused as error:
        return _set_page(request, token, user, _password_failure("set", error.code, error.details))
    return page(request, "password_done.html", {"username": user.username})


# --- /account -----------------------------------------------------------------------------------


def _account_page(
    request: Request, session: Session, login: Login, failure: Failure | None = None, new_token: str | None = None,
    status: int | None = None,
) -> HTMLResponse:
    context = {
        "user": login.user,
        "tokens": api_tokens.tokens_of(session, login.user),
        "rule": RULE,
        "failure": failure,
        "new_token": new_token,
    }
    return page(request, "account.html", context, status or (failure.status if failure else 200))


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, session: SessionDep, login: CurrentLogin) -> HTMLResponse:
    return _account_page(request, session, login)


@router.post("/account/password", response_class=HTMLResponse)
def change_password(
    request: Request, session: SessionDep, settings: SettingsDep, login: CurrentLogin, form: CheckedForm
) -> Response:
    current, new = str(form.get("current_password", "")), str(form.get("new_password", ""))
    if new != str(form.get("new_password_again", "")):
        return _account_page(request, session, login, _password_failure("password", "PASSWORDS_DIFFER", {}, "new_password_again"))
    keep = token_hash(request.cookies.get(COOKIE, ""))
    try:
        api.change_own_password(session, settings, login.user, logins.client_address(request), current, new, keep)
    except ServiceError as error:
        field = "current_password" if error.code == "PASSWORD_WRONG" else "new_password"
        if error.code == "LOGIN_THROTTLED":
            field = "current_password"
        return _account_page(request, session, login, _password_failure("password", error.code, error.details, field))
    return see_other("/account", "password")


@router.post("/account/tokens", response_class=HTMLResponse)
def new_token(request: Request, session: SessionDep, login: CurrentLogin, form: CheckedForm) -> Response:
    name = str(form.get("name", "")).strip()
    try:
        if not name or len(name) > api_tokens.NAME_MAX:
            message = f"Đặt tên cho mã truy cập (1 đến {api_tokens.NAME_MAX} ký tự), để nhận ra nó sau này."
            return _account_page(request, session, login, Failure("token", message, 422, {"name": message}, {"name": [name]}))
        api.TokenRequest(name=name)  # the same characters refused as in the API
        made = api.create_token(session, login.user, name)
    except ServiceError as error:
        message = error_message(error.code, error.details)
        return _account_page(request, session, login, Failure("token", message, ERRORS[error.code].status, {"name": message}))
    except ValueError:
        message = "Tên có ký tự không dùng được (ký tự điều khiển hoặc ký tự ẩn)."
        return _account_page(request, session, login, Failure("token", message, 422, {"name": message}, {"name": [name]}))
    return _account_page(request, session, login, new_token=made.token, status=201)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(
    token_id: Annotated[int, Path(ge=1, le=2**31)], session: SessionDep, login: CurrentLogin, _form: CheckedForm
) -> Response:
    api.revoke_token(session, login.user, token_id)
    return see_other("/account", "revoked")
