"""The register of awards in the office's pages (db/awards.py): search it, read and print a person's or a
unit's history (Quá trình khen thưởng), the issuer's sổ vàng, record an award made elsewhere (one form, or an
.xlsx file), revoke one by its decision. Each list also downloads as .xlsx at its address with ".xlsx".

    /register                      the register searched (name without diacritics, unit, kind, year, status)
    /register/so-vang              the issuer's sổ vàng, in the order of its numbers
    /register/people/{id}          a person's history;  /register/units/{id}  a collective's
    /register/new                  an award made elsewhere, recorded by hand
    /register/import               the same from an .xlsx (template: /register/template.xlsx)
    /register/awards/{id}/revoke   the award revoked, with the revoking decision
"""

from datetime import datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlmodel import Session, select

from common.text import VN_TZ, size_text
from db import awards, models
from db.award_import import STATUS_NAMES as IMPORT_STATUS_NAMES
from db.award_import import import_awards
from db.import_report import ImportReport
from db.awards import KIND_NAMES, SORTS, STATUS_NAMES, AwardInput, Revocation
from db.tables import ImportLimits, Refused, read_table
from documents.award_sheet import read_rows, template
from documents.award_statistics import statistics_workbook
from documents.national_export import entries, national_workbook
from documents.register_export import awards_workbook, status_text
from schemas.dossier_actions import APPRAISERS, Role
from web.errors import ServiceError
from web.deps import SessionDep
from web.pages.deps import CheckedForm, for_roles
from web.pages.list_exports import every_row
from web.pages.listing import Filter, Listing, read
from web.pages.render import Failure, FormInvalid, failed, page, see_other, validated
from web.pages.xlsx_upload import xlsx_upload

router = APIRouter(include_in_schema=False)

READERS = (*APPRAISERS, Role.chairman, Role.deputy_chairman)
Reader = Annotated[models.User, for_roles(*READERS)]
Office = Annotated[models.User, for_roles(*APPRAISERS)]
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_BYTES = 1024 * 1024
LIMITS = ImportLimits(rows=1000, columns=20, unpacked_bytes=8 * 1024 * 1024)
SUBJECTS = {"person": "Cá nhân", "unit": "Tập thể"}
FIELDS = ("subject_type", "person_id", "unit_id", "name", "award_name", "kind", "decision_number", "decision_date",
          "issued_by", "achievement", "period_start", "period_end", "bonus_vnd", "position", "unit_name")


def _xlsx(name: str, content: bytes) -> Response:
    filename = f"{name}-{datetime.now(VN_TZ).date():%Y%m%d}.xlsx"
    disposition = f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type=XLSX, headers={"Content-Disposition": disposition})


def _units(session: Session, issuer_id: int) -> dict[str, str]:
    units = session.exec(select(models.Unit).where(models.Unit.issuer_id == issuer_id).order_by(models.Unit.name))
    return {str(u.id): u.name for u in units}


def _listing(request: Request, session: Session, user: models.User) -> tuple[Listing, list[awards.Award]]:
    filters = [
        Filter("unit", "Lọc theo đơn vị", _units(session, user.issuer_id)),
        Filter("kind", "Lọc theo loại", KIND_NAMES),
        Filter("year", "Lọc theo năm quyết định", {str(y): str(y) for y in awards.years(session, user.issuer_id)}),
        Filter("status", "Lọc theo hiệu lực", STATUS_NAMES),
    ]
    listing = read(request, SORTS, filters, "Tìm theo họ tên, tên tập thể, hình thức, số quyết định",
                   "Gõ có dấu hay không dấu đều được")
    chosen = listing.chosen
    rows, total, number = awards.search(
        session, user.issuer_id, key=listing.key, unit_id=int(chosen["unit"]) if "unit" in chosen else None,
        kind=chosen.get("kind"), year=int(chosen["year"]) if "year" in chosen else None, status=chosen.get("status"),
        sort=listing.sort, page=listing.page, size=listing.size,
    )
    return listing.counted(total, number), rows


def _context() -> dict:
    return {"kind_names": KIND_NAMES, "status_text": status_text, "source_names": awards.SOURCE_NAMES}


@router.get("/register", response_class=HTMLResponse)
def register(request: Request, session: SessionDep, user: Reader) -> HTMLResponse:
    listing, rows = _listing(request, session, user)
    recorded = request.query_params.get("recorded", "")
    context = _context() | {"listing": listing, "rows": rows, "recorded": recorded.isdigit() and int(recorded),
                            "this_year": datetime.now(VN_TZ).date().year}
    return page(request, "register.html", context)


@router.get("/register.xlsx")
def register_file(request: Request, session: SessionDep, user: Reader) -> Response:
    listing, rows, cut = every_row(request, lambda r: _listing(r, session, user))
    return _xlsx("so-khen-thuong", awards_workbook("Sổ khen thưởng", rows, None, cut))


@router.get("/register/so-vang", response_class=HTMLResponse)
def golden_book(request: Request, session: SessionDep, user: Reader) -> HTMLResponse:
    issuer = session.get(models.Issuer, user.issuer_id)
    rows = awards.golden_book(session, user.issuer_id)
    return page(request, "register_book.html", _context() | {"rows": rows, "issuer": issuer})


@router.get("/register/so-vang.xlsx")
def golden_book_file(session: SessionDep, user: Reader) -> Response:
    return _xlsx("so-vang", awards_workbook("Sổ vàng", awards.golden_book(session, user.issuer_id)))


def _subject(session: Session, user: models.User, kind: str, subject_id: int):
    row = session.get(models.Person if kind == "people" else models.Unit, subject_id)
    if row is None or row.issuer_id != user.issuer_id:
        raise ServiceError("AWARD_INVALID", problems=f"không có {'người' if kind == 'people' else 'đơn vị'} mã {subject_id}")
    history = awards.history(session, **({"person_id": subject_id} if kind == "people" else {"unit_id": subject_id}))
    return row, history


def _history_page(request: Request, session: Session, user: models.User, kind: str, subject_id: int,
                  failure: Failure | None = None) -> HTMLResponse:
    subject, history = _subject(session, user, kind, subject_id)
    unit = session.get(models.Unit, subject.unit_id) if kind == "people" and subject.unit_id else None
    context = _context() | {"subject": subject, "kind": kind, "history": history, "unit": unit,
                            "name": subject.full_name if kind == "people" else subject.name,
                            "office": user.holds(*APPRAISERS), "failure": failure}
    return page(request, "register_history.html", context, failure.status if failure else 200)


@router.get("/register/{kind}/{subject_id}.xlsx")
def history_file(kind: Annotated[str, Path(pattern="^(people|units)$")], subject_id: Id, session: SessionDep,
                 user: Reader) -> Response:
    subject, history = _subject(session, user, kind, subject_id)
    name = subject.full_name if kind == "people" else subject.name
    return _xlsx("qua-trinh-khen-thuong", awards_workbook("Quá trình khen thưởng", history, f"Quá trình khen thưởng: {name}"))


@router.get("/register/{kind}/{subject_id}", response_class=HTMLResponse)
def history_page(kind: Annotated[str, Path(pattern="^(people|units)$")], subject_id: Id, request: Request,
                 session: SessionDep, user: Reader) -> HTMLResponse:
    return _history_page(request, session, user, kind, subject_id)


@router.post("/register/awards/{award_id}/revoke", response_class=HTMLResponse)
def revoke(award_id: Id, request: Request, session: SessionDep, user: Office, form: CheckedForm) -> Response:
    try:
        award = awards.get_award(session, user.issuer_id, award_id)
    except Refused as error:
        raise ServiceError(error.code, **error.details) from None
    kind, subject_id = ("people", award.person_id) if award.person_id else ("units", award.unit_id)
    try:
        body = validated(Revocation, {name: form.get(name) for name in ("number", "revoked_on", "reason")})
        awards.revoke(session, user.issuer_id, award_id, body)
    except (FormInvalid, Refused) as error:
        error = ServiceError(error.code, **error.details) if isinstance(error, Refused) else error
        if subject_id is None:
            raise error from None
        return _history_page(request, session, user, kind, subject_id, failed(f"revoke_{award_id}", error, form))
    return see_other(f"/register/{kind}/{subject_id}" if subject_id else "/register")


@router.get("/register/national.xlsx")
def national_file(session: SessionDep, user: Office, year: Annotated[int | None, Query(ge=1945, le=2100)] = None) -> Response:
    """The civil servants' awards for the national database (documents/national_export.py): ID numbers inside."""
    return _xlsx("csdl-quoc-gia-khen-thuong", national_workbook(entries(session, user.issuer_id, year)))


@router.get("/register/national.json")
def national_json(session: SessionDep, user: Office, year: Annotated[int | None, Query(ge=1945, le=2100)] = None) -> JSONResponse:
    return JSONResponse({"khen_thuong": entries(session, user.issuer_id, year)})


@router.get("/register/statistics.xlsx")
def statistics_file(session: SessionDep, user: Reader, year: Annotated[int, Query(ge=1945, le=2100)],
                    fund_vnd: Annotated[str, Query(max_length=14, pattern=r"^\d*$")] = "") -> Response:
    """The year's statistics of commendation work (documents/award_statistics.py), the bonuses against the
    year's fund when the office gives its amount (the form's field left empty: none)."""
    fund = int(fund_vnd) if fund_vnd else None
    return _xlsx(f"thong-ke-khen-thuong-{year}", statistics_workbook(session, user.issuer_id, year, fund))


# --- awards made elsewhere ---------------------------------------------------------------------------


def _new_page(request: Request, session: Session, user: models.User, failure: Failure | None = None) -> HTMLResponse:
    people = session.exec(select(models.Person).where(models.Person.issuer_id == user.issuer_id).order_by(models.Person.name_key))
    context = {
        "subjects": SUBJECTS, "kinds": {"": "(tự xác định theo tên)"} | KIND_NAMES,
        "people": {"": "(không có trong danh sách: ghi họ tên)"} | {str(p.id): p.full_name for p in people},
        "units": {"": "(không chọn)"} | _units(session, user.issuer_id), "failure": failure,
    }
    return page(request, "register_new.html", context, failure.status if failure else 200)


@router.get("/register/new", response_class=HTMLResponse)
def new_award(request: Request, session: SessionDep, user: Office) -> HTMLResponse:
    return _new_page(request, session, user)


@router.post("/register/new", response_class=HTMLResponse)
def record_award(request: Request, session: SessionDep, user: Office, form: CheckedForm) -> Response:
    try:
        data = {name: form.get(name) for name in FIELDS}
        if data["subject_type"] == "person" and not data["person_id"] and not data["name"]:
            raise FormInvalid({"name": "Chọn người trong danh sách, hoặc ghi họ và tên."})
        if data["subject_type"] == "unit" and not data["unit_id"] and not data["name"]:
            raise FormInvalid({"name": "Chọn đơn vị, hoặc ghi tên tập thể."})
        body = validated(AwardInput, data)
        award = awards.record_award(session, user.issuer_id, body, user)
    except Refused as error:
        return _new_page(request, session, user, failed("award", ServiceError(error.code, **error.details), form))
    except FormInvalid as error:
        return _new_page(request, session, user, failed("award", error, form))
    return see_other(f"/register?recorded={award.id}")


def _import_page(request: Request, report: ImportReport | None = None, failure: Failure | None = None,
                 status: int = 200) -> HTMLResponse:
    context = {"report": report, "failure": failure, "status_names": IMPORT_STATUS_NAMES, "max_rows": LIMITS.rows,
               "max_size": size_text(MAX_BYTES)}
    return page(request, "register_import.html", context, status)


@router.get("/register/import", response_class=HTMLResponse)
def import_page(request: Request, _user: Office) -> HTMLResponse:
    return _import_page(request)


@router.get("/register/template.xlsx")
def import_template(_user: Office) -> Response:
    return _xlsx("mau-khen-thuong-da-co", template())


@router.post("/register/import", response_class=HTMLResponse)
async def import_file(request: Request, session: SessionDep, user: Office, form: CheckedForm) -> Response:
    file = form.get("file")
    try:
        filename, content = await xlsx_upload(file, MAX_BYTES)
        try:
            rows = read_rows(await run_in_threadpool(read_table, content, filename, LIMITS), filename)
        except Refused as error:
            raise ServiceError(error.code, **error.details) from None
    except ServiceError as error:
        return _import_page(request, failure=failed("import", error, form), status=422)
    report = import_awards(session, user.issuer_id, user, filename, rows)
    return _import_page(request, report, status=200 if report.written else 422)
