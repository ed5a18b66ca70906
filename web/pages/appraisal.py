"""The appraiser's pages (and the office head's): the queue with its due dates, a dossier to appraise, the
registry of records."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from common.text import VN_TZ
from db import lists, models
from db.indicators import PART_CHOICES, choices, known_indicators
from db.lists import RECORD_SORTS
from db.queries import IN_APPRAISAL
from db.records import RecordCreate, record_public
from schemas.dossier import Act, PersonChoice, SupplementAsk, Verdict
from schemas.dossier_actions import APPRAISERS, STAGE_NAMES
from schemas.eligibility import DISCIPLINE_NAMES, KIND_NAMES, OUTCOME_NAMES, RATING_NAMES
from schemas.indicators import MEASURE_NAMES
from web.deps import ClientDep, SessionDep, actor_of
from web.errors import ServiceError
from web.pages.deps import CheckedForm, for_roles
from web.pages.dossier_lists import dossier_listing
from web.pages.dossier_view import dossier_form, dossier_page
from web.pages.listing import Filter, read
from web.pages.registration import registration_rows
from web.pages.render import Failure, FormInvalid, failed, page, request_id, see_other, validated
from web.routes import dossiers as dossiers_api
from web.routes import records as records_api
from web.scope import visible_record_ids
from workflows.dossier import DossierWorkflow

router = APIRouter(prefix="/appraisal", include_in_schema=False)

QUEUE_SORTS = ["received", "newest", "title", "unit", "campaign"]
MATCH_NAMES = {"matched": "Đã xác định", "ambiguous": "Chưa chắc, cần chọn", "unmatched": "Không tìm thấy"}
RECORD_FILTERS = [Filter("kind", "Lọc theo loại", KIND_NAMES), Filter("match", "Lọc theo việc xác định đối tượng", MATCH_NAMES)]

Appraiser = Annotated[models.User, for_roles(*APPRAISERS)]
AREA = "appraisal"

# The fields of a record, in the order the form shows them: name, label, input type, choices.
RECORD_FIELDS = [
    ("kind", "Loại", "select", KIND_NAMES),
    ("subject_type", "Đối tượng", "select", {"person": "Cá nhân", "unit": "Tập thể, đơn vị"}),
    ("subject_name", "Họ và tên, hoặc tên đơn vị", "text", None),
    ("birth_date", "Ngày sinh", "date", None),
    ("id_number", "Số CCCD", "text", None),
    ("status", "Trạng thái", "select", {"": "(theo loại)", "open": "Đang xem xét, xác minh", "concluded": "Đã kết luận"}),
    ("outcome", "Kết luận", "select", {"": "(chưa có)"} | OUTCOME_NAMES),
    ("opened_on", "Ngày phát sinh", "date", None),
    ("concluded_on", "Ngày kết luận", "date", None),
    ("discipline_form", "Hình thức kỷ luật", "select", {"": "(không)"} | DISCIPLINE_NAMES),
    ("period_start", "Từ ngày", "date", None),
    ("period_end", "Đến ngày", "date", None),
    ("year", "Năm", "number", None),
    ("rating", "Xếp loại", "select", {"": "(không)"} | RATING_NAMES),
    # An indicator's figure: its code (the choices are the issuer's, _records_page), period and unit of measure.
    ("indicator", "Chỉ số (số liệu)", "select", {"": "(không)"}),
    ("period_part", "Kỳ của số liệu", "select", {"": "(năm)"} | PART_CHOICES),
    ("measure", "Đơn vị tính", "select", {"": "(theo chỉ số)"} | MEASURE_NAMES),
    ("value", "Giá trị (chỉ số CCHC %, số liệu chỉ số): 91,5 hoặc 0,72", "text", None),
    ("decision_number", "Số quyết định", "text", None),
    ("decision_date", "Ngày quyết định", "date", None),
    ("award_form", "Hình thức khen thưởng", "text", None),
    ("note", "Ghi chú", "text", None),
]


@router.get("", response_class=HTMLResponse)
def queue(request: Request, session: SessionDep, user: Appraiser) -> HTMLResponse:
    listing, rows = dossier_listing(request, session, user, stages=IN_APPRAISAL, sorts=QUEUE_SORTS)
    context = {"listing": listing, "rows": rows, "stage_names": STAGE_NAMES, "today": datetime.now(VN_TZ).date()}
    return page(request, "appraisal_queue.html", context | {"registrations": registration_rows(session, user)})


@router.get("/all", response_class=HTMLResponse)
def all_dossiers(request: Request, session: SessionDep, user: Appraiser) -> HTMLResponse:
    """Every dossier of the issuer's campaigns, at every stage: an appraised one stays here."""
    listing, rows = dossier_listing(request, session, user)
    return page(request, "appraisal_all.html", {"listing": listing, "rows": rows, "stage_names": STAGE_NAMES})


@router.get("/dossiers/{dossier_id}", response_class=HTMLResponse)
def dossier(dossier_id: str, request: Request, session: SessionDep, user: Appraiser) -> HTMLResponse:
    return dossier_page(request, session, user, dossier_id, AREA)


@router.post("/dossiers/{dossier_id}/start-appraisal", response_class=HTMLResponse)
async def start_appraisal(
    dossier_id: str, request: Request, session: SessionDep, client: ClientDep, user: Appraiser, form: CheckedForm
) -> Response:
    async def start() -> None:
        message = Act(actor=actor_of(user, "start_appraisal"))
        await dossiers_api.act(session, client, dossier_id, user, DossierWorkflow.start_appraisal, message, request_id(form))

    return await dossier_form(request, session, user, dossier_id, AREA, "start_appraisal", form, start)


@router.post("/dossiers/{dossier_id}/nominees/{nominee_key}", response_class=HTMLResponse)
async def appraise(
    dossier_id: str, nominee_key: str, request: Request, session: SessionDep, client: ClientDep, user: Appraiser,
    form: CheckedForm,
) -> Response:
    async def appraise() -> None:
        passed = {"yes": True, "no": False}.get(str(form.get("passed")))
        verdict = validated(Verdict, {"passed": passed, "reason": form.get("reason")})
        await dossiers_api.appraise(dossier_id, nominee_key, verdict, session, client, user, request_id(form))

    return await dossier_form(request, session, user, dossier_id, AREA, f"appraise_{nominee_key}", form, appraise)


@router.post("/dossiers/{dossier_id}/nominees/{nominee_key}/person-link", response_class=HTMLResponse)
async def link_person(
    dossier_id: str, nominee_key: str, request: Request, session: SessionDep, client: ClientDep, user: Appraiser,
    form: CheckedForm,
) -> Response:
    async def link() -> None:
        # A person typed by their id wins over the radio buttons; "none": the person has no record.
        chosen = str(form.get("other_person_id") or "") or str(form.get("person_id") or "")
        if not chosen:
            raise FormInvalid({"person_id": "Chọn một hồ sơ cá nhân, hoặc xác nhận người này không có hồ sơ."})
        data = {"person_id": None if chosen == "none" else chosen, "reason": form.get("reason")}
        body = validated(PersonChoice, data)
        await dossiers_api.link_person(dossier_id, nominee_key, body, session, client, user, request_id(form))

    return await dossier_form(request, session, user, dossier_id, AREA, f"link_{nominee_key}", form, link)


@router.post("/dossiers/{dossier_id}/supplement-request", response_class=HTMLResponse)
async def request_supplement(
    dossier_id: str, request: Request, session: SessionDep, client: ClientDep, user: Appraiser, form: CheckedForm
) -> Response:
    async def ask() -> None:
        items = [line.strip() for line in str(form.get("items") or "").splitlines() if line.strip()]
        body = validated(SupplementAsk, {"items": items, "due_date": form.get("due_date")})
        await dossiers_api.request_supplement(dossier_id, body, session, client, user, request_id(form))

    return await dossier_form(request, session, user, dossier_id, AREA, "supplement_request", form, ask)


def _records_page(request: Request, session: Session, failure: Failure | None = None) -> HTMLResponse:
    user = request.state.login.user
    listing = read(request, RECORD_SORTS, RECORD_FILTERS, "Tìm theo tên người, đơn vị, số quyết định, ghi chú",
                   "Gõ có dấu hay không dấu đều được")
    found, total, number = lists.list_records(
        session, visible_record_ids(user), key=listing.key, kind=listing.chosen.get("kind"),
        match_status=listing.chosen.get("match"), sort=listing.sort, page=listing.page, size=listing.size,
    )
    listing.counted(total, number)
    records = [record_public(session, record) for record in found]
    indicators = {"": "(không)"} | choices(known_indicators(session, user.issuer_id))
    fields = [(name, label, kind, indicators if name == "indicator" else options) for name, label, kind, options in RECORD_FIELDS]
    context = {"records": records, "listing": listing, "fields": fields, "failure": failure}
    return page(request, "records.html", context, failure.status if failure else 200)


@router.get("/records", response_class=HTMLResponse)
def records(request: Request, session: SessionDep, _user: Appraiser) -> HTMLResponse:
    return _records_page(request, session)


@router.post("/records", response_class=HTMLResponse)
async def add_record(
    request: Request, session: SessionDep, client: ClientDep, user: Appraiser, form: CheckedForm
) -> Response:
    try:
        data = {name: form.get(name) for name, *_ in RECORD_FIELDS}
        data["value"] = str(data["value"] or "").strip().replace(",", ".")  # written with a decimal comma
        body = validated(RecordCreate, data)
        await records_api.add(body, session, client, user)
    except (ServiceError, FormInvalid) as error:
        return _records_page(request, session, failed("record", error, form))
    return see_other("/appraisal/records", "record")
