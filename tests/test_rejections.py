"""Every refusal: a stable code, its HTTP status, a Vietnamese message, and nothing changed.

"Nothing changed" is checked in both places a change would show: the dossier as the database has it
(stage, nominees, documents, history) and the workflow's own event history in Temporal.
"""

from datetime import timedelta

import pytest

from common.text import vn_date
from db.campaigns import save_campaign
from db.demo import CAMPAIGN_FILE
from schemas.campaign_file import load_campaign
from sqlmodel import Session
from tests.conftest import Service, today
from tests.dossier_steps import (
    APPRAISER,
    NOMINEES,
    OTHER_UNIT_HEAD,
    UNIT_HEAD,
    attach,
    attach_all,
    create,
    get,
    minutes,
    ok,
    post,
    submitted,
    under_appraisal,
)


async def snapshot(service: Service, dossier_id: str) -> tuple:
    dossier = await get(service, dossier_id)
    events = await service.client.get_workflow_handle(f"dossier-{dossier_id}").fetch_history()
    return dossier, len(events.events)


async def assert_refused(service: Service, dossier_id: str, response, code: str, status: int, *words: str) -> dict:
    body = response.json()
    assert (response.status_code, body["code"]) == (status, code), response.text
    for word in words:
        assert word in body["message"]
    return body


class Unchanged:
    """Take a snapshot on entry and compare on exit."""

    def __init__(self, service: Service, dossier_id: str):
        self.service, self.dossier_id = service, dossier_id

    async def __aenter__(self):
        self.before = await snapshot(self.service, self.dossier_id)

    async def __aexit__(self, *exc):
        if exc[0] is None:
            after = await snapshot(self.service, self.dossier_id)
            assert after[0] == self.before[0]
            assert after[1] == self.before[1]


async def refused(service, dossier_id, user, path, code, status, *words, **kwargs) -> dict:
    async with Unchanged(service, dossier_id):
        response = await post(service, user, f"/api/dossiers/{dossier_id}{path}", **kwargs)
        return await assert_refused(service, dossier_id, response, code, status, *words)


async def test_wrong_stage(running: Service):
    dossier = await create(running)
    body = await refused(running, dossier["id"], UNIT_HEAD, "/submit", "WRONG_STAGE", 409, "Nộp hồ sơ", "Đang lập hồ sơ")
    assert body["details"]["stage"] == "draft"
    await refused(running, dossier["id"], APPRAISER, "/start-appraisal", "WRONG_STAGE", 409)


async def test_wrong_role(running: Service):
    dossier = await create(running)
    await refused(
        running, dossier["id"], APPRAISER, "/minutes", "WRONG_ROLE", 403, "Cán bộ thẩm định", json=minutes(dossier)
    )
    submitted_one = await submitted(running)
    await refused(running, submitted_one["id"], UNIT_HEAD, "/start-appraisal", "WRONG_ROLE", 403)
    await refused(running, submitted_one["id"], "uyvien.hoidong", "/start-appraisal", "WRONG_ROLE", 403, "Thành viên Hội đồng")
    # Creating a dossier is for unit heads only.
    response = await running.api.post(
        "/api/dossiers", json={"campaign_code": running.campaign, "nominees": NOMINEES}, headers=running.as_user(APPRAISER)
    )
    assert (response.status_code, response.json()["code"]) == (403, "WRONG_ROLE")


async def test_other_units_dossier(running: Service):
    dossier = await create(running)
    await refused(running, dossier["id"], OTHER_UNIT_HEAD, "/minutes", "OTHER_UNIT", 403, json=minutes(dossier))
    await refused(running, dossier["id"], OTHER_UNIT_HEAD, "/withdraw", "OTHER_UNIT", 403, json={"reason": "nhầm"})
    response = await running.api.get(f"/api/dossiers/{dossier['id']}", headers=running.as_user(OTHER_UNIT_HEAD))
    assert (response.status_code, response.json()["code"]) == (403, "OTHER_UNIT")
    listed = ok(await running.api.get("/api/dossiers", headers=running.as_user(OTHER_UNIT_HEAD)))
    assert listed == []


async def test_missing_documents(running: Service):
    dossier = await create(running)
    dossier = ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier['id']}/minutes", json=minutes(dossier)))
    ok(await attach(running, dossier["id"], "to_trinh"))
    ok(await attach(running, dossier["id"], "bao_cao_thanh_tich", "N1"))
    body = await refused(running, dossier["id"], UNIT_HEAD, "/submit", "MISSING_DOCUMENTS", 422, "Biên bản họp", "Lê Minh Đức")
    assert len(body["details"]["items"]) == 1 + 4  # the minutes, and the reports of N2..N5
    assert not any("Phòng Kinh tế" in item for item in body["details"]["items"])


async def test_unknown_nominee(running: Service):
    dossier = await under_appraisal(running)
    await refused(
        running, dossier["id"], APPRAISER, "/nominees/N9/appraisal", "UNKNOWN_NOMINEE", 422, "N9", json={"passed": True}
    )
    draft = await create(running)
    votes = minutes(draft)
    votes["votes"]["N9"] = 3
    await refused(running, draft["id"], UNIT_HEAD, "/minutes", "UNKNOWN_NOMINEE", 422, json=votes)
    await refused(
        running, draft["id"], UNIT_HEAD, "/documents", "UNKNOWN_NOMINEE", 422,
        data={"kind": "bao_cao_thanh_tich", "nominee_key": "N7"}, files={"file": ("bc.pdf", b"x", "application/pdf")},
    )


@pytest.mark.parametrize(
    "change, code, words",
    [
        ({"members": 9, "present": 5}, "MINUTES_NO_QUORUM", ["5/9", "6"]),
        ({"members": 9, "present": 10}, "INVALID_INPUT", ["lớn hơn số thành viên"]),
        ({"votes": 9}, "MINUTES_VOTES_INVALID", ["vượt quá"]),
        ({"votes": 4}, "MINUTES_NOBODY_SELECTED", ["1/2"]),
        ({"drop": "N3"}, "MINUTES_MISSING_VOTES", ["Phạm Thị Hồng Nhung"]),
        ({"meeting_date": 3}, "MINUTES_DATE_IN_FUTURE", []),
    ],
)
async def test_minutes_that_do_not_show_quorum_and_majority(running: Service, change, code, words):
    dossier = await create(running)
    body = minutes(dossier, members=change.get("members", 9), present=change.get("present", 8))
    if "votes" in change:
        body["votes"] = {key: change["votes"] for key in body["votes"]}
    if "drop" in change:
        del body["votes"][change["drop"]]
    if "meeting_date" in change:
        body["meeting_date"] = (today() + timedelta(days=change["meeting_date"])).isoformat()
    await refused(running, dossier["id"], UNIT_HEAD, "/minutes", code, 422, *words, json=body)


async def test_documents_of_the_wrong_kind_or_owner(running: Service):
    dossier = await create(running)
    pdf = {"file": ("x.pdf", b"%PDF-1.4", "application/pdf")}
    await refused(running, dossier["id"], UNIT_HEAD, "/documents", "UNKNOWN_DOCUMENT_KIND", 422, "giay_moi",
                  data={"kind": "giay_moi"}, files=pdf)
    await refused(running, dossier["id"], UNIT_HEAD, "/documents", "DOCUMENT_NEEDS_NOMINEE", 422, "Báo cáo thành tích",
                  data={"kind": "bao_cao_thanh_tich"}, files=pdf)
    await refused(running, dossier["id"], UNIT_HEAD, "/documents", "DOCUMENT_FOR_DOSSIER", 422,
                  data={"kind": "to_trinh", "nominee_key": "N1"}, files=pdf)
    await refused(running, dossier["id"], UNIT_HEAD, "/documents", "INVALID_INPUT", 422, "tệp rỗng",
                  data={"kind": "to_trinh"}, files={"file": ("x.pdf", b"", "application/pdf")})


async def test_late_submission(running: Service):
    # A campaign whose "before" day is today: a dossier arriving today is late.
    with Session(running.engine) as session:
        late = load_campaign(CAMPAIGN_FILE).with_deadline("ke-sat-late", today())
        save_campaign(session, late)
    response = await post(running, UNIT_HEAD, "/api/dossiers", json={"campaign_code": "ke-sat-late", "nominees": NOMINEES})
    dossier = ok(response, 201)
    dossier = ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier['id']}/minutes", json=minutes(dossier)))
    await attach_all(running, dossier)
    await refused(running, dossier["id"], UNIT_HEAD, "/submit", "SUBMISSION_LATE", 409, vn_date(today()))


async def test_reasons_required(running: Service):
    dossier = await under_appraisal(running)
    await refused(running, dossier["id"], APPRAISER, "/nominees/N2/appraisal", "REASON_REQUIRED", 422, "Thẩm định",
                  json={"passed": False})
    await refused(running, dossier["id"], UNIT_HEAD, "/withdraw", "REASON_REQUIRED", 422, "Rút hồ sơ", json={"reason": "  "})
    await refused(running, dossier["id"], APPRAISER, "/supplement-request", "SUPPLEMENT_ITEMS_REQUIRED", 422,
                  json={"items": [" "]})
    await refused(running, dossier["id"], APPRAISER, "/supplement-request", "DUE_DATE_PASSED", 422,
                  json={"items": ["Báo cáo thành tích có xác nhận"], "due_date": today().isoformat()})


async def test_nominees_the_plan_does_not_consider(running: Service):
    citizen = {"group": "individual", "subject_kind": "cong_dan", "name": "Trần Văn Bình"}
    response = await post(running, UNIT_HEAD, "/api/dossiers", json={"campaign_code": running.campaign, "nominees": [citizen]})
    assert (response.status_code, response.json()["code"]) == (422, "SUBJECT_KIND_NOT_ALLOWED")
    twice = [NOMINEES[1], NOMINEES[1] | {"name": "lê minh đức"}]
    response = await post(running, UNIT_HEAD, "/api/dossiers", json={"campaign_code": running.campaign, "nominees": twice})
    assert (response.status_code, response.json()["code"]) == (422, "DUPLICATE_NOMINEE")
    dossier = await create(running)
    await refused(running, dossier["id"], UNIT_HEAD, "/nominees", "SUBJECT_KIND_NOT_ALLOWED", 422,
                  "Cán bộ, công chức, viên chức", json=citizen)
    await refused(running, dossier["id"], UNIT_HEAD, "/nominees", "DUPLICATE_NOMINEE", 422,
                  json=NOMINEES[4] | {"name": "NGUYỄN VĂN A"})
    # Another name that differs only by its diacritics is another person.
    ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier['id']}/nominees", json=NOMINEES[4] | {"name": "Nguyễn Văn Á"}))


async def test_final_stage_and_unknown_dossier_and_no_token(running: Service):
    dossier = await create(running)
    ok(await post(running, UNIT_HEAD, f"/api/dossiers/{dossier['id']}/withdraw", json={"reason": "Đơn vị rút để bổ sung thành tích"}))
    await running.client.get_workflow_handle(f"dossier-{dossier['id']}").result()
    await refused(running, dossier["id"], UNIT_HEAD, "/minutes", "WRONG_STAGE", 409, "Đã rút hồ sơ", json=minutes(dossier))

    response = await post(running, UNIT_HEAD, "/api/dossiers/khongco/submit")
    assert (response.status_code, response.json()["code"]) == (404, "DOSSIER_NOT_FOUND")
    response = await running.api.post(f"/api/dossiers/{dossier['id']}/submit")
    assert (response.status_code, response.json()["code"]) == (401, "NOT_AUTHENTICATED")
    response = await running.api.post(f"/api/dossiers/{dossier['id']}/submit", headers={"Authorization": "Bearer sai"})
    assert (response.status_code, response.json()["code"]) == (401, "NOT_AUTHENTICATED")


async def test_malformed_body_gets_the_same_error_shape(running: Service):
    dossier = await create(running)
    await refused(running, dossier["id"], UNIT_HEAD, "/minutes", "INVALID_INPUT", 422, "members",
                  json={"meeting_date": "hôm qua", "members": "chín", "present": 8, "votes": {}})
