"""Way (b) of signing: the office uploads the decision signed in the e-office. A PDF signed by pyHanko with the test
root becomes the signed decision (the same row, download, intact check, award codes and "sign" event as the
service's own signing), its number and date read from its page or as the clerk enters them; an unsigned, altered,
untrusted or non-PDF file, another role, or a number another document holds, is refused with nothing changed."""

import asyncio
import hashlib
import shutil

import pytest
from sqlmodel import Session, select

from common.filestore import FileStore
from db import models
from db.award_codes import codes_of
from db.awards import Award
from db.documents import GeneratedDocument
from documents.pdf import to_pdf
from tests.conftest import Service
from tests.dossier_steps import UNIT_HEAD, ok
from tests.signing_certs import signing_kit
from tests.test_documents import generated
from tests.test_office_numbers import another_document_holds, decided, history_length
from tests.save_histories import save_history
from tests.test_signed_pdf import with_text_added
from web.campaign_workflows import campaign_workflow_id
from web.routes.signed_decision import verified

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
OFFICE_HEAD = "truongphong.vhxh"


@pytest.fixture(scope="module")
def kit():
    return signing_kit()


@pytest.fixture(scope="module")
def decision_pdf() -> bytes:
    return to_pdf(generated("decision"))  # "Số: 05/QĐ-UBND", "Kẻ Sặt, ngày 05 tháng 02 năm 2026"


async def signed_by(kit, pdf: bytes) -> bytes:
    """Signed as the e-office signs (pyHanko runs its own event loop: in a thread of its own)."""
    return await asyncio.to_thread(kit.sign, pdf)


def trusting(service: Service, kit, tmp_path) -> None:
    """The admin has put the test root in the folder of roots."""
    folder = tmp_path / "signing-roots"
    folder.mkdir(exist_ok=True)
    (folder / "bcy-root.pem").write_bytes(kit.root_pem)
    service.settings.signing_roots_dir = folder


async def upload(service: Service, content: bytes, user: str = OFFICE_HEAD, **fields):
    path = f"/api/campaigns/{service.campaign}/decision/signed-pdf"
    files = {"file": ("quyet-dinh-da-ky.pdf", content, "application/pdf")}
    return await service.api.post(path, files=files, data=fields, headers=service.as_user(user))


def signed_rows(service: Service) -> list[GeneratedDocument]:
    with Session(service.engine) as session:
        return session.exec(
            select(GeneratedDocument).where(
                GeneratedDocument.campaign_code == service.campaign, GeneratedDocument.signed == True  # noqa: E712
            )
        ).all()


def kept(service: Service, content: bytes) -> bool:
    return FileStore(service.settings.filestore_dir).path(hashlib.sha256(content).hexdigest()).exists()


async def test_a_pdf_signed_in_the_e_office_becomes_the_signed_decision(
    running: Service, kit, decision_pdf, tmp_path, saving_histories
):
    await decided(running)
    trusting(running, kit, tmp_path)
    signed = await signed_by(kit, decision_pdf)
    detail = ok(await upload(running, signed))  # number and date as its first page prints them
    decision = detail["run"]["decision"]
    assert (detail["phase"], decision["number"], decision["signed_on"]) == ("signed", "05/QĐ-UBND", "2026-02-05")
    [row] = signed_rows(running)
    assert (row.content_type, row.number, row.sha256) == ("application/pdf", "05/QĐ-UBND", hashlib.sha256(signed).hexdigest())
    assert row.filename.endswith(".pdf")
    # Everything after signing works as after the service's own: the download is the very file, intact.
    code = running.campaign
    download = await running.api.get(f"/api/campaigns/{code}/generated/decision", headers=running.as_user(OFFICE_HEAD))
    assert download.status_code == 200 and download.content == signed
    assert download.headers["content-type"] == "application/pdf"
    as_pdf = await running.api.get(f"/api/campaigns/{code}/generated/decision?format=pdf", headers=running.as_user(OFFICE_HEAD))
    assert as_pdf.content == signed
    integrity = ok(await running.api.get(f"/api/campaigns/{code}/decision/integrity", headers=running.as_user(OFFICE_HEAD)))
    assert integrity["intact"] is True
    with Session(running.engine) as session:
        assert len(codes_of(session, code)) == len(decision["awardees"]) == 2
        events = session.exec(
            select(models.CampaignHistory).where(models.CampaignHistory.campaign_code == code)
            .order_by(models.CampaignHistory.seq)
        ).all()
        # The register of awards is written where the sign event is saved: from this way of signing too.
        register = session.exec(select(Award).where(Award.key.startswith(f"decision:{code}:"))).all()
    assert [(a.decision_number, a.decision_date.isoformat()) for a in register] == [("05/QĐ-UBND", "2026-02-05")] * 2
    assert events[-1].action == "sign_decision"
    assert "bản ký số trên hệ thống quản lý văn bản" in events[-1].detail
    # Signed once: a second upload is refused by the phase.
    again = await upload(running, signed)
    assert (again.status_code, again.json()["code"]) == (409, "CAMPAIGN_WRONG_PHASE")
    handle = running.client.get_workflow_handle(campaign_workflow_id(code))
    await save_history(handle, "campaign-signed-uploaded", saving_histories)  # replayed by tests/test_replay.py
    # What the pages show: the signature checked now; the stored file changed since, it shows altered.
    files = FileStore(running.settings.filestore_dir)
    [shown] = verified(row, files, running.settings)
    assert (shown.signer, shown.valid, shown.signed_at.endswith("UTC")) == ("Phạm Thị Thu Hiền, UBND xã Kẻ Sặt", True, True)
    files.path(row.sha256).write_bytes(signed[:11] + b"X" + signed[12:])
    [shown] = verified(row, files, running.settings)
    assert not shown.intact and not shown.valid and "Nội dung đã bị thay đổi sau khi ký." in shown.problems
    integrity = ok(await running.api.get(f"/api/campaigns/{code}/decision/integrity", headers=running.as_user(OFFICE_HEAD)))
    assert integrity["intact"] is False


async def test_the_number_and_date_the_clerk_enters_win_over_the_page(running: Service, kit, decision_pdf, tmp_path):
    await decided(running)
    trusting(running, kit, tmp_path)
    another_document_holds(running, 12)
    signed = await signed_by(kit, decision_pdf)
    taken = await upload(running, signed, number="12", signed_on="2026-02-05")
    assert (taken.status_code, taken.json()["code"]) == (409, "DECISION_NUMBER_TAKEN")
    assert taken.json()["details"] == {"number": 12, "next_free": 13}
    assert not kept(running, signed) and signed_rows(running) == []
    detail = ok(await upload(running, signed, number="13", signed_on="2026-02-06"))
    assert (detail["run"]["decision"]["number"], detail["run"]["decision"]["signed_on"]) == ("13/QĐ-UBND", "2026-02-06")


async def test_an_unsigned_altered_untrusted_or_foreign_file_is_refused_and_nothing_changes(
    running: Service, kit, decision_pdf, tmp_path
):
    await decided(running)
    trusting(running, kit, tmp_path)
    before = await history_length(running)
    signed = await signed_by(kit, decision_pdf)
    refusals = {
        "unsigned": (decision_pdf, "SIGNED_PDF_UNSIGNED", "không có chữ ký số nào"),
        "text added": (with_text_added(signed), "SIGNED_PDF_NOT_VALID", "có thêm nội dung không phải chữ ký số"),
        "bytes changed": (signed[:11] + b"X" + signed[12:], "SIGNED_PDF_NOT_VALID", "đã bị thay đổi sau khi ký"),
        "untrusted": (await signed_by(signing_kit(), decision_pdf), "SIGNED_PDF_NOT_VALID", "không thuộc chuỗi tin cậy"),
        "not a pdf": (b"PK\x03\x04 a .docx", "SIGNED_PDF_UNREADABLE", "tệp không phải PDF"),
        "broken pdf": (decision_pdf[:2000], "SIGNED_PDF_UNREADABLE", "không dùng được"),
    }
    for name, (content, code, said) in refusals.items():
        refused = await upload(running, content)
        assert (refused.status_code, refused.json()["code"]) == (422, code), name
        assert said in refused.json()["message"], name
        assert not kept(running, content), name
    wrong_role = await upload(running, await signed_by(kit, decision_pdf), user=UNIT_HEAD)
    assert (wrong_role.status_code, wrong_role.json()["code"]) == (403, "WRONG_ROLE")
    assert await history_length(running) == before
    assert signed_rows(running) == []
    campaign = ok(await running.api.get(f"/api/campaigns/{running.campaign}", headers=running.as_user(OFFICE_HEAD)))
    assert campaign["phase"] == "decided" and campaign["run"]["decision"]["number"] is None
