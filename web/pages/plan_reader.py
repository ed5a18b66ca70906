"""The plan reader's pages, for the issuer's admin: a plan file uploaded (or its text pasted) and drafted
(plan_reader/), then the draft beside the plan's text, field by field, each value's source highlighted; the admin
accepts, edits or fills each field; the campaign is loaded only when every required field is confirmed, through
the same loader as a hand-written settings file (web/routes/campaigns.load_campaign_file), its problems shown at
their field; the confirmed settings download as YAML with each field's source as a comment."""

import io
from typing import Annotated
from urllib.parse import quote

import yaml
from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session
from starlette.datastructures import Headers, UploadFile

from db import models
from db.issuers import issuers_for_files, own_issuer
from plan_reader import draft_pages
from plan_reader.draft import FIELDS_OF, SPECS
from plan_reader.settings import settings_yaml
from plan_reader.store import DraftStore, Stored, paragraph_segments
from plan_reader.text_in import MAX_BYTES, PlanFileRefused, pages_of
from schemas.dossier_actions import Role
from schemas.errors import error_message
from web.deps import ClientDep, SessionDep, SettingsDep
from web.errors import ServiceError
from web.pages.deps import CheckedForm, for_roles
from web.pages.render import Failure, page, see_other
from web.routes import campaigns as campaigns_api

router = APIRouter(prefix="/admin/plan-reader", include_in_schema=False)
Admin = Annotated[models.User, for_roles(Role.admin)]
DraftId = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[a-f0-9]+$")]
MAX_PASTED = 400_000  # characters of pasted text
MAX_VALUE = 20_000  # characters of one field's value as typed
STATUS_NAMES = {"confirmed": "Đã xác nhận", "drafted": "Chưa xác nhận", "empty": "Kế hoạch không ghi: điền tay nếu cần"}


def _issuer(session: Session, user: models.User) -> tuple[str, dict[str, dict]]:
    code = own_issuer(session, user) or ""
    return code, {c: r for c, r in issuers_for_files(session).items() if c == code}


def _store(settings) -> DraftStore:
    return DraftStore(settings.filestore_dir)


def _get(settings, session: Session, user: models.User, draft_id: str) -> Stored:
    try:
        return _store(settings).get(_issuer(session, user)[0], draft_id)
    except KeyError:
        raise HTTPException(404, "Không có bản thảo này (hoặc bản thảo của cơ quan khác).") from None


def shown(value) -> str:
    """A value as YAML the admin reads and edits."""
    if value is None:
        return ""
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=120).removesuffix("...\n").strip()


def drafted_value(stored: Stored, path: str):
    items = [item["value"] for item in stored.drafted.get(path, [])]
    if not items:
        return None
    return items if SPECS[path].many else items[0]


def field_rows(stored: Stored) -> list[dict]:
    rows = []
    for spec in FIELDS_OF[stored.kind]:
        items = stored.drafted.get(spec.path, [])
        confirmed = spec.path in stored.confirmed
        value = stored.confirmed[spec.path] if confirmed else drafted_value(stored, spec.path)
        rows.append({
            "path": spec.path, "id": spec.path.replace(".", "-"), "label": spec.label, "required": spec.required,
            "status": "confirmed" if confirmed else "drafted" if items else "empty", "text": shown(value),
            "sources": [{"page": i["source"]["page"], "line": i["source"]["line"], "confidence": i["confidence"],
                         "quote": i["source"]["sentence"][i["source"]["start"]:i["source"]["end"]]} for i in items],
            "problem": stored.problems.get(spec.path),
        })
    return rows


def suggested_code(stored: Stored) -> str:
    period = stored.confirmed.get("plan.period") or drafted_value(stored, "plan.period") or {}
    year = str(period.get("start", ""))[:4] if isinstance(period, dict) else ""
    return "-".join(part for part in (stored.issuer or "ke-hoach", year) if part)


def _draft_page(request: Request, stored: Stored, failure: Failure | None = None, status: int = 200) -> HTMLResponse:
    rows = field_rows(stored)
    context = {
        "stored": stored, "rows": rows, "paragraphs": paragraph_segments(stored), "status_names": STATUS_NAMES,
        "labels": {spec.path: spec.label for spec in FIELDS_OF[stored.kind]}, "failure": failure, "code": suggested_code(stored),
        "unconfirmed": [r["label"] for r in rows if r["required"] and r["status"] != "confirmed"],
        "confirmed_count": sum(r["status"] == "confirmed" for r in rows), "empty_count": sum(r["status"] == "empty" for r in rows),
    }
    return page(request, "plan_reader_draft.html", context, failure.status if failure else status)


def _upload_page(request: Request, session: Session, settings, user: models.User, failure: Failure | None = None) -> HTMLResponse:
    drafts = _store(settings).list(_issuer(session, user)[0])
    context = {"drafts": drafts, "failure": failure, "max_size": f"{MAX_BYTES // (1024 * 1024)} MB"}
    return page(request, "plan_reader.html", context, failure.status if failure else 200)


@router.get("", response_class=HTMLResponse)
def upload_page(request: Request, session: SessionDep, settings: SettingsDep, user: Admin) -> HTMLResponse:
    return _upload_page(request, session, settings, user)


@router.post("", response_class=HTMLResponse)
async def read_plan(request: Request, session: SessionDep, settings: SettingsDep, user: Admin, form: CheckedForm) -> Response:
    """Draft the plan uploaded (or pasted): its text read, every field drafted with its source, kept for review."""
    file, pasted = form.get("file"), str(form.get("text") or "")
    try:
        if isinstance(file, UploadFile) and file.filename:
            filename, content = file.filename, await file.read(MAX_BYTES + 1)
        elif pasted.strip():
            if len(pasted) > MAX_PASTED:
                raise PlanFileRefused("PLAN_TEXT_TOO_LONG", f"Văn bản dán vào dài quá {MAX_PASTED:,} ký tự.".replace(",", "."))
            filename, content = "văn bản dán vào", pasted.encode("utf-8")
        else:
            raise PlanFileRefused("PLAN_FILE_MISSING", "Hãy chọn tệp kế hoạch hoặc dán nội dung kế hoạch vào ô văn bản.")
        code, issuers = _issuer(session, user)
        pages = await run_in_threadpool(pages_of, content)
        draft = await run_in_threadpool(draft_pages, pages, issuers)
    except PlanFileRefused as refused:
        return _upload_page(request, session, settings, user, Failure("plan", str(refused), 422, {"file": str(refused)}))
    stored = _store(settings).add(code, filename, draft)
    return see_other(f"/admin/plan-reader/{stored.id}")


@router.get("/{draft_id}", response_class=HTMLResponse)
def draft_page(draft_id: DraftId, request: Request, session: SessionDep, settings: SettingsDep, user: Admin) -> HTMLResponse:
    return _draft_page(request, _get(settings, session, user, draft_id))


def parsed(path: str, text: str):
    """A field's value as typed (YAML), or ValueError with the problem in Vietnamese."""
    if len(text) > MAX_VALUE:
        raise ValueError(f"Giá trị dài quá {MAX_VALUE:,} ký tự.".replace(",", "."))
    try:
        value = yaml.safe_load(text) if text.strip() else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" ở dòng {mark.line + 1}" if mark else ""
        raise ValueError(f"Không đọc được giá trị{where}: viết theo dạng YAML như giá trị đề xuất.") from None
    if value is None:
        raise ValueError("Ô này đang trống: điền giá trị rồi xác nhận.")
    if SPECS[path].many and not isinstance(value, list):
        raise ValueError("Mục này là một danh sách: mỗi phần tử một dòng bắt đầu bằng «- ».")
    if hasattr(value, "isoformat"):
        value = value.isoformat()
    return value


@router.post("/{draft_id}/fields", response_class=HTMLResponse)
def confirm_field(draft_id: DraftId, request: Request, session: SessionDep, settings: SettingsDep, user: Admin,
                  form: CheckedForm) -> Response:
    """Accept a field as drafted, as edited, or filled by hand; or take back its confirmation."""
    stored = _get(settings, session, user, draft_id)
    path = str(form.get("path") or "")
    if path not in {spec.path for spec in FIELDS_OF[stored.kind]}:
        raise HTTPException(404, "Không có mục này trong kế hoạch.")
    if form.get("action") == "undo":
        stored.confirmed.pop(path, None)
    else:
        try:
            stored.confirmed[path] = parsed(path, str(form.get("value") or ""))
        except ValueError as problem:
            failure = Failure(f"field-{path}", str(problem), 422, {"value": str(problem)}, {"value": [str(form.get("value") or "")]})
            return _draft_page(request, stored, failure)
    stored.problems.pop(path, None)
    _store(settings).save(stored)
    return see_other(f"/admin/plan-reader/{draft_id}#f-{path.replace('.', '-')}")


def field_of(problem_path: str) -> str | None:
    """The draft's field a loader's problem is about: "award_forms.0.quotas.1.max" → "quotas"."""
    parts = problem_path.split(".")
    if parts[0] in ("emulation", "reform_plan"):  # the loader's path starts with the plan's kind
        parts = parts[1:]
    if parts and parts[0] == "award_forms" and "quotas" in parts:
        return "quotas"
    if parts and parts[0] == "deadlines" and len(parts) > 1 and parts[1] not in ("submit_before", "appraisal"):
        return None
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in SPECS:
            return ".".join(parts[:n])
    return None


def settings_text(stored: Stored, code: str) -> str:
    sources = {p: n for p, n in stored.sources().items() if p in stored.confirmed}
    return settings_yaml(stored.confirmed, sources, code, stored.filename, stored.kind)


@router.post("/{draft_id}/load", response_class=HTMLResponse)
async def load_campaign(draft_id: DraftId, request: Request, session: SessionDep, client: ClientDep,
                        settings: SettingsDep, user: Admin, form: CheckedForm) -> Response:
    """Load the confirmed settings as a campaign, through the loader of a hand-written file."""
    stored = _get(settings, session, user, draft_id)
    code = str(form.get("code") or "").strip()[:60]
    missing = [spec.label for spec in FIELDS_OF[stored.kind] if spec.required and spec.path not in stored.confirmed]
    if missing:
        message = "Chưa nạp: còn mục bắt buộc chưa xác nhận: " + "; ".join(missing) + "."
        return _draft_page(request, stored, Failure("load", message, 422, {}, {"code": [code]}))
    content = settings_text(stored, code).encode("utf-8")
    upload = UploadFile(io.BytesIO(content), filename=f"{code}.yaml", headers=Headers({"content-type": "application/yaml"}))
    try:
        loaded = await campaigns_api.load_campaign_file(session, client, settings, user, upload)
    except ServiceError as error:
        stored.problems = {}
        general = []
        for problem in error.details.get("fields", []):
            target = field_of(problem["field"])
            if target:
                stored.problems[target] = "; ".join(filter(None, (stored.problems.get(target), problem["problem"])))
            else:
                general.append(f"{problem['field'] or '(tệp)'}: {problem['problem']}")
        _store(settings).save(stored)
        message = "Chưa nạp: hệ thống kiểm tra thấy vấn đề, xem các mục được đánh dấu." + (" " + "; ".join(general) if general else "")
        if not error.details.get("fields"):
            message = error_message(error.code, error.details)
        return _draft_page(request, stored, Failure("load", message, 422, {}, {"code": [code]}))
    stored.problems, stored.loaded = {}, [campaign.code for campaign in loaded]
    _store(settings).save(stored)
    return see_other("/admin/campaigns", "campaign_file")


@router.get("/{draft_id}/settings.yaml")
def download(draft_id: DraftId, session: SessionDep, settings: SettingsDep, user: Admin, code: str = "") -> Response:
    """The confirmed fields as a settings file, each with its source in the plan as a comment."""
    stored = _get(settings, session, user, draft_id)
    code = code.strip()[:60] or suggested_code(stored)
    name = f"{code}.yaml"
    disposition = f"attachment; filename=\"{quote(name)}\"; filename*=UTF-8''{quote(name)}"
    return Response(settings_text(stored, code), media_type="application/yaml; charset=utf-8",
                    headers={"Content-Disposition": disposition})
