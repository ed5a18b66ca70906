"""The council's and the decision's pages in Chromium: the secretary's early opening refused, then opened with a
reason; an empty ballot refused beside each candidate, then sent whole and confirmed; the Chairman sees the open
hold on an awardee, with a link to the dossier, before confirming the signature."""

import re

from playwright.async_api import expect

from tests.browser.conftest import PHONE, Site, screenshot
from tests.campaign_steps import appraised_dossier
from tests.dossier_steps import APPRAISER, MEMBERS, SECRETARY, UNIT_HEAD, campaign_post, ok, post
from tests.test_council_guard import service_plan
from tests.conftest import today

DUC = {"group": "individual", "subject_kind": "can_bo_cong_chuc_vien_chuc", "name": "Lê Minh Đức",
       "position": "Trưởng phòng", "birth_date": "1979-11-23"}
OFFICE = {"group": "collective", "subject_kind": "phong_chuyen_mon", "name": "Phòng Kinh tế"}
DESKTOP = {"width": 1366, "height": 768}
REASON = "Kỳ họp HĐND xã cần kết quả khen thưởng"


async def test_early_opening_empty_ballot_and_the_chairman_seeing_the_hold_before_signing(site: Site):
    service = site.service
    code = site.campaign
    dossier = await appraised_dossier(service, service_plan(service), UNIT_HEAD, [OFFICE, DUC])

    # The secretary: the units not submitted, the early opening refused beside the reason, then opened with it.
    secretary = await site.logged_in(SECRETARY, DESKTOP)
    await secretary.goto(f"/council/{code}")
    waiting = secretary.get_by_role("region", name=re.compile("Đơn vị chưa nộp hồ sơ"))
    await expect(waiting).to_contain_text("Văn phòng HĐND và UBND xã")
    await expect(waiting).not_to_contain_text("Phòng Kinh tế")
    await screenshot(secretary, "council-missing-units-desktop")
    opening = secretary.locator("form[action$='/session']")
    await opening.get_by_label("Ngày họp").fill(today().isoformat())
    await secretary.get_by_role("button", name="Khai mạc phiên họp").click()
    await expect(secretary.get_by_role("alert").first).to_contain_text("Chưa khai mạc: các đơn vị còn được nộp hồ sơ")
    reason_field = secretary.locator("form[action$='/session'] .field.invalid")
    await expect(reason_field).to_contain_text("Cần ghi lý do khai mạc trước hạn")
    await screenshot(secretary, "council-early-refused-desktop")
    await opening.get_by_label("Lý do khai mạc trước hạn").fill(REASON)
    await secretary.get_by_role("button", name="Khai mạc phiên họp").click()
    await expect(secretary.get_by_role("heading", name=re.compile("Phiên họp ngày"))).to_be_visible()
    await expect(secretary.get_by_text(f"Lý do: {REASON}")).to_be_visible()

    # A member: nothing chosen in advance; sent empty, each candidate is marked; then whole and confirmed.
    member = await site.logged_in(MEMBERS[0], DESKTOP)
    await member.goto(f"/council/{code}")
    ballot = member.locator("form[action$='/ballot']")
    await expect(ballot.locator("input[type=radio]:checked")).to_have_count(0)
    await expect(ballot).to_contain_text("Đạt thẩm định")
    await expect(ballot).to_contain_text("7/8 phiếu đồng ý")
    await screenshot(member, "council-ballot-desktop")
    await member.set_viewport_size(PHONE)
    await screenshot(member, "council-ballot-phone")
    await member.set_viewport_size(DESKTOP)
    await ballot.get_by_role("checkbox").check()
    await member.get_by_role("button", name="Gửi phiếu").click()
    await expect(member.locator("fieldset.ballot.invalid")).to_have_count(2)
    await expect(member.get_by_text("Chưa chọn «Đồng ý» hoặc «Không đồng ý».").first).to_be_visible()
    await screenshot(member, "council-ballot-refused-desktop")
    ballot = member.locator("form[action$='/ballot']")
    for choice in await ballot.get_by_label("Đồng ý", exact=True).all():
        await choice.check()
    await ballot.get_by_role("checkbox").check()
    await member.get_by_role("button", name="Gửi phiếu").click()
    await expect(member.get_by_text("Bạn đã bỏ phiếu.")).to_be_visible()

    # The others vote, the secretary closes; then a complaint about Lê Minh Đức is opened.
    campaign = ok(await service.api.get(f"/api/campaigns/{code}", headers=service.as_user(SECRETARY)))
    refs = [c["ref"] for c in campaign["run"]["session"]["candidates"]]
    for name in MEMBERS[1:]:
        ok(await campaign_post(service, name, code, "/session/ballot", json={"votes": {ref: True for ref in refs}}))
    ok(await campaign_post(service, SECRETARY, code, "/session/close", json={}))
    record = {"subject_type": "person", "subject_name": DUC["name"], "birth_date": DUC["birth_date"], "kind": "complaint",
              "status": "open", "opened_on": today().isoformat(), "note": "Đơn tố cáo đang được xác minh"}
    ok(await post(service, APPRAISER, "/api/records", json=record), 201)

    # The Chairman: the hold on Lê Minh Đức, with its dossier; the signature asks first, restating what it does.
    chairman = await site.logged_in("chutich", DESKTOP)
    await chairman.goto(f"/decision/{code}")
    holds = chairman.get_by_role("region", name="Cảnh báo trước khi ký")
    row = holds.get_by_role("row").filter(has_text="Lê Minh Đức")
    await expect(row).to_contain_text("Khiếu nại, tố cáo")
    await expect(row).to_contain_text("Phòng Kinh tế")
    await expect(row.get_by_role("link", name="Xem hồ sơ Lê Minh Đức")).to_be_visible()
    await screenshot(chairman, "decision-holds-desktop")
    await chairman.set_viewport_size(PHONE)
    await screenshot(chairman, "decision-holds-phone")
    await chairman.set_viewport_size(DESKTOP)
    signing = chairman.locator("form[action$='/sign']")
    await expect(signing).to_contain_text("01 tập thể, 01 cá nhân")
    await expect(signing).to_contain_text("không hủy được")
    await chairman.get_by_role("button", name="Ký quyết định").click()  # the box not ticked: the browser asks
    await expect(chairman.locator(".facts dd").first).to_have_text("(cấp số khi ký)")

    await row.get_by_role("link").click()
    await expect(chairman.get_by_role("heading", name=dossier["title"])).to_be_visible()
    await expect(chairman.get_by_text("Khiếu nại, tố cáo đang xác minh").first).to_be_visible()
    await chairman.go_back()
    await signing.get_by_role("checkbox").check()
    await chairman.get_by_role("button", name="Ký quyết định").click()
    # The signature (the last checks in each dossier, the decision's file) may outlast the page's wait on a busy
    # machine: the page then says it is being done, and the decision's page shows it once done.
    number = chairman.locator(".facts dd").first
    for _ in range(15):
        try:
            await expect(number).to_contain_text(re.compile(r"\d+/QĐ-"), timeout=2000)
            break
        except AssertionError:
            await chairman.goto(f"/decision/{code}")
    await expect(number).to_contain_text(re.compile(r"\d+/QĐ-"))
    # The rule at signing holds: whoever is suspended leaves the decision's list.
    awardees = chairman.locator("td[data-label='Tập thể, cá nhân']")
    await expect(awardees).to_have_count(1)
    await expect(awardees.first).to_contain_text("Phòng Kinh tế")
