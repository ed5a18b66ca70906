"""The admin's pages of their issuer's units, people and users, the import from Excel; the super-admin's
pages of the issuers. They call what the JSON API calls (db/directory.py), scoped the same way."""

from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ValidationError
from sqlmodel import Session, select
from starlette.datastructures import FormData, UploadFile

from db import directory, models
from db.directory_import import Kind, template
from schemas import directory_api
from schemas.directory import ISSUER_KIND_NAMES, PERSON_CATEGORY_NAMES, SEX_NAMES
from schemas.dossier_actions import ROLE_NAMES, Role
from web import logins
from web.deps import SessionDep, SettingsDep
from web.errors import ServiceError
from web.pages.dates import form_dates
from web.pages.deps import CheckedForm, for_roles
from web.pages.render import PROBLEMS, Failure, FormInvalid, failed, page, see_other
from web.pages.user_list import users_listing
from web.routes import directory as api
from web.routes.directory import TEMPLATE_NAMES, XLSX

router = APIRouter()

Admin = Annotated[models.User, for_roles(Role.admin)]
SuperAdmin = Annotated[models.User, for_roles(Role.super_admin)]
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@dataclass
class Input:
    name: str
    label: str
    type: str = "text"  # text | date | email | select | roles | checkbox
    choices: dict[str, str] = field(default_factory=dict)
    required: bool = False
    hint: str | None = None


def _units(session: Session, issuer_id: int, active_only: bool = True) -> dict[str, str]:
    query = select(models.Unit).where(models.Unit.issuer_id == issuer_id)
    if active_only:
        query = query.where(models.Unit.active)
    return {str(unit.id): unit.name for unit in session.exec(query.order_by(models.Unit.name))}


def _none(choices: dict[str, str], text: str = "(không chọn)") -> dict[str, str]:
    return {"": text} | choices


def unit_inputs(session: Session, issuer_id: int, new: bool) -> list[Input]:
    return [
        *([Input("code", "Mã đơn vị", required=True, hint="Chữ thường không dấu, số, dấu gạch ngang; ví dụ phong-kinh-te")] if new else []),
        Input("name", "Tên đơn vị", required=True),
        Input("kind", "Loại đơn vị", "select", directory_api.UNIT_KINDS, required=True),
        Input("symbol", "Ký hiệu trên văn bản", hint="Ví dụ KT trong số 12/TTr-KT"),
        Input("parent_id", "Đơn vị cấp trên", "select", _none(_units(session, issuer_id), "(không có)")),
        Input("email", "Thư điện tử", "email"),
    ]


def person_inputs(session: Session, issuer_id: int, new: bool) -> list[Input]:
    return [
        Input("full_name", "Họ và tên", required=True),
        Input("sex", "Giới tính", "select", _none({str(k): v for k, v in SEX_NAMES.items()})),
        Input("birth_date", "Ngày sinh", "date"),
        Input("id_number", "Số CCCD", hint="12 chữ số, như trên thẻ căn cước"),
        Input("position", "Chức vụ"),
        Input("unit_id", "Đơn vị", "select", _none(_units(session, issuer_id))),
        Input("category", "Phân loại", "select", _none({str(k): v for k, v in PERSON_CATEGORY_NAMES.items()})),
        Input("email", "Thư điện tử", "email"),
        Input("since", "Đơn vị, chức vụ tính từ ngày", "date",
              hint="Để trống: từ hôm nay." + ("" if new else " Chỉ dùng khi đổi đơn vị hoặc chức vụ.")),
    ]


def user_inputs(session: Session, issuer_id: int, new: bool) -> list[Input]:
    roles = {role.value: ROLE_NAMES[role] for role in directory.ADMIN_GIVES}
    return [
        *([Input("username", "Tên đăng nhập", required=True, hint="Chữ thường không dấu, số, dấu chấm; ví dụ nguyen.van.a")] if new else []),
        Input("full_name", "Họ và tên", required=True),
        Input("roles", "Vai trò", "roles", roles, required=True, hint="Chọn một hoặc nhiều; vai trò chọn đầu tiên là trang mở ra khi đăng nhập."),
        Input("unit_id", "Đơn vị", "select", _none(_units(session, issuer_id))),
        Input("email", "Thư điện tử", "email", required=new, hint="Liên kết đặt mật khẩu được gửi tới địa chỉ này." if new else None),
    ]


def issuer_inputs(new: bool) -> list[Input]:
    return [
        *([Input("code", "Mã cơ quan", required=True, hint="Chữ thường không dấu, ví dụ ke-sat; tệp kế hoạch ghi mã này")] if new else []),
        Input("name", "Tên cơ quan", required=True, hint="Ví dụ Ủy ban nhân dân xã Kẻ Sặt"),
        Input("kind", "Loại cơ quan", "select", {str(k): v for k, v in ISSUER_KIND_NAMES.items()}, required=True),
        Input("superior", "Cơ quan cấp trên", hint="Ví dụ Ủy ban nhân dân thành phố Hải Phòng"),
        Input("print_superior", "In tên cơ quan cấp trên ở đầu văn bản", "checkbox"),
        Input("symbol", "Ký hiệu trên văn bản", hint="UBND, SNV, …"),
        Input("place", "Địa danh ghi ngày tháng", required=True, hint="Ví dụ Kẻ Sặt"),
        Input("head_title", "Chức danh người đứng đầu", hint="Chủ tịch, Giám đốc, …"),
        Input("receiving_office", "Bộ phận tiếp nhận hồ sơ", required=True),
        Input("recipients", "Nơi nhận quyết định", "textarea", hint="Mỗi dòng một nơi nhận"),
    ]


def _form_data(form: FormData, inputs: list[Input], new: bool) -> dict[str, Any]:
    """What the form sent, as the API's body: empty fields left out when adding, cleared when editing."""
    data: dict[str, Any] = {}
    for spec in inputs:
        if spec.type == "roles":
            data[spec.name] = [str(v) for v in form.getlist(spec.name)]
        elif spec.type == "checkbox":
            data[spec.name] = form.get(spec.name) == "on"
        elif spec.type == "textarea":
            data[spec.name] = [line for line in str(form.get(spec.name) or "").splitlines() if line.strip()]
        else:
            value = str(form.get(spec.name) or "").strip()
            if value:
                data[spec.name] = value
            elif not new and not spec.required and spec.name != "since":
                data[spec.name] = None
    return data


def _validated(model: type[BaseModel], data: dict[str, Any]) -> Any:
    data, fields = form_dates(model, data)  # dates as typed, dd/mm/yyyy (web/pages/dates.py)
    try:
        body = model.model_validate(data)
    except ValidationError as error:
        for issue in error.errors():
            name = str(issue["loc"][0]) if issue["loc"] else ""
            message = PROBLEMS.get(issue["type"]) or (
                issue["msg"] if issue["type"] in ("code_invalid", "email_invalid") else "Không hợp lệ.")
            if issue["type"] == "too_short" and name == "roles":
                message = "Chọn ít nhất một vai trò."
            fields.setdefault(name, message.format(**issue.get("ctx", {})) if "{" in message else message)
        raise FormInvalid(fields) from None
    if fields:
        raise FormInvalid(fields)
    return body


def _take(form_name: str, form: FormData, session: Session, change, show, then, done: str) -> Response:
    try:
        row = change()
    except directory.DirectoryRefused as error:
        session.rollback()
        return show(failed(form_name, api.refused(error), form))
    except (FormInvalid, ServiceError) as error:
        session.rollback()
        return show(failed(form_name, error, form))
    session.commit()
    return see_other(then(row), done)


def _values(row: Any, inputs: list[Input]) -> dict[str, Any]:
    values = {}
    for spec in inputs:
        value = getattr(row, spec.name, None)
        if spec.type == "textarea":
            value = "\n".join(value or [])
        values[spec.name] = value if spec.type in ("roles", "checkbox") else ("" if value is None else str(value))
    return values


# --- units -----------------------------------------------------------------------------------------


def _list_page(request, session, user, what: str, failure: Failure | None = None) -> HTMLResponse:
    issuer_id = api.issuer_of(user, "Quản lý danh mục")
    issuer = session.get(models.Issuer, issuer_id)
    model = {"units": models.Unit, "people": models.Person, "users": models.User}[what]
    order = {"units": models.Unit.name, "people": models.Person.name_key, "users": models.User.username}[what]
    listing = None
    if what == "users":  # a list that scales: searched, filtered, sorted and paged in SQL (web/pages/listing.py)
        listing, rows = users_listing(request, session, issuer_id)
    else:
        rows = session.exec(select(model).where(model.issuer_id == issuer_id).order_by(order)).all()
    inputs = {"units": unit_inputs, "people": person_inputs, "users": user_inputs}[what](session, issuer_id, True)
    context = {
        "what": what, "issuer": issuer, "rows": rows, "listing": listing, "inputs": inputs, "failure": failure,
        "unit_names": _units(session, issuer_id, active_only=False), "role_names": ROLE_NAMES,
        "kind_names": directory_api.UNIT_KINDS, "sex_names": SEX_NAMES, "category_names": PERSON_CATEGORY_NAMES,
        "locked": {u.id for u in logins.locked_users(session)} if what == "users" else set(),
        "defaults": {"print_superior": True},
    }
    return page(request, f"admin_{what}.html", context, failure.status if failure else 200)


def _edit_page(request, session, user, what: str, row_id: int, failure: Failure | None = None) -> HTMLResponse:
    issuer_id = api.issuer_of(user, "Quản lý danh mục")
    try:
        row = {"units": directory.own_unit, "people": directory.own_person, "users": directory.own_user}[what](
            session, issuer_id, row_id)
    except directory.DirectoryRefused as error:
        raise api.refused(error) from None
    inputs = {"units": unit_inputs, "people": person_inputs, "users": user_inputs}[what](session, issuer_id, False)
    positions = []
    if what == "people":
        positions = session.exec(select(models.PersonPosition).where(models.PersonPosition.person_id == row.id)
                                 .order_by(models.PersonPosition.id)).all()
    context = {"what": what, "row": row, "inputs": inputs, "values": _values(row, inputs), "failure": failure,
               "positions": positions, "unit_names": _units(session, issuer_id, active_only=False), "is_self": row is user}
    return page(request, "admin_edit.html", context, failure.status if failure else 200)


MODELS = {
    "units": (directory_api.UnitCreate, directory_api.UnitChange, unit_inputs),
    "people": (directory_api.PersonCreate, directory_api.PersonChange, person_inputs),
    "users": (directory_api.UserCreate, directory_api.UserChange, user_inputs),
}


def _create(what: str, session: Session, settings, issuer_id: int, body):
    if what == "units":
        return directory.create_unit(session, issuer_id, body)
    if what == "people":
        return directory.create_person(session, issuer_id, body)
    return directory.create_user(session, settings, issuer_id, body)


def _update(what: str, session: Session, issuer_id: int, row_id: int, body):
    change = {"units": directory.update_unit, "people": directory.update_person, "users": directory.update_user}[what]
    return change(session, issuer_id, row_id, body)


def _deactivate(what: str, session: Session, issuer_id: int, row_id: int, user: models.User):
    if what == "users":
        return directory.deactivate_user(session, issuer_id, row_id, user)
    change = {"units": directory.deactivate_unit, "people": directory.deactivate_person}[what]
    return change(session, issuer_id, row_id)


def _routes(what: str) -> None:
    create_model, change_model, inputs_of = MODELS[what]

    @router.get(f"/{what}", response_class=HTMLResponse, name=f"admin_{what}")
    def listing(request: Request, session: SessionDep, user: Admin) -> HTMLResponse:
        return _list_page(request, session, user, what)

    @router.post(f"/{what}", response_class=HTMLResponse, name=f"admin_add_{what}")
    async def add(request: Request, session: SessionDep, settings: SettingsDep, user: Admin, form: CheckedForm) -> Response:
        issuer_id = api.issuer_of(user, "Quản lý danh mục")

        def change():
            body = _validated(create_model, _form_data(form, inputs_of(session, issuer_id, True), True))
            return _create(what, session, settings, issuer_id, body)

        response = _take("add", form, session, change, lambda f: _list_page(request, session, user, what, f),
                         lambda row: f"/admin/{what}", done=f"{what}_saved")
        if response.status_code == 303 and what == "users":
            from web.mails import deliver_enqueued

            client = request.app.state.temporal
            if client is not None:  # otherwise the mail waits in the outbox (Thư đi)
                await deliver_enqueued(session, client, settings)
        return response

    @router.get(f"/{what}/{{row_id}}", response_class=HTMLResponse, name=f"admin_edit_{what}")
    def edit_page(row_id: RowId, request: Request, session: SessionDep, user: Admin) -> HTMLResponse:
        return _edit_page(request, session, user, what, row_id)

    @router.post(f"/{what}/{{row_id}}", response_class=HTMLResponse, name=f"admin_save_{what}")
    def save(row_id: RowId, request: Request, session: SessionDep, user: Admin, form: CheckedForm) -> Response:
        issuer_id = api.issuer_of(user, "Quản lý danh mục")

        def change():
            body = _validated(change_model, _form_data(form, inputs_of(session, issuer_id, False), False))
            return _update(what, session, issuer_id, row_id, body)

        return _take("edit", form, session, change, lambda f: _edit_page(request, session, user, what, row_id, f),
                     lambda row: f"/admin/{what}", done=f"{what}_saved")

    @router.post(f"/{what}/{{row_id}}/deactivate", response_class=HTMLResponse, name=f"admin_deactivate_{what}")
    def deactivate(row_id: RowId, request: Request, session: SessionDep, user: Admin, form: CheckedForm) -> Response:
        issuer_id = api.issuer_of(user, "Quản lý danh mục")
        return _take("deactivate", form, session, lambda: _deactivate(what, session, issuer_id, row_id, user),
                     lambda f: _edit_page(request, session, user, what, row_id, f),
                     lambda row: f"/admin/{what}", done=f"{what}_stopped")


for _what in ("units", "people", "users"):
    _routes(_what)


# --- import ----------------------------------------------------------------------------------------


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, _user: Admin) -> HTMLResponse:
    return page(request, "admin_import.html", {"report": None})


@router.get("/import/template/{kind}")
def import_template(kind: Kind, _user: Admin) -> Response:
    disposition = f'attachment; filename="{TEMPLATE_NAMES[kind]}"'
    return Response(template(kind), media_type=XLSX, headers={"Content-Disposition": disposition})


@router.post("/import", response_class=HTMLResponse)
async def import_file(request: Request, session: SessionDep, settings: SettingsDep, user: Admin, form: CheckedForm) -> Response:
    file = form.get("file")
    try:
        if not isinstance(file, UploadFile) or not file.filename:
            raise ServiceError("IMPORT_FILE_INVALID", filename="(chưa chọn tệp)", problems="hãy chọn một tệp .xlsx")
        report = await api.read_import(session, settings, user, file)
    except ServiceError as error:
        return page(request, "admin_import.html", {"report": None, "failure": failed("import", error, form)},
                    422)
    return page(request, "admin_import.html", {"report": report}, 200 if report.written else 422)


# --- issuers (the super-admin) ---------------------------------------------------------------------


def _issuers_page(request, session, failure: Failure | None = None) -> HTMLResponse:
    issuers = session.exec(select(models.Issuer).order_by(models.Issuer.name)).all()
    admins: dict[int, list[str]] = {}
    for user in session.exec(select(models.User).where(models.User.issuer_id.is_not(None))):
        if user.holds(Role.admin):
            admins.setdefault(user.issuer_id, []).append(user.username)
    context = {"issuers": issuers, "admins": admins, "inputs": issuer_inputs(True), "failure": failure,
               "kind_names": ISSUER_KIND_NAMES, "defaults": {"print_superior": True}}
    return page(request, "admin_issuers.html", context, failure.status if failure else 200)


def _issuer_page(request, session, issuer_id: int, failure: Failure | None = None) -> HTMLResponse:
    try:
        issuer = directory.get_issuer(session, issuer_id)
    except directory.DirectoryRefused as error:
        raise api.refused(error) from None
    inputs = issuer_inputs(False)
    admins = [u for u in session.exec(select(models.User).where(models.User.issuer_id == issuer_id)) if u.holds(Role.admin)]
    context = {"what": "issuers", "row": issuer, "inputs": inputs, "values": _values(issuer, inputs), "failure": failure,
               "admins": admins, "positions": [], "unit_names": {}, "is_self": False}
    return page(request, "admin_edit.html", context, failure.status if failure else 200)


@router.get("/issuers", response_class=HTMLResponse)
def issuers(request: Request, session: SessionDep, _user: SuperAdmin) -> HTMLResponse:
    return _issuers_page(request, session)


@router.post("/issuers", response_class=HTMLResponse)
def add_issuer(request: Request, session: SessionDep, _user: SuperAdmin, form: CheckedForm) -> Response:
    def change():
        return directory.create_issuer(session, _validated(directory_api.IssuerCreate, _form_data(form, issuer_inputs(True), True)))

    return _take("add", form, session, change, lambda f: _issuers_page(request, session, f),
                 lambda row: f"/admin/issuers/{row.id}", done="issuers_saved")


@router.get("/issuers/{issuer_id}", response_class=HTMLResponse)
def issuer(issuer_id: RowId, request: Request, session: SessionDep, _user: SuperAdmin) -> HTMLResponse:
    return _issuer_page(request, session, issuer_id)


@router.post("/issuers/{issuer_id}", response_class=HTMLResponse)
def save_issuer(issuer_id: RowId, request: Request, session: SessionDep, _user: SuperAdmin, form: CheckedForm) -> Response:
    def change():
        body = _validated(directory_api.IssuerChange, _form_data(form, issuer_inputs(False), False))
        return directory.update_issuer(session, issuer_id, body)

    return _take("edit", form, session, change, lambda f: _issuer_page(request, session, issuer_id, f),
                 lambda row: "/admin/issuers", done="issuers_saved")


@router.post("/issuers/{issuer_id}/admins", response_class=HTMLResponse)
async def add_admin(
    issuer_id: RowId, request: Request, session: SessionDep, settings: SettingsDep, _user: SuperAdmin, form: CheckedForm
) -> Response:
    def change():
        data = {name: str(form.get(name) or "").strip() or None for name in ("username", "full_name", "email")}
        body = _validated(directory_api.FirstAdmin, {k: v for k, v in data.items() if v})
        return directory.create_first_admin(session, settings, issuer_id, body)

    response = _take("admin", form, session, change, lambda f: _issuer_page(request, session, issuer_id, f),
                     lambda row: f"/admin/issuers/{issuer_id}", done="issuer_admin")
    client = request.app.state.temporal
    if response.status_code == 303 and client is not None:
        from web.mails import deliver_enqueued

        await deliver_enqueued(session, client, settings)
    return response
