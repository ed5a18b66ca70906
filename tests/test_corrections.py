"""The unit corrects its work: a nominee edited (its achievement summary among its fields) or removed until
submission; a file removed or replaced until submission and in a supplement the office asked for; a "Tài liệu
khác" beside the plan's list; the minutes recorded again; the tờ trình printing the summary instead of "…"."""

import io
import re

import docx
import httpx
from sqlmodel import Session, select

from db import models
from tests.conftest import Service
from tests.save_histories import save_history
from web.pages.deps import LOGIN_CSRF_COOKIE
from tests.dossier_steps import (
    APPRAISER,
    NOMINEES,
    UNIT_HEAD,
    attach,
    create,
    get,
    minutes,
    ok,
    pdf,
    post,
)

SUMMARY = "Hoàn thành xuất sắc nhiệm vụ năm 2025;\nchủ trì 02 sáng kiến được công nhận cấp xã."


async def patch(service: Service, dossier_id: str, key: str, body: dict, user: str = UNIT_HEAD):
    return await service.api.patch(f"/api/dossiers/{dossier_id}/nominees/{key}", json=body, headers=service.as_user(user))


async def delete(service: Service, path: str, user: str = UNIT_HEAD, **params):
    return await service.api.delete(path, params=params, headers=service.as_user(user))


async def replace(service: Service, dossier_id: str, document_id: str, text: str, user: str = UNIT_HEAD):
    files = {"file": ("ban-moi.pdf", pdf(text), "application/pdf")}
    return await service.api.put(
        f"/api/dossiers/{dossier_id}/documents/{document_id}", files=files, headers=service.as_user(user)
    )


def refused(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code, body
    return body


def nominee_rows(service: Service, dossier_id: str) -> dict[str, models.Nominee]:
    with Session(service.engine) as session:
        rows = session.exec(select(models.Nominee).where(models.Nominee.dossier_id == dossier_id)).all()
        return {row.key: row for row in rows}


def actions(dossier: dict) -> list[str]:
    return [entry["action"] for entry in dossier["history"]]


async def test_a_nominee_is_edited_and_removed_in_draft_and_not_once_submitted(running: Service, saving_histories: bool):
    dossier = await create(running, NOMINEES[:3])
    dossier_id = dossier["id"]

    edited = ok(await patch(running, dossier_id, "N2", {"position": "Phó Trưởng phòng", "achievement_summary": SUMMARY}))
    nominee = next(n for n in edited["nominees"] if n["key"] == "N2")
    assert (nominee["position"], nominee["achievement_summary"], nominee["name"]) == ("Phó Trưởng phòng", SUMMARY, "Lê Minh Đức")
    assert nominee["person_id"] is not None  # still the registry's person: what identifies them did not change
    assert edited["history"][-1]["action"] == "edit_nominee"
    assert edited["history"][-1]["detail"] == "Lê Minh Đức: sửa chức vụ, tóm tắt thành tích"  # no values: personal data
    assert nominee_rows(running, dossier_id)["N2"].achievement_summary == SUMMARY

    # Decomposed Vietnamese is stored composed (NFC); a control character or a summary past its bound is refused.
    decomposed = "Hoa\u0300n tha\u0300nh xuất sắc"
    edited = ok(await patch(running, dossier_id, "N3", {"achievement_summary": decomposed}))
    assert next(n for n in edited["nominees"] if n["key"] == "N3")["achievement_summary"] == "Hoàn thành xuất sắc"
    refused(await patch(running, dossier_id, "N3", {"achievement_summary": "Tốt\x07"}), 422, "INVALID_INPUT")
    refused(await patch(running, dossier_id, "N3", {"achievement_summary": "x" * 1001}), 422, "INVALID_INPUT")
    # The same name as another nominee, another group than the nominee's: refused, nothing written.
    refused(await patch(running, dossier_id, "N3", {"name": "Lê Minh Đức"}), 422, "DUPLICATE_NOMINEE")
    refused(await patch(running, dossier_id, "N1", {"subject_kind": "can_bo_cong_chuc_vien_chuc"}), 422, "NOMINEE_GROUP_FIXED")
    refused(await patch(running, dossier_id, "N9", {"name": "Ai đó"}), 422, "UNKNOWN_NOMINEE")
    refused(await patch(running, dossier_id, "N2", {"position": "Trưởng phòng"}, user=APPRAISER), 403, "WRONG_ROLE")

    # Renamed: matched in the registry again (here, a name with no date of birth matches no one).
    renamed = ok(await patch(running, dossier_id, "N3", {"name": "Phạm Thị Nhung", "birth_date": None}))
    nominee = next(n for n in renamed["nominees"] if n["key"] == "N3")
    assert (nominee["name"], nominee["person_id"], nominee["birth_date"]) == ("Phạm Thị Nhung", None, None)

    removed = ok(await delete(running, f"/api/dossiers/{dossier_id}/nominees/N3"))
    assert [n["key"] for n in removed["nominees"]] == ["N1", "N2"]
    assert "N3" not in nominee_rows(running, dossier_id)  # never submitted: nothing counts it
    assert removed["history"][-1]["action"] == "remove_nominee" and "Phạm Thị Nhung" in removed["history"][-1]["detail"]
    # A key is never given twice: the next nominee is N4.
    added = ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier_id}/nominees", json=NOMINEES[3]))
    assert [n["key"] for n in added["nominees"]] == ["N1", "N2", "N4"]

    dossier = ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier_id}/minutes", json=minutes(added)))
    for kind, key in [("to_trinh", None), ("bien_ban_hop", None), ("bao_cao_thanh_tich", "N1"),
                      ("bao_cao_thanh_tich", "N2"), ("bao_cao_thanh_tich", "N4")]:
        ok(await attach(running, dossier_id, kind, key))
    ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier_id}/submit"))
    refused(await patch(running, dossier_id, "N2", {"position": "Trưởng phòng"}), 409, "WRONG_STAGE")
    refused(await delete(running, f"/api/dossiers/{dossier_id}/nominees/N2"), 409, "WRONG_STAGE")
    after = await get(running, dossier_id, UNIT_HEAD)
    assert [n["key"] for n in after["nominees"]] == ["N1", "N2", "N4"]
    await save_history(running.client.get_workflow_handle(f"dossier-{dossier_id}"), "dossier-nominees-corrected", saving_histories)


async def test_the_minutes_are_corrected_and_set_aside_only_when_they_no_longer_stand(running: Service, saving_histories: bool):
    dossier = await create(running, NOMINEES[:3])
    dossier_id = dossier["id"]
    path = f"/api/dossiers/{dossier_id}/minutes"
    ok(await post(running, UNIT_HEAD, path, json=minutes(dossier, members=9, present=8, votes=7)))
    # "Sửa biên bản": the minutes recorded again, until submission; each nominee's result follows the new votes.
    corrected = minutes(dossier, members=9, present=8, votes=7) | {"votes": {"N1": 7, "N2": 3, "N3": 6}}
    dossier = ok(await post(running, UNIT_HEAD, path, json=corrected))
    assert dossier["stage"] == "minutes_recorded"
    assert {n["key"]: n["status"] for n in dossier["nominees"]} == {"N1": "selected", "N2": "not_selected", "N3": "selected"}
    with Session(running.engine) as session:
        assert session.get(models.Dossier, dossier_id).state["minutes"]["votes"] == {"N1": 7, "N2": 3, "N3": 6}

    # A typing error put right: the minutes stand.
    dossier = ok(await patch(running, dossier_id, "N3", {"position": "Chuyên viên chính"}))
    assert dossier["stage"] == "minutes_recorded"
    # Another award form than the meeting voted on: refused until the unit agrees to record the minutes again.
    body = refused(await patch(running, dossier_id, "N1", {"subject_kind": "don_vi_su_nghiep"}), 409, "MINUTES_WOULD_LAPSE")
    assert "phải ghi lại biên bản" in body["message"]
    dossier = ok(await patch(running, dossier_id, "N1", {"subject_kind": "don_vi_su_nghiep", "void_minutes": True}))
    assert dossier["stage"] == "draft"
    assert {n["status"] for n in dossier["nominees"]} == {"proposed"}
    assert all(not r.startswith("Họp bình xét") for n in dossier["nominees"] for r in n["reasons"])
    assert "Biên bản họp ngày" in dossier["history"][-1]["detail"]
    with Session(running.engine) as session:
        assert session.get(models.Dossier, dossier_id).state["minutes"] is None

    # Recorded again: removing one of two selected keeps the minutes (the other's votes stand) ...
    dossier = ok(await post(running, UNIT_HEAD, path, json=corrected))
    dossier = ok(await delete(running, f"/api/dossiers/{dossier_id}/nominees/N3"))
    assert dossier["stage"] == "minutes_recorded"
    with Session(running.engine) as session:
        assert session.get(models.Dossier, dossier_id).state["minutes"]["votes"] == {"N1": 7, "N2": 3}
    # ... removing the last one selected sets them aside, once the unit agrees.
    refused(await delete(running, f"/api/dossiers/{dossier_id}/nominees/N1"), 409, "MINUTES_WOULD_LAPSE")
    dossier = ok(await delete(running, f"/api/dossiers/{dossier_id}/nominees/N1", void_minutes="true"))
    assert (dossier["stage"], [n["key"] for n in dossier["nominees"]]) == ("draft", ["N2"])
    assert dossier["nominees"][0]["status"] == "proposed"
    await save_history(running.client.get_workflow_handle(f"dossier-{dossier_id}"), "dossier-minutes-set-aside", saving_histories)


async def test_files_are_removed_or_replaced_until_submission_and_in_a_supplement(running: Service, saving_histories: bool):
    dossier = await create(running, NOMINEES[:2])
    dossier_id = dossier["id"]
    dossier = ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier_id}/minutes", json=minutes(dossier)))
    first = ok(await attach(running, dossier_id, "to_trinh", text="To trinh ban nham"))["documents"][-1]
    ok(await attach(running, dossier_id, "bien_ban_hop"))
    ok(await attach(running, dossier_id, "bao_cao_thanh_tich", "N1"))
    report = ok(await attach(running, dossier_id, "bao_cao_thanh_tich", "N2"))["documents"][-1]

    replaced = ok(await replace(running, dossier_id, first["document_id"], "To trinh ban dung"))
    new = next(d for d in replaced["documents"] if d["kind"] == "to_trinh")
    assert new["document_id"] != first["document_id"] and new["filename"] == "ban-moi.pdf"
    old = next(d for d in replaced["removed_documents"] if d["document_id"] == first["document_id"])
    assert old["replaced_by"] == new["document_id"] and old["removed_at"] and old["removed_by"]
    # The old file is kept, as evidence: the history names it, and it opens.
    kept = await running.api.get(f"/api/dossiers/{dossier_id}/documents/{first['document_id']}", headers=running.as_user(APPRAISER))
    assert kept.status_code == 200 and kept.content == pdf("To trinh ban nham")
    assert replaced["history"][-1]["action"] == "replace_document"
    # A file checked as an upload is: an empty one, or one no type is told of, is refused; nothing changes.
    for content in (b"", b"not a document"):
        files = {"file": ("tep.pdf", content, "application/pdf")}
        wrong = await running.api.put(f"/api/dossiers/{dossier_id}/documents/{new['document_id']}", files=files,
                                      headers=running.as_user(UNIT_HEAD))
        assert wrong.status_code in (415, 422), wrong.text
    assert (await get(running, dossier_id, UNIT_HEAD))["documents"] == replaced["documents"]
    removed = ok(await delete(running, f"/api/dossiers/{dossier_id}/documents/{report['document_id']}"))
    assert report["document_id"] not in [d["document_id"] for d in removed["documents"]]
    refused(await delete(running, f"/api/dossiers/{dossier_id}/documents/{report['document_id']}"), 409, "DOCUMENT_REMOVED")
    refused(await delete(running, f"/api/dossiers/{dossier_id}/documents/D99"), 404, "DOCUMENT_NOT_FOUND")
    # The report removed is missing again: the submission says so.
    refused(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier_id}/submit"), 422, "MISSING_DOCUMENTS")
    report = ok(await attach(running, dossier_id, "bao_cao_thanh_tich", "N2", text="Bao cao moi"))["documents"][-1]
    submitted = ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier_id}/submit"))

    # Submitted: nothing is removed or replaced any more ...
    refused(await delete(running, f"/api/dossiers/{dossier_id}/documents/{report['document_id']}"), 409, "WRONG_STAGE")
    refused(await replace(running, dossier_id, report["document_id"], "Ban khac"), 409, "WRONG_STAGE")
    # ... until the office asks for a supplement: then the unit replaces, removes, and writes summaries only.
    ok(await post(running, APPRAISER, f"/api/dossiers/{dossier_id}/start-appraisal"))
    ok(await post(running, APPRAISER, f"/api/dossiers/{dossier_id}/supplement-request",
                  json={"items": ["Báo cáo thành tích của ông Đức chưa có chữ ký"]}))
    supplemented = ok(await replace(running, dossier_id, report["document_id"], "Bao cao co chu ky"))
    assert report["document_id"] in [d["document_id"] for d in supplemented["removed_documents"]]
    ok(await patch(running, dossier_id, "N2", {"achievement_summary": SUMMARY}))
    refused(await patch(running, dossier_id, "N2", {"position": "Phó Trưởng phòng"}), 409, "NOMINEE_LOCKED")
    refused(await delete(running, f"/api/dossiers/{dossier_id}/nominees/N2"), 409, "WRONG_STAGE")
    ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier_id}/supplement"))
    refused(await replace(running, dossier_id, report["document_id"], "Ban khac"), 409, "WRONG_STAGE")
    assert submitted["stage"] == "submitted"
    await save_history(running.client.get_workflow_handle(f"dossier-{dossier_id}"), "dossier-files-corrected", saving_histories)


async def test_other_documents_are_attached_with_a_description(running: Service):
    dossier = await create(running, NOMINEES[:2])
    dossier_id = dossier["id"]
    data = {"kind": "tai_lieu_khac", "description": "Giấy chứng nhận sáng kiến năm 2025"}
    files = {"file": ("sang-kien.pdf", pdf("Sang kien"), "application/pdf")}
    path = f"/api/dossiers/{dossier_id}/documents"
    attached = ok(await post(running, UNIT_HEAD, path, data=data, files=files))
    other = attached["documents"][-1]
    assert attached["history"][-1]["detail"] == "Tài liệu khác: Giấy chứng nhận sáng kiến năm 2025"
    assert (other["kind"], other["description"], other["nominee_key"]) == ("tai_lieu_khac", data["description"], None)
    # Of one nominee too; not of a nominee the dossier lacks; a description past its bound is refused.
    of_one = ok(await post(running, UNIT_HEAD, path, data=data | {"nominee_key": "N2"}, files=files))
    assert of_one["documents"][-1]["nominee_key"] == "N2"
    refused(await post(running, UNIT_HEAD, path, data=data | {"nominee_key": "N7"}, files=files), 422, "UNKNOWN_NOMINEE")
    refused(await post(running, UNIT_HEAD, path, data=data | {"description": "x" * 301}, files=files), 422, "INVALID_INPUT")
    with Session(running.engine) as session:
        row = session.exec(select(models.Document).where(
            models.Document.dossier_id == dossier_id, models.Document.document_id == other["document_id"])).one()
        assert row.description == data["description"]
    page = await running.api.get(f"/api/dossiers/{dossier_id}", headers=running.as_user(UNIT_HEAD))
    assert len(ok(page)["documents"]) == 2


def proposal_rows(content: bytes) -> dict[str, str]:
    """The tờ trình's list: each nominee's name with its "Tóm tắt thành tích" cell."""
    tables = docx.Document(io.BytesIO(content)).tables
    table = next(t for t in tables if "Tóm tắt thành tích" in [cell.text for cell in t.rows[0].cells])
    header = [cell.text for cell in table.rows[0].cells]
    name, summary = header.index("Tên tập thể, họ và tên cá nhân"), header.index("Tóm tắt thành tích")
    return {row.cells[name].text: row.cells[summary].text for row in table.rows[1:]}


async def test_the_achievement_summary_is_printed_in_the_to_trinh(running: Service):
    dossier = await create(running, NOMINEES[:3])
    dossier_id = dossier["id"]
    ok(await patch(running, dossier_id, "N2", {"achievement_summary": SUMMARY}))
    ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier_id}/minutes", json=minutes(dossier)))
    response = await running.api.get(f"/api/dossiers/{dossier_id}/generated/proposal", headers=running.as_user(UNIT_HEAD))
    assert response.status_code == 200, response.text
    rows = proposal_rows(response.content)
    assert rows["Lê Minh Đức"] == SUMMARY
    assert rows["Phạm Thị Hồng Nhung"] == "…"  # none written: left for the unit to complete
    # The draft achievement report carries it too.
    report = await running.api.get(f"/api/dossiers/{dossier_id}/generated/achievement-reports/N2",
                                   headers=running.as_user(UNIT_HEAD))
    assert report.status_code == 200, report.text
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(report.content)).paragraphs)
    assert "chủ trì 02 sáng kiến được công nhận cấp xã." in text


async def test_the_pages_say_when_the_minutes_would_be_set_aside_and_ask_first(running: Service):
    """Through the nominee's page: another award form is refused with the reason beside the form until the box
    is ticked; then the dossier is back in its draft and the minutes' form is empty again."""
    dossier = await create(running, NOMINEES[:2])
    dossier_id = dossier["id"]
    ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier_id}/minutes", json=minutes(dossier)))
    transport = httpx.ASGITransport(app=running.api._transport.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://thidua.test") as browser:
        await browser.get("/login")
        login = {"username": UNIT_HEAD, "password": f"demo-{UNIT_HEAD}", "csrf_token": browser.cookies[LOGIN_CSRF_COOKIE]}
        assert (await browser.post("/login", data=login)).status_code == 303
        page = await browser.get(f"/unit/dossiers/{dossier_id}/nominees/N1")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        form = {"csrf_token": csrf, "subject_kind": "don_vi_su_nghiep", "name": "Phòng Kinh tế", "achievement_summary": ""}
        refused_page = await browser.post(f"/unit/dossiers/{dossier_id}/nominees/N1", data=form)
        assert refused_page.status_code == 409
        assert "biên bản hết hiệu lực" in " ".join(refused_page.text.split())
        assert (await get(running, dossier_id, UNIT_HEAD))["stage"] == "minutes_recorded"  # nothing changed
        taken = await browser.post(f"/unit/dossiers/{dossier_id}/nominees/N1", data=form | {"void_minutes": "yes"})
        assert taken.status_code == 303 and taken.headers["location"].endswith(f"/unit/dossiers/{dossier_id}?done=nominee_edit#nominees")
        shown = " ".join((await browser.get(f"/unit/dossiers/{dossier_id}")).text.split())
        assert "Ghi biên bản" in shown and "Sửa biên bản" not in shown
    after = await get(running, dossier_id, UNIT_HEAD)
    assert (after["stage"], after["nominees"][0]["subject_kind"]) == ("draft", "don_vi_su_nghiep")
