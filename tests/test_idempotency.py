"""A request sent again with the same X-Request-ID is applied once; so is one sent again without it, where its
content tells it apart: the same nominee, the same minutes, the same file as the same kind for the same nominee."""

import asyncio
import uuid

from sqlmodel import Session, select

from db import models
from tests.conftest import Service
from tests.dossier_steps import (
    APPRAISER, NOMINEES, UNIT_HEAD, attach, create, get, minutes, ok, pdf, post, under_appraisal,
)
from tests.save_histories import save_history


async def test_same_request_id_twice_applies_once(running: Service):
    request_id = f"tao-ho-so-{uuid.uuid4().hex[:8]}"  # dossier ids come from it: unique on the shared server
    first = await create(running, NOMINEES[:2], **{"X-Request-ID": request_id})
    again = await create(running, NOMINEES[:2], **{"X-Request-ID": request_id})
    assert again["id"] == first["id"]
    with Session(running.engine) as session:
        assert len(session.exec(select(models.Dossier)).all()) == 1

    headers = {"X-Request-ID": "dinh-kem-to-trinh"}
    ok(await attach(running, first["id"], "to_trinh", headers=headers))
    dossier = ok(await attach(running, first["id"], "to_trinh", headers=headers))
    assert len(dossier["documents"]) == 1
    assert [h["action"] for h in dossier["history"]] == ["create", "attach_document"]

    # A new request id with the same file, kind and nominee is still the same attachment (see below).
    dossier = ok(await attach(running, first["id"], "to_trinh", headers={"X-Request-ID": "dinh-kem-lan-2"}))
    assert len(dossier["documents"]) == 1


async def test_retried_verdict_is_recorded_once(running: Service):
    dossier = await under_appraisal(running, NOMINEES[:2])
    path = f"/api/dossiers/{dossier['id']}/nominees/N1/appraisal"
    verdict = {"passed": False, "reason": "Thiếu minh chứng về sáng kiến"}
    for _ in range(3):
        ok(await post(running, APPRAISER, path, json=verdict, headers={"X-Request-ID": "tham-dinh-n1"}))
    dossier = await get(running, dossier["id"])
    assert [h["action"] for h in dossier["history"]].count("appraise") == 1
    assert dossier["nominees"][0]["reasons"].count("Không đạt thẩm định: Thiếu minh chứng về sáng kiến") == 1
    assert dossier["stage"] == "under_appraisal"  # N2 still waits for its verdict


async def test_refused_request_can_be_retried_once_fixed(running: Service):
    dossier = await create(running, NOMINEES[:1])
    path = f"/api/dossiers/{dossier['id']}/withdraw"
    headers = {"X-Request-ID": "rut-ho-so"}
    response = await post(running, UNIT_HEAD, path, json={"reason": ""}, headers=headers)
    assert response.json()["code"] == "REASON_REQUIRED"
    # A refusal writes nothing, so the same request id, now with a reason, goes through.
    dossier = ok(await post(running, UNIT_HEAD, path, json={"reason": "Đơn vị rút hồ sơ"}, headers=headers))
    assert dossier["stage"] == "withdrawn"


def actions(dossier: dict) -> list[str]:
    return [h["action"] for h in dossier["history"]]


async def test_the_same_file_attached_again_without_a_request_id_is_one_document(running: Service):
    dossier = await create(running, NOMINEES[:2])
    path = f"/api/dossiers/{dossier['id']}/documents"
    upload = {"file": ("to-trinh.pdf", pdf("To trinh so 12/TTr-KT"), "application/pdf")}
    first = ok(await post(running, UNIT_HEAD, path, data={"kind": "to_trinh"}, files=upload))
    # The upload cut and sent again, under another file name: the same bytes as the same kind.
    upload = {"file": ("to-trinh (1).pdf", pdf("To trinh so 12/TTr-KT"), "application/pdf")}
    again = ok(await post(running, UNIT_HEAD, path, data={"kind": "to_trinh"}, files=upload))
    assert again["documents"] == first["documents"]
    assert actions(again) == ["create", "attach_document"]

    # Sent twice at once: the second is the first (the workflow tells them apart, not the database).
    report = {"file": ("bao-cao.pdf", pdf("Bao cao thanh tich N1"), "application/pdf")}
    both = await asyncio.gather(*(
        post(running, UNIT_HEAD, path, data={"kind": "bao_cao_thanh_tich", "nominee_key": "N1"}, files=report)
        for _ in range(2)
    ))
    assert [response.status_code for response in both] == [200, 200]
    dossier = await get(running, dossier["id"])
    assert actions(dossier) == ["create", "attach_document", "attach_document"]

    # Other bytes, or the same bytes as another kind or for another nominee, are other documents.
    ok(await post(running, UNIT_HEAD, path, data={"kind": "to_trinh"}, files={"file": ("v2.pdf", pdf("To trinh so 13"), "application/pdf")}))
    report = {"file": ("bao-cao.pdf", pdf("Bao cao thanh tich N1"), "application/pdf")}
    dossier = ok(await post(running, UNIT_HEAD, path, data={"kind": "bao_cao_thanh_tich", "nominee_key": "N2"}, files=report))
    assert [(d["kind"], d["nominee_key"]) for d in dossier["documents"]] == [
        ("to_trinh", None), ("bao_cao_thanh_tich", "N1"), ("to_trinh", None), ("bao_cao_thanh_tich", "N2"),
    ]


async def test_the_same_nominee_added_again_is_the_one_added(running: Service, saving_histories: bool):
    dossier = await create(running, NOMINEES[:1])
    path = f"/api/dossiers/{dossier['id']}/nominees"
    nominee = {"group": "individual", "subject_kind": "can_bo_cong_chuc_vien_chuc", "name": "Trần Thị Mai",
               "position": "Chuyên viên", "birth_date": "1988-03-02"}
    first = ok(await post(running, UNIT_HEAD, path, json=nominee))
    again = ok(await post(running, UNIT_HEAD, path, json=nominee))  # a retry after a reply that was lost
    assert again["nominees"] == first["nominees"]
    assert actions(again) == ["create", "add_nominee"]

    # The same name with other particulars is another person, or a mistake: refused, as before.
    response = await post(running, UNIT_HEAD, path, json=nominee | {"position": "Phó Trưởng phòng"})
    assert (response.status_code, response.json()["code"]) == (422, "DUPLICATE_NOMINEE")

    # The same minutes recorded again are one event; other minutes are recorded again.
    minutes_path = f"/api/dossiers/{dossier['id']}/minutes"
    body = minutes(first)
    ok(await post(running, UNIT_HEAD, minutes_path, json=body))
    again = ok(await post(running, UNIT_HEAD, minutes_path, json=body))
    assert actions(again) == ["create", "add_nominee", "record_minutes"]
    again = ok(await post(running, UNIT_HEAD, minutes_path, json=body | {"present": 7}))
    assert actions(again) == ["create", "add_nominee", "record_minutes", "record_minutes"]

    upload = {"file": ("to-trinh.pdf", pdf("To trinh"), "application/pdf")}
    for _ in range(2):
        ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier['id']}/documents", data={"kind": "to_trinh"}, files=upload))
    handle = running.client.get_workflow_handle(f"dossier-{dossier['id']}")
    await save_history(handle, "dossier-same-content-once", saving_histories)
