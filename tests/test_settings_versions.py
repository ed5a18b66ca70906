"""A running campaign changes one way: a new version of its settings, shown as a diff first, applied by its workflow
to itself and its dossiers (those created before it too), recorded with who and why, or refused with nothing changed
when it would break what is already done (schemas/campaign_changes.py, web/routes/campaign_settings.py)."""

import secrets
import uuid
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session, select

from db import models
from db.campaigns import save_campaign
from schemas.campaign_file import parse_campaign, repository_issuer_settings
from tests.conftest import Service, today
from tests.save_histories import save_history
from tests.dossier_steps import (
    APPRAISER, OTHER_UNIT_HEAD, SECRETARY, UNIT_HEAD, attach, attach_all, minutes, ok, open_session, post, vote,
)
from web.campaign_workflows import campaign_started, start_campaign_workflows
from web.pages.deps import COOKIE

PLAN = Path(__file__).parent / "data" / "plans" / "deadlines-change.yaml"
ADMIN = "quantri"
OFFICE_HEAD = "truongphong.vhxh"
REASON = "Công văn số 12/UBND-VHXH lùi hạn nộp, thêm bảng tổng hợp"
NEW_DOCUMENT = "  - {kind: bang_tong_hop, title: Bảng tổng hợp danh sách đề nghị, per: dossier}\n"


def version_text(code: str, before: date, quota: int = 3, document: bool = False) -> str:
    text = PLAN.read_text(encoding="utf-8").replace("code: deadlines-change", f"code: {code}")
    text = text.replace("submission: {before: 2027-01-15}", f"submission: {{before: {before.isoformat()}}}")
    text = text.replace("{group: collective, max: 3, kind: hard}", f"{{group: collective, max: {quota}, kind: hard}}")
    if document:
        text = text.replace("deadlines:\n", NEW_DOCUMENT + "deadlines:\n")
    return text


def upload(text: str) -> dict:
    return {"file": ("deadlines-change.yaml", text.encode(), "application/yaml")}


async def preview(service: Service, code: str, text: str, user: str = ADMIN):
    return await post(service, user, f"/api/campaigns/{code}/settings/preview", files=upload(text))


async def apply(service: Service, code: str, text: str, version: int = 1, user: str = ADMIN):
    data = {"reason": REASON, "version": str(version)}
    return await post(service, user, f"/api/campaigns/{code}/settings", files=upload(text), data=data)


def refused(response, status: int, code: str) -> dict:
    body = response.json()
    assert (response.status_code, body.get("code")) == (status, code), response.text
    return body


async def read(service: Service, code: str) -> dict:
    return ok(await service.api.get(f"/api/campaigns/{code}", headers=service.as_user(APPRAISER)))


async def prepared(service: Service, user: str, code: str, name: str) -> dict:
    nominees = [{"group": "collective", "subject_kind": "phong_chuyen_mon", "name": name}]
    dossier = ok(await post(service, user, "/api/dossiers", json={"campaign_code": code, "nominees": nominees}), 201)
    dossier = ok(await post(service, user, f"/api/dossiers/{dossier['id']}/minutes", json=minutes(dossier)))
    return await attach_all(service, dossier, user=user)


async def test_a_settings_change_is_shown_then_applied_to_the_campaign_and_its_earlier_dossiers(
    running: Service, saving_histories: bool
):
    code = f"doi-cau-hinh-{uuid.uuid4().hex[:6]}"
    first = today() + timedelta(days=20)
    with Session(running.engine) as session:
        save_campaign(session, parse_campaign(version_text(code, first), PLAN.name, repository_issuer_settings()))
    plan = parse_campaign(version_text(code, first), PLAN.name, repository_issuer_settings())
    await start_campaign_workflows(running.client, plan, running.settings.temporal_task_queue)
    await campaign_started(running.client, code)

    submitted = await prepared(running, UNIT_HEAD, code, "Phòng Kinh tế")
    submitted = ok(await post(running, UNIT_HEAD, f"/api/dossiers/{submitted['id']}/submit"))
    earlier = await prepared(running, OTHER_UNIT_HEAD, code, "Văn phòng HĐND và UBND xã")  # before the change

    # A deadline moved before a submission already made: the preview says so, and the change is refused.
    back = version_text(code, today())
    shown = ok(await preview(running, code, back))
    assert shown["refused"]["code"] == "DEADLINE_BEFORE_SUBMISSION"
    assert shown["changes"] == [{"path": "deadlines.submission.before", "old": first.isoformat(), "new": today().isoformat()}]
    body = refused(await apply(running, code, back), 409, "DEADLINE_BEFORE_SUBMISSION")
    assert today().strftime("%d/%m/%Y") in body["message"]
    assert (await read(running, code))["run"]["settings_version"] == 1

    # The office sees the diff first: the deadline later, a new document asked for.
    later = today() + timedelta(days=40)
    second = version_text(code, later, document=True)
    refused(await preview(running, code, second, user=UNIT_HEAD), 403, "WRONG_ROLE")
    shown = ok(await preview(running, code, second, user=OFFICE_HEAD))
    assert shown["refused"] is None and shown["version"] == 1
    changes = {c["path"]: (c["old"], c["new"]) for c in shown["changes"]}
    assert changes["deadlines.submission.before"] == (first.isoformat(), later.isoformat())
    assert changes["required_documents.3.kind"] == (None, "bang_tong_hop")
    assert shown["deadlines"][0]["text"] == f"trước ngày {later.strftime('%d/%m/%Y')}"

    campaign = ok(await apply(running, code, second))
    assert (campaign["run"]["settings_version"], campaign["submit_before"]) == (2, later.isoformat())
    step = campaign["history"][-1]
    assert step["action"] == "apply_settings" and REASON in step["detail"]
    assert (step["actor_name"], step["actor_role"]) == ("Quản trị UBND xã Kẻ Sặt", "admin")
    refused(await apply(running, code, second), 409, "SETTINGS_OUT_OF_DATE")  # the diff shown was of version 1

    # The dossier created before the change follows it: it now needs the new document.
    body = refused(await post(running, OTHER_UNIT_HEAD, f"/api/dossiers/{earlier['id']}/submit"), 422, "MISSING_DOCUMENTS")
    assert "Bảng tổng hợp danh sách đề nghị" in body["message"]
    dossier = ok(await attach(running, earlier["id"], "bang_tong_hop", user=OTHER_UNIT_HEAD))
    assert any(h["action"] == "rules_changed" and "Phiên bản 2" in h["detail"] for h in dossier["history"])
    ok(await post(running, OTHER_UNIT_HEAD, f"/api/dossiers/{earlier['id']}/submit"))

    versions = ok(await running.api.get(f"/api/campaigns/{code}/settings/versions", headers=running.as_user(APPRAISER)))
    assert [(v["version"], v["reason"]) for v in versions] == [(2, REASON)]
    assert {"path": "deadlines.submission.before", "old": first.isoformat(), "new": later.isoformat()} in versions[0]["changes"]
    with Session(running.engine) as session:
        row = session.get(models.Campaign, campaign["id"])
        assert row.settings["required_documents"][-1]["kind"] == "bang_tong_hop"

    # The council awards both collectives; a quota lowered below them is refused, whoever asks.
    for dossier_id in (submitted["id"], earlier["id"]):
        path = f"/api/dossiers/{dossier_id}"
        dossier = ok(await post(running, APPRAISER, f"{path}/start-appraisal"))
        for nominee in dossier["nominees"]:
            ok(await post(running, APPRAISER, f"{path}/nominees/{nominee['key']}/appraisal", json={"passed": True}))
    session = await open_session(running, code=code)
    await vote(running, session, code=code)
    closed = ok(await post(running, SECRETARY, f"/api/campaigns/{code}/session/close", json={}))
    assert sum(r["awarded"] for r in closed["run"]["results"]) == 2
    lowered = version_text(code, later, quota=1, document=True)
    shown = ok(await preview(running, code, lowered))
    assert shown["refused"]["code"] == "QUOTA_BELOW_AWARDS"
    assert shown["changes"] == [{"path": "award_forms.0.quotas.0.max", "old": 3, "new": 1}]
    body = refused(await apply(running, code, lowered, version=2), 409, "QUOTA_BELOW_AWARDS")
    assert "đã đề nghị khen thưởng 2 tập thể" in body["message"]
    assert (await read(running, code))["run"]["settings_version"] == 2
    handle = running.client.get_workflow_handle(f"campaign-{code}")
    await save_history(handle, "campaign-settings-version", saving_histories)  # for the replay test


def page_login(service: Service, username: str) -> str:
    """A login to the pages, as the login page makes one: its cookie set on the client, its CSRF token given."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with Session(service.engine) as session:
        user = session.exec(select(models.User).where(models.User.username == username)).one()
        session.add(models.LoginSession(token_hash=models.token_hash(token), user_id=user.id, csrf_token=csrf,
                                        expires_at=models.utcnow() + timedelta(hours=1)))
        session.commit()
    service.api.cookies.set(COOKIE, token)
    return csrf


async def test_the_office_sees_the_diff_on_the_campaign_page_before_applying_it(running: Service):
    code = f"trang-cau-hinh-{uuid.uuid4().hex[:6]}"
    first, later = today() + timedelta(days=20), today() + timedelta(days=45)
    plan = parse_campaign(version_text(code, first), PLAN.name, repository_issuer_settings())
    with Session(running.engine) as session:
        save_campaign(session, plan)
    await start_campaign_workflows(running.client, plan, running.settings.temporal_task_queue)
    await campaign_started(running.client, code)
    csrf = page_login(running, OFFICE_HEAD)
    shown = await running.api.get(f"/admin/campaigns/{code}")
    assert shown.status_code == 200 and f"trước ngày {first.strftime('%d/%m/%Y')}" in shown.text

    files = upload(version_text(code, later))
    diff = await running.api.post(f"/admin/campaigns/{code}/settings/preview", data={"csrf_token": csrf}, files=files)
    assert diff.status_code == 200, diff.text
    assert "deadlines.submission.before" in diff.text
    assert f'<td data-label="Đang áp dụng">{first:%d/%m/%Y}</td><td data-label="Mới">{later:%d/%m/%Y}</td>' in diff.text
    assert "Áp dụng phiên bản 2" in diff.text
    form = {"csrf_token": csrf, "version": "1", "reason": REASON, "content": version_text(code, later)}
    applied = await running.api.post(f"/admin/campaigns/{code}/settings", data=form)
    assert applied.status_code == 303, applied.text
    shown = await running.api.get(f"/admin/campaigns/{code}")
    assert f"trước ngày {later.strftime('%d/%m/%Y')}" in shown.text and REASON in shown.text
    assert "Phiên bản 2" in shown.text
