"""Việc cần làm in Chromium, each role's after a scripted campaign: the unit head, the appraiser, the council's
secretary and a member, the Chairman, communications and the admin land on it after logging in, see their counts
and reach an item in one click; desktop (1366×768) and phone (390×844) screenshots of each."""

import re
from datetime import timedelta

from playwright.async_api import Page, expect
from sqlmodel import Session

from db.outbox import MailStatus
from mail.outbox import enqueue, mail_key
from tests.browser.conftest import Site, screenshot
from tests.conftest import today
from tests.dossier_steps import (
    APPRAISER, CHAIRMAN, COMMUNICATIONS, MEMBERS, NOMINEES, OTHER_UNIT_HEAD, SECRETARY, UNIT_HEAD, attach_all,
    campaign_post, confirm_unmatched, create, minutes, ok, open_session, post, submitted, under_appraisal,
)
from tests.test_event_deadlines import campaign_of
from tests.test_tasks import move_back


async def tasks(site: Site, username: str, name: str) -> Page:
    """The user's first page after logging in, checked to be Việc cần làm, shot on a desktop and a phone."""
    page = await site.logged_in(username)
    await expect(page).to_have_url(re.compile(r"/tasks$"))
    await expect(page.get_by_role("heading", name="Việc cần làm", exact=True)).to_be_visible()
    await screenshot(page, f"tasks-{name}")
    return page


def summary(page: Page, group: str):
    """The summary's item of a group: its name and count."""
    return page.get_by_role("listitem").filter(has=page.get_by_text(group, exact=True))


async def appraised_elsewhere(site: Site) -> dict:
    """A dossier of the other unit (the Văn phòng) submitted and appraised, passing its nominee."""
    service = site.service
    dossier = await create(service, [{"group": "collective", "subject_kind": "phong_chuyen_mon", "name": "Văn phòng HĐND và UBND xã"}],
                           user=OTHER_UNIT_HEAD)
    path = f"/api/dossiers/{dossier['id']}"
    dossier = ok(await post(service, OTHER_UNIT_HEAD, f"{path}/minutes", json=minutes(dossier)))
    await attach_all(service, dossier, user=OTHER_UNIT_HEAD)
    ok(await post(service, OTHER_UNIT_HEAD, f"{path}/submit"))
    dossier = await confirm_unmatched(service, ok(await post(service, APPRAISER, f"{path}/start-appraisal")))
    for nominee in dossier["nominees"]:
        dossier = ok(await post(service, APPRAISER, f"{path}/nominees/{nominee['key']}/appraisal", json={"passed": True}))
    assert dossier["stage"] == "appraised"
    return dossier


async def test_each_roles_tasks_after_a_scripted_campaign(site: Site):
    service, code = site.service, site.campaign
    waiting = await submitted(service, NOMINEES[:2])
    asked = await under_appraisal(service, NOMINEES[2:3])
    body = {"items": ["Báo cáo thành tích có xác nhận của thủ trưởng"], "due_date": (today() + timedelta(days=7)).isoformat()}
    ok(await post(service, APPRAISER, f"/api/dossiers/{asked['id']}/supplement-request", json=body))
    draft = await create(service, NOMINEES[3:4])
    await appraised_elsewhere(site)

    head = await tasks(site, UNIT_HEAD, "unit-head")
    await expect(summary(head, "Hồ sơ cần bổ sung")).to_contain_text("1")
    await expect(head.locator("#ho-so-can-nop").get_by_role("link", name=draft["title"])).to_be_visible()
    await head.locator("#ho-so-can-bo-sung").get_by_role("link", name=asked["title"]).click()  # one click to it
    await expect(head).to_have_url(re.compile(rf"/unit/dossiers/{asked['id']}$"))

    ok(await post(service, UNIT_HEAD, f"/api/dossiers/{asked['id']}/supplement", json={"reason": "Đã bổ sung báo cáo"}))
    move_back(service, waiting["id"], 40)  # received long ago: past its appraisal's due date
    appraiser = await tasks(site, APPRAISER, "appraiser")
    await expect(summary(appraiser, "Hồ sơ chờ tiếp nhận thẩm định")).to_contain_text("1 quá hạn")
    await expect(summary(appraiser, "Hồ sơ đã bổ sung, chờ xem lại")).to_contain_text("1")
    await appraiser.locator("#cho-tiep-nhan").get_by_role("link", name=waiting["title"]).click()
    await expect(appraiser).to_have_url(re.compile(rf"/appraisal/dossiers/{waiting['id']}$"))

    secretary = await tasks(site, SECRETARY, "secretary")
    await expect(secretary.locator("#phien-can-khai-mac")).to_contain_text("1 người trình Hội đồng")
    await secretary.locator("#phien-can-khai-mac").get_by_role("link").first.click()
    await expect(secretary).to_have_url(re.compile(rf"/council/{code}$"))

    campaign = await open_session(service)
    votes = {c["ref"]: True for c in campaign["run"]["session"]["candidates"]}
    for name in MEMBERS[:-1]:
        ok(await campaign_post(service, name, code, "/session/ballot", json={"votes": votes}))
    member = await tasks(site, MEMBERS[-1], "member")
    await expect(summary(member, "Phiếu cần bỏ")).to_contain_text("1")
    ok(await campaign_post(service, MEMBERS[-1], code, "/session/ballot", json={"votes": votes}))
    ok(await campaign_post(service, SECRETARY, code, "/session/close", json={}))

    chairman = await tasks(site, CHAIRMAN, "chairman")
    await expect(summary(chairman, "Quyết định chờ ký")).to_contain_text("1")
    await chairman.locator("#quyet-dinh-cho-ky").get_by_role("link").first.click()
    await expect(chairman).to_have_url(re.compile(rf"/decision/{code}$"))

    ok(await campaign_post(service, CHAIRMAN, code, "/decision/sign", json={}))
    communications = await tasks(site, COMMUNICATIONS, "communications")
    await expect(summary(communications, "Quyết định đã ký, chưa công bố")).to_contain_text("1")

    event_plan = await campaign_of(service, "deadlines-event.yaml", f"so-ket-{code[-8:]}")
    with Session(service.engine) as session:
        address = "thamdinh@kesat.example"
        mail = enqueue(session, mail_key(f"campaign/{code}/seq/999", address), "council_called", address, {
            "recipient_name": "Hoàng Văn Thắng", "campaign_title": "Đợt thử", "session_date": today(),
            "session_time": None, "location": None, "candidates": [], "campaign_url": f"http://127.0.0.1:8000/council/{code}",
        })
        mail.status, mail.last_error = MailStatus.refused, "550 mailbox unavailable"
        session.commit()
    admin = await tasks(site, "quantri", "admin")
    await expect(summary(admin, "Thư không gửi được")).to_contain_text("1")
    await admin.locator("#moc-chua-co-ngay").get_by_role("link").first.click()
    await expect(admin).to_have_url(re.compile(rf"/admin/campaigns/{event_plan}#events-title$"))
