"""The supplement deadline, on the time-skipping server: weeks pass in milliseconds."""

from datetime import date, datetime, time, timedelta

from common.text import VN_TZ
from workflows.dossier import DossierWorkflow

from tests.conftest import Service, today
from tests.save_histories import save_history
from tests.dossier_steps import APPRAISER, UNIT_HEAD, attach, get, ok, post, under_appraisal



async def test_supplement_not_made_in_time_lapses_the_dossier(skipping: Service, saving_histories: bool):
    dossier = await under_appraisal(skipping)
    asked = {"items": ["Báo cáo thành tích của Vũ Quang Huy có xác nhận của thủ trưởng"]}
    dossier = ok(await post(skipping, APPRAISER, f"/api/dossiers/{dossier['id']}/supplement-request", json=asked))
    assert dossier["stage"] == "supplement_requested"
    due = dossier["supplement_due"]
    # The campaign's 5 working days: at least a week of calendar days from today.
    assert due >= (today() + timedelta(days=7)).isoformat()

    # The due day ends at midnight, Vietnam time. Skip the test server's clock to a minute before that:
    # still waiting; then two minutes on: lapsed. (A handle from get_workflow_handle does not skip by itself.)
    handle = skipping.client.get_workflow_handle(f"dossier-{dossier['id']}")
    end_of_due_day = datetime.combine(date.fromisoformat(due) + timedelta(days=1), time(), VN_TZ)
    await skipping.env.sleep(end_of_due_day - await skipping.env.get_current_time() - timedelta(minutes=1))
    assert (await handle.query(DossierWorkflow.current)).stage == "supplement_requested"
    await skipping.env.sleep(timedelta(minutes=2))
    stage = await handle.result()
    assert stage == "lapsed"
    await save_history(handle, "dossier-lapsed-mailed", saving_histories)
    dossier = await get(skipping, dossier["id"])
    assert dossier["stage"] == "lapsed"
    last = dossier["history"][-1]
    assert (last["action"], last["actor_user_id"], last["stage_before"]) == ("lapse", None, "supplement_requested")
    day, month, year = due[8:10], due[5:7], due[0:4]
    assert f"{day}/{month}/{year}" in dossier["stage_reason"]
    assert dossier["stage_reason"] == last["detail"]


async def test_supplement_in_time_stops_the_timer(skipping: Service):
    dossier = await under_appraisal(skipping)
    due = today() + timedelta(days=3)
    asked = {"items": ["Biên bản họp có chữ ký"], "due_date": due.isoformat()}
    ok(await post(skipping, APPRAISER, f"/api/dossiers/{dossier['id']}/supplement-request", json=asked))
    # Another file than the first minutes: the same file again would be taken as the same attachment.
    ok(await attach(skipping, dossier["id"], "bien_ban_hop", text="Bien ban hop co chu ky (bo sung)"))
    dossier = ok(await post(skipping, UNIT_HEAD, f"/api/dossiers/{dossier['id']}/supplement", json={"reason": "Đã bổ sung"}))
    assert dossier["stage"] == "under_appraisal"

    await skipping.env.sleep(timedelta(days=30))  # long past the old due date
    dossier = await get(skipping, dossier["id"])
    assert dossier["stage"] == "under_appraisal"
    # The checks started at the start of appraisal run beside the steps, and may save their event among them.
    actions = [h["action"] for h in dossier["history"] if h["action"] != "eligibility_check"]
    assert actions[-3:] == ["request_supplement", "attach_document", "supplement"]
