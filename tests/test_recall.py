"""A unit recalls the dossier it submitted (workflows/dossier_recall.py), until the office starts the appraisal:
back to the stage before its submission with the reason in its history, the office mailed, its quota places
freed and counted again when it is submitted anew, and the campaign sees the unit as not having submitted."""

from datetime import timedelta
from pathlib import Path

from sqlmodel import Session

from db import models, queries
from db.unit_quotas import counted
from tests.campaign_steps import collective, individual, run_plan
from tests.conftest import Service, today
from tests.dossier_steps import (
    APPRAISER,
    OTHER_UNIT_HEAD,
    UNIT_HEAD,
    attach,
    attach_all,
    get,
    minutes,
    ok,
    post,
    submitted,
    under_appraisal,
)
from tests.smtp_server import SmtpServer
from tests.test_event_mails import DOMAIN, delivered, recipients, text

PLANS = Path(__file__).parent / "data" / "plans"
STAFF = "can_bo_cong_chuc_vien_chuc"
REASON = {"reason": "Bổ sung báo cáo thành tích có xác nhận của Đảng ủy"}


def code_of(response, status: int) -> str:
    assert response.status_code == status, response.text
    return response.json()["code"]


async def test_a_unit_recalls_its_dossier_before_appraisal_and_the_office_is_mailed(
    running: Service, mail_server: SmtpServer
):
    dossier = await submitted(running)
    path = f"/api/dossiers/{dossier['id']}/recall"
    with Session(running.engine) as session:
        unit_id = session.get(models.Dossier, dossier["id"]).unit_id

    # A reason is required; another unit's head, or the office, may not recall it.
    assert code_of(await post(running, UNIT_HEAD, path), 422) == "REASON_REQUIRED"
    assert code_of(await post(running, UNIT_HEAD, path, json={"reason": "  "}), 422) == "REASON_REQUIRED"
    assert (await post(running, OTHER_UNIT_HEAD, path, json=REASON)).status_code in (403, 404)
    assert code_of(await post(running, APPRAISER, path, json=REASON), 403) == "WRONG_ROLE"

    recalled = ok(await post(running, UNIT_HEAD, path, json=REASON))
    assert recalled["stage"] == "minutes_recorded"  # back before the submission: its minutes stand
    entry = recalled["history"][-1]
    assert entry["action"] == "recall" and (entry["stage_before"], entry["stage_after"]) == ("submitted", "minutes_recorded")
    assert REASON["reason"] in entry["detail"]
    assert {n["status"] for n in recalled["nominees"]} == {"selected"}

    # The office is told; the dossier leaves its queue, and the campaign sees the unit as not having submitted.
    [*mails] = await delivered(running, mail_server, "dossier_recalled")
    assert recipients(mails) == {f"thamdinh{DOMAIN}", f"truongphong.vhxh{DOMAIN}"}
    body = text(mails[0])
    assert mails[0].message["Subject"] == "Đơn vị rút lại hồ sơ đã nộp: Phòng Kinh tế"
    assert REASON["reason"] in body and f"/appraisal/dossiers/{dossier['id']}" in body
    with Session(running.engine) as session:
        not_submitted = queries.units_not_submitted(session, running.campaign, ["phong_chuyen_mon"])
        assert unit_id in {unit.id for unit in not_submitted}
    queue = ok(await running.api.get("/api/dossiers", params={"stage": "submitted"}, headers=running.as_user(APPRAISER)))
    assert dossier["id"] not in {d["id"] for d in queue}

    # Recalled once is not recalled twice; the unit corrects it and submits it again.
    assert code_of(await post(running, UNIT_HEAD, path, json=REASON), 409) == "RECALL_NOT_SUBMITTED"
    ok(await attach(running, dossier["id"], "to_trinh", text="To trinh da sua"))
    again = ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier['id']}/submit"))
    assert again["stage"] == "submitted"
    assert [h["action"] for h in again["history"]].count("submit") == 2


async def test_a_recall_is_refused_once_the_office_has_started_the_appraisal(running: Service):
    dossier = await under_appraisal(running)
    response = await post(running, UNIT_HEAD, f"/api/dossiers/{dossier['id']}/recall", json=REASON)
    assert code_of(response, 409) == "RECALL_APPRAISAL_STARTED"
    assert "đã tiếp nhận, bắt đầu thẩm định" in response.json()["message"]
    assert (await get(running, dossier["id"]))["stage"] == "under_appraisal"

    draft = ok(await post(running, UNIT_HEAD, "/api/dossiers", json={"campaign_code": running.campaign}), 201)
    response = await post(running, UNIT_HEAD, f"/api/dossiers/{draft['id']}/recall", json=REASON)
    assert code_of(response, 409) == "RECALL_NOT_SUBMITTED"


async def test_a_recalled_dossier_frees_its_quota_places_and_is_counted_again_when_submitted(running: Service):
    plan = await run_plan(running, PLANS / "quotas-and.yaml", today() + timedelta(days=30))

    async def ready(nominees: list[dict]) -> dict:
        dossier = ok(await post(running, UNIT_HEAD, "/api/dossiers", json={"campaign_code": plan.code, "nominees": nominees}), 201)
        dossier = ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier['id']}/minutes", json=minutes(dossier)))
        return await attach_all(running, dossier)

    first = await ready([individual(STAFF, "Lê Văn Một"), individual(STAFF, "Lê Văn Hai")])  # "02 cá nhân": full
    ok(await post(running, UNIT_HEAD, f"/api/dossiers/{first['id']}/submit"))
    second = await ready([individual(STAFF, "Lê Văn Ba")])
    refused = await post(running, UNIT_HEAD, f"/api/dossiers/{second['id']}/submit")
    assert code_of(refused, 409) == "UNIT_QUOTA_EXCEEDED"
    with Session(running.engine) as session:
        unit_id = session.get(models.Dossier, first["id"]).unit_id
        assert counted(session, plan.code, unit_id).individuals == 2

    ok(await post(running, UNIT_HEAD, f"/api/dossiers/{first['id']}/recall", json=REASON))
    with Session(running.engine) as session:
        assert counted(session, plan.code, unit_id).individuals == 0
    assert ok(await post(running, UNIT_HEAD, f"/api/dossiers/{second['id']}/submit"))["stage"] == "submitted"

    # Submitted again, the recalled dossier is counted anew against the limit, with the second's place taken.
    again = await post(running, UNIT_HEAD, f"/api/dossiers/{first['id']}/submit")
    assert code_of(again, 409) == "UNIT_QUOTA_EXCEEDED"
    assert (await get(running, first["id"], UNIT_HEAD))["stage"] == "minutes_recorded"


async def test_without_a_meeting_a_recalled_dossier_goes_back_to_the_draft(running: Service):
    plan = await run_plan(running, PLANS / "minutes-none.yaml", today() + timedelta(days=30))
    body = {"campaign_code": plan.code, "nominees": [collective("phong_chuyen_mon", "Phòng Kinh tế")]}
    dossier = ok(await post(running, UNIT_HEAD, "/api/dossiers", json=body), 201)
    ok(await attach(running, dossier["id"], "to_trinh"))
    ok(await attach(running, dossier["id"], "bao_cao_thanh_tich", "N1"))
    assert ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier['id']}/submit"))["stage"] == "submitted"

    recalled = ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier['id']}/recall", json=REASON))
    assert recalled["stage"] == "draft"
    [nominee] = recalled["nominees"]
    assert nominee["status"] == "proposed" and not any("không yêu cầu họp" in r for r in nominee["reasons"])
    # In the draft again, the unit may add a nominee before submitting anew.
    more = {"group": "individual", "subject_kind": STAFF, "name": "Lê Văn Một", "position": "Công chức"}
    ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier['id']}/nominees", json=more))
    ok(await attach(running, dossier["id"], "bao_cao_thanh_tich", "N2"))
    done = ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier['id']}/submit"))
    assert done["stage"] == "submitted" and [n["status"] for n in done["nominees"]] == ["selected", "selected"]
