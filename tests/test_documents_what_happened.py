"""The documents say what happened: the office's tờ trình reports its appraisal (received, passed, failed and why,
held) and the rounds on the council's ties; the minutes carry the meeting's time, place, chair and secretary as
the unit entered them; the achievement reports carry the unit's summaries; an individual's report is in the
individual's form (NĐ 152/2025 Mẫu số 05), unless the plan names one of its own."""

import io
from datetime import date

import docx
from sqlmodel import Session

from db import models

from documents.achievement import achievement_report
from documents.appraisal import appraisal
from documents.appraised import appraised
from documents.inputs import Issue, OfficeInfo
from documents.minutes import minutes
from schemas.campaign import RequiredDocument
from schemas.council import TieRound
from schemas.dossier import Minutes
from schemas.dossier_actions import NomineeStatus, Stage
from tests.conftest import Service
from tests.test_blank_print import admin_pages, csrf_of
from tests.dossier_steps import APPRAISER, SECRETARY, UNIT_HEAD, campaign_post, ok, open_session, post, vote
from tests.test_documents import KE_SAT_UNIT, all_paragraphs, ke_sat_dossier, ke_sat_state, plan
from tests.test_downloads import download, opened
from tests.test_signed_decision_upload import OFFICE_HEAD
from tests.test_suspension import DUC, NHUNG, OFFICE, dossier_in_appraisal

FAILED_WHY = "Chưa có kết quả đánh giá, xếp loại Hoàn thành tốt nhiệm vụ năm 2025."


def paragraphs(content: bytes) -> list[str]:
    return [p.text for p in all_paragraphs(docx.Document(io.BytesIO(content))) if p.text]


def appraised_dossiers():
    """Phòng Kinh tế's dossier appraised: the collective passed, Lê Minh Đức failed, Phạm Thị Hồng Nhung held;
    another unit's dossier returned whole; a draft not sent."""
    kinh_te = ke_sat_dossier()
    statuses = {"N1": (NomineeStatus.approved, []), "N2": (NomineeStatus.failed, [FAILED_WHY]),
                "N3": (NomineeStatus.suspended, ["Đang xác minh đơn phản ánh ngày 20/11/2025."])}
    nominees = [
        n.model_copy(update={"status": statuses[n.key][0], "reasons": statuses[n.key][1]}) if n.key in statuses else n
        for n in kinh_te.nominees
    ]
    kinh_te = kinh_te.model_copy(update={"stage": Stage.decided, "nominees": nominees})
    returned = kinh_te.model_copy(update={
        "dossier_id": "d-vp", "unit_id": 1, "unit_name": "Văn phòng HĐND và UBND xã", "stage": Stage.rejected,
        "stage_reason": "Hồ sơ nộp sau hạn.", "nominees": [nominees[0].model_copy(update={"name": "Văn phòng HĐND và UBND xã"})],
    })
    draft = kinh_te.model_copy(update={"dossier_id": "d-draft", "unit_id": 3, "stage": Stage.draft})
    return [kinh_te, returned, draft]


def test_the_offices_tờ_trình_reports_its_appraisal_and_the_councils_tie_rounds():
    found = appraised(appraised_dossiers())
    assert (found.dossiers, found.units, found.collectives, found.individuals, found.passed) == (2, 2, 2, 2, 1)
    state = ke_sat_state()
    refs = [c.ref for c in state.session.candidates]
    ties = [
        TieRound(number=1, group="individual", refs=refs[4:6], places=1, ballots={1: {refs[4]: True}, 2: {refs[5]: True}},
                 closed=True),
        TieRound(number=2, group="individual", refs=refs[4:6], places=1, by_chair=True, chosen=[refs[5]],
                 reason="Đặng Thu Trang là nữ.", closed=True),
    ]
    state = state.model_copy(update={"session": state.session.model_copy(update={"ties": ties})})
    said = paragraphs(appraisal(plan("ke-sat-2025"), state, OfficeInfo(head_name="Đỗ Thị Thanh Hương"),
                                Issue(number=12, on=date(2026, 2, 2)), found))
    assert "Phòng Văn hóa - Xã hội đã tiếp nhận 02 hồ sơ của 02 đơn vị, đề nghị khen thưởng 02 tập thể và 02 cá nhân. " \
           "Kết quả thẩm định: 01 trường hợp đạt, 02 trường hợp không đạt, 01 trường hợp tạm dừng xét." in said
    failed = said.index("Các trường hợp không đạt và lý do:")
    assert said[failed + 1:failed + 3] == [
        "- Văn phòng HĐND và UBND xã (Văn phòng HĐND và UBND xã): Hồ sơ nộp sau hạn.",
        f"- Lê Minh Đức (Phòng Kinh tế): {FAILED_WHY}",
    ]
    held = said.index("Các trường hợp tạm dừng xét (đang xem xét, xác minh):")
    assert said[held + 1] == "- Phạm Thị Hồng Nhung (Phòng Kinh tế): Đang xác minh đơn phản ánh ngày 20/11/2025."
    tied = said.index("Các trường hợp bằng số phiếu ở giới hạn chỉ tiêu của Kế hoạch:")
    assert said[tied + 1:tied + 3] == [
        "Lần 1, cá nhân: Đặng Thu Trang, Mai Thị Yến bằng số phiếu cho 01 suất còn lại; các thành viên có mặt biểu "
        "quyết lại: Đặng Thu Trang 01 phiếu, Mai Thị Yến 01 phiếu.",
        "Lần 2, cá nhân: Đặng Thu Trang, Mai Thị Yến bằng số phiếu cho 01 suất còn lại; Chủ tịch Hội đồng quyết định "
        "chọn Mai Thị Yến; lý do: Đặng Thu Trang là nữ.",
    ]


async def test_the_downloaded_tờ_trình_reports_the_appraisal_of_the_campaigns_dossiers(running: Service):
    dossier = await dossier_in_appraisal(running, [OFFICE, NHUNG, DUC])
    base = f"/api/dossiers/{dossier['id']}/nominees"
    for key, verdict in (("N1", {"passed": True}), ("N2", {"passed": True}), ("N3", {"passed": False, "reason": FAILED_WHY})):
        ok(await post(running, APPRAISER, f"{base}/{key}/appraisal", json=verdict))
    await vote(running, await open_session(running))
    ok(await campaign_post(running, SECRETARY, running.campaign, "/session/close", json={}))
    path = f"/api/campaigns/{running.campaign}/generated/appraisal-report"
    said = [p.text for p in all_paragraphs(opened(await download(running, path, OFFICE_HEAD)))]
    assert any(text.startswith("Phòng Văn hóa - Xã hội đã tiếp nhận 01 hồ sơ của 01 đơn vị, đề nghị khen thưởng "
                               "01 tập thể và 02 cá nhân. Kết quả thẩm định: 02 trường hợp đạt, 01 trường hợp không đạt.")
               for text in said)
    assert f"- Lê Minh Đức (Phòng Kinh tế): Không đạt thẩm định: {FAILED_WHY}" in said  # not the meeting's votes


def test_the_minutes_say_when_where_and_who_as_entered():
    entered = ke_sat_dossier()
    entered.minutes = entered.minutes.model_copy(update={
        "meeting_time": "08:30", "place": "Phòng họp tầng 2, trụ sở UBND xã", "chair": "Lê Minh Đức, Trưởng phòng",
        "secretary": "Phạm Thị Hồng Nhung",
    })
    said = paragraphs(minutes(plan("ke-sat-2025"), entered, KE_SAT_UNIT, Issue(number=1, on=date(2025, 12, 1))))
    assert said[said.index("BIÊN BẢN") + 2].startswith(
        "Vào hồi 08 giờ 30 phút, ngày 01 tháng 12 năm 2025, tại Phòng họp tầng 2, trụ sở UBND xã, Phòng Kinh tế họp "
        "bình xét"
    )
    assert "- Chủ trì: Lê Minh Đức, Trưởng phòng." in said and "- Thư ký: Phạm Thị Hồng Nhung." in said
    assert said[-4:] == ["THƯ KÝ", "Phạm Thị Hồng Nhung", "CHỦ TRÌ", "Lê Minh Đức"]
    # Recorded before these were asked: blanks to fill, never the unit's name twice.
    blank = paragraphs(minutes(plan("ke-sat-2025"), ke_sat_dossier(), KE_SAT_UNIT, Issue(on=date(2025, 12, 1))))
    opening = next(text for text in blank if text.startswith("Vào hồi"))
    assert opening.startswith("Vào hồi … giờ … phút, ngày 01 tháng 12 năm 2025, tại …, Phòng Kinh tế họp")
    assert "tại Phòng Kinh tế, Phòng Kinh tế" not in opening


async def test_the_unit_records_the_meetings_time_place_chair_and_secretary(running: Service):
    dossier = ok(await post(running, UNIT_HEAD, "/api/dossiers", json={"campaign_code": running.campaign,
                                                                          "nominees": [OFFICE]}), 201)
    path = f"/api/dossiers/{dossier['id']}"
    record = {"meeting_date": "2025-12-01", "members": 9, "present": 8, "votes": {"N1": 8}, "meeting_time": "14:00",
              "place": "Hội trường UBND xã", "chair": "Lê Minh Đức, Trưởng phòng", "secretary": "Vũ Quang Huy"}
    refused = await post(running, UNIT_HEAD, f"{path}/minutes", json=record | {"meeting_time": "25:00"})
    assert refused.status_code == 422 and "Giờ họp không hợp lệ: ghi giờ:phút, ví dụ 08:30." in refused.text
    ok(await post(running, UNIT_HEAD, f"{path}/minutes", json=record))
    said = [p.text for p in all_paragraphs(opened(await download(running, f"{path}/generated/minutes", UNIT_HEAD)))]
    assert any(text.startswith("Vào hồi 14 giờ 00 phút, ngày 01 tháng 12 năm 2025, tại Hội trường UBND xã, Phòng Kinh "
                               "tế họp") for text in said)
    assert "- Thư ký: Vũ Quang Huy." in said


def test_reports_carry_the_units_summary_and_the_individuals_form():
    dossier = ke_sat_dossier()
    summary = "Hoàn thành 100% nhiệm vụ CCHC được giao.\nGiải quyết 1.250 hồ sơ đúng hạn."
    dossier.nominees[1] = dossier.nominees[1].model_copy(update={"achievement_summary": summary})
    ke_sat = plan("ke-sat-2025")  # its plan names "Mẫu số 04, Nghị định 152/2025/NĐ-CP" for every report
    individual = paragraphs(achievement_report(ke_sat, dossier, "N2", KE_SAT_UNIT, date(2025, 12, 2)))
    assert individual[0] == "Mẫu số 05, Nghị định 152/2025/NĐ-CP" and "(Dùng cho cá nhân)" in individual
    assert "Hoàn thành 100% nhiệm vụ CCHC được giao." in individual and "Giải quyết 1.250 hồ sơ đúng hạn." in individual
    collective = paragraphs(achievement_report(ke_sat, dossier, "N1", KE_SAT_UNIT, date(2025, 12, 2)))
    assert collective[0] == "Mẫu số 04, Nghị định 152/2025/NĐ-CP"
    # A plan naming its own form for individuals is followed.
    own = RequiredDocument(kind="bao_cao_thanh_tich", title="Báo cáo thành tích cá nhân", per="nominee",
                           group="individual", form="Mẫu số 02, Hướng dẫn 15/HD-UBND")
    named = ke_sat.model_copy(update={"required_documents": [*ke_sat.required_documents, own]})
    assert paragraphs(achievement_report(named, dossier, "N2", KE_SAT_UNIT, date(2025, 12, 2)))[0] == own.form
    # A form of another decree the plan names for all (Hớn Quản: Mẫu số 08, NĐ 98/2023) is printed as named.
    hon_quan = plan("hon-quan-2024-2025")
    assert paragraphs(achievement_report(hon_quan, dossier, "N1", KE_SAT_UNIT, date(2024, 12, 2)))[0] == (
        "Mẫu số 08, Nghị định 98/2023/NĐ-CP"
    )


def test_minutes_without_the_new_fields_still_read():
    """Minutes recorded before the meeting's time and place were asked (saved histories) read as before."""
    old = Minutes.model_validate({"meeting_date": "2025-12-01", "members": 7, "present": 6, "votes": {"N1": 6}})
    assert (old.meeting_time, old.place, old.chair, old.secretary) == (None, None, None, None)


async def test_the_minutes_form_takes_the_meetings_time_place_chair_and_secretary(running: Service):
    dossier = ok(await post(running, UNIT_HEAD, "/api/dossiers", json={"campaign_code": running.campaign,
                                                                          "nominees": [OFFICE]}), 201)
    page = f"/unit/dossiers/{dossier['id']}"
    async with admin_pages(running, UNIT_HEAD) as browser:
        shown = await browser.get(page)
        assert "Giờ họp" in shown.text and "Địa điểm họp" in shown.text and "Người chủ trì" in shown.text
        form = {"csrf_token": csrf_of(shown.text), "meeting_date": "01/12/2025", "members": "9", "present": "8",
                "votes_N1": "8", "meeting_time": "8:30", "place": "Hội trường UBND xã", "chair": "", "secretary": ""}
        refused = await browser.post(f"{page}/minutes", data=form)
        assert refused.status_code == 422 and 'aria-invalid="true"' in refused.text.split('name="meeting_time"')[1][:200]
        assert "Giờ họp không hợp lệ: ghi giờ:phút, ví dụ 08:30." in refused.text  # the model's own words, at its field
        saved = await browser.post(f"{page}/minutes", data=form | {"meeting_time": "08:30", "csrf_token": csrf_of(refused.text)})
        assert saved.status_code == 303, saved.text[-2000:]
        summary = await browser.get(saved.headers["location"])
        assert "Hội trường UBND xã" in summary.text and "08:30" in summary.text
    with Session(running.engine) as session:
        recorded = session.get(models.Dossier, dossier["id"]).state["minutes"]
    assert (recorded["meeting_time"], recorded["place"], recorded["chair"], recorded["secretary"]) == (
        "08:30", "Hội trường UBND xã", None, None)  # the fields left empty: none, the printed minutes' blanks
