"""One-off awards (khen thưởng đột xuất, db/one_off.py, web/pages/one_off.py): the issuer's standing rules read
and refused at their fields; one raised by the office on its page, its dossier lodged by the unit, appraised, taken
by the council and signed by the Chairman, its award in the register continuing the sổ vàng; a unit's head raises
one for their own unit, which their tasks show; another unit neither sees it nor lodges a dossier in it."""

import re
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from db import models
from db.awards import Award
from db.one_off import proposer_of
from schemas.campaign import EmulationPlan
from schemas.campaign_file import CampaignFileError, repository_issuer_settings
from schemas.standing_rules import STANDING_DIR, parse_standing_rules, standing_rules
from tests.conftest import Service, today
from tests.dossier_steps import (
    APPRAISER, CHAIRMAN, OTHER_UNIT_HEAD, SECRETARY, UNIT_HEAD, attach, campaign_post, confirm_unmatched, member_ids,
    ok, open_session, post, vote,
)
from tests.save_histories import save_history
from tests.test_award_verification import signed_campaign
from tests.test_documents import all_paragraphs
from tests.test_downloads import download, opened
from tests.test_nominee_import import logged_in
from tests.test_signed_decision_upload import OFFICE_HEAD
from web.campaign_workflows import campaign_workflow_id

RAISED = {"award_form": "giay_khen_dot_xuat", "title": "Cứu người trong lũ ở thôn Đông",
          "achievement": "dũng cảm cứu 02 người bị nước lũ cuốn trôi tại thôn Đông"}
NHUNG = {"group": "individual", "subject_kind": "ca_nhan", "name": "Phạm Thị Hồng Nhung", "position": "Chuyên viên",
         "birth_date": "1988-05-09"}


def test_the_standing_rules_are_read_and_a_wrong_field_is_refused_where_it_is():
    rules = standing_rules("ke-sat")
    assert rules.issuer.name == "Ủy ban nhân dân xã Kẻ Sặt" and rules.receiving_office == "Phòng Văn hóa - Xã hội"
    assert [f.code for f in rules.award_forms] == ["giay_khen_dot_xuat"] and rules.proposers == ["office", "unit"]
    assert rules.council and rules.deadlines.submission_working_days == 5
    assert standing_rules("hon-quan") is None  # an issuer without rules has no one-off awards

    text = (STANDING_DIR / "ke-sat.yaml").read_text(encoding="utf-8")
    wrong = (text.replace("proposers: [office, unit]", "proposers: [chairman]")
             .replace("  submission_working_days: 5", "  submission_working_days: 0") + "bonus_fund: 1\n")
    with pytest.raises(CampaignFileError) as refused:
        parse_standing_rules(wrong, "standing/ke-sat.yaml", repository_issuer_settings())
    problems = dict(refused.value.problems)
    assert problems["proposers.0"] == "Phải là một trong các giá trị: 'office' hoặc 'unit'."
    assert problems["deadlines.submission_working_days"] == "Phải lớn hơn hoặc bằng 1."
    assert problems["bonus_fund"] == "Kế hoạch không có mục này (tên mục viết sai?)."
    with pytest.raises(CampaignFileError) as refused:
        parse_standing_rules(text.replace("issuer: ke-sat", "issuer: khong-co"), "standing/x.yaml", repository_issuer_settings())
    assert refused.value.problems[0][0] == "issuer" and "khong-co" in refused.value.problems[0][1]


def unit_id(service: Service, name: str) -> int:
    with Session(service.engine) as session:
        return session.exec(select(models.Unit).where(models.Unit.name == name)).one().id


async def raise_as(service: Service, username: str, **fields) -> str:
    """The one-off award raised on its page; its campaign's code."""
    csrf = await logged_in(service, username)
    data = {"csrf_token": csrf, **RAISED, "achieved_on": today().strftime("%d/%m/%Y"), **fields}
    response = await service.api.post("/one-off", data=data)
    assert response.status_code == 303, response.text
    return re.search(r"raised=([a-z0-9-]+)", response.headers["location"])[1]


async def lodged_and_appraised(service: Service, code: str, head: str, nominees: list[dict]) -> dict:
    """The proposing unit's dossier with the rules' documents, submitted without a meeting, appraised as passing."""
    dossier = ok(await post(service, head, "/api/dossiers", json={"campaign_code": code, "nominees": nominees}), 201)
    path = f"/api/dossiers/{dossier['id']}"
    ok(await attach(service, dossier["id"], "to_trinh", user=head))
    for nominee in dossier["nominees"]:
        ok(await attach(service, dossier["id"], "bao_cao_thanh_tich", nominee["key"], user=head))
    ok(await post(service, head, f"{path}/submit"))
    dossier = await confirm_unmatched(service, ok(await post(service, APPRAISER, f"{path}/start-appraisal")))
    for nominee in dossier["nominees"]:
        dossier = ok(await post(service, APPRAISER, f"{path}/nominees/{nominee['key']}/appraisal", json={"passed": True}))
    assert dossier["stage"] == "appraised"
    return dossier


async def test_a_one_off_award_goes_through_to_its_signed_decision_and_its_award_in_the_register(running: Service):
    await signed_campaign(running)  # the sổ vàng has 01 and 02 from a campaign
    economy = unit_id(running, "Phòng Kinh tế")

    csrf = await logged_in(running, APPRAISER)
    page = await running.api.get("/one-off")
    assert "Mở đề nghị khen thưởng đột xuất" in page.text and "Giấy khen của Chủ tịch UBND xã" in page.text
    tomorrow = (today() + timedelta(days=1)).strftime("%d/%m/%Y")
    refused = await running.api.post("/one-off", data={"csrf_token": csrf, **RAISED, "unit_id": str(economy),
                                                       "achieved_on": tomorrow})
    assert refused.status_code == 422 and "Ngày lập thành tích không được sau hôm nay." in refused.text
    refused = await running.api.post("/one-off", data={"csrf_token": csrf, **RAISED, "award_form": "bang_khen",
                                                       "unit_id": str(economy), "achieved_on": "01/01/2026"})
    assert refused.status_code == 422 and "Chọn một hình thức khen thưởng trong quy định." in refused.text
    refused = await running.api.post("/one-off", data={"csrf_token": csrf, **RAISED, "unit_id": "999",
                                                       "achieved_on": "01/01/2026"})
    assert refused.status_code == 422 and "Chọn một đơn vị đang hoạt động của cơ quan." in refused.text
    with Session(running.engine) as session:
        before = len(session.exec(select(models.Campaign)).all())

    code = await raise_as(running, APPRAISER, unit_id=str(economy))
    assert proposer_of(code) == economy
    with Session(running.engine) as session:
        campaign = session.exec(select(models.Campaign).where(models.Campaign.code == code)).one()
        assert len(session.exec(select(models.Campaign)).all()) == before + 1  # the refusals made none
    assert campaign.title == "Khen thưởng đột xuất: Cứu người trong lũ ở thôn Đông"
    listed = await running.api.get("/one-off?raised=" + code)
    assert "Đã mở đề nghị khen thưởng đột xuất" in listed.text and "Phòng Kinh tế" in listed.text

    # The unit lodges the dossier (no meeting: the rules ask none), the office appraises, the council votes.
    dossier = await lodged_and_appraised(running, code, UNIT_HEAD, [NHUNG])
    await vote(running, await open_session(running, code=code), code=code)
    ok(await campaign_post(running, SECRETARY, code, "/session/close", json={}))
    signed = ok(await campaign_post(running, CHAIRMAN, code, "/decision/sign", json={}))
    assert signed["run"]["phase"] == "signed"

    with Session(running.engine) as session:
        award = session.exec(select(Award).where(Award.campaign_code == code)).one()
    assert (award.name, award.award_name, award.register_number) == (
        "Phạm Thị Hồng Nhung", "Giấy khen của Chủ tịch UBND xã", 3)
    assert award.achievement == "đã có thành tích dũng cảm cứu 02 người bị nước lũ cuốn trôi tại thôn Đông"
    assert award.period_start == award.period_end == today() and award.candidate_ref == f"{dossier['id']}/N1"
    assert award.person_id is not None and award.bonus_vnd > 0

    await logged_in(running, APPRAISER)
    register = " ".join((await running.api.get("/register?q=hong+nhung")).text.split())
    assert "Khen thưởng đột xuất" in register and "dũng cảm cứu 02 người" in register
    listed = " ".join((await running.api.get("/one-off")).text.split())
    assert "Đã ký quyết định" in listed and "xem trong sổ khen thưởng" in listed


async def test_a_unit_head_raises_one_for_their_own_unit_and_sees_no_other_unit_s(running: Service):
    code = await raise_as(running, UNIT_HEAD, unit_id="999")  # the unit is their own, whatever the form says
    assert proposer_of(code) == unit_id(running, "Phòng Kinh tế")
    await logged_in(running, UNIT_HEAD)
    page = (await running.api.get("/one-off")).text
    assert "Cứu người trong lũ ở thôn Đông" in page and "Đơn vị đề nghị (hồ sơ đứng tên đơn vị này)" not in page
    tasks = " ".join((await running.api.get("/tasks")).text.split())
    assert "Chưa lập hồ sơ: Khen thưởng đột xuất: Cứu người trong lũ ở thôn Đông" in tasks
    assert "Khen thưởng đột xuất: Cứu người trong lũ ở thôn Đông" in (await running.api.get("/unit")).text

    # Another unit of the issuer neither sees it nor lodges a dossier in it.
    await logged_in(running, OTHER_UNIT_HEAD)
    for path in ("/one-off", "/tasks", "/unit"):
        assert "Cứu người trong lũ ở thôn Đông" not in (await running.api.get(path)).text
    refused = await post(running, OTHER_UNIT_HEAD, "/api/dossiers", json={"campaign_code": code, "nominees": [NHUNG]})
    assert refused.status_code == 404 and refused.json()["code"] == "CAMPAIGN_NOT_FOUND"


async def test_the_office_lodges_the_dossier_of_a_one_off_award_it_raised_in_the_unit_s_name(running: Service):
    economy = unit_id(running, "Phòng Kinh tế")
    code = await raise_as(running, APPRAISER, unit_id=str(economy))
    await logged_in(running, APPRAISER)
    listed = " ".join((await running.api.get("/one-off")).text.split())
    assert "Lập hồ sơ thay đơn vị" in listed and "Chưa có" in listed

    # Lodged from its row: the dossier is the unit's, its history names the officer; the unit's page fills it in.
    csrf = await logged_in(running, APPRAISER)
    lodged = await running.api.post(f"/one-off/{code}/dossier", data={"csrf_token": csrf})
    assert lodged.status_code == 303 and lodged.headers["location"].startswith("/unit/dossiers/")
    dossier_id = lodged.headers["location"].split("/")[3].split("?")[0]
    page = " ".join((await running.api.get(f"/unit/dossiers/{dossier_id}")).text.split())
    assert "Phòng Kinh tế" in page and "← Khen thưởng đột xuất" in page and "Thêm tập thể, cá nhân" in page
    assert "Phòng Văn hóa - Xã hội lập hồ sơ này thay Phòng Kinh tế" in page
    path = f"/api/dossiers/{dossier_id}"
    dossier = ok(await post(running, APPRAISER, f"{path}/nominees", json=NHUNG))
    assert (dossier["unit_id"], dossier["history"][0]["actor_role"]) == (economy, "appraiser")
    ok(await attach(running, dossier_id, "to_trinh", user=APPRAISER))
    ok(await attach(running, dossier_id, "bao_cao_thanh_tich", "N1", user=APPRAISER))
    ok(await post(running, APPRAISER, f"{path}/submit"))
    recalled = ok(await post(running, APPRAISER, f"{path}/recall", json={"reason": "Bổ sung chức vụ"}))
    assert recalled["stage"] == "draft"
    ok(await post(running, APPRAISER, f"{path}/submit"))
    dossier = await confirm_unmatched(running, ok(await post(running, APPRAISER, f"{path}/start-appraisal")))
    dossier = ok(await post(running, APPRAISER, f"{path}/nominees/N1/appraisal", json={"passed": True}))
    assert dossier["stage"] == "appraised"
    by_people = [(entry["action"], entry["actor_role"]) for entry in dossier["history"] if entry["actor_name"]]
    assert by_people[:6] == [("create", "appraiser"), ("add_nominee", "appraiser"), ("attach_document", "appraiser"),
                             ("attach_document", "appraiser"), ("submit", "appraiser"), ("recall", "appraiser")]
    listed = " ".join((await running.api.get("/one-off")).text.split())
    assert f'href="/appraisal/dossiers/{dossier_id}"' in listed and "Lập hồ sơ thay đơn vị" not in listed
    await logged_in(running, UNIT_HEAD)  # the unit sees its dossier
    assert dossier_id in (await running.api.get("/unit")).text


async def test_the_office_does_not_lodge_in_a_unit_s_name_where_the_campaign_does_not_let_it(running: Service):
    unit_raised = await raise_as(running, UNIT_HEAD)  # raised by the unit: the unit lodges it
    with Session(running.engine) as session:
        before = len(session.exec(select(models.Dossier)).all())
    for code in (unit_raised, running.campaign):
        refused = await post(running, APPRAISER, "/api/dossiers", json={"campaign_code": code, "unit_id":
                                                                         unit_id(running, "Phòng Kinh tế")})
        assert (refused.status_code, refused.json()["code"]) == (403, "WRONG_ROLE")
    csrf = await logged_in(running, APPRAISER)
    refused = await running.api.post(f"/one-off/{unit_raised}/dossier", data={"csrf_token": csrf})
    assert refused.status_code == 403 and "không được thực hiện thao tác «Lập hồ sơ»" in refused.text

    # Nor on a unit's dossier of a plan: its page and its actions are the unit's.
    dossier = ok(await post(running, UNIT_HEAD, "/api/dossiers", json={"campaign_code": running.campaign}), 201)
    await logged_in(running, APPRAISER)
    assert (await running.api.get(f"/unit/dossiers/{dossier['id']}")).status_code == 403
    refused = await post(running, APPRAISER, f"/api/dossiers/{dossier['id']}/nominees", json=NHUNG | {
        "subject_kind": "can_bo_cong_chuc_vien_chuc"})
    assert (refused.status_code, refused.json()["code"]) == (403, "WRONG_ROLE")
    refused = await attach(running, dossier["id"], "to_trinh", user=APPRAISER)
    assert (refused.status_code, refused.json()["code"]) == (403, "WRONG_ROLE")
    with Session(running.engine) as session:
        assert len(session.exec(select(models.Dossier)).all()) == before + 1  # the unit's own, and no other

    # A unit's head names no other unit; the office names one of the issuer's that works.
    refused = await post(running, UNIT_HEAD, "/api/dossiers", json={"campaign_code": running.campaign, "unit_id": 999})
    assert (refused.status_code, refused.json()["code"]) == (403, "OTHER_UNIT")
    office_raised = await raise_as(running, APPRAISER, unit_id=str(unit_id(running, "Phòng Kinh tế")))
    refused = await post(running, APPRAISER, "/api/dossiers", json={"campaign_code": office_raised, "unit_id": 999})
    assert (refused.status_code, refused.json()["code"]) == (404, "CAMPAIGN_NOT_FOUND")


@pytest.fixture
def without_council(tmp_path, monkeypatch):
    """Kẻ Sặt's standing rules with `council: false`, as an issuer whose rules spare the council would write them."""
    text = (STANDING_DIR / "ke-sat.yaml").read_text(encoding="utf-8").replace("council: true ", "council: false ")
    (tmp_path / "ke-sat.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr("schemas.standing_rules.STANDING_DIR", tmp_path)


async def test_without_the_council_the_office_reports_its_appraisal_and_the_chairman_signs_on_its_to_trinh(
        running: Service, without_council, saving_histories):
    await signed_campaign(running)  # the sổ vàng has 01 and 02 from a campaign
    code = await raise_as(running, APPRAISER, unit_id=str(unit_id(running, "Phòng Kinh tế")))
    with Session(running.engine) as session:
        campaign = session.exec(select(models.Campaign).where(models.Campaign.code == code)).one()
    plan = EmulationPlan.model_validate(campaign.settings)
    assert plan.council.sits is False
    dossier = await lodged_and_appraised(running, code, UNIT_HEAD, [NHUNG])

    # No session: the council does not sit; the office's button on /one-off reports the appraisal to the head.
    ids = member_ids(running)
    refused = await campaign_post(running, SECRETARY, code, "/session", json={
        "session_date": today().isoformat(), "present": list(ids.values()), "early_reason": "Khen thưởng kịp thời"})
    assert refused.status_code == 409 and refused.json()["code"] == "COUNCIL_DOES_NOT_SIT"
    csrf = await logged_in(running, APPRAISER)
    listed = await running.api.get("/one-off")
    assert "Trình Chủ tịch kết quả thẩm định (không qua Hội đồng)" in listed.text
    assert "không qua Hội đồng Thi đua - Khen thưởng: Phòng Văn hóa - Xã hội trình Chủ tịch kết quả thẩm định" in listed.text
    reported = await running.api.post(f"/one-off/{code}/report", data={"csrf_token": csrf})
    assert reported.status_code == 303 and reported.headers["location"] == f"/decision/{code}"
    again = await running.api.post(f"/one-off/{code}/report", data={"csrf_token": csrf})
    assert again.status_code == 409 and "Chờ ký quyết định" in again.text  # taken once, nothing changed
    decision_page = (await running.api.get(f"/decision/{code}")).text
    assert "Tờ trình của cơ quan thường trực kèm kết quả thẩm định" in decision_page

    base = f"/api/campaigns/{code}/generated"
    report = [p.text for p in all_paragraphs(opened(await download(running, f"{base}/appraisal-report", OFFICE_HEAD)))]
    assert any("đề nghị này không trình Hội đồng Thi đua - Khen thưởng" in text for text in report)
    assert not any("Kết quả biểu quyết" in text or "phiên họp" in text for text in report)
    assert "Phạm Thị Hồng Nhung" in " ".join(report)

    signed = ok(await campaign_post(running, CHAIRMAN, code, "/decision/sign", json={}))
    assert signed["run"]["phase"] == "signed"
    history = [event["action"] for event in signed["history"]]
    assert "report_appraisal" in history and "open_session" not in history and "close_session" not in history
    decision = [p.text for p in all_paragraphs(opened(await download(running, f"{base}/decision", OFFICE_HEAD)))]
    grounds = [text for text in decision if text.startswith(("Căn cứ", "Theo đề nghị"))]
    assert any(text.startswith("Theo đề nghị của Trưởng phòng Văn hóa - Xã hội tại Tờ trình số ") for text in grounds)
    assert not any("Hội đồng" in text or "Biên bản" in text for text in grounds)

    with Session(running.engine) as session:
        award = session.exec(select(Award).where(Award.campaign_code == code)).one()
    assert (award.name, award.register_number, award.candidate_ref) == ("Phạm Thị Hồng Nhung", 3, f"{dossier['id']}/N1")
    story = ok(await running.api.get(f"/api/dossiers/{dossier['id']}", headers=running.as_user(APPRAISER)))
    assert story["stage"] == "signed" and "không qua Hội đồng" in " ".join(story["nominees"][0]["reasons"])
    await save_history(running.client.get_workflow_handle(campaign_workflow_id(code)),
                       "campaign-one-off-without-council", saving_histories)


async def test_a_campaign_with_its_council_is_not_reported_to_the_head_without_it(running: Service):
    code = await raise_as(running, APPRAISER, unit_id=str(unit_id(running, "Phòng Kinh tế")))
    await lodged_and_appraised(running, code, UNIT_HEAD, [NHUNG])
    csrf = await logged_in(running, APPRAISER)
    assert "không qua Hội đồng)" not in (await running.api.get("/one-off")).text
    refused = await running.api.post(f"/one-off/{code}/report", data={"csrf_token": csrf})
    assert refused.status_code == 409 and "xét qua Hội đồng Thi đua - Khen thưởng" in refused.text


def test_without_the_council_only_for_award_forms_not_for_a_title():
    text = (STANDING_DIR / "ke-sat.yaml").read_text(encoding="utf-8").replace("council: true ", "council: false ")
    assert parse_standing_rules(text, "standing/ke-sat.yaml", repository_issuer_settings()).council is False
    titled = text.replace("name: Giấy khen của Chủ tịch UBND xã", "name: Lao động tiên tiến")
    with pytest.raises(CampaignFileError) as refused:
        parse_standing_rules(titled, "standing/ke-sat.yaml", repository_issuer_settings())
    assert dict(refused.value.problems)["council"] == (
        "Khen thưởng không qua Hội đồng Thi đua - Khen thưởng chỉ áp dụng cho hình thức khen thưởng (Giấy khen) theo "
        "thủ tục đơn giản (Luật Thi đua, khen thưởng 2022, Điều 85); danh hiệu thi đua «Lao động tiên tiến» phải được "
        "Hội đồng bình xét: ghi council: true, hoặc bỏ danh hiệu này khỏi award_forms.")
