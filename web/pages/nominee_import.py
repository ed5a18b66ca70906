"""The unit head's import of a dossier's nominees from an .xlsx list made on the campaign's template.

All or nothing, as the admin's import of units and people (db/directory_import.py): every row is read and
checked first, as the form's Update would check it (the plan's subject kinds, a name twice in the file or
already in the dossier, the registry's match, the plan's registration rule); a file with any refused row adds
nobody, and the report says why for each row, naming the column. A file with none refused is sent row by row
through the same path as the form (web/routes/dossiers.add_nominee: the workflow's Update and its validator),
each row under a request id made of the dossier and the row's content, so that a file sent again adds no one
twice: a row already in the dossier as written is reported as such and not sent.
"""

import hashlib
import json
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, select

from common.text import size_text
from db import models
from db.import_report import ImportReport, ReportRow
from db.tables import ImportLimits, Refused, read_table
from documents.nominee_sheet import SheetRow, read_rows, template
from schemas.campaign import EmulationPlan
from schemas.dossier import NomineeInput
from schemas.dossier_actions import Stage
from schemas.errors import error_message
from temporalio.exceptions import ApplicationError
from web.deps import ClientDep, SessionDep
from web.errors import RetryLater, ServiceError
from web.nominee_links import linked
from web.pages.deps import CheckedForm, UnitSide
from web.pages.render import failed, page
from web.pages.xlsx_upload import xlsx_upload
from web.routes import dossiers as dossiers_api
from web.routes.registrations import nomination_warnings
from web.scope import dossier_issuer

router = APIRouter(prefix="/unit/dossiers", include_in_schema=False)

DossierId = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_-]+$")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

MAX_BYTES = 1024 * 1024  # a list of nominees: a hundred rows are some tens of KB
# as many rows as a dossier may be created with (web/routes/dossiers.DossierCreate)
LIMITS = ImportLimits(rows=100, columns=20, unpacked_bytes=8 * 1024 * 1024)

STATUS_NAMES = {"added": "Đã thêm", "present": "Đã có trong hồ sơ", "refused": "Không nhận",
                "not_written": "Chưa thêm", "not_sent": "Chưa gửi"}


def _dossier(session: Session, dossier_id: str, user: models.User) -> tuple[models.Dossier, models.Campaign, EmulationPlan]:
    dossier = dossiers_api.load_dossier(session, dossier_id, user)  # another unit's: 404, as the dossier's page
    campaign = session.exec(select(models.Campaign).where(models.Campaign.code == dossier.campaign_code)).one()
    return dossier, campaign, EmulationPlan.model_validate(campaign.settings)


def _message(error: Exception) -> str:
    if isinstance(error, ServiceError):
        return error_message(error.code, error.details)
    if isinstance(error, ApplicationError):
        return str(error.message)
    return str(error)


def request_id(dossier_id: str, nominee: NomineeInput) -> str:
    """The same row of the same dossier: the same id, whichever file it comes in."""
    content = json.dumps([dossier_id, nominee.model_dump(mode="json")], ensure_ascii=False, sort_keys=True)
    return "import-" + hashlib.sha256(content.encode()).hexdigest()[:32]


def _same(nominee: NomineeInput, existing: list[dict]) -> bool:
    sent = nominee.model_dump(mode="json", exclude={"person_id", "unit_id"})
    fields = tuple(sent)
    return any({f: n.get(f) for f in fields} == sent for n in existing)


def precheck(session: Session, dossier: models.Dossier, campaign: models.Campaign, plan: EmulationPlan,
             rows: list[SheetRow]) -> list[ReportRow]:
    """Each row as the form's path would take it, nothing written: refused, in the dossier already, or to add."""
    existing = list((dossier.state or {}).get("nominees", []))
    others = [(n["group"], n["name"]) for n in existing]
    rules = plan.dossier_rules()
    issuer_id = dossier_issuer(session, dossier)
    reports = []
    for row in rows:
        if row.nominee is None:
            reports.append(ReportRow(row.row_number, row.name, "refused", "; ".join(row.problems) + "."))
            continue
        nominee = row.nominee
        if _same(nominee, existing):
            reports.append(ReportRow(row.row_number, row.name, "present", "Hồ sơ đã có đúng như dòng này ghi: không thêm lại."))
            continue
        try:
            rules.check_nominee(nominee.group, nominee.subject_kind, nominee.name, others)
            linked(session, nominee, issuer_id)
            warnings = nomination_warnings(session, campaign, dossier.unit_id, [(nominee.group, nominee.name)])
        except (ApplicationError, ServiceError) as error:
            reports.append(ReportRow(row.row_number, row.name, "refused", f"{_column_of(error)}{_message(error)}"))
            continue
        others.append((nominee.group, nominee.name))
        notes = " ".join(w.message for w in warnings)
        reports.append(ReportRow(row.row_number, row.name, "not_written", notes))
    return reports


def _column_of(error: Exception) -> str:
    """The column a refusal of the form's path is about."""
    code = getattr(error, "type", None) or getattr(error, "code", "")
    return {"DUPLICATE_NOMINEE": "Họ và tên / Tên tập thể: ", "SUBJECT_KIND_NOT_ALLOWED": "Tập thể/Cá nhân: ",
            "NOT_REGISTERED": "Họ và tên / Tên tập thể: "}.get(code, "")


async def apply(session: Session, client, user: models.User, dossier_id: str, rows: list[SheetRow],
                reports: list[ReportRow]) -> None:
    """Send the rows to add, in order, through the form's path; a refusal (the dossier changed meanwhile)
    stops there, the rows after it not sent."""
    stopped = False
    for row, report in zip(rows, reports):
        if report.status != "not_written":
            continue
        if stopped:
            report.status, report.message = "not_sent", "Chưa gửi vì dòng trước không thêm được; gửi lại cả tệp."
            continue
        try:
            await dossiers_api.add_nominee(dossier_id, row.nominee, session, client, user,
                                           request_id(dossier_id, row.nominee))
        except ServiceError as error:
            report.status, report.message = "refused", f"{_column_of(error)}{_message(error)}"
            stopped = True
            continue
        except RetryLater:
            report.status, report.message = "not_sent", "Hệ thống đang bận, chưa thêm được; gửi lại cả tệp sau ít phút."
            stopped = True
            continue
        report.status, report.message = "added", ("Đã thêm. " + report.message).strip()


def _page(request: Request, session: Session, user: models.User, dossier_id: str, report: ImportReport | None = None,
          failure=None, status: int = 200) -> HTMLResponse:
    dossier, campaign, plan = _dossier(session, dossier_id, user)
    context = {"dossier": dossier, "campaign": campaign, "plan": plan, "report": report, "failure": failure,
               "draft": dossier.stage == Stage.draft, "status_names": STATUS_NAMES, "max_rows": LIMITS.rows,
               "max_size": size_text(MAX_BYTES)}
    return page(request, "nominee_import.html", context, status)


@router.get("/{dossier_id}/nominees/import", response_class=HTMLResponse)
def import_page(dossier_id: DossierId, request: Request, session: SessionDep, user: UnitSide) -> HTMLResponse:
    return _page(request, session, user, dossier_id)


@router.get("/{dossier_id}/nominees/template.xlsx")
def import_template(dossier_id: DossierId, session: SessionDep, user: UnitSide) -> Response:
    _, campaign, plan = _dossier(session, dossier_id, user)
    name = f"mau-danh-sach-de-nghi-{campaign.code}.xlsx"
    disposition = f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
    return Response(template(plan, campaign.title), media_type=XLSX, headers={"Content-Disposition": disposition})


@router.post("/{dossier_id}/nominees/import", response_class=HTMLResponse)
async def import_file(
    dossier_id: DossierId, request: Request, session: SessionDep, client: ClientDep, user: UnitSide, form: CheckedForm
) -> Response:
    dossier, campaign, plan = _dossier(session, dossier_id, user)
    file = form.get("file")
    try:
        if dossier.stage != Stage.draft:
            raise ServiceError("IMPORT_FILE_INVALID", filename="", problems="hồ sơ không còn ở bước dự thảo, không thêm người được nữa")
        filename, content = await xlsx_upload(file, MAX_BYTES)
        try:
            table = await run_in_threadpool(read_table, content, filename, LIMITS)
            rows = read_rows(table, filename, plan, dossier.unit_name)
        except Refused as error:
            raise ServiceError(error.code, **error.details) from None
    except ServiceError as error:
        return _page(request, session, user, dossier_id, failure=failed("import", error, form), status=422)
    report = ImportReport(filename, precheck(session, dossier, campaign, plan, rows))
    if not any(r.status == "refused" for r in report.rows):
        await apply(session, client, user, dossier_id, rows, report.rows)
    return _page(request, session, user, dossier_id, report, status=200 if report.written else 422)
