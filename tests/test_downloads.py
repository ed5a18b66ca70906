"""The documents downloaded through the API, reopened as a reader would, after real steps of a real campaign.

A dossier's tờ trình, minutes and achievement reports; the office's tờ trình, the decision (draft, then the
file recorded at signing), the certificates, the proposal upward, the lists; numbers that stay the same
when a document is made again; a change to the signed file flagged; refusals with their codes.
"""

import io
import shutil
import unicodedata
import zipfile
from datetime import date, timedelta
from urllib.parse import quote

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from sqlmodel import Session, select

from db import models
from db.documents import GeneratedDocument
from documents import pdf
from documents.assemble import DOCX, XLSX
from documents.export import AWARDEE_HEADERS, NOMINEE_HEADERS
from documents.text import day_month_year
from tests.campaign_steps import add_unit, appraised_dossier, collective, individual, run_plan
from tests.conftest import Service, today
from tests.dossier_steps import (
    APPRAISER,
    CHAIRMAN,
    COMMUNICATIONS,
    NOMINEES,
    OTHER_UNIT_HEAD,
    SECRETARY,
    UNIT_HEAD,
    attach_all,
    campaign_post,
    confirm_unmatched,
    create,
    minutes,
    ok,
    open_session,
    post,
    under_appraisal,
    vote,
)
from web.routes.documents import entry_names

OFFICE_HEAD = "truongphong.vhxh"


def refused(response, status: int, code: str, *words: str) -> None:
    body = response.json()
    assert (response.status_code, body.get("code")) == (status, code), response.text
    for word in words:
        assert word in body["message"], body["message"]


async def download(service: Service, path: str, user: str = APPRAISER, **params):
    return await service.api.get(path, headers=service.as_user(user), params=params)


def opened(response) -> docx.Document:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == DOCX
    return docx.Document(io.BytesIO(response.content))


def texts(document) -> list[str]:
    """Every paragraph's text, in the body and in its tables' cells."""
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found += [p.text for p in cell.paragraphs]
    return found


def header(document) -> tuple[str, str]:
    """The number ("Số: …") and the date line of the header table."""
    number, dated = document.tables[0].rows[1].cells
    return number.text, dated.text


def list_rows(document) -> list[list[str]]:
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    return [[cell.text for cell in row.cells] for row in table.rows]


def signature(document) -> list[str]:
    table = next(t for t in document.tables if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:")
    return [p.text for p in table.rows[0].cells[1].paragraphs if p.text]


def rows_of(service: Service, kind: str) -> list[GeneratedDocument]:
    with Session(service.engine) as session:
        return list(session.exec(select(GeneratedDocument).where(GeneratedDocument.kind == kind)).all())


async def test_a_dossiers_documents_are_filled_numbered_once_and_kept_to_the_unit(running: Service):
    dossier = await create(running)
    base = f"/api/dossiers/{dossier['id']}/generated"
    refused(await download(running, f"{base}/minutes", UNIT_HEAD), 409, "MINUTES_NOT_RECORDED", dossier["id"])
    before_meeting = opened(await download(running, f"{base}/proposal", UNIT_HEAD))
    # A draft until it is sent: its number is left blank, and no number of the unit's series is used up.
    assert header(before_meeting)[0] == "Số: " + "\u00a0" * 6 + "/TTr-KT"
    assert list_rows(before_meeting)[-1][1] == "Tổng cộng: 01 tập thể và 04 cá nhân"

    record = minutes(dossier)  # 9 members, 8 present, 7 votes each: Nguyễn Văn A gets 2 and is not selected
    record["votes"]["N5"] = 2
    recorded = ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier['id']}/minutes", json=record))
    second = await create(running, NOMINEES[:1])  # drafted before the first is sent, sent after it
    await attach_all(running, recorded)
    ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier['id']}/submit"))

    response = await download(running, f"{base}/proposal", UNIT_HEAD)
    proposal = opened(response)
    name = "Tờ trình 01-TTr-KT - Phòng Kinh tế.docx"
    assert response.headers["content-disposition"] == (
        f"attachment; filename=\"To trinh 01-TTr-KT - Phong Kinh te.docx\"; filename*=UTF-8''{quote(name)}"
    )
    assert header(proposal) == ("Số: 01/TTr-KT", f"Kẻ Sặt, {day_month_year(today())}")
    issuer = proposal.tables[0].rows[0].cells[0].paragraphs
    assert [p.text for p in issuer[:2]] == ["ỦY BAN NHÂN DÂN\nXÃ KẺ SẶT", "PHÒNG KINH TẾ"]
    assert issuer[1].runs[0].bold and not issuer[0].runs[0].bold
    rows = list_rows(proposal)
    assert [r[1] for r in rows[1:-1]] == [
        "I. TẬP THỂ", "Phòng Kinh tế", "II. CÁ NHÂN", "Lê Minh Đức", "Phạm Thị Hồng Nhung", "Vũ Quang Huy",
    ]
    assert rows[4] == ["1", "Lê Minh Đức", "Trưởng phòng, Phòng Kinh tế", "Giấy khen của Chủ tịch UBND xã", "…"]
    assert rows[-1][1] == "Tổng cộng: 01 tập thể và 03 cá nhân"
    assert signature(proposal) == ["TRƯỞNG PHÒNG", "Lê Minh Đức"]
    assert all(unicodedata.is_normalized("NFC", text) for text in texts(proposal))

    # Made again from the same data: the same file, no new row.
    assert len(rows_of(running, "to_trinh")) == 2
    again = await download(running, f"{base}/proposal", APPRAISER)
    assert again.content == response.content
    assert again.headers["x-document-sha256"] == response.headers["x-document-sha256"]
    assert len(rows_of(running, "to_trinh")) == 2
    # The unit's next tờ trình sent takes the next number of its series.
    second_path = f"/api/dossiers/{second['id']}"
    await attach_all(running, ok(await post(running, UNIT_HEAD, f"{second_path}/minutes", json=minutes(second))))
    ok(await post(running, UNIT_HEAD, f"{second_path}/submit"))
    assert header(opened(await download(running, f"{second_path}/generated/proposal", UNIT_HEAD)))[0] == "Số: 02/TTr-KT"

    record_minutes = opened(await download(running, f"{base}/minutes", UNIT_HEAD))
    assert header(record_minutes)[1] == f"Kẻ Sặt, {day_month_year(today() - timedelta(days=1))}"
    votes = {row[1]: row[3:] for row in list_rows(record_minutes)[1:] if row[0].isdigit()}
    assert votes["Phạm Thị Hồng Nhung"] == ["7/8", "87,5%", "Đạt"]
    assert votes["Nguyễn Văn A"] == ["2/8", "25%", "Không đạt"]
    assert "- Tổng số thành viên: 09; có mặt: 08; vắng mặt: 01." in texts(record_minutes)

    report = opened(await download(running, f"{base}/achievement-reports/N3", UNIT_HEAD))
    lines = texts(report)
    assert lines[0] == "Mẫu số 05, Nghị định 152/2025/NĐ-CP"  # the individual's form (the plan names 04 for all)
    assert "- Họ và tên: Phạm Thị Hồng Nhung" in lines and "- Chức vụ (Đảng, chính quyền, đoàn thể): Chuyên viên" in lines
    assert "BÁO CÁO THÀNH TÍCH" in lines
    refused(await download(running, f"{base}/achievement-reports/N9", UNIT_HEAD), 422, "UNKNOWN_NOMINEE", "N9")

    # A unit head sees their own unit's documents only; those who publicise see no dossier.
    refused(await download(running, f"{base}/proposal", OTHER_UNIT_HEAD), 403, "OTHER_UNIT")
    refused(await download(running, f"{base}/minutes", COMMUNICATIONS), 403, "WRONG_ROLE", "Bộ phận truyền thông")
    refused(await running.api.get(f"{base}/proposal"), 401, "NOT_AUTHENTICATED")


async def test_pdf_without_libreoffice_is_refused_with_its_code(running: Service, monkeypatch):
    monkeypatch.setattr(pdf, "libreoffice", lambda: None)
    dossier = await create(running)
    response = await download(running, f"/api/dossiers/{dossier['id']}/generated/proposal", UNIT_HEAD, format="pdf")
    refused(response, 503, "PDF_UNAVAILABLE", "LibreOffice", ".docx")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
async def test_pdf_through_libreoffice(running: Service):
    dossier = await create(running)
    response = await download(running, f"/api/dossiers/{dossier['id']}/generated/proposal", UNIT_HEAD, format="pdf")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def took_position(service: Service, name: str, position: str, since: date) -> None:
    """The registry records that the person holds `position` in the same unit from `since`."""
    with Session(service.engine) as session:
        person = session.exec(select(models.Person).where(models.Person.full_name == name)).one()
        session.add(models.PersonPosition(person_id=person.id, unit_id=person.unit_id, position=position, since=since))
        session.commit()


async def test_the_campaigns_documents_and_the_decision_recorded_at_signing(running: Service):
    code = running.campaign
    base = f"/api/campaigns/{code}/generated"
    dossier = await confirm_unmatched(running, await under_appraisal(running))
    for nominee in dossier["nominees"]:
        path = f"/api/dossiers/{dossier['id']}/nominees/{nominee['key']}/appraisal"
        ok(await post(running, APPRAISER, path, json={"passed": True}))
    refused(await download(running, f"{base}/appraisal-report"), 409, "NO_COUNCIL_RESULTS", code)
    refused(await download(running, f"{base}/decision", CHAIRMAN), 409, "NO_COUNCIL_RESULTS")

    campaign = await open_session(running)
    await vote(running, campaign)
    ok(await campaign_post(running, SECRETARY, code, "/session/close", json={}))

    report = opened(await download(running, f"{base}/appraisal-report", OFFICE_HEAD))
    assert header(report) == ("Số: 01/TTr-VHXH", f"Kẻ Sặt, {day_month_year(today())}")
    assert [r[1] for r in list_rows(report)[1:] if r[0].isdigit()] == [
        "Phòng Kinh tế", "Lê Minh Đức", "Phạm Thị Hồng Nhung", "Vũ Quang Huy", "Nguyễn Văn A",
    ]
    assert signature(report) == ["TRƯỞNG PHÒNG", "Đỗ Thị Thanh Hương"]
    refused(await download(running, f"{base}/appraisal-report", UNIT_HEAD), 403, "WRONG_ROLE")

    draft = await download(running, f"{base}/decision", CHAIRMAN)
    document = opened(draft)
    assert document.paragraphs[0].text == "DỰ THẢO"
    assert header(document) == ("Số: " + "\u00a0" * 6 + "/QĐ-UBND", "Kẻ Sặt, ngày … tháng … năm …")
    assert "filename*=UTF-8''" + quote("Dự thảo Quyết định") in draft.headers["content-disposition"]
    assert any("Tờ trình số 01/TTr-VHXH" in line for line in texts(document))
    refused(await download(running, f"{base}/certificates.zip", CHAIRMAN), 409, "DECISION_NOT_SIGNED")
    refused(await download(running, f"/api/campaigns/{code}/decision/integrity", CHAIRMAN), 409, "DECISION_NOT_SIGNED")

    # The documents print the position the registry has on the day of the award: promoted the day before.
    took_position(running, "Phạm Thị Hồng Nhung", "Phó Trưởng phòng", today() - timedelta(days=1))
    ok(await campaign_post(running, CHAIRMAN, code, "/decision/sign", json={}))
    took_position(running, "Phạm Thị Hồng Nhung", "Trưởng phòng", today() + timedelta(days=1))  # after: not printed
    # Recorded by the workflow at signing, before the reply: no download made it.
    [signed] = [row for row in rows_of(running, "quyet_dinh") if row.signed]
    assert (signed.number, signed.issued_on) == ("01/QĐ-UBND", today())

    response = await download(running, f"{base}/decision", COMMUNICATIONS)
    decision = opened(response)
    assert response.headers["x-document-sha256"] == signed.sha256
    assert header(decision) == ("Số: 01/QĐ-UBND", f"Kẻ Sặt, {day_month_year(today())}")
    assert decision.paragraphs[0].text != "DỰ THẢO"
    assert signature(decision) == ["CHỦ TỊCH", "Phạm Thị Thu Hiền"]  # a Giấy khen is the Chairman's own (Luật TĐKT Điều 80)
    lines = texts(decision)
    assert any(
        "(có danh sách kèm theo) đã có thành tích xuất sắc trong công tác cải cách hành chính 6 tháng cuối năm 2025."
        in line for line in lines
    )
    assert any("tổng số tiền: 2.106.000 đồng (Bằng chữ: Hai triệu một trăm linh sáu nghìn đồng)" in line for line in lines)
    awarded = list_rows(decision)
    assert awarded[4] == ["1", "Lê Minh Đức", "Trưởng phòng, Phòng Kinh tế", "Giấy khen của Chủ tịch UBND xã", "351.000"]
    assert ["2", "Phạm Thị Hồng Nhung", "Phó Trưởng phòng, Phòng Kinh tế", "Giấy khen của Chủ tịch UBND xã", "351.000"] in awarded
    assert awarded[-1] == ["", "Tổng cộng", "", "", "2.106.000"]
    integrity = ok(await download(running, f"/api/campaigns/{code}/decision/integrity", CHAIRMAN))
    assert integrity | {"message": ""} == {
        "number": "01/QĐ-UBND", "signed_on": today().isoformat(), "recorded_sha256": signed.sha256,
        "current_sha256": signed.sha256, "intact": True, "message": "", "content_type": DOCX,
    }

    bundle = await download(running, f"{base}/certificates.zip", COMMUNICATIONS)
    assert bundle.status_code == 200 and bundle.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(bundle.content))
    assert archive.namelist() == [
        "Giấy khen 01 - Phòng Kinh tế.docx", "Giấy khen 02 - Lê Minh Đức.docx", "Giấy khen 03 - Phạm Thị Hồng Nhung.docx",
        "Giấy khen 04 - Vũ Quang Huy.docx", "Giấy khen 05 - Nguyễn Văn A.docx",
    ]
    single = await download(running, f"{base}/certificates/{dossier['id']}/N3", COMMUNICATIONS)
    assert single.content == archive.read("Giấy khen 03 - Phạm Thị Hồng Nhung.docx")
    one = opened(single)
    assert one.sections[0].orientation == WD_ORIENT.LANDSCAPE
    assert one.sections[0].page_width > one.sections[0].page_height
    lines = texts(one)
    assert "GIẤY KHEN" in lines and "Phạm Thị Hồng Nhung" in lines
    assert any("Phó Trưởng phòng" in line for line in lines) and not any("Chuyên viên" in line for line in lines)
    assert "Quyết định số: 01/QĐ-UBND" in lines and "Số sổ vàng: 03" in lines
    refused(await download(running, f"{base}/certificates/{dossier['id']}/N9"), 404, "UNKNOWN_AWARDEE")
    refused(await download(running, f"{base}/higher-proposal"), 422, "NO_HIGHER_AWARD")

    lists = await download(running, f"{base}/lists.xlsx")
    assert lists.status_code == 200 and lists.headers["content-type"] == XLSX
    book = openpyxl.load_workbook(io.BytesIO(lists.content))
    nominees = [list(row) for row in book["Đề nghị khen thưởng"].iter_rows(values_only=True)]
    assert nominees[0] == NOMINEE_HEADERS
    assert [(r[2], r[4], r[6], r[7]) for r in nominees[1:3]] == [
        ("Phòng Kinh tế", "Phòng Kinh tế", "Đã ký quyết định", "Được khen thưởng"),
        ("Phòng Kinh tế", "Lê Minh Đức", "Đã ký quyết định", "Được khen thưởng"),
    ]
    assert len(nominees) == 6
    awardees = [list(row) for row in book["Khen thưởng"].iter_rows(values_only=True)]
    assert awardees[0] == AWARDEE_HEADERS
    assert awardees[2][2:] == [
        "01/QĐ-UBND", awardees[2][3], "Cá nhân", "Lê Minh Đức", "Trưởng phòng, Phòng Kinh tế",
        "Giấy khen của Chủ tịch UBND xã", 351_000,
    ]
    assert awardees[-1][1] == "Tổng cộng" and awardees[-1][8] == 2_106_000
    assert [row[6] for row in awardees if row[5] == "Phạm Thị Hồng Nhung"] == ["Phó Trưởng phòng, Phòng Kinh tế"]

    # Someone changes the signed file in the store: it is flagged, and no longer handed out.
    stored = running.settings.filestore_dir / signed.sha256[:2] / signed.sha256
    stored.write_bytes(stored.read_bytes() + b"\0")
    integrity = ok(await download(running, f"/api/campaigns/{code}/decision/integrity", APPRAISER))
    assert integrity["intact"] is False
    assert integrity["recorded_sha256"] == signed.sha256 != integrity["current_sha256"]
    assert "đã bị thay đổi sau khi ký" in integrity["message"]
    refused(await download(running, f"{base}/decision", CHAIRMAN), 409, "DOCUMENT_ALTERED", "01/QĐ-UBND")


async def test_an_hai_signed_by_a_deputy_proposes_upward(running: Service):
    plan = await run_plan(running, "an-hai-2025.yaml")
    kind, person = "phong_thuoc_phuong", "can_bo_cong_chuc"
    head = add_unit(running, "Phòng Kinh tế, Hạ tầng và Đô thị", kind)
    dossier = await appraised_dossier(running, plan, head, [
        collective(kind, "Phòng Kinh tế, Hạ tầng và Đô thị"), individual(person, "Nguyễn Văn Hùng", "Chuyên viên"),
    ])
    base = f"/api/campaigns/{plan.code}/generated"
    campaign = await open_session(running, code=plan.code)
    await vote(running, campaign, code=plan.code)
    closing = {"propose_higher": [f"{dossier['id']}/N2"]}
    ok(await campaign_post(running, SECRETARY, plan.code, "/session/close", json=closing))
    refused(await download(running, f"{base}/higher-proposal"), 409, "DECISION_NOT_SIGNED", plan.code)
    ok(await campaign_post(running, CHAIRMAN, plan.code, "/decision/sign", json={}))

    decision = opened(await download(running, f"{base}/decision", CHAIRMAN))
    assert header(decision) == ("Số: 01/QĐ-UBND", f"Kẻ Sặt, {day_month_year(today())}")  # the plan run under Kẻ Sặt
    assert signature(decision) == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Thế Đức"]

    # The proposal upward, as a list and as the tờ trình: for the commune's side, not a unit head nor anyone else.
    proposal = f"/api/campaigns/{plan.code}/higher-award-proposal"
    for user in (APPRAISER, OFFICE_HEAD, SECRETARY, CHAIRMAN):
        assert [e["name"] for e in ok(await download(running, proposal, user))["entries"]] == ["Nguyễn Văn Hùng"]
    for path in (proposal, f"{base}/higher-proposal"):
        refused(await download(running, path, head), 403, "WRONG_ROLE", "Thủ trưởng đơn vị")
        refused(await download(running, path, COMMUNICATIONS), 403, "WRONG_ROLE")
        refused(await running.api.get(path), 401, "NOT_AUTHENTICATED")

    response = await download(running, f"{base}/higher-proposal", APPRAISER)
    higher = opened(response)
    assert header(higher) == ("Số: 01/TTr-UBND", f"Kẻ Sặt, {day_month_year(today())}")
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân thành phố Hải Phòng." in texts(higher)
    rows = list_rows(higher)
    assert rows[1:] == [
        ["I. CÁ NHÂN"] * 4,  # the only group proposed upward, so the first
        ["1", "Nguyễn Văn Hùng", "Chuyên viên, Phòng Kinh tế, Hạ tầng và Đô thị", "Bằng khen của Chủ tịch UBND thành phố Hải Phòng"],
        ["", "Tổng cộng: 01 cá nhân", "", ""],
    ]
    assert signature(higher) == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Thế Đức"]
    again = await download(running, f"{base}/higher-proposal", APPRAISER)
    assert again.content == response.content and header(opened(again))[0] == "Số: 01/TTr-UBND"


def test_zip_entry_names_are_plain_names_unique_in_the_archive():
    names = entry_names([
        "Giấy khen 01 - ../../etc/passwd.docx", "/tmp/Tổ một.docx", "C:\\Windows\\Tổ.docx", "Tổ: một?.docx",
        "Tổ/một.docx", "Tổ\\một.docx", "CON.docx", "Tổ\x00một.docx", "Nguyễn Văn A.docx", "NGUYỄN VĂN A.docx",
        "…" * 150 + ".docx",
    ])
    assert names == [
        "Giấy khen 01 - .._.._etc_passwd.docx", "_tmp_Tổ một.docx", "C__Windows_Tổ.docx", "Tổ_ một_.docx",
        "Tổ_một.docx", "Tổ_một (2).docx", "_CON.docx", "Tổ_một (3).docx", "Nguyễn Văn A.docx", "NGUYỄN VĂN A (2).docx",
        "…" * 66 + ".docx",
    ]
    for name in names:
        assert "/" not in name and "\\" not in name and ":" not in name and len(name.encode()) <= 255
        assert unicodedata.is_normalized("NFC", name)


async def test_certificates_of_awardees_named_as_paths_unpack_as_plain_files(running: Service):
    """Names a unit typed like paths: each certificate unpacks as a file of the archive's own folder."""
    kind = "phong_chuyen_mon"
    nominees = [
        {"group": "collective", "subject_kind": kind, "name": "../../etc/Tổ công tác"},
        {"group": "collective", "subject_kind": kind, "name": "/var/Tổ: tuyệt đối"},
        {"group": "collective", "subject_kind": kind, "name": "C:\\Tổ một"},
    ]
    dossier = await under_appraisal(running, nominees)
    for nominee in dossier["nominees"]:
        path = f"/api/dossiers/{dossier['id']}/nominees/{nominee['key']}/appraisal"
        ok(await post(running, APPRAISER, path, json={"passed": True}))
    await vote(running, await open_session(running))
    ok(await campaign_post(running, SECRETARY, running.campaign, "/session/close", json={}))
    ok(await campaign_post(running, CHAIRMAN, running.campaign, "/decision/sign", json={}))

    bundle = await download(running, f"/api/campaigns/{running.campaign}/generated/certificates.zip", COMMUNICATIONS)
    assert bundle.status_code == 200, bundle.text
    archive = zipfile.ZipFile(io.BytesIO(bundle.content))
    assert archive.namelist() == [
        "Giấy khen 01 - .._.._etc_Tổ công tác.docx", "Giấy khen 02 - _var_Tổ_ tuyệt đối.docx",
        "Giấy khen 03 - C__Tổ một.docx",
    ]
    for info in archive.infolist():
        assert info.flag_bits & 0x800  # the names are UTF-8, as the archive says
        assert "Tổ" in "\n".join(texts(docx.Document(io.BytesIO(archive.read(info)))))
