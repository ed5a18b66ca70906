"""Text no one can type or see (NUL, other control characters, bidi overrides) is refused at the door, on
SQLite as on PostgreSQL (which cannot store a NUL at all), and changes nothing; a save the database refuses
anyway fails for good instead of being retried for ever. Search takes % and _ as themselves."""

import re
import uuid
from datetime import datetime, timezone

import pytest
from pydantic import ValidationError
from sqlmodel import Session, func, select
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from activities.dossier import DATA_REFUSED, DossierActivities
from common.text import InputModel, refuse_invisible
from common.workdays import default_calendar
from db import models
from db.records import Record
from schemas.dossier import DossierEvent, DossierState, SaveDossier
from schemas.dossier_actions import Stage
from tests.conftest import Service
from tests.dossier_steps import APPRAISER, NOMINEES, UNIT_HEAD, create, ok, post, under_appraisal


def counts(service: Service) -> tuple[int, int]:
    with Session(service.engine) as session:
        count = lambda table: session.exec(select(func.count()).select_from(table)).one()  # noqa: E731
        return count(models.Dossier), count(models.HistoryEntry)


def refusal(response, field: str, code: str = "forbidden_character") -> str:
    """The problem of `field` in a 422 refusal, which names it with its stable code."""
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "INVALID_INPUT"
    [problem] = body["details"]["fields"]
    assert (problem["field"], problem["code"]) == (field, code)
    return problem["problem"]


@pytest.mark.parametrize(
    ("text", "multiline", "named"),
    [
        ("Hồ sơ\x00", True, "ký tự điều khiển (U+0000)"),
        ("Hồ sơ\x1b[31m", True, "ký tự điều khiển (U+001B)"),
        ("Hồ sơ\x85", True, "ký tự điều khiển (U+0085)"),
        ("Hồ sơ\u202egpj.exe", True, "ký tự đảo chiều chữ (U+202E)"),
        ("Hồ sơ\u2066", True, "ký tự đảo chiều chữ (U+2066)"),
        ("Hồ sơ\ufffe", True, "ký tự Unicode không hợp lệ (U+FFFE)"),
        ("Hồ sơ\ud800", True, "ký tự Unicode không hợp lệ (U+D800)"),
        ("Hồ sơ\tmột dòng", False, "dấu tab (U+0009)"),
        ("Hồ sơ\r\nmột dòng", False, "dấu xuống dòng (U+000D)"),
    ],
)
def test_each_refused_character_is_named(text: str, multiline: bool, named: str):
    with pytest.raises(ValidationError) as refused:
        refuse_invisible_in_model(text, multiline)
    [problem] = refused.value.errors()
    assert problem["type"] == "forbidden_character"
    assert problem["msg"] == f"Có {named} không được phép trong ô này; hãy xóa ký tự đó rồi gửi lại."


class _Sample(InputModel):
    multiline = frozenset({"note"})
    title: str | None = None
    note: str | None = None
    items: list[str] = []
    votes: dict[str, int] = {}


def refuse_invisible_in_model(text: str, multiline: bool) -> None:
    _Sample(**({"note": text} if multiline else {"title": text}))


def test_what_may_be_typed_passes_and_every_text_of_a_model_is_checked():
    typed = "Nguyễn Văn Ánh — Phòng Kinh tế «2025» ½ 😀"
    assert refuse_invisible(typed) == typed
    assert _Sample(note="Dòng một\r\n\tDòng hai").note == "Dòng một\r\n\tDòng hai"
    for data in ({"items": ["Báo cáo", "Biên bản\x00"]}, {"votes": {"N1\x00": 3}}):
        with pytest.raises(ValidationError):
            _Sample(**data)


async def test_a_nul_in_a_dossier_title_is_refused_and_nothing_is_started(running: Service):
    body = {"campaign_code": running.campaign, "title": "Hồ sơ\x00 khen thưởng", "nominees": NOMINEES[:1]}
    headers = running.as_user(UNIT_HEAD) | {"X-Request-ID": f"tao-ho-so-{uuid.uuid4().hex[:8]}"}
    problem = refusal(await running.api.post("/api/dossiers", json=body, headers=headers), "title")
    assert problem.startswith("Có ký tự điều khiển (U+0000)")
    assert counts(running) == (0, 0)
    # The same request id again, with a title that can be stored: had the refused one started a workflow,
    # this would find it, NUL and all.
    body["title"] = "Hồ sơ khen thưởng"
    dossier = ok(await running.api.post("/api/dossiers", json=body, headers=headers), 201)
    assert dossier["title"] == "Hồ sơ khen thưởng"
    assert counts(running) == (1, 1)


async def test_a_nul_in_a_nominee_name_is_refused_at_its_field(running: Service):
    nominee = NOMINEES[1] | {"name": "Lê Minh\x00 Đức"}
    body = {"campaign_code": running.campaign, "nominees": [nominee]}
    response = await running.api.post("/api/dossiers", json=body, headers=running.as_user(UNIT_HEAD))
    assert refusal(response, "nominees.0.name").startswith("Có ký tự điều khiển (U+0000)")
    assert counts(running) == (0, 0)


async def test_a_nul_in_a_withdrawal_reason_is_refused_and_the_dossier_stays(running: Service):
    dossier = await create(running, NOMINEES[:1])
    handle = running.client.get_workflow_handle(f"dossier-{dossier['id']}")
    events = len((await handle.fetch_history()).events)
    before = counts(running)
    path = f"/api/dossiers/{dossier['id']}/withdraw"
    response = await post(running, UNIT_HEAD, path, json={"reason": "Rút\x00 hồ sơ"})
    assert refusal(response, "reason").startswith("Có ký tự điều khiển (U+0000)")
    assert counts(running) == before
    assert len((await handle.fetch_history()).events) == events
    with Session(running.engine) as session:
        assert session.get(models.Dossier, dossier["id"]).stage == Stage.draft
    # Not stuck: a reason that can be stored withdraws it, over several lines too.
    withdrawn = ok(await post(running, UNIT_HEAD, path, json={"reason": "Rút hồ sơ:\r\nnộp lại sau"}))
    assert (withdrawn["stage"], withdrawn["stage_reason"]) == ("withdrawn", "Rút hồ sơ: nộp lại sau")


async def test_a_save_the_database_refuses_fails_for_good(running: Service):
    """Bad data that slipped past the door: PostgreSQL refuses a NUL, and the save is not retried."""
    if running.engine.dialect.name != "postgresql":
        pytest.skip("SQLite stores a NUL: only PostgreSQL refuses the data itself")
    with Session(running.engine) as session:
        unit = session.exec(select(models.User).where(models.User.username == UNIT_HEAD)).one().unit_id
    state = DossierState(dossier_id="nul-title", title="Hồ sơ\x00", campaign_code=running.campaign, unit_id=unit,
                         unit_name="Phòng Kinh tế", seq=1)
    event = DossierEvent(seq=1, action="create", actor=None, stage_before=Stage.draft, stage_after=Stage.draft,
                         at=datetime.now(timezone.utc))
    activities = DossierActivities(running.engine, running.settings, default_calendar())
    with pytest.raises(ApplicationError) as refused:
        ActivityEnvironment().run(activities.save_dossier, SaveDossier.of(state, event=event))
    assert (refused.value.type, refused.value.non_retryable) == (DATA_REFUSED, True)
    assert "Hồ sơ" not in refused.value.message  # the data itself is never told
    assert counts(running) == (0, 0)


async def test_search_takes_percent_and_underscore_as_themselves(running: Service):
    names = ["Phòng Kinh tế", "Tổ 100% hoàn thành", "Đội_xung kích"]
    for name in names:
        await create(running, [NOMINEES[0] | {"name": name}])

    async def nominees_found(q: str) -> set[str]:
        response = await running.api.get("/api/dossiers", params={"q": q}, headers=running.as_user(UNIT_HEAD))
        with Session(running.engine) as session:
            return {
                n.name for d in ok(response)
                for n in session.exec(select(models.Nominee).where(models.Nominee.dossier_id == d["id"]))
            }

    assert await nominees_found("%") == {"Tổ 100% hoàn thành"}
    assert await nominees_found("_") == {"Đội_xung kích"}
    assert await nominees_found("0%") == {"Tổ 100% hoàn thành"}
    assert await nominees_found("\\") == set()
    assert await nominees_found("kinh") == {"Phòng Kinh tế"}
    assert await nominees_found("") == set(names)
    response = await running.api.get("/api/dossiers", params={"q": "Kinh\x00"}, headers=running.as_user(UNIT_HEAD))
    assert refusal(response, "q").startswith("Có ký tự điều khiển (U+0000)")


async def logged_in(service: Service, username: str) -> str:
    """Log the service's HTTP client in to the pages; gives the login's CSRF token."""
    login_page = await service.api.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', login_page.text)[1]
    form = {"username": username, "password": f"demo-{username}", "csrf_token": token}
    assert (await service.api.post("/login", data=form)).status_code == 303
    return re.search(r'name="csrf_token" value="([^"]+)"', (await service.api.get("/unit")).text)[1]


async def test_a_page_form_shows_the_refusal_beside_the_field(running: Service):
    token = await logged_in(running, UNIT_HEAD)
    form = {"csrf_token": token, "campaign_code": running.campaign, "title": "Hồ sơ\x00"}
    page = await running.api.post("/unit/dossiers", data=form)
    assert page.status_code == 422
    assert re.search(r'name="title" value="[^"]*"[^>]* aria-invalid="true"', page.text)
    assert '<span class="field-error">Có ký tự điều khiển (U+0000)' in page.text
    assert counts(running) == (0, 0)

    dossier = await under_appraisal(running, NOMINEES[:1])
    ok(await post(running, APPRAISER, f"/api/dossiers/{dossier['id']}/supplement-request", json={"items": ["Biên bản"]}))
    before = counts(running)
    form = {"csrf_token": token, "reason": "Đã bổ sung\x00"}
    page = await running.api.post(f"/unit/dossiers/{dossier['id']}/supplement", data=form)
    assert page.status_code == 422
    assert re.search(r'name="reason"[^>]* aria-invalid="true">Đã bổ sung', page.text)
    assert '<span class="field-error">Có ký tự điều khiển (U+0000)' in page.text
    assert counts(running) == before


async def test_the_registry_refuses_a_record_with_a_nul_by_hand_and_cleans_it_from_a_file(running: Service):
    record = {"subject_type": "person", "subject_name": "Vũ Quang Huy", "birth_date": "1993-01-30",
              "kind": "complaint", "note": "Đơn\x00 nặc danh"}
    response = await post(running, APPRAISER, "/api/records", json=record)
    assert refusal(response, "note").startswith("Có ký tự điều khiển (U+0000)")
    with Session(running.engine) as session:
        assert session.exec(select(func.count()).select_from(Record)).one() == 0
    # A file's cell is cleaned instead, and its row says so.
    rows = "loai;ho_ten;ngay_sinh;ghi_chu\r\ncomplaint;Vũ Quang Huy;30/01/1993;Đơn\x00 nặc danh\r\n"
    response = await post(running, APPRAISER, "/api/records/import",
                          files={"file": ("so.csv", rows.encode(), "text/csv")})
    [row] = ok(response)["rows"]
    assert row["status"] == "taken"
    assert "Đã xóa ký tự không được phép (U+0000) ở cột Ghi chú." in row["message"], row
    with Session(running.engine) as session:
        assert session.get(Record, row["record_id"]).note == "Đơn nặc danh"


async def test_a_reform_report_with_a_bidi_override_in_its_summary_is_refused(running: Service):
    body = {"campaign_code": "cchc", "period_code": "2025-Q3", "summary": "Đã thực hiện\u202e"}
    response = await post(running, UNIT_HEAD, "/api/reform-reports", json=body)
    assert refusal(response, "summary").startswith("Có ký tự đảo chiều chữ (U+202E)")


async def test_an_upload_named_to_read_backwards_is_refused(running: Service):
    dossier = await create(running, NOMINEES[:1])
    before = counts(running)
    path = f"/api/dossiers/{dossier['id']}/documents"
    upload = {"file": ("bao-cao\u202efdp.exe", b"MZ", "application/pdf")}
    response = await post(running, UNIT_HEAD, path, files=upload, data={"kind": "to_trinh"})
    assert refusal(response, "file").startswith("Có ký tự đảo chiều chữ (U+202E)")
    assert counts(running) == before
    # The media type sent is not taken, nor sent back in a header: the type is the one the content shows.
    upload = {"file": ("to-trinh.pdf", b"%PDF-1.4", "application/pdf\x01")}
    attached = ok(await post(running, UNIT_HEAD, path, files=upload, data={"kind": "to_trinh"}))
    assert [d["content_type"] for d in attached["documents"]] == ["application/pdf"]


async def test_a_number_beyond_the_database_is_refused_at_its_field(running: Service):
    dossier = await create(running, NOMINEES[:1])
    before = counts(running)
    nominee = NOMINEES[2] | {"person_id": 2**31}
    response = await post(running, UNIT_HEAD, f"/api/dossiers/{dossier['id']}/nominees", json=nominee)
    assert refusal(response, "person_id", "less_than_equal") == "Số phải không quá 2147483647."
    assert counts(running) == before


async def test_a_nul_or_a_huge_number_in_a_path_or_a_query_is_never_a_server_error(running: Service):
    """A NUL no model checks: PostgreSQL refuses it, and the refusal is a 422, not a 500. A number beyond the
    database's columns is refused at its parameter, on either database (tests/test_bounds.py)."""
    headers = running.as_user(APPRAISER)
    asked = [await running.api.get(path, headers=headers)
             for path in ("/api/dossiers/%00", "/api/dossiers?campaign=%00", "/api/records?person_id=99999999999")]
    assert (asked[2].status_code, asked[2].json()["details"]["fields"][0]["field"]) == (422, "person_id")
    if running.engine.dialect.name == "postgresql":
        assert [(r.status_code, r.json()["code"]) for r in asked] == [(422, "INVALID_INPUT")] * 3
    else:  # SQLite stores a NUL: nothing matches
        assert (asked[1].status_code, asked[1].json()) == (200, [])
        assert asked[0].json()["code"] == "DOSSIER_NOT_FOUND"
