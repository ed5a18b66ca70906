"""Registration (đăng ký thi đua), end to end through the API and the pages on the real servers: a unit not
registered where the plan makes it a condition is refused, a registered one accepted, an individual matched by
name whatever the diacritics, a paper registration entered by the office, a late one refused, the office's list
of who has and has not registered, a warning where the plan only encourages it, the reminders to the units that
have not registered (time-skipping server), and another issuer's people seeing none of it."""

import re
import secrets
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlmodel import Session, select

from common.settings import ROOT
from db import models
from db.campaigns import save_campaign
from db.models import LoginSession, token_hash, utcnow
from schemas.campaign import EmulationPlan
from schemas.campaign_file import CampaignFileError, parse_campaign, repository_issuer_settings
from schemas.registration import Registration
from tests.campaign_steps import add_unit
from tests.conftest import Service, today
from tests.dossier_steps import APPRAISER, OTHER_UNIT_HEAD, UNIT_HEAD, ok, post
from tests.smtp_server import SmtpServer
from tests.test_reminders import KINH_TE, VAN_PHONG, at, reminders, service_from, skip_to
from web.campaign_workflows import campaign_started, start_campaign_workflows
from web.pages.deps import COOKIE

PLANS = Path(__file__).parent / "data" / "plans"
KINH_TE_UNIT = {"group": "collective", "subject_kind": "phong_chuyen_mon", "name": "Phòng Kinh tế"}
VAN_PHONG_UNIT = {"group": "collective", "subject_kind": "phong_chuyen_mon", "name": "Văn phòng HĐND và UBND xã"}
NHUNG = {"group": "individual", "subject_kind": "can_bo_cong_chuc_vien_chuc", "name": "Phạm Thị Hồng Nhung",
         "position": "Chuyên viên", "birth_date": "1988-05-09"}
HUY = {"group": "individual", "subject_kind": "can_bo_cong_chuc_vien_chuc", "name": "Vũ Quang Huy",
       "position": "Chuyên viên", "birth_date": "1993-01-30"}
# The demo's units of the kinds the plan considers, asked to register.
KE_SAT_UNITS = {"Văn phòng HĐND và UBND xã", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội",
                "Trung tâm Phục vụ hành chính công", "Trung tâm Văn hóa, Thể thao và Truyền thông"}


async def registration_plan(
    service: Service, name: str, before: date | None = None, submit_before: date | None = None,
) -> EmulationPlan:
    """The test plan `registration-<name>.yaml` under a code of this test's own, its registration due before
    `before` (if given), with its workflows."""
    path = PLANS / f"registration-{name}.yaml"
    plan = parse_campaign(path.read_text(encoding="utf-8"), path.name, repository_issuer_settings())
    if before is not None:
        plan = plan.model_copy(update={"registration": plan.registration.model_copy(update={"before": before})})
    plan = plan.with_deadline(f"{plan.code}-{uuid.uuid4().hex[:6]}", submit_before or today() + timedelta(days=60))
    with Session(service.engine) as session:
        save_campaign(session, plan)
    await start_campaign_workflows(service.client, plan, service.settings.temporal_task_queue)
    await campaign_started(service.client, plan.code)
    return plan


def path_of(plan: EmulationPlan) -> str:
    return f"/api/campaigns/{plan.code}/registrations"


async def dossier(service: Service, plan: EmulationPlan, nominees: list[dict], user: str = UNIT_HEAD):
    return await post(service, user, "/api/dossiers", json={"campaign_code": plan.code, "nominees": nominees})


def refused(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code, body
    return body


def dossiers_of(service: Service, plan: EmulationPlan) -> list[models.Dossier]:
    with Session(service.engine) as session:
        return list(session.exec(select(models.Dossier).where(models.Dossier.campaign_code == plan.code)))


def unit_id(service: Service, code: str) -> int:
    with Session(service.engine) as session:
        return session.exec(select(models.Unit).where(models.Unit.code == code)).one().id


# --- the settings ---------------------------------------------------------------------------------


def test_the_settings_bound_the_deadline_and_a_yearly_plan_moves_it_on():
    path = PLANS / "registration-required.yaml"
    plan = parse_campaign(path.read_text(encoding="utf-8"), path.name, repository_issuer_settings())
    data = plan.model_dump(mode="json")
    with pytest.raises(ValidationError, match="ghi một cách tính hạn đăng ký"):
        EmulationPlan.model_validate(data | {"registration": {"mode": "required", "before": "2025-12-15", "days_after_plan": 5}})
    undated = data | {"plan": data["plan"] | {"date": None}, "registration": {"mode": "required", "days_after_plan": 5}}
    with pytest.raises(ValidationError, match="kế hoạch chưa ghi ngày"):
        EmulationPlan.model_validate(undated)
    for wrong in ({"days_after_plan": 0}, {"days_after_plan": 366}, {"max_targets": 101}, {"who": []},
                  {"who": ["unit", "unit"]}, {"mode": "optional"}, {"before": "1999-12-31"}):
        with pytest.raises(ValidationError):
            EmulationPlan.model_validate(data | {"registration": {"mode": "required"} | wrong})
    assert EmulationPlan.model_validate(data | {"registration": {}}).registration.mode == "none"  # silent: none

    # Hớn Quản's yearly plan (23/07/2024) asking registration within 10 days: before 03/08 of each year.
    yearly = parse_campaign((ROOT / "campaigns" / "hon-quan-2024-2025.yaml").read_text(encoding="utf-8"),
                            "hon-quan-2024-2025.yaml", repository_issuer_settings())
    yearly = yearly.model_copy(update={"registration": Registration(mode="required", days_after_plan=10)})
    assert [p.registration.deadline(p.plan.date) for p in yearly.periods()] == [date(2024, 8, 3), date(2025, 8, 3)]


# --- the API --------------------------------------------------------------------------------------


async def test_an_unregistered_unit_is_refused_and_a_registered_one_accepted(running: Service):
    service = running
    plan = await registration_plan(service, "required", before=today() + timedelta(days=20))
    deadline = (today() + timedelta(days=20)).strftime("%d/%m/%Y")

    body = refused(await dossier(service, plan, [KINH_TE_UNIT]), 409, "NOT_REGISTERED")
    assert "Phòng Kinh tế" in body["message"] and deadline in body["message"] and "Phòng Văn hóa - Xã hội" in body["message"]
    assert dossiers_of(service, plan) == []  # no row, no workflow

    # The plan asks for pledged targets, and registers units and individuals only.
    refused(await post(service, UNIT_HEAD, path_of(plan), json={}), 422, "REGISTRATION_TARGETS_REQUIRED")
    too_many = {"targets": [f"Chỉ tiêu {n}" for n in range(11)]}
    refused(await post(service, UNIT_HEAD, path_of(plan), json=too_many), 422, "REGISTRATION_TOO_MANY_TARGETS")
    team = {"registrant": "collective", "name": "Tổ một cửa", "targets": ["Tập thể lao động tiên tiến"]}
    refused(await post(service, UNIT_HEAD, path_of(plan), json=team), 422, "REGISTRANT_NOT_ASKED")
    pledge = {"targets": ["Hoàn thành xuất sắc nhiệm vụ", "100% hồ sơ đúng hạn"]}
    row = ok(await post(service, UNIT_HEAD, path_of(plan), json=pledge), 201)
    assert (row["registrant"], row["name"], row["targets"], row["paper"]) == ("unit", None, pledge["targets"], False)
    assert row["unit_name"] == "Phòng Kinh tế" and row["entered_by_name"] == "Lê Minh Đức"
    refused(await post(service, UNIT_HEAD, path_of(plan), json=pledge), 409, "REGISTRATION_EXISTS")

    created = ok(await dossier(service, plan, [KINH_TE_UNIT]), 201)
    assert created["warnings"] == []

    # Individuals register too: one not registered is refused, by name whatever the diacritics and case.
    body = refused(await dossier(service, plan, [KINH_TE_UNIT, NHUNG]), 409, "NOT_REGISTERED")
    assert body["details"]["names"] == "Phạm Thị Hồng Nhung"
    person = {"registrant": "individual", "name": "PHAM THI HONG NHUNG", "targets": ["Lao động tiên tiến"]}
    ok(await post(service, UNIT_HEAD, path_of(plan), json=person), 201)
    second = ok(await dossier(service, plan, [KINH_TE_UNIT, NHUNG]), 201)
    refused(await post(service, UNIT_HEAD, f"/api/dossiers/{second['id']}/nominees", json=HUY), 409, "NOT_REGISTERED")
    assert [n["name"] for n in ok(await service.api.get(
        f"/api/dossiers/{second['id']}", headers=service.as_user(UNIT_HEAD)))["nominees"]] == ["Phòng Kinh tế", "Phạm Thị Hồng Nhung"]

    mine = ok(await service.api.get(path_of(plan), headers=service.as_user(UNIT_HEAD)))
    assert mine["unit_registered"] is True and mine["mode"] == "required" and mine["registered"] is None
    assert [(r["registrant"], r["name"]) for r in mine["registrations"]] == [("unit", None), ("individual", "PHAM THI HONG NHUNG")]

    # Withdrawn, the unit is not registered any more.
    ok(await post(service, UNIT_HEAD, f"{path_of(plan)}/{row['id']}/withdraw"))
    refused(await dossier(service, plan, [KINH_TE_UNIT]), 409, "NOT_REGISTERED")
    refused(await post(service, OTHER_UNIT_HEAD, f"{path_of(plan)}/{row['id']}/withdraw"), 403, "OTHER_UNIT")
    assert len(dossiers_of(service, plan)) == 2
    # A dossier made while registered is not submitted once the registration is withdrawn; registered again, it
    # goes on to the workflow's own checks (its unit's meeting not recorded yet).
    refused(await post(service, UNIT_HEAD, f"/api/dossiers/{created['id']}/submit"), 409, "NOT_REGISTERED")
    again = ok(await post(service, UNIT_HEAD, path_of(plan), json={"targets": ["Hoàn thành tốt nhiệm vụ"]}), 201)
    assert (again["id"], again["targets"], again["withdrawn"]) == (row["id"], ["Hoàn thành tốt nhiệm vụ"], False)
    refused(await post(service, UNIT_HEAD, f"/api/dossiers/{created['id']}/submit"), 409, "WRONG_STAGE")


async def test_the_office_enters_a_paper_registration_received_on_time_and_a_late_one_is_refused(running: Service):
    service = running
    before = today() - timedelta(days=2)  # the deadline has passed
    plan = await registration_plan(service, "required", before=before)
    van_phong = unit_id(service, "vp-hdnd-ubnd")
    pledge = {"targets": ["Tập thể lao động tiên tiến"]}

    body = refused(await post(service, UNIT_HEAD, path_of(plan), json=pledge), 409, "REGISTRATION_LATE")
    assert before.strftime("%d/%m/%Y") in body["message"]
    paper = {**pledge, "unit_id": van_phong}
    late = {**paper, "received_on": before.isoformat()}  # received on the deadline's day: late
    refused(await post(service, APPRAISER, f"{path_of(plan)}/paper", json=late), 409, "REGISTRATION_RECEIVED_LATE")
    ahead = {**paper, "received_on": (today() + timedelta(days=1)).isoformat()}
    refused(await post(service, APPRAISER, f"{path_of(plan)}/paper", json=ahead), 422, "REGISTRATION_RECEIVED_IN_FUTURE")
    on_time = {**paper, "received_on": (before - timedelta(days=1)).isoformat()}
    refused(await post(service, UNIT_HEAD, f"{path_of(plan)}/paper", json=on_time), 403, "WRONG_ROLE")
    row = ok(await post(service, APPRAISER, f"{path_of(plan)}/paper", json=on_time), 201)
    assert (row["paper"], row["received_on"], row["unit_name"]) == (True, on_time["received_on"], "Văn phòng HĐND và UBND xã")
    assert row["entered_by_name"] == "Hoàng Văn Thắng"

    # The office sees who has and who has not registered, of the units asked to.
    listing = ok(await service.api.get(path_of(plan), headers=service.as_user("truongphong.vhxh")))
    assert [u["unit_name"] for u in listing["registered"]] == ["Văn phòng HĐND và UBND xã"]
    assert {u["unit_name"] for u in listing["not_registered"]} == KE_SAT_UNITS - {"Văn phòng HĐND và UBND xã"}
    assert listing["deadline"] == before.isoformat() and listing["office"] == "Phòng Văn hóa - Xã hội"

    # The paper registration counts: Văn phòng may propose, Phòng Kinh tế (late, not registered) may not.
    ok(await dossier(service, plan, [VAN_PHONG_UNIT], user=OTHER_UNIT_HEAD), 201)
    refused(await dossier(service, plan, [KINH_TE_UNIT]), 409, "NOT_REGISTERED")


def on_event(text: str) -> str:
    """The plan's registration due 10 days after the event phat_dong instead of before its fixed day."""
    assert "\n  before: 2025-12-15\n" in text
    return text.replace("\n  before: 2025-12-15\n", "\n  on_event: {event: phat_dong, days: 10}\n", 1)


async def test_a_registration_deadline_counted_from_an_event_opens_until_the_office_dates_it(running: Service):
    """"Đăng ký trong 10 ngày kể từ Hội nghị phát động": open until the office enters the conference's date, then
    due on the 10th day after it, for the units, the office's list and the reminders alike."""
    service = running
    path = PLANS / "registration-required.yaml"
    text = on_event(path.read_text(encoding="utf-8")).replace(
        "\ndeadlines:\n", "\ndeadlines:\n  events: [{code: phat_dong, name: Hội nghị phát động phong trào}]\n", 1)
    plan = parse_campaign(text, path.name, repository_issuer_settings())
    plan = plan.with_deadline(f"{plan.code}-{uuid.uuid4().hex[:6]}", today() + timedelta(days=60))
    with Session(service.engine) as session:
        save_campaign(session, plan)
    await start_campaign_workflows(service.client, plan, service.settings.temporal_task_queue)
    await campaign_started(service.client, plan.code)
    pledge = {"targets": ["Tập thể lao động tiên tiến"]}

    assert ok(await service.api.get(path_of(plan), headers=service.as_user(APPRAISER)))["deadline"] is None
    ok(await post(service, OTHER_UNIT_HEAD, path_of(plan), json=pledge), 201)  # not dated yet: open
    held = today() - timedelta(days=11)  # the 10th day after it was yesterday
    dated = {"event": "phat_dong", "day": held.isoformat()}
    ok(await post(service, "truongphong.vhxh", f"/api/campaigns/{plan.code}/event-dates", json=dated))
    listing = ok(await service.api.get(path_of(plan), headers=service.as_user(APPRAISER)))
    assert listing["deadline"] == today().isoformat()  # the first day late: today
    body = refused(await post(service, UNIT_HEAD, path_of(plan), json=pledge), 409, "REGISTRATION_LATE")
    assert today().strftime("%d/%m/%Y") in body["message"]


def test_a_registration_on_an_event_the_plan_does_not_list_is_refused():
    path = PLANS / "registration-required.yaml"
    text = on_event(path.read_text(encoding="utf-8"))
    with pytest.raises(CampaignFileError) as refused_file:
        parse_campaign(text, path.name, repository_issuer_settings())
    assert "mốc «phat_dong», mốc không có trong `deadlines.events`" in str(refused_file.value)


async def test_where_the_plan_only_encourages_registration_a_dossier_is_taken_with_a_warning(running: Service):
    service = running
    plan = await registration_plan(service, "encouraged")
    # "10 ngày kể từ ngày ban hành Kế hoạch" of 21/11/2025: the last day is 01/12/2025.
    assert plan.registration.deadline(plan.plan.date) == date(2025, 12, 2)
    created = ok(await dossier(service, plan, [KINH_TE_UNIT]), 201)
    [warning] = created["warnings"]
    assert warning["code"] == "NOT_REGISTERED"
    assert "Phòng Kinh tế" in warning["message"] and "Văn phòng HĐND và UBND xã" in warning["message"]
    assert "02/12/2025" in warning["message"]
    # The dossier's page says so too, to the unit and to the appraiser.
    log_in(service, UNIT_HEAD)
    shown = text_of((await service.api.get(f"/unit/dossiers/{created['id']}")).text)
    assert "Đăng ký thi đua chưa đăng ký: Phòng Kinh tế (kế hoạch khuyến khích đăng ký), hạn trước ngày 02/12/2025" in shown
    late = text_of((await service.api.get(f"/unit/registration/{plan.code}")).text)
    assert "Đã quá hạn đăng ký (trước ngày 02/12/2025)" in late and "Gửi: Văn phòng HĐND và UBND xã." in late
    csrf = log_in(service, APPRAISER)
    assert "chưa đăng ký: Phòng Kinh tế" in text_of((await service.api.get(f"/appraisal/dossiers/{created['id']}")).text)
    # Units alone register under this plan: the paper form asks for no name.
    office = (await service.api.get(f"/appraisal/registration/{plan.code}")).text
    assert 'name="name"' not in office and '<input type="hidden" name="registrant" value="unit">' in office
    paper = {"csrf_token": csrf, "registrant": "unit", "unit_id": str(unit_id(service, "phong-kinh-te")),
             "received_on": "2025-12-01", "targets": ""}
    assert (await service.api.post(f"/appraisal/registration/{plan.code}/paper", data=paper)).status_code == 303
    assert "Đăng ký thi đua đã đăng ký" in text_of((await service.api.get(f"/appraisal/dossiers/{created['id']}")).text)


async def test_a_plan_silent_on_registration_asks_none(running: Service):
    service = running
    refused(await post(service, UNIT_HEAD, f"/api/campaigns/{service.campaign}/registrations", json={}), 409,
            "REGISTRATION_NOT_ASKED")
    body = {"campaign_code": service.campaign, "nominees": [KINH_TE_UNIT]}
    assert ok(await post(service, UNIT_HEAD, "/api/dossiers", json=body), 201)["warnings"] == []


async def test_another_issuers_people_see_nothing_of_the_registrations(running: Service):
    service = running
    plan = await registration_plan(service, "required", before=today() + timedelta(days=20))
    ok(await post(service, UNIT_HEAD, path_of(plan), json={"targets": ["Hoàn thành xuất sắc nhiệm vụ"]}), 201)
    assert len(ok(await service.api.get(path_of(plan), headers=service.as_user("quantri")))["registrations"]) == 1
    other_admin = service.as_user("quantri.hong-van")
    refused(await service.api.get(path_of(plan), headers=other_admin), 404, "CAMPAIGN_NOT_FOUND")
    refused(await service.api.post(path_of(plan), json={"targets": ["x"]}, headers=other_admin), 404, "CAMPAIGN_NOT_FOUND")
    other_head = add_unit(service, "Phòng Kinh tế phường Hồng Vân", "phong_chuyen_mon", issuer="hong-van")
    refused(await post(service, other_head, path_of(plan), json={"targets": ["x"]}), 404, "CAMPAIGN_NOT_FOUND")
    with Session(service.engine) as session:
        other_unit = session.exec(select(models.User).where(models.User.username == other_head)).one().unit_id
    paper = {"unit_id": other_unit, "received_on": today().isoformat(), "targets": ["x"]}
    refused(await post(service, APPRAISER, f"{path_of(plan)}/paper", json=paper), 422, "UNIT_NOT_FOUND")
    listing = ok(await service.api.get(path_of(plan), headers=service.as_user(APPRAISER)))
    assert "Phòng Kinh tế phường Hồng Vân" not in {u["unit_name"] for u in listing["not_registered"] + listing["registered"]}


# --- the pages ------------------------------------------------------------------------------------


def log_in(service: Service, username: str) -> str:
    """A login to the pages for `username` on the service's client; gives its CSRF token."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with Session(service.engine) as session:
        user = session.exec(select(models.User).where(models.User.username == username)).one()
        session.add(LoginSession(token_hash=token_hash(token), user_id=user.id, csrf_token=csrf,
                                 expires_at=utcnow() + timedelta(hours=1)))
        session.commit()
    service.api.cookies.set(COOKIE, token)
    return csrf


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


async def test_the_unit_and_the_office_pages(running: Service):
    service = running
    before = today() + timedelta(days=10)
    plan = await registration_plan(service, "required", before=before)
    csrf = log_in(service, UNIT_HEAD)
    home = text_of((await service.api.get("/unit")).text.split("<main ")[1])
    assert f"{plan.plan.title}: chưa đăng ký (bắt buộc để được đề nghị khen thưởng), hạn trước ngày {before:%d/%m/%Y}" in home
    page = await service.api.get(f"/unit/registration/{plan.code}")
    assert page.status_code == 200
    assert "Đơn vị chưa đăng ký thi đua." in text_of(page.text) and "(còn 10 ngày)" in text_of(page.text)

    form = {"csrf_token": csrf, "registrant": "unit", "name": "", "targets": ""}
    refused_page = await service.api.post(f"/unit/registration/{plan.code}", data=form)
    assert refused_page.status_code == 422 and "cần ít nhất một chỉ tiêu" in refused_page.text
    form["targets"] = "Hoàn thành xuất sắc nhiệm vụ\n100% hồ sơ đúng hạn\n"
    assert (await service.api.post(f"/unit/registration/{plan.code}", data=form)).status_code == 303
    shown = text_of((await service.api.get(f"/unit/registration/{plan.code}")).text)
    assert "Đơn vị đã đăng ký thi đua." in shown and "100% hồ sơ đúng hạn" in shown and "(trực tuyến)" in shown

    csrf = log_in(service, APPRAISER)
    queue = (await service.api.get("/appraisal")).text.split("<main ")[1]
    assert f"/appraisal/registration/{plan.code}\">" in queue and "1/5 đơn vị đã đăng ký" in text_of(queue)
    office = text_of((await service.api.get(f"/appraisal/registration/{plan.code}")).text)
    assert "1/5 đơn vị đã đăng ký" in office
    assert "Chưa đăng ký (4)" in office and "Nhập bản đăng ký giấy" in office
    paper = {"csrf_token": csrf, "unit_id": str(unit_id(service, "vp-hdnd-ubnd")), "registrant": "unit",
             "received_on": today().isoformat(), "targets": "Tập thể lao động tiên tiến"}
    assert (await service.api.post(f"/appraisal/registration/{plan.code}/paper", data=paper)).status_code == 303
    office = text_of((await service.api.get(f"/appraisal/registration/{plan.code}")).text)
    assert "2/5 đơn vị đã đăng ký" in office and "(bản giấy, ngày nhận)" in office
    # A unit head's page is not the office's.
    log_in(service, UNIT_HEAD)
    assert (await service.api.get(f"/appraisal/registration/{plan.code}")).status_code == 403


# --- reminders, on the time-skipping server ---------------------------------------------------------


async def test_units_not_registered_are_reminded_before_the_deadline(
    tmp_path: Path, mail_server: SmtpServer, database_url: str
):
    # Registration due before Monday 16/03/2026: 7 days before is Monday 09/03; 3 days before, Friday 13/03;
    # 1 day before is a Sunday, so Friday 13/03 again.
    async with service_from(at(date(2026, 3, 2), 9), tmp_path, mail_server, database_url) as service:
        plan = await registration_plan(service, "required", before=date(2026, 3, 16), submit_before=date(2026, 4, 30))
        # Văn phòng's paper registration, received on 03/03, is entered; Phòng Kinh tế never registers.
        paper = {"unit_id": unit_id(service, "vp-hdnd-ubnd"), "received_on": "2026-03-03", "targets": ["Tập thể lao động tiên tiến"]}
        ok(await post(service, APPRAISER, f"{path_of(plan)}/paper", json=paper), 201)
        await skip_to(service, at(date(2026, 3, 20), 9))  # the campaign's reminders' rounds, past the deadline
        sent = await reminders(service, mail_server, plan.code, "registration")
        assert sent == {KINH_TE: ["2026-03-09", "2026-03-13"]}
        assert VAN_PHONG not in sent
        mail = next(m for m in mail_server.messages if KINH_TE in m.recipients and "đăng ký thi đua" in m.message["Subject"])
        assert mail.message["Subject"] == "Nhắc hạn đăng ký thi đua: trước ngày 16/03/2026"
        text = mail.message.get_body(preferencelist=("plain",)).get_content()
        assert "Phòng Kinh tế chưa đăng ký thi đua" in text and "Phụ lục I kèm theo Kế hoạch" in text
        assert f"/unit/registration/{plan.code}" in text
