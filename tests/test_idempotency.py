"""A request sent again with the same X-Request-ID is applied once."""

from sqlmodel import Session, select

from db import models
from tests.conftest import Service
from tests.dossier_steps import APPRAISER, NOMINEES, UNIT_HEAD, attach, create, get, ok, post, under_appraisal


async def test_same_request_id_twice_applies_once(running: Service):
    first = await create(running, NOMINEES[:2], **{"X-Request-ID": "tao-ho-so-1"})
    again = await create(running, NOMINEES[:2], **{"X-Request-ID": "tao-ho-so-1"})
    assert again["id"] == first["id"]
    with Session(running.engine) as session:
        assert len(session.exec(select(models.Dossier)).all()) == 1

    headers = {"X-Request-ID": "dinh-kem-to-trinh"}
    ok(await attach(running, first["id"], "to_trinh", headers=headers))
    dossier = ok(await attach(running, first["id"], "to_trinh", headers=headers))
    assert len(dossier["documents"]) == 1
    assert [h["action"] for h in dossier["history"]] == ["create", "attach_document"]

    # A new request id is a new request: the same file attached twice is two events.
    dossier = ok(await attach(running, first["id"], "to_trinh", headers={"X-Request-ID": "dinh-kem-lan-2"}))
    assert len(dossier["documents"]) == 2
    assert dossier["documents"][0]["sha256"] == dossier["documents"][1]["sha256"]


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
