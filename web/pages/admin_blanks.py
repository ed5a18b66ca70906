"""The admin's page of pre-printed Giấy khen blanks (phôi): each type named, its paper, where each text goes
(db/blanks.py), and its test page ("In thử", documents/blank_print.py). The certificates of a signed decision
are printed on a blank from the decision's downloads (web/pages/downloads.py)."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from db import blanks, models
from db.documents import BlankLayout
from documents.blank_print import trial_page
from documents.pdf import PdfUnavailable
from schemas.dossier_actions import Role
from web.deps import SessionDep
from web.errors import ServiceError
from web.pages.deps import CheckedForm, for_roles
from web.pages.render import Failure, page, see_other
from web.routes.documents import attachment

router = APIRouter(prefix="/admin/blanks", include_in_schema=False)

Admin = Annotated[models.User, for_roles(Role.admin)]
LayoutId = Annotated[int, Path(ge=1, le=2**31)]
FORM = "blank"
SAVED = "blank_layout"


def _page(
    request: Request, session: Session, user: models.User, layout: BlankLayout | None, failure: Failure | None = None
) -> HTMLResponse:
    context = {
        "layouts": blanks.layouts(session, user.issuer_id),
        "layout": layout,
        "values": blanks.form_values(layout),
        "fields": blanks.FIELDS,
        "box": blanks.BOX,
        "papers": blanks.PAPER_NAMES,
        "failure": failure,
        "saved": request.query_params.get("done") == SAVED,
    }
    return page(request, "admin_blanks.html", context, failure.status if failure else 200)


def _layout(session: Session, user: models.User, layout_id: int) -> BlankLayout:
    layout = blanks.layout_of(session, user.issuer_id, layout_id)
    if layout is None:  # another issuer's is not found either
        raise HTTPException(404)
    return layout


@router.get("", response_class=HTMLResponse)
def blank_layouts(
    request: Request, session: SessionDep, user: Admin, edit: Annotated[int | None, Query(ge=1, le=2**31)] = None
) -> HTMLResponse:
    """The issuer's blank types, and the form of a new one (or of `edit`), filled with a start to adjust."""
    return _page(request, session, user, _layout(session, user, edit) if edit else None)


@router.post("", response_class=HTMLResponse)
def save_blank_layout(request: Request, session: SessionDep, user: Admin, form: CheckedForm) -> Response:
    """A new blank type, or the changes to one (its id in the form); refused with nothing saved, each problem
    beside its field."""
    layout_id = str(form.get("layout_id") or "")
    layout = _layout(session, user, int(layout_id)) if layout_id.isdigit() else None
    typed = {name: value for name, value in form.items() if isinstance(value, str)}
    try:
        saved = blanks.save(session, user.issuer_id, blanks.read_form(typed), layout)
    except blanks.Refused as refused:
        session.rollback()
        message = "Chưa lưu: có ô chưa hợp lệ, xem các ô được đánh dấu."
        values = {name: [value] for name, value in typed.items() if name != "csrf_token"}
        return _page(request, session, user, layout, Failure(FORM, message, 422, refused.fields, values))
    return see_other(f"/admin/blanks?edit={saved.id}", SAVED)


@router.get("/{layout_id}/in-thu.pdf")
def trial(layout_id: LayoutId, session: SessionDep, user: Admin) -> Response:
    """"In thử": the paper's frame and each field's box, to hold over a blank and check the positions."""
    layout = _layout(session, user, layout_id)
    try:
        content = trial_page(layout)
    except PdfUnavailable as error:
        raise ServiceError("PDF_UNAVAILABLE", reason=str(error)) from None
    return attachment(content, f"In thử phôi {layout.name}.pdf", "application/pdf")
