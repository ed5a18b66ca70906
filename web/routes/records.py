"""The registry of records (discipline, cases under review, citizens' feedback, ratings, PAR index, the figures
of measured indicators, initiatives, past awards).

Appraisers and the office head write it: one record at a time, a change to one (concluding a complaint),
the choice of the person an ambiguous record is about, or a whole CSV / .xlsx file with a report per row.
They, the Chairman and the administrator read it. Unit heads neither write nor read it. Each reads and writes
their own issuer's records, about its people and units (web/scope.py): another issuer's record is not found.
"""

from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile
from fastapi.concurrency import run_in_threadpool

from common.bounds import Id
from common.text import size_text
from db.indicators import known_indicators
from db.record_import import ImportReport, import_records
from db.record_matching import MatchStatus
from db.tables import ImportLimits
from db.records import (
    MatchChoice,
    RecordCreate,
    RecordPublic,
    RecordRefused,
    RecordUpdate,
    add_record,
    get_record,
    list_records,
    record_public,
    resolve_match,
    update_record,
)
from schemas.dossier_actions import ROLE_NAMES, Role
from schemas.eligibility import RegistryKind
from schemas.indicators import Indicator
from web.deps import ClientDep, CurrentUser, SessionDep, SettingsDep
from web.errors import ServiceError
from web.record_events import announce_record
from web.scope import person_of_issuer, record_of_user, unit_of_user, visible_records

router = APIRouter(prefix="/api/records", tags=["records"])

WRITERS = {Role.appraiser, Role.office_head}
READERS = WRITERS | {Role.chairman, Role.admin}
ADD = "Ghi bản ghi vào sổ theo dõi"
UPDATE = "Sửa, kết luận bản ghi trong sổ theo dõi"
MATCH = "Chọn người, đơn vị cho bản ghi"
IMPORT = "Nhập sổ theo dõi từ tệp"
READ = "Xem sổ theo dõi"


def _may(user, roles: set[Role], action: str) -> None:
    if not user.holds(*roles):
        raise ServiceError("WRONG_ROLE", role=ROLE_NAMES[Role(user.main_role)], action=action)


def _refused(error: RecordRefused) -> ServiceError:
    return ServiceError(error.code, **error.details)


@router.post("", response_model=RecordPublic, status_code=201, summary="Ghi một bản ghi vào sổ theo dõi")
async def add(body: RecordCreate, session: SessionDep, client: ClientDep, user: CurrentUser) -> RecordPublic:
    """The subject is matched: `match_status` says whether it was found, or is ambiguous with its candidates.

    A case under review that names a nominee of a dossier in progress holds that nominee at once.
    """
    _may(user, WRITERS, ADD)
    try:
        record = add_record(session, body, user)
    except RecordRefused as error:
        raise _refused(error) from None
    await announce_record(session, client, record)
    return record_public(session, record)


@router.patch("/{record_id}", response_model=RecordPublic, summary="Sửa hoặc kết luận một bản ghi")
async def change(
    record_id: Id, body: RecordUpdate, session: SessionDep, client: ClientDep, user: CurrentUser
) -> RecordPublic:
    """Concluding a case resumes the nominees it held, or, when founded, puts them out."""
    _may(user, WRITERS, UPDATE)
    record_of_user(session, user, record_id)
    try:
        record = update_record(session, record_id, body, user)
    except RecordRefused as error:
        raise _refused(error) from None
    await announce_record(session, client, record)
    return record_public(session, record)


@router.post("/{record_id}/match", response_model=RecordPublic, summary="Chọn đúng người, đơn vị của bản ghi")
async def choose(
    record_id: Id, body: MatchChoice, session: SessionDep, client: ClientDep, user: CurrentUser
) -> RecordPublic:
    """For a record left ambiguous (or unmatched with candidates): one of its candidates."""
    _may(user, WRITERS, MATCH)
    record_of_user(session, user, record_id)
    try:
        record = resolve_match(session, record_id, person_id=body.person_id, unit_id=body.unit_id, user=user)
    except RecordRefused as error:
        raise _refused(error) from None
    await announce_record(session, client, record)
    return record_public(session, record)


@router.get("", response_model=list[RecordPublic], summary="Sổ theo dõi")
def read(
    session: SessionDep,
    user: CurrentUser,
    person_id: Id | None = None,
    unit_id: Id | None = None,
    kind: RegistryKind | None = None,
    match_status: MatchStatus | None = None,
    indicator: Annotated[str | None, Query(max_length=50)] = None,
) -> list[RecordPublic]:
    """Newest first; `indicator`: the figures of one indicator (its code)."""
    _may(user, READERS, READ)
    if person_id is not None:
        person_of_issuer(session, user.issuer_id, person_id)
    if unit_id is not None:
        unit_of_user(session, user, unit_id)
    records = list_records(
        session, person_id=person_id, unit_id=unit_id, kind=kind, match_status=match_status, indicator=indicator
    )
    return [record_public(session, record) for record in visible_records(user, records, session)]


@router.get("/indicators", response_model=list[Indicator], summary="Các chỉ số sổ theo dõi nhận số liệu")
def indicators(session: SessionDep, user: CurrentUser) -> list[Indicator]:
    """The registry's catalogue and the indicators the issuer's plans declare: code, name, unit of measure
    (pct, points, index), period (year, half, quarter) and whose figure (unit, person). A code two plans
    declare differently is listed once for each."""
    _may(user, READERS, READ)
    return [indicator for definitions in known_indicators(session, user.issuer_id).values() for indicator in definitions]


@router.post("/import", response_model=ImportReport, summary="Nhập sổ theo dõi từ tệp CSV hoặc Excel (.xlsx)")
async def import_file(
    file: Annotated[UploadFile, File(description="CSV (UTF-8, dấu phẩy hoặc chấm phẩy) hoặc .xlsx")],
    session: SessionDep,
    client: ClientDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> ImportReport:
    """Each row is taken, refused with its reason, or stored as ambiguous; the columns are in db/record_import.py.

    A file larger than the settings allow (size, rows, columns) is refused whole, and nothing of it is taken.
    """
    _may(user, WRITERS, IMPORT)
    limit = settings.import_max_bytes
    content = await file.read(limit + 1)  # a larger file is refused without being read whole
    filename = file.filename or "(không tên)"
    if len(content) > limit:
        raise ServiceError("IMPORT_FILE_INVALID", filename=filename, problems=f"tệp lớn hơn {size_text(limit)}")
    limits = ImportLimits(
        rows=settings.import_max_rows, columns=settings.import_max_columns,
        unpacked_bytes=settings.import_max_unpacked_bytes,
    )
    try:
        report = await run_in_threadpool(import_records, session, content, filename, user, limits)
    except RecordRefused as error:
        raise _refused(error) from None
    for row in report.rows:
        if row.status == "taken":
            await announce_record(session, client, get_record(session, row.record_id))
    return report
