"""Rendering the pages, and a refused form shown again with what was typed and why it was refused."""

from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, TypeVar, get_args

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from pydantic_core.core_schema import ErrorType
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from starlette.datastructures import FormData

from common.text import FORBIDDEN_CHARACTER, FORBIDDEN_CHARACTER_MESSAGE
from db.notifications import unread_count
from mail.sink import is_local
from schemas.dossier_actions import ROLE_NAMES, Role
from schemas.errors import ERRORS, error_message
from web.errors import ServiceError
from web.pages.dates import DATE_MESSAGE, form_dates
from web.pages.done import done_code, done_message, with_done
from web.templating import templates

# The first page of each role, after logging in.
ROLE_HOME = {
    Role.unit_head: "/tasks",  # Việc cần làm (web/pages/tasks.py): what waits for the user, with links to each
    Role.appraiser: "/tasks",
    Role.office_head: "/tasks",
    Role.council_secretary: "/tasks",
    Role.council_member: "/tasks",
    Role.chairman: "/tasks",
    Role.deputy_chairman: "/tasks",
    Role.communications: "/tasks",
    Role.admin: "/tasks",
    Role.super_admin: "/admin/issuers",
}

# The field a refusal is about, where one field causes it: its message is shown beside that field too.
ERROR_FIELDS = {
    "DUPLICATE_NOMINEE": "name",
    "SUBJECT_KIND_NOT_ALLOWED": "subject_kind",
    "MINUTES_NO_QUORUM": "present",
    "MINUTES_DATE_IN_FUTURE": "meeting_date",
    "UNKNOWN_DOCUMENT_KIND": "kind",
    "DOCUMENT_FOR_DOSSIER": "nominee_key",
    "DOCUMENT_NEEDS_NOMINEE": "nominee_key",
    "REASON_REQUIRED": "reason",
    "SUPPLEMENT_ITEMS_REQUIRED": "items",
    "DUE_DATE_PASSED": "due_date",
    "SESSION_DATE_PASSED": "session_date",
    "COUNCIL_NO_QUORUM": "present",
    "SUBMISSION_LATE": "submit",
    "CAMPAIGN_FILE_INVALID": "file",
    "DECISION_NUMBER_TAKEN": "number",
    "SIGNED_PDF_UNREADABLE": "file",
    "SIGNED_PDF_UNSIGNED": "file",
    "SIGNED_PDF_NOT_VALID": "file",
    "SIGNED_PDF_NO_NUMBER": "number",
}

# Pydantic's problems, said in Vietnamese.
PROBLEMS = {
    "missing": "Cần nhập ô này.",
    "string_too_short": "Cần nhập ô này.",
    "string_too_long": "Quá dài.",
    "date_from_datetime_parsing": DATE_MESSAGE,
    "date_parsing": DATE_MESSAGE,
    "date_type": DATE_MESSAGE,
    "int_parsing": "Cần một số nguyên.",
    "float_parsing": "Cần một số.",
    "greater_than_equal": "Phải từ {ge} trở lên.",
    "less_than_equal": "Phải không quá {le}.",
    "literal_error": "Chọn một trong các giá trị cho sẵn.",
    "enum": "Chọn một trong các giá trị cho sẵn.",
    FORBIDDEN_CHARACTER: FORBIDDEN_CHARACTER_MESSAGE,
}


# Pydantic's own kinds of problem; any other is a model's own (PydanticCustomError), its message in Vietnamese.
PYDANTIC_PROBLEMS = frozenset(get_args(ErrorType))


def problem_of(issue: dict) -> str:
    """What a field's problem says to the person filling the form."""
    if issue["type"] in PROBLEMS:
        return PROBLEMS[issue["type"]].format(**issue.get("ctx", {}))
    return "Không hợp lệ." if issue["type"] in PYDANTIC_PROBLEMS else issue["msg"]


class FormInvalid(Exception):
    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("form invalid")
        self.fields = fields


@dataclass
class Failure:
    """A refused form: which form of the page, the message, the problem of each field, what was typed."""

    form: str
    message: str
    status: int
    fields: dict[str, str] = field(default_factory=dict)
    values: dict[str, list[str]] = field(default_factory=dict)  # a field's values: several for checkboxes

    def value(self, name: str) -> str:
        return self.values.get(name, [""])[-1]


M = TypeVar("M", bound=BaseModel)


def validated(model: type[M], data: dict[str, Any]) -> M:
    """The model from a form's fields (empty fields left out, dates read dd/mm/yyyy: web/pages/dates.py);
    FormInvalid with a problem per field."""
    data, fields = form_dates(model, data)
    try:
        body = model.model_validate({name: value for name, value in data.items() if value not in ("", None)})
    except ValidationError as error:
        for issue in error.errors():
            name = "_".join(str(part) for part in issue["loc"])  # "votes_N1": as the form names its fields
            fields.setdefault(name, problem_of(issue))
        raise FormInvalid(fields) from None
    if fields:
        raise FormInvalid(fields)
    return body


def confirmed(form: FormData) -> None:
    """A step the confirm macro (_forms.html) guards: refused unless its box, restating the step, was ticked."""
    if form.get("confirmed") != "yes":
        raise FormInvalid({"confirmed": "Hãy đánh dấu ô này để xác nhận."})


def failed(form_name: str, error: Exception, form: FormData) -> Failure:
    """The failure to show for a refusal (ServiceError) or invalid fields (FormInvalid)."""
    values: dict[str, list[str]] = {}
    for name, value in form.multi_items():
        if isinstance(value, str) and name != "csrf_token":
            values.setdefault(name, []).append(value)
    if isinstance(error, FormInvalid):
        message = "Chưa lưu: có ô chưa hợp lệ, xem các ô được đánh dấu."
        return Failure(form_name, message, 422, error.fields, values)
    assert isinstance(error, ServiceError)
    fields = {problem["field"]: problem["problem"] for problem in error.details.get("fields", [])}
    field_name = ERROR_FIELDS.get(error.code)
    if field_name:
        fields.setdefault(field_name, error_message(error.code, error.details))
    return Failure(form_name, error_message(error.code, error.details), ERRORS[error.code].status, fields, values)


def request_id(form: FormData) -> str | None:
    """The form's own id, rendered with it: the same form posted twice is applied once."""
    return str(form.get("request_id") or "") or None


def unread_notifications(request: Request, user_id: int) -> int | None:
    """The user's unread notifications (one indexed COUNT); None when the database cannot say (an error page)."""
    try:
        with Session(request.app.state.engine) as session:
            return unread_count(session, user_id)
    except SQLAlchemyError:
        return None


def page(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    login = getattr(request.state, "login", None)
    common = {
        "login": login,
        "role_name": login and ROLE_NAMES[Role(login.user.main_role)],
        "home": login and ROLE_HOME[Role(login.user.main_role)],
        "unread": login and unread_notifications(request, login.user.id),  # the bell's count, in the header
        "dev_mail": is_local(request.app.state.settings),
        "failure": None,
    }
    # what the form just taken did (?done=<code>, web/pages/done.py): said once at the top of the page
    common["done_message"] = status_code < 400 and done_message(request.query_params.get("done"), context)
    return templates.TemplateResponse(request, f"pages/{name}", common | context, status_code=status_code)


def see_other(url: str, done: str | None = None) -> RedirectResponse:
    """After a form is taken: the browser loads the page again (a reload does not post twice), told what was
    `done` (a code of web/pages/done.py)."""
    return RedirectResponse(with_done(url, done), status_code=303)


async def take_form(
    form_name: str, form: FormData, action: Callable[[], Awaitable[Any]], then: str,
    show: Callable[[Failure], Response], done: str | None = None,
) -> Response:
    """Run a form's action, then go to `then`, saying it was done (`done`, by default the form's own code);
    refused, `show` the page again with the form as typed and why."""
    try:
        await action()
    except (ServiceError, FormInvalid) as error:
        return show(failed(form_name, error, form))
    return see_other(then, done or done_code(form_name))
