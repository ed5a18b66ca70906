"""The campaign files in campaigns/: each loads, carries what its plan says, and a broken file is refused whole."""

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from schemas.campaign import EmulationPlan, ReformPlan
from schemas.campaign_file import (
    CampaignFileError,
    load_campaign,
    parse_campaign,
    problem_in_vietnamese,
    repository_issuer_settings,
)

CAMPAIGNS = Path(__file__).resolve().parent.parent / "campaigns"
FILES = sorted(CAMPAIGNS.glob("*.yaml"))


def load(name: str) -> EmulationPlan | ReformPlan:
    return load_campaign(CAMPAIGNS / name)


def texts(value) -> list[str]:
    """Every text inside a dumped model."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in texts(key) + texts(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in texts(item)]
    return []


# --- every file -----------------------------------------------------------------------------------------


def test_the_five_plans_are_there():
    assert [path.name for path in FILES] == [
        "an-hai-2025.yaml",
        "hon-quan-2024-2025.yaml",
        "hong-van-2025.yaml",
        "ke-sat-2025.yaml",
        "tu-ky-2025.yaml",
    ]


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_file_loads(path: Path):
    campaign = load_campaign(path)
    assert campaign.code == path.stem
    # The header comment names the seed the settings were read from.
    header = path.read_text(encoding="utf-8").split("\nkind:")[0]
    assert campaign.source.removeprefix("seeds/") in header


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_all_text_is_nfc(path: Path):
    raw = path.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", raw)
    for text in texts(load_campaign(path).model_dump(mode="json")):
        assert unicodedata.is_normalized("NFC", text), text


EMULATION_FILES = [path for path in FILES if isinstance(load_campaign(path), EmulationPlan)]


@pytest.mark.parametrize("path", EMULATION_FILES, ids=lambda path: path.name)
def test_every_subject_kind_has_standards(path: Path):
    campaign = load_campaign(path)
    covered = {code for standards in campaign.standards for code in standards.subject_kinds}
    assert covered == {kind.code for kind in campaign.subject_kinds}


# --- what each plan says ----------------------------------------------------------------------------------


def test_ke_sat():
    campaign = load("ke-sat-2025.yaml")
    assert isinstance(campaign, EmulationPlan)
    assert campaign.deadlines.submit_before == date(2025, 12, 5)
    assert campaign.eligibility.individual_rating_at_least == "hoan_thanh_tot"
    assert campaign.award_forms[0].quotas == []
    assert (campaign.signer.sign_as, campaign.signer.title, campaign.signer.name) == ("TM", "CHỦ TỊCH", "Phạm Thị Thu Hiền")


def test_hong_van():
    campaign = load("hong-van-2025.yaml")
    assert isinstance(campaign, EmulationPlan)
    assert campaign.plan.number == "56/KH-UBND"
    assert (campaign.plan.period.start, campaign.plan.period.end) == (date(2025, 7, 1), date(2025, 12, 31))
    assert campaign.receiving_office == "Phòng Văn hóa - Xã hội"
    kinds = {kind.code: kind.group for kind in campaign.subject_kinds}
    assert kinds == {
        "ban_dang_van_phong_dang_uy": "collective",
        "mat_tran_doan_the": "collective",
        "phong_ban_don_vi": "collective",
        "thon_xom": "collective",
        "co_quan_lien_quan": "collective",
        "can_bo_cong_chuc_vien_chuc_nld": "individual",
        "can_bo_khong_chuyen_trach": "individual",
        "nhan_dan": "individual",
        "doi_tuong_khac": "individual",
    }
    # Each subject type has its own list (III.1.1, 1.2, 1.4, 1.5).
    assert [standards.subject_kinds for standards in campaign.standards] == [
        ["ban_dang_van_phong_dang_uy", "phong_ban_don_vi", "thon_xom", "co_quan_lien_quan"],
        ["mat_tran_doan_the"],
        ["can_bo_cong_chuc_vien_chuc_nld", "can_bo_khong_chuyen_trach"],
        ["nhan_dan", "doi_tuong_khac"],
    ]
    [form] = campaign.award_forms
    assert [(q.group, q.max, q.kind) for q in form.quotas] == [("collective", 5, "soft"), ("individual", 5, "soft")]
    # 15/12/2025 is when the standing office proposes to the Chairman: an appraisal deadline, none for the units.
    assert campaign.deadlines.submit_before is None
    assert campaign.deadlines.appraisal.fixed == date(2025, 12, 15)
    assert campaign.deadlines.appraisal.before_event is None
    assert [doc.kind for doc in campaign.required_documents] == ["to_trinh", "bien_ban_hop", "bao_cao_thanh_tich"]
    assert campaign.required_documents[0].form == "Mẫu số 01, Nghị định 152/2025/NĐ-CP"
    assert (campaign.signer.sign_as, campaign.signer.title) == ("TM", "CHỦ TỊCH")
    assert campaign.higher_award is None


def test_an_hai():
    campaign = load("an-hai-2025.yaml")
    assert isinstance(campaign, EmulationPlan)
    assert campaign.issuer.level == "phuong"
    assert campaign.plan.number is None
    [form] = campaign.award_forms
    assert [(q.group, q.max, q.kind) for q in form.quotas] == [("collective", 1, "hard"), ("individual", 4, "hard")]
    assert campaign.higher_award is not None
    assert campaign.higher_award.name == "Bằng khen của Chủ tịch UBND thành phố Hải Phòng"
    assert campaign.higher_award.decided_by == "Chủ tịch Ủy ban nhân dân thành phố Hải Phòng"
    # Strict discipline, and one of the listed standards.
    for standards in campaign.standards:
        assert [group.mode for group in standards.groups] == ["all_of", "one_of"]
        assert standards.groups[0].items[0].code == "ky_luat"
    collective, individual = campaign.standards
    indicators = {item.indicator: item.threshold for item in collective.groups[0].items if item.kind == "indicator"}
    assert indicators["satisfaction_pct"] == 95
    assert indicators["on_time_pct"] == 98
    assert indicators["online_payment_pct"] == 60
    assert indicators["electronic_transfer_pct"] == 80
    assert len(collective.groups[1].items) == 2
    assert len(individual.groups[1].items) == 3
    assert all(item.kind == "claim" for item in individual.groups[0].items + individual.groups[1].items)
    assert campaign.deadlines.submit_before is None and campaign.deadlines.appraisal is None
    assert [doc.kind for doc in campaign.required_documents] == ["to_trinh", "bao_cao_thanh_tich", "bien_ban_hop"]
    assert "xác nhận của thủ trưởng đơn vị" in campaign.required_documents[1].title
    assert (campaign.signer.sign_as, campaign.signer.title, campaign.signer.name) == ("KT", "PHÓ CHỦ TỊCH", "Nguyễn Thế Đức")


def test_hon_quan():
    campaign = load("hon-quan-2024-2025.yaml")
    assert isinstance(campaign, EmulationPlan)
    assert campaign.issuer.level == "huyen"
    assert campaign.issuer.superior is None  # its documents are headed by its own name alone (issuers.yaml)
    assert (campaign.plan.number, campaign.plan.date) == ("212/KH-UBND", date(2024, 7, 23))
    assert (campaign.plan.period.start, campaign.plan.period.end) == (date(2024, 7, 23), date(2025, 12, 31))
    assert campaign.recurrence == "yearly"
    assert campaign.receiving_office == "Phòng Nội vụ"
    assert {kind.group for kind in campaign.subject_kinds} == {"collective"}
    [form] = campaign.award_forms
    assert [(q.group, q.max, q.kind) for q in form.quotas] == [("collective", 5, "hard")]
    assert form.quota("individual") is None
    [standards] = campaign.standards
    [group] = standards.groups
    assert group.mode == "all_of"
    par = [item for item in group.items if item.indicator == "par_index_pct"]
    assert [(item.kind, item.threshold) for item in par] == [("indicator", 90)]
    assert any("Hội đồng Sáng kiến cấp huyện" in item.text for item in group.items)
    assert campaign.eligibility.key_leader_discipline_bar == "khien_trach"
    report = campaign.required_documents[-1]
    assert (report.kind, report.form, report.per) == ("bao_cao_thanh_tich", "Mẫu số 08, Nghị định 98/2023/NĐ-CP", "nominee")
    assert campaign.deadlines.submit_before == date(2024, 12, 31)
    event = campaign.deadlines.appraisal.before_event
    assert (event.event, event.days_before) == ("par_conference", 10)
    assert event.event_name == "Hội nghị công bố Chỉ số cải cách hành chính của huyện"
    assert campaign.deadlines.appraisal.fixed is None
    assert campaign.period_of(2025).deadlines.submit_before == date(2025, 12, 31)
    assert campaign.period_of(2025).deadlines.appraisal.before_event == event
    assert campaign.period_of(2024).deadlines.submit_before == date(2024, 12, 31)
    assert campaign.publicised_by == "Đài Truyền thanh - Truyền hình huyện"
    assert campaign.signer.sign_as == "TM"


def test_tu_ky():
    campaign = load("tu-ky-2025.yaml")
    assert isinstance(campaign, ReformPlan)
    assert len(campaign.targets) == 7
    thresholds = {target.indicator: target.threshold for target in campaign.targets}
    assert thresholds["self_inspected_offices_pct"] == 30
    assert thresholds["satisfaction_pct"] == 90
    assert thresholds["city_tasks_done_pct"] == 100
    assert all(target.indicator and target.threshold is not None for target in campaign.targets)
    areas = {task.area for task in campaign.tasks}
    assert len(areas) == 7
    owners = {task.area: task.owner for task in campaign.tasks}
    assert owners["Cải cách tài chính công"] == "Phòng Kinh tế xã"
    assert owners["Cải cách thủ tục hành chính"] == "Văn phòng HĐND và UBND xã"
    assert campaign.reports.to_office == "Phòng Văn hóa - Xã hội"
    assert campaign.reports.quarterly and campaign.reports.yearly
    assert campaign.reports.due_before_day == 10


# --- broken files -----------------------------------------------------------------------------------------

# The issuer VALID names, as the directory would hold it.
ISSUERS = {"thu-nghiem": {"code": "thu-nghiem", "name": "Ủy ban nhân dân xã Thử Nghiệm", "level": "xa", "place": "Thử Nghiệm"}}

VALID = """\
kind: emulation
code: thu-nghiem
source: seeds/none.txt
issuer: thu-nghiem
plan:
  title: Kế hoạch thử nghiệm
  period: {start: 2025-07-01, end: 2025-12-31}
receiving_office: Phòng Văn hóa - Xã hội
subject_kinds:
  - {code: phong_chuyen_mon, name: Phòng chuyên môn, group: collective}
  - {code: can_bo, name: Cán bộ, group: individual}
standards:
  - subject_kinds: [phong_chuyen_mon]
    groups:
      - mode: all_of
        items:
          - {code: hai_long, text: Mức độ hài lòng đạt 90% trở lên, kind: indicator, indicator: satisfaction_pct, threshold: 90}
award_forms:
  - code: giay_khen
    name: Giấy khen của Chủ tịch UBND xã
    quotas:
      - {group: collective, max: 2, kind: hard}
      - {group: individual, max: 3, kind: soft}
required_documents:
  - {kind: to_trinh, title: Tờ trình, per: dossier}
deadlines:
  submit_before: 2025-12-05
signer: {sign_as: TM, title: CHỦ TỊCH, name: Nguyễn Văn A}
"""


def refused(text: str, source: str = "broken.yaml") -> CampaignFileError:
    """The error a broken text raises (with VALID's issuer and the repository's); the test fails if anything is returned."""
    returned = None
    with pytest.raises(CampaignFileError) as caught:
        returned = parse_campaign(text, source, ISSUERS | repository_issuer_settings())
    assert returned is None
    error = caught.value
    assert error.source == source
    for path, reason in error.problems:
        assert f"{source}: {path or '(tệp)'}: {reason}" in str(error)
    return error


def test_the_valid_text_loads():
    campaign = parse_campaign(VALID, "ok.yaml", ISSUERS)
    assert campaign.code == "thu-nghiem"


def test_wrong_group_in_subject_kinds():
    text = VALID.replace("group: collective}", "group: tap_the}", 1)
    error = refused(text)
    reason = "Phải là một trong các giá trị: 'collective' hoặc 'individual'."
    assert error.problems == [("emulation.subject_kinds.0.group", reason)]
    assert f"broken.yaml: emulation.subject_kinds.0.group: {reason}" in str(error)


def test_unknown_field_is_refused():
    error = refused(VALID.replace("deadlines:", "dealines:"), "typo.yaml")
    assert error.problems == [("emulation.dealines", "Kế hoạch không có mục này (tên mục viết sai?).")]
    assert "typo.yaml" in str(error)


def test_typo_in_a_nested_field():
    text = VALID.replace("name: Nguyễn Văn A}", "nmae: Nguyễn Văn A}")
    error = refused(text)
    assert sorted(error.problems) == [
        ("emulation.signer.name", "Thiếu mục bắt buộc này."),
        ("emulation.signer.nmae", "Kế hoạch không có mục này (tên mục viết sai?)."),
    ]


def test_quota_for_a_group_the_plan_does_not_consider():
    text = VALID.replace("  - {code: can_bo, name: Cán bộ, group: individual}\n", "")
    error = refused(text, "quota.yaml")
    assert error.problems == [
        ("emulation", "hình thức giay_khen có chỉ tiêu cho nhóm individual, nhóm mà kế hoạch không xét")
    ]
    assert "quota.yaml: emulation: hình thức giay_khen" in str(error)


def test_missing_signer():
    text = VALID.replace("signer: {sign_as: TM, title: CHỦ TỊCH, name: Nguyễn Văn A}\n", "")
    error = refused(text)
    assert error.problems == [("emulation.signer", "Thiếu mục bắt buộc này.")]


def test_invalid_yaml():
    error = refused(VALID.replace("receiving_office: Phòng", "receiving_office: [Phòng"), "syntax.yaml")
    [(path, reason)] = error.problems
    assert path == ""
    assert reason.startswith("Không phải YAML hợp lệ ở dòng ")
    assert str(error).startswith("syntax.yaml: (tệp): Không phải YAML hợp lệ ở dòng ")


def test_indicator_standard_without_threshold():
    error = refused(VALID.replace(", threshold: 90}", "}"))
    assert error.problems == [
        (
            "emulation.standards.0.groups.0.items.0",
            "tiêu chuẩn đo bằng chỉ số (kind: indicator) cần ghi `indicator` và `threshold`",
        )
    ]


def test_standards_naming_an_unknown_subject_kind():
    error = refused(VALID.replace("  - subject_kinds: [phong_chuyen_mon]", "  - subject_kinds: [phong_chuyen_mon, thon_xom]"))
    assert error.problems == [("emulation", "tiêu chuẩn nêu đối tượng không có trong subject_kinds: thon_xom")]


def test_unknown_kind():
    error = refused(VALID.replace("kind: emulation", "kind: emulaton"))
    assert error.problems == [
        ("", "Loại kế hoạch «emulaton» không có; kind phải là một trong: 'emulation', 'reform_plan'.")
    ]


def test_several_problems_are_all_reported():
    text = VALID.replace("code: thu-nghiem", "code: Thu").replace("max: 2", "max: 0")
    error = refused(text)
    assert [path for path, _ in error.problems] == ["emulation.code", "emulation.award_forms.0.quotas.0.max"]


def test_broken_reform_plan():
    text = (CAMPAIGNS / "tu-ky-2025.yaml").read_text(encoding="utf-8").replace("due_before_day: 10", "due_before_day: 31")
    error = refused(text, "tu-ky-2025.yaml")
    assert error.problems == [("reform_plan.reports.due_before_day", "Phải nhỏ hơn hoặc bằng 28.")]


def test_a_broken_file_is_refused_with_its_name(tmp_path: Path):
    path = tmp_path / "hong-van-loi.yaml"
    text = (CAMPAIGNS / "hong-van-2025.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("group: individual}", "group: ca_nhan}", 1), encoding="utf-8")
    with pytest.raises(CampaignFileError) as caught:
        load_campaign(path)
    assert caught.value.source == "hong-van-loi.yaml"
    reason = "Phải là một trong các giá trị: 'collective' hoặc 'individual'."
    assert caught.value.problems == [("emulation.subject_kinds.5.group", reason)]
    assert str(caught.value).startswith("hong-van-loi.yaml: emulation.subject_kinds.5.group: ")


# --- the problems in Vietnamese ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "path", "reason"),
    [
        ("code: thu-nghiem", "code: Thử Nghiệm", "emulation.code",
         "«Thử Nghiệm» không đúng quy định: chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (-)."),
        ("{code: can_bo,", "{code: can-bo,", "emulation.subject_kinds.1.code",
         "«can-bo» không đúng quy định: chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới (_)."),
        ("max: 2", "max: 0", "emulation.award_forms.0.quotas.0.max", "Phải lớn hơn hoặc bằng 1."),
        ("max: 2", "max: hai", "emulation.award_forms.0.quotas.0.max", "Cần một số nguyên."),
        ("submit_before: 2025-12-05", "submit_before: 05/12/2025", "emulation.deadlines.submit_before",
         "Ngày không hợp lệ: ghi theo dạng năm-tháng-ngày, ví dụ 2025-12-05."),
        ("end: 2025-12-31", "end: 2025-12-32", "", "Có ngày không hợp lệ trong tệp (day is out of range for month)."),
        ("issuer: thu-nghiem", "issuer: khong-co", "issuer",
         "Không có cơ quan ban hành mã “khong-co” (các mã hiện có: an-hai, hon-quan, hong-van, ke-sat, thu-nghiem, tu-ky)."),
        ("issuer: thu-nghiem", "issuer: {name: Ủy ban nhân dân xã Thử Nghiệm, level: xa}", "issuer",
         "Ghi mã của cơ quan ban hành (ví dụ: issuer: ke-sat), không ghi chi tiết cơ quan."),
        ("required_documents:\n  - {kind: to_trinh, title: Tờ trình, per: dossier}",
         "required_documents: to_trinh", "emulation.required_documents", "Cần một danh sách."),
        ("      - mode: all_of\n        items:\n          - {code: hai_long, text: Mức độ hài lòng đạt 90% trở lên, "
         "kind: indicator, indicator: satisfaction_pct, threshold: 90}",
         "      - mode: all_of\n        items: []", "emulation.standards.0.groups.0.items", "Cần ít nhất 1 mục, mới có 0."),
        ("signer: {sign_as: TM, title: CHỦ TỊCH, name: Nguyễn Văn A}", "signer: Nguyễn Văn A", "emulation.signer",
         "Cần các mục con dạng «tên: giá trị»."),
        ("period: {start: 2025-07-01, end: 2025-12-31}", "period: {start: 2025-12-31, end: 2025-07-01}",
         "emulation.plan.period", "ngày kết thúc (end) trước ngày bắt đầu (start)"),
        ("  submit_before: 2025-12-05", "  submit_before: 2025-12-05\n  appraisal: {}", "emulation.deadlines.appraisal",
         "ghi một trong hai: `fixed` hoặc `before_event`"),
        ("kind: emulation\n", "", "", "Thiếu loại kế hoạch: ghi kind: emulation hoặc kind: reform_plan."),
    ],
)
def test_each_problem_is_said_in_vietnamese_at_its_field(old: str, new: str, path: str, reason: str):
    assert old in VALID
    error = refused(VALID.replace(old, new, 1))
    assert error.problems == [(path, reason)]


def test_a_problem_not_known_in_vietnamese_keeps_pydantics_words_after_a_vietnamese_lead():
    unknown = {"type": "uuid_parsing", "loc": ("code",), "msg": "Input should be a valid UUID", "input": "x"}
    assert problem_in_vietnamese(unknown) == "Không hợp lệ (Input should be a valid UUID)."
    english = {"type": "value_error", "loc": (), "msg": "Value error, bad", "input": {}, "ctx": {"error": ValueError("bad")}}
    assert problem_in_vietnamese(english) == "Không hợp lệ (Value error, bad)."

