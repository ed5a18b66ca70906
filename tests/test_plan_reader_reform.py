"""A reform plan (kế hoạch cải cách hành chính) told from an emulation plan and drafted as one: its targets, its
tasks with their offices, its reports; each on short passages with and without diacritics and with OCR noise,
and the draft loaded by the settings loader."""

import pytest

from plan_reader import draft_text
from plan_reader.draft import SPECS
from plan_reader.settings import settings_yaml
from schemas.campaign_file import parse_campaign, repository_issuer_settings, repository_issuers

ISSUERS = {r["code"]: r for r in repository_issuers()}
HEAD = "UỶ BAN NHÂN DÂN\nXÃ KẺ SẶT\n\nKẾ HOẠCH\n\nCải cách hành chính xã Kẻ Sặt 6 tháng cuối năm 2025\n\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- Nâng cao hiệu quả.\n"
TARGETS = {
    "accents": "II. MỘT SỐ CHỈ TIÊU CHỦ YẾU\n1. Hoàn thành 100% nhiệm vụ được UBND thành phố giao đảm bảo tiến độ.\n"
               "2. Mức độ hài lòng của người dân và doanh nghiệp về giải quyết TTHC đạt 90% trở lên.\n"
               "3. Thực hiện tự kiểm tra công tác CCHC tối thiểu 30% cơ quan chuyên môn.\n",
    "ocr": "II. MOT SO CHI TIEU CHI YEU\n1. Hoan thanh 100% nhiem vu duoc UBND thanh pho giao dam bao tien do.\n"
           "2. Muc do hai long cua nguoi dan va doanh nghiep ve giai quyet TTHC dat 90% tro 1en.\n"
           "3. Thyc hien tu kiem tra cong tac CCHC toi thieu 30% co quan chuyen mon.\n",
}
# Shares written as their figures, one of them counting what no catalogue name shares (the budget's targets).
MORE_TARGETS = {
    "accents": "4. 100% hồ sơ thủ tục hành chính được theo dõi trạng thái xử lý trên hệ thống.\n"
               "5. Hoàn thành 100% chỉ tiêu thu ngân sách năm 2026 được UBND tỉnh giao.\n",
    "ocr": "4. 100% ho so TTHC khi tiép nhan duoc theo ddi trang thai xtr 1y\ntrén hé thong thong tin cua xa.\n"
           "5. Hoan thanh 100% chi ti€u thu ngan sach nam 2026 dugc\nUBND tinh giao.\n",
}
TASKS = ("III. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU\n1. Cải cách thể chế\na) Rà soát văn bản.\n2. Cải cách tài chính công\n"
         "a) Điều hành ngân sách.\nIV. TỔ CHỨC THỰC HIỆN\n1. Trách nhiệm chung:\na) Các cơ quan thực hiện.\n"
         "b) Thực hiện chế độ báo cáo (báo cáo hằng quý và báo cáo năm gửi trước ngày 10 của tháng cuối quý) gửi Phòng "
         "Văn hóa - Xã hội xã tổng hợp.\n2. Phân công trách nhiệm cụ thể:\na) Văn phòng HĐND và UBND xã:\n"
         "- Chủ trì thực hiện các nội dung về cải cách thể chế.\nb) Phòng Kinh tế xã:\n"
         "- Chủ trì, phối hợp thực hiện các nội dung về cải cách tài chính công.\n")


def draft(body: str):
    return draft_text(HEAD + body, ISSUERS)


def values(d, path: str) -> list:
    return [v.value for v in d.get(path)]


@pytest.mark.parametrize("wording", sorted(TARGETS))
def test_a_reform_plans_targets(wording):
    d = draft(TARGETS[wording] + MORE_TARGETS[wording] + TASKS)
    assert d.kind == "reform_plan"
    targets = values(d, "targets")
    assert [(t.get("indicator"), t["threshold"]) for t in targets] == [
        ("city_tasks_done_pct", 100.0), ("satisfaction_pct", 90.0), (None, 30.0), ("dossiers_tracked_pct", 100.0),
        (None, 100.0)]
    assert d.unsourced() == []


def test_a_reform_plans_tasks_and_reports():
    d = draft(TARGETS["accents"] + TASKS)
    assert values(d, "tasks") == [{"area": "Cải cách thể chế", "owner": "Văn phòng HĐND và UBND xã"},
                                  {"area": "Cải cách tài chính công", "owner": "Phòng Kinh tế xã"}]
    assert (d.first("reports.quarterly"), d.first("reports.yearly"), d.first("reports.due_before_day")) == (True, True, 10)
    assert d.first("reports.to_office") == "Phòng Văn hóa - Xã hội"
    assert not any(path.startswith(("subject_kinds", "award_forms", "eligibility")) for path in d.values)


@pytest.mark.parametrize("sentence", [
    "c) Thuc hien nghiem che do thong tin bao cao theo dinh ky (b&o cao hang quy va bdo cdo nam giri trieee ngay 10 cua "
    "thang cudi quy) giri Phong Van hoa - Xa hoi xa tong hop.",
    "- Báo cáo hằng quý gửi về Phòng Văn hóa - Xã hội trước ngày 15 của tháng cuối quý.",
    "c) Thuc hien che do bao cao (b&o cao hang quy va bdo cdo nam giri trieee ngay 10 ciia thang cudi quy) giri Phong "
    "Vian héa - Xa hoi x& tong hop.",  # a letter added, one misread
])
def test_reports_in_other_wordings(sentence):
    d = draft(TARGETS["accents"] + "IV. TỔ CHỨC THỰC HIỆN\n" + sentence + "\n")
    assert d.first("reports.quarterly") is True and d.first("reports.due_before_day") in (10, 15)
    assert d.first("reports.to_office") == "Phòng Văn hóa - Xã hội"


@pytest.mark.parametrize("area, duty", [
    ("4. Cai cch to chirc bd may", "- Chu tri, phdi hop to chtrc thuc hién cac ndi dung vé cai cach t6 chirc bd may hanh chinh."),
    ("4. Cải cách tổ chức bộ máy", "- Chủ trì thực hiện các nội dung về cải cách tổ chức bộ máy hành chính nhà nước."),
    ("4. Cai cach to chuc bo mayy", "- Chu tri thuc hien cac noi dung ve cai cach to chuc bo may."),
])
def test_a_task_whose_area_the_ocr_misread(area, duty):
    tasks = (f"III. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU\n{area}\na) Rà soát chức năng.\nIV. TỔ CHỨC THỰC HIỆN\n"
             f"1. Trách nhiệm chung:\na) Các cơ quan thực hiện.\n2. Phân công trách nhiệm cụ thể:\na) Phòng Văn hóa - Xã hội:\n{duty}\n")
    assert values(draft(TARGETS["accents"] + tasks), "tasks") == [
        {"area": "Cải cách tổ chức bộ máy", "owner": "Phòng Văn hóa - Xã hội"}]


def test_an_emulation_plan_is_not_a_reform_plan():
    d = draft("II. ĐỐI TƯỢNG, TIÊU CHUẨN KHEN THƯỞNG\n1. Đối tượng\n- Tập thể: Các phòng chuyên môn.\n"
              "III. MỘT SỐ CHỈ TIÊU CHỦ YẾU\n1. Hoàn thành 100% nhiệm vụ.\n")
    assert d.kind == "emulation" and d.get("targets") == []


def test_a_reform_draft_loads_through_the_settings_loader():
    d = draft(TARGETS["accents"] + TASKS)
    confirmed = {path: [v.value for v in items] if SPECS[path].many else items[0].value for path, items in d.values.items()}
    confirmed |= {"issuer": "ke-sat", "plan.period": {"start": "2025-07-01", "end": "2025-12-31"}}
    campaign = parse_campaign(settings_yaml(confirmed, {}, "cchc-thu", "ke-hoach.txt", d.kind), "x", repository_issuer_settings())
    assert campaign.kind == "reform_plan" and len(campaign.targets) == 3
    assert campaign.reports.to_office == "Phòng Văn hóa - Xã hội" and campaign.reports.due_before_day == 10
    assert campaign.tasks[1].owner == "Phòng Kinh tế xã"
