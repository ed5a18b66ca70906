"""Uploads are checked before anything is stored: who attaches, to which dossier at which stage, the kind and
the nominee, then the size and the type told from the content. A body past its cap is refused unread or at
the first chunk past it (413). A refusal leaves the file store, the database and the workflow as they were;
a file the workflow refused after all is removed again. JSON bodies are capped too."""

import io
import re
import zipfile

import docx
import httpx
import openpyxl
import pytest
from sqlmodel import Session, SQLModel, func, select
from temporalio.api.enums.v1 import EventType

from db import models
from tests.conftest import Service
from tests.dossier_steps import (
    APPRAISER,
    NOMINEES,
    OTHER_UNIT_HEAD,
    UNIT_HEAD,
    create,
    ok,
    pdf,
    submitted,
)
from web.campaign_workflows import campaign_started

MB = 2**20
MAIL_TABLES = {"outboxmail", "caughtmail"}
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 64


def store(service: Service) -> dict[str, int]:
    """Every file of the file store (its path there) with its size."""
    root = service.settings.filestore_dir
    return {str(path.relative_to(root)): path.stat().st_size for path in root.rglob("*") if path.is_file()}


def rows(service: Service) -> dict[str, int]:
    """The rows of every table but the mail's, which the workflows fill as they go."""
    with Session(service.engine) as session:
        return {
            name: session.exec(select(func.count()).select_from(table)).one()
            for name, table in SQLModel.metadata.tables.items()
            if name not in MAIL_TABLES
        }


async def updates_accepted(service: Service, dossier_id: str) -> int:
    """The Updates in the dossier workflow's history (a refused one leaves none)."""
    history = await service.client.get_workflow_handle(f"dossier-{dossier_id}").fetch_history()
    return sum(event.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED for event in history.events)


async def snapshot(service: Service, dossier_id: str) -> tuple:
    return store(service), rows(service), await updates_accepted(service, dossier_id)


@pytest.fixture
async def running(running: Service) -> Service:
    """The service once its campaign's workflow has saved its first state, which would change the rows."""
    await campaign_started(running.client, running.campaign)
    return running


def refused(response: httpx.Response, status: int, code: str, *words: str) -> dict:
    body = response.json()
    assert (response.status_code, body.get("code")) == (status, code), response.text
    for word in words:
        assert word in body["message"], body["message"]
    return body


async def upload(
    service: Service, dossier_id: str, content: bytes, name: str = "tai-lieu.pdf", kind: str = "to_trinh",
    user: str = UNIT_HEAD, nominee_key: str | None = None,
) -> httpx.Response:
    data = {"kind": kind} | ({"nominee_key": nominee_key} if nominee_key else {})
    return await service.api.post(
        f"/api/dossiers/{dossier_id}/documents", data=data, files={"file": (name, content, "application/pdf")},
        headers=service.as_user(user),
    )


def office_file(kind: str) -> bytes:
    buffer = io.BytesIO()
    if kind == "docx":
        document = docx.Document()
        document.add_paragraph("Tờ trình đề nghị khen thưởng")
        document.save(buffer)
    else:
        book = openpyxl.Workbook()
        book.active["A1"] = "Danh sách"
        book.save(buffer)
    return buffer.getvalue()


def a_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("to-trinh.pdf", pdf("inside a zip"))
    return buffer.getvalue()


class Counted:
    """A request body handed to the server a chunk at a time, counting what it took."""

    def __init__(self, body: bytes, chunk: int = MB) -> None:
        self.body, self.chunk, self.taken = body, chunk, 0

    async def __aiter__(self):
        for start in range(0, len(self.body), self.chunk):
            piece = self.body[start : start + self.chunk]
            self.taken += len(piece)
            yield piece


def multipart(service: Service, dossier_id: str, content: bytes) -> tuple[bytes, str]:
    """The form of an upload, as bytes, and its Content-Type (with the boundary)."""
    request = httpx.Request(
        "POST", f"http://thidua.test/api/dossiers/{dossier_id}/documents", data={"kind": "to_trinh"},
        files={"file": ("lon.pdf", content, "application/pdf")},
    )
    return request.read(), request.headers["content-type"]


async def test_refused_uploads_of_1_mb_leave_the_store_as_it_was(running: Service, capsys):
    draft = await create(running, NOMINEES[:2])
    sent = await submitted(running, NOMINEES[:2])
    megabyte = pdf("Bao cao") + b"%" * (MB - len(pdf("Bao cao")))
    before = await snapshot(running, draft["id"]), await snapshot(running, sent["id"])
    refusals = [
        (await upload(running, draft["id"], megabyte, user=APPRAISER), 403, "WRONG_ROLE"),
        (await upload(running, draft["id"], megabyte, user=OTHER_UNIT_HEAD), 403, "OTHER_UNIT"),
        (await upload(running, sent["id"], megabyte), 409, "WRONG_STAGE"),
        (await upload(running, draft["id"], megabyte, kind="giay_moi"), 422, "UNKNOWN_DOCUMENT_KIND"),
        (await upload(running, draft["id"], megabyte, kind="bao_cao_thanh_tich", nominee_key="N9"), 422, "UNKNOWN_NOMINEE"),
        (await upload(running, draft["id"], b"\0" * MB + a_zip()), 415, "FILE_TYPE_NOT_ALLOWED"),
    ]
    for response, status, code in refusals:
        refused(response, status, code)
    after = await snapshot(running, draft["id"]), await snapshot(running, sent["id"])
    assert after == before
    with capsys.disabled():
        files, size = len(before[0][0]), sum(before[0][0].values())
        print(f"\nfile store before {len(refusals)} refused uploads of 1 MB: {files} files, {size} bytes; "
              f"after: {len(after[0][0])} files, {sum(after[0][0].values())} bytes")
    # The same megabyte from the unit head, at the right stage: stored once, attached.
    dossier = ok(await upload(running, draft["id"], megabyte))
    assert [(d["kind"], d["size"], d["content_type"]) for d in dossier["documents"]] == [
        ("to_trinh", MB, "application/pdf")
    ]
    assert len(store(running)) == len(before[0][0]) + 1


@pytest.mark.parametrize(
    ("content", "name", "called"),
    [
        (a_zip(), "to-trinh.pdf", "a zip named .pdf"),
        (b"To trinh so 12/TTr-KT", "to-trinh.pdf", "text named .pdf"),
        (b"MZ\x90\x00" + b"\0" * 100, "to-trinh.pdf", "a program named .pdf"),
        (b"PK\x03\x04" + b"\0" * 100, "to-trinh.docx", "a broken zip named .docx"),
    ],
)
async def test_the_type_is_told_by_the_content_not_the_name(running: Service, content: bytes, name: str, called: str):
    dossier = await create(running, NOMINEES[:1])
    before = await snapshot(running, dossier["id"])
    body = refused(await upload(running, dossier["id"], content, name), 415, "FILE_TYPE_NOT_ALLOWED", name, "PDF")
    assert body["details"]["allowed"] == "PDF, Word (.docx), Excel (.xlsx), ảnh JPEG, ảnh PNG", called
    assert await snapshot(running, dossier["id"]) == before


async def test_word_excel_and_images_are_taken_with_the_type_their_content_shows(running: Service):
    dossier = await create(running, NOMINEES[:2])
    word = office_file("docx")
    ok(await upload(running, dossier["id"], word, "to-trinh.docx"))
    ok(await upload(running, dossier["id"], office_file("xlsx"), "danh-sach"))  # no extension: given one
    ok(await upload(running, dossier["id"], PNG, "bien-ban.png", kind="bien_ban_hop"))
    dossier = ok(await upload(running, dossier["id"], JPEG, "bao-cao.pdf", kind="bao_cao_thanh_tich", nominee_key="N1"))
    assert [(d["filename"], d["content_type"]) for d in dossier["documents"]] == [
        ("to-trinh.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("danh-sach.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("bien-ban.png", "image/png"),
        ("bao-cao.pdf.jpg", "image/jpeg"),
    ]
    # Downloaded with the type of its content, whatever the browser had said.
    document = dossier["documents"][0]
    response = await running.api.get(
        f"/api/dossiers/{dossier['id']}/documents/{document['document_id']}", headers=running.as_user(APPRAISER)
    )
    assert (response.headers["content-type"], response.content) == (document["content_type"], word)


async def test_a_campaign_takes_the_file_types_it_names(running: Service):
    with Session(running.engine) as session:
        campaign = session.exec(select(models.Campaign).where(models.Campaign.code == running.campaign)).one()
        settings = dict(campaign.settings)
        settings["required_documents"] = [
            doc | ({"file_types": ["pdf"]} if doc["kind"] == "to_trinh" else {}) for doc in settings["required_documents"]
        ]
        campaign.settings = settings
        session.add(campaign)
        session.commit()
    dossier = await create(running, NOMINEES[:1])
    before = await snapshot(running, dossier["id"])
    body = refused(await upload(running, dossier["id"], office_file("docx"), "to-trinh.docx"), 415, "FILE_TYPE_NOT_ALLOWED")
    assert body["details"]["allowed"] == "PDF"
    assert await snapshot(running, dossier["id"]) == before
    ok(await upload(running, dossier["id"], office_file("docx"), "bien-ban.docx", kind="bien_ban_hop"))


async def test_a_25_mb_upload_is_refused_unread_and_a_stream_past_the_cap_is_not_read_to_its_end(running: Service):
    dossier = await create(running, NOMINEES[:1])
    before = await snapshot(running, dossier["id"])
    body, content_type = multipart(running, dossier["id"], pdf("Lon") + b"%" * (25 * MB))
    path = f"/api/dossiers/{dossier['id']}/documents"
    headers = running.as_user(UNIT_HEAD) | {"Content-Type": content_type}

    # It says its size: refused before a byte is read.
    declared = Counted(body)
    response = await running.api.post(path, content=declared, headers=headers | {"Content-Length": str(len(body))})
    refused(response, 413, "FILE_TOO_LARGE", "20 MB")
    assert declared.taken == 0

    # It does not (chunked): read up to the cap, not further.
    streamed = Counted(body)
    refused(await running.api.post(path, content=streamed, headers=headers), 413, "FILE_TOO_LARGE", "20 MB")
    assert streamed.taken <= 20 * MB + 64 * 1024 + MB < len(body)

    # From an account that may not attach, not even that: refused before the body is read.
    other = Counted(body)
    headers = running.as_user(APPRAISER) | {"Content-Type": content_type}
    refused(await running.api.post(path, content=other, headers=headers), 403, "WRONG_ROLE")
    assert other.taken == 0
    assert await snapshot(running, dossier["id"]) == before


async def test_a_file_past_the_cap_within_the_forms_room_is_refused_by_its_size(running: Service):
    running.settings.upload_max_bytes = 100_000
    dossier = await create(running, NOMINEES[:1])
    before = await snapshot(running, dossier["id"])
    content = pdf("Vua qua") + b"%" * 100_000
    refused(await upload(running, dossier["id"], content), 413, "FILE_TOO_LARGE", "97,7 KB")
    assert await snapshot(running, dossier["id"]) == before
    refused(await upload(running, dossier["id"], b""), 422, "INVALID_INPUT", "tệp rỗng")
    ok(await upload(running, dossier["id"], content[:100_000]))


async def test_a_2_mb_json_body_is_refused(running: Service):
    before = rows(running)
    nominees = [NOMINEES[1] | {"name": f"Người {i}", "position": "Chuyên viên " * 16} for i in range(100)]
    body = httpx.Request("POST", "http://thidua.test", json={"campaign_code": running.campaign, "nominees": nominees * 80}).read()
    assert len(body) > 2 * MB
    headers = running.as_user(UNIT_HEAD) | {"Content-Type": "application/json"}
    declared = Counted(body)
    response = await running.api.post("/api/dossiers", content=declared, headers=headers | {"Content-Length": str(len(body))})
    refused(response, 413, "REQUEST_TOO_LARGE", "1 MB")
    assert declared.taken == 0
    streamed = Counted(body, chunk=256 * 1024)
    refused(await running.api.post("/api/dossiers", content=streamed, headers=headers), 413, "REQUEST_TOO_LARGE")
    assert streamed.taken <= MB + 256 * 1024 < len(body)
    assert rows(running) == before


async def test_a_file_the_workflow_refused_is_removed_unless_a_record_uses_it(running: Service):
    """The read model one step behind the workflow (a submission on its way): the web's checks pass, the
    workflow refuses; the file just stored goes again, and one another document uses stays."""
    dossier = await submitted(running, NOMINEES[:2])
    with Session(running.engine) as session:
        row = session.get(models.Dossier, dossier["id"])
        row.stage = "minutes_recorded"
        session.add(row)
        session.commit()
        used = session.exec(select(models.Document).where(models.Document.dossier_id == dossier["id"])).first()
    before = await snapshot(running, dossier["id"])
    refused(await upload(running, dossier["id"], pdf("Moi")), 409, "WRONG_STAGE", "Đã nộp")
    assert await snapshot(running, dossier["id"]) == before
    kept = running.settings.filestore_dir / used.sha256[:2] / used.sha256
    refused(await upload(running, dossier["id"], kept.read_bytes()), 409, "WRONG_STAGE")
    assert kept.exists() and await snapshot(running, dossier["id"]) == before


async def test_a_form_without_its_file_or_kind_is_refused(running: Service):
    dossier = await create(running, NOMINEES[:1])
    before = await snapshot(running, dossier["id"])
    path = f"/api/dossiers/{dossier['id']}/documents"
    headers = running.as_user(UNIT_HEAD)
    refused(await running.api.post(path, data={"kind": "to_trinh"}, headers=headers), 422, "INVALID_INPUT", "(file)")
    refused(await running.api.post(path, files={"file": ("a.pdf", pdf("a"))}, headers=headers), 422, "INVALID_INPUT")
    two = [("file", ("a.pdf", pdf("a"))), ("file", ("b.pdf", pdf("b")))]
    refused(await running.api.post(path, data={"kind": "to_trinh"}, files=two, headers=headers), 422, "INVALID_INPUT")
    assert await snapshot(running, dossier["id"]) == before


async def test_the_unit_heads_page_refuses_a_zip_named_pdf_and_stores_nothing(running: Service):
    dossier = await create(running, NOMINEES[:1])
    login = await running.api.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', login.text)[1]
    form = {"username": UNIT_HEAD, "password": f"demo-{UNIT_HEAD}", "csrf_token": token}
    assert (await running.api.post("/login", data=form)).status_code == 303
    page = await running.api.get(f"/unit/dossiers/{dossier['id']}")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    before = await snapshot(running, dossier["id"])
    path = f"/unit/dossiers/{dossier['id']}/documents"
    form = {"csrf_token": token, "kind": "to_trinh", "nominee_key": ""}
    page = await running.api.post(path, data=form, files={"file": ("to-trinh.pdf", a_zip(), "application/pdf")})
    assert page.status_code == 415
    assert "Tệp «to-trinh.pdf» không phải tệp PDF, Word (.docx), Excel (.xlsx), ảnh JPEG, ảnh PNG" in page.text
    assert await snapshot(running, dossier["id"]) == before
    page = await running.api.post(path, data=form, files={"file": ("to-trinh.pdf", pdf("To trinh"), "application/pdf")})
    assert page.status_code == 303
    assert len(store(running)) == len(before[0]) + 1
