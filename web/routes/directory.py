"""Who is who: the current user, and the units, people and users of their issuer, which its admin keeps.

Every list and row is the caller's own issuer's: another issuer's id is not found (404). Nothing is deleted:
`POST …/{id}/deactivate` sets active=False. People's ID numbers and dates of birth are shown only to the
issuer's admin, appraisers and office heads (db/directory.PERSONAL_DATA_ROLES).
"""

from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlmodel import Session, select

from common.bounds import Id
from common.text import size_text
from db import directory, models
from db.directory_import import DirectoryImportReport, Kind, import_directory, template
from db.records import RecordRefused
from db.tables import ImportLimits
from schemas import directory_api
from schemas.dossier_actions import ROLE_NAMES, Role
from schemas.errors import error_message
from web.deps import ClientDep, CurrentUser, SessionDep, SettingsDep
from web.errors import ServiceError
from web.mails import deliver_enqueued

router = APIRouter(prefix="/api", tags=["directory"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_NAMES = {"units": "mau-danh-sach-don-vi.xlsx", "people": "mau-danh-sach-can-bo.xlsx"}


def refused(error: directory.DirectoryRefused) -> ServiceError:
    """The refusal as the API says it; the field it concerns, if one, named as a form's would be."""
    fields = []
    if error.field:
        fields = [{"field": error.field, "problem": error_message(error.code, error.details), "code": error.code}]
    return ServiceError(error.code, **error.details, **({"fields": fields} if fields else {}))


def issuer_of(user: models.User, action: str, roles: tuple[Role, ...] = (Role.admin,)) -> int:
    """The user's issuer, if they hold one of `roles` in it."""
    if user.issuer_id is None:
        raise ServiceError("NO_OWN_ISSUER")
    if not user.holds(*roles):
        raise ServiceError("WRONG_ROLE", role=ROLE_NAMES[Role(user.main_role)], action=action)
    return user.issuer_id


def import_limits(settings) -> ImportLimits:
    return ImportLimits(
        rows=settings.import_max_rows, columns=settings.import_max_columns,
        unpacked_bytes=settings.import_max_unpacked_bytes,
    )


@router.get("/me", response_model=models.UserPublic)
def me(user: CurrentUser) -> models.User:
    return user


# --- units -----------------------------------------------------------------------------------------


@router.get("/units", response_model=list[models.UnitPublic], summary="Đơn vị của cơ quan")
def units(session: SessionDep, user: CurrentUser, active: bool | None = None) -> list[models.Unit]:
    if user.issuer_id is None:
        raise ServiceError("NO_OWN_ISSUER")
    query = select(models.Unit).where(models.Unit.issuer_id == user.issuer_id)
    if active is not None:
        query = query.where(models.Unit.active == active)
    return list(session.exec(query.order_by(models.Unit.name)).all())


@router.post("/units", response_model=models.UnitPublic, status_code=201, summary="Thêm đơn vị (quản trị)")
def add_unit(body: directory_api.UnitCreate, session: SessionDep, user: CurrentUser) -> models.Unit:
    return _saved(session, lambda: directory.create_unit(session, issuer_of(user, "Thêm đơn vị"), body))


@router.patch("/units/{unit_id}", response_model=models.UnitPublic, summary="Sửa đơn vị (quản trị)")
def change_unit(unit_id: Id, body: directory_api.UnitChange, session: SessionDep, user: CurrentUser) -> models.Unit:
    return _saved(session, lambda: directory.update_unit(session, issuer_of(user, "Sửa đơn vị"), unit_id, body))


@router.post("/units/{unit_id}/deactivate", response_model=models.UnitPublic, summary="Ngừng đơn vị (quản trị)")
def deactivate_unit(unit_id: Id, session: SessionDep, user: CurrentUser) -> models.Unit:
    return _saved(session, lambda: directory.deactivate_unit(session, issuer_of(user, "Ngừng đơn vị"), unit_id))


# --- people ----------------------------------------------------------------------------------------

PEOPLE_READERS = tuple(Role)


@router.get("/people", response_model=list[directory_api.PersonView], summary="Cán bộ của cơ quan")
def people(session: SessionDep, user: CurrentUser, unit_id: Id | None = None) -> list[directory_api.PersonView]:
    """ID numbers and dates of birth are empty (null) for roles other than admin, appraiser, office head."""
    issuer_id = issuer_of(user, "Xem danh sách cán bộ", PEOPLE_READERS)
    query = select(models.Person).where(models.Person.issuer_id == issuer_id)
    if unit_id is not None:
        query = query.where(models.Person.unit_id == unit_id)
    rows = session.exec(query.order_by(models.Person.name_key, models.Person.id)).all()
    return [directory.person_view(session, person, user) for person in rows]


@router.get("/people/{person_id}", response_model=directory_api.PersonView, summary="Một cán bộ, với các chức vụ")
def person(person_id: Id, session: SessionDep, user: CurrentUser) -> directory_api.PersonView:
    issuer_id = issuer_of(user, "Xem danh sách cán bộ", PEOPLE_READERS)
    try:
        return directory.person_view(session, directory.own_person(session, issuer_id, person_id), user, history=True)
    except directory.DirectoryRefused as error:
        raise refused(error) from None


@router.post("/people", response_model=directory_api.PersonView, status_code=201, summary="Thêm cán bộ (quản trị)")
def add_person(body: directory_api.PersonCreate, session: SessionDep, user: CurrentUser) -> directory_api.PersonView:
    row = _saved(session, lambda: directory.create_person(session, issuer_of(user, "Thêm cán bộ"), body))
    return directory.person_view(session, row, user, history=True)


@router.patch("/people/{person_id}", response_model=directory_api.PersonView, summary="Sửa cán bộ (quản trị)")
def change_person(
    person_id: Id, body: directory_api.PersonChange, session: SessionDep, user: CurrentUser
) -> directory_api.PersonView:
    """A new unit or position is recorded from `since` (today in Vietnam when left out)."""
    row = _saved(session, lambda: directory.update_person(session, issuer_of(user, "Sửa cán bộ"), person_id, body))
    return directory.person_view(session, row, user, history=True)


@router.post("/people/{person_id}/deactivate", response_model=directory_api.PersonView, summary="Ngừng cán bộ (quản trị)")
def deactivate_person(person_id: Id, session: SessionDep, user: CurrentUser) -> directory_api.PersonView:
    row = _saved(session, lambda: directory.deactivate_person(session, issuer_of(user, "Ngừng cán bộ"), person_id))
    return directory.person_view(session, row, user)


# --- users -----------------------------------------------------------------------------------------


@router.get("/users", response_model=list[models.UserPublic], summary="Tài khoản của cơ quan (quản trị)")
def users(session: SessionDep, user: CurrentUser) -> list[models.User]:
    issuer_id = issuer_of(user, "Xem tài khoản")
    query = select(models.User).where(models.User.issuer_id == issuer_id).order_by(models.User.username)
    return list(session.exec(query).all())


@router.post("/users", response_model=models.UserPublic, status_code=201, summary="Thêm tài khoản (quản trị)")
async def add_user(
    body: directory_api.UserCreate, session: SessionDep, client: ClientDep, settings: SettingsDep, user: CurrentUser
) -> models.User:
    """The new user gets a mail with a one-time link to set their password; no API token is shown."""
    row = _saved(session, lambda: directory.create_user(session, settings, issuer_of(user, "Thêm tài khoản"), body))
    await deliver_enqueued(session, client, settings)
    return row


@router.patch("/users/{user_id}", response_model=models.UserPublic, summary="Sửa tài khoản (quản trị)")
def change_user(user_id: Id, body: directory_api.UserChange, session: SessionDep, user: CurrentUser) -> models.User:
    return _saved(session, lambda: directory.update_user(session, issuer_of(user, "Sửa tài khoản"), user_id, body))


@router.post("/users/{user_id}/deactivate", response_model=models.UserPublic, summary="Ngừng tài khoản (quản trị)")
def deactivate_user(user_id: Id, session: SessionDep, user: CurrentUser) -> models.User:
    """Its API token stops working and its logins end; its history stays."""
    return _saved(
        session, lambda: directory.deactivate_user(session, issuer_of(user, "Ngừng tài khoản"), user_id, user)
    )


# --- import ----------------------------------------------------------------------------------------


@router.get("/directory/template/{kind}", summary="Tệp mẫu .xlsx để nhập đơn vị (units) hoặc cán bộ (people)")
def directory_template(kind: Kind, user: CurrentUser) -> Response:
    issuer_of(user, "Tải tệp mẫu")
    disposition = f'attachment; filename="{TEMPLATE_NAMES[kind]}"'
    return Response(template(kind), media_type=XLSX, headers={"Content-Disposition": disposition})


async def read_import(session: Session, settings, user: models.User, file: UploadFile) -> DirectoryImportReport:
    """The file imported whole, or not at all (report.written False: some row refused)."""
    issuer_id = issuer_of(user, "Nhập đơn vị, cán bộ từ tệp")
    limit = settings.import_max_bytes
    content = await file.read(limit + 1)
    filename = file.filename or "(không tên)"
    if len(content) > limit:
        raise ServiceError("IMPORT_FILE_INVALID", filename=filename, problems=f"tệp lớn hơn {size_text(limit)}")
    try:
        return await run_in_threadpool(import_directory, session, issuer_id, content, filename, import_limits(settings))
    except RecordRefused as error:
        raise ServiceError(error.code, **error.details) from None


@router.post("/directory/import", response_model=DirectoryImportReport, summary="Nhập đơn vị hoặc cán bộ từ tệp .xlsx")
async def import_file(
    file: Annotated[UploadFile, File(description="Tệp .xlsx làm theo tệp mẫu")],
    session: SessionDep, settings: SettingsDep, user: CurrentUser,
) -> DirectoryImportReport:
    """All or nothing: a file with a refused row writes nothing (422 DIRECTORY_IMPORT_REFUSED, the report in
    `details.report`); otherwise every row is created or updated, and the report says which."""
    report = await read_import(session, settings, user, file)
    if not report.written:
        raise ServiceError(
            "DIRECTORY_IMPORT_REFUSED", filename=report.filename, refused=report.refused, report=report.model_dump()
        )
    return report


def _saved(session: Session, change):
    """Run a change of the directory and commit it; a refusal as the API's."""
    try:
        row = change()
    except directory.DirectoryRefused as error:
        session.rollback()
        raise refused(error) from None
    session.commit()
    session.refresh(row)
    return row
