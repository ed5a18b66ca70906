"""The plan reader's rules for the bars on an award, the grounds cited in the plan's sections, letters, quotas per
unit, the bonus, the decision's capacity, rounds and indicator codes: each on short passages in several wordings
(with and without diacritics, with OCR noise), a passage that says nothing drafting nothing; the score of these
fields against a reference; a draft of them loaded by the settings loader."""

from pathlib import Path

import pytest
import yaml

from plan_reader import draft_text
from plan_reader.draft import SPECS
from plan_reader.indicators import indicator_of
from plan_reader.score import score
from plan_reader.settings import settings_yaml
from schemas.campaign_file import parse_campaign, repository_issuer_settings, repository_issuers

ISSUERS = {r["code"]: r for r in repository_issuers()}
HEAD = "UỶ BAN NHÂN DÂN\nXÃ KẺ SẶT\nSố: 101/KH-UBND Kẻ Sặt, ngày 21 tháng 11 năm 2025\n\nKẾ HOẠCH\n\nThi đua năm 2025\n\n"


def draft(body: str):
    return draft_text(HEAD + body, ISSUERS)


def values(d, path: str) -> list:
    return [v.value for v in d.get(path)]


def quotes(d, path: str) -> list[str]:
    return [v.source.quote() for v in d.get(path)]


@pytest.mark.parametrize("sentence, kinds", [
    ("- Chưa xét tặng hoặc đề nghị khen thưởng cho tập thể, cá nhân đang trong thời gian cơ quan có thẩm quyền xem xét thi "
     "hành kỷ luật, xử lý vi phạm hành chính hoặc đang trong quá trình điều tra, truy tố, xét xử; thanh tra, kiểm tra "
     "khi có dấu hiệu vi phạm hoặc có đơn thư khiếu nại, tố cáo đang được xác minh làm rõ.",
     ["discipline_pending", "administrative_violation", "investigation", "inspection", "complaint"]),
    ("- Chua xét tang hodc dé nghi xét khen thudng cho tap thé, ca nhan dang trong thoi gian co quan c6 thAm quyén xem "
     "xét thi hanh ky luat hoac dang trong qué trinh diéu tra, truy td, xét xir.", ["discipline_pending", "investigation"]),
    ("Không đề nghị khen thưởng đối với cá nhân đang bị xem xét kỷ luật, đang có phản ánh, kiến nghị hoặc vấn đề báo chí "
     "nêu đang được xác minh.", ["discipline_pending", "press_issue", "feedback"]),
])
def test_the_records_that_hold_an_award(sentence, kinds):
    d = draft(f"2. Nguyên tắc khen thưởng\n{sentence}\n")
    assert values(d, "eligibility.record_kinds") == kinds
    assert all(q.strip() for q in quotes(d, "eligibility.record_kinds")) and d.unsourced() == []


@pytest.mark.parametrize("sentence, rating", [
    ("- Năm đề nghị khen thưởng được đánh giá, xếp loại Hoàn thành tốt nhiệm vụ trở lên.", "hoan_thanh_tot"),
    ("- Nam de nghi khen thuong duoc danh gia xep loai Hoan thanh tet nhiem vu tro len.", "hoan_thanh_tot"),
    ("- Được xếp loại mức Hoàn thành xuất sắc nhiệm vụ năm 2025.", "hoan_thanh_xuat_sac"),
    ("- Cá nhân được đánh giá hoàn thành nhiệm vụ trở lên.", "hoan_thanh"),
    ("- Phải được xếp loại chất lượng ở mức hoàn thành tốt nhiệm vụ trở lên.", "hoan_thanh_tot"),
])
def test_an_individuals_rating_bar(sentence, rating):
    d = draft(f"3. Tiêu chuẩn khen thưởng\n3.2. Đối với cá nhân\n{sentence}\n")
    assert d.first("eligibility.individual_rating_at_least") == rating


def test_a_rating_of_a_collective_is_no_individuals_bar():
    d = draft("3.1. Đối với tập thể\n- Tập thể được đánh giá, xếp loại Hoàn thành tốt nhiệm vụ.\n")
    assert d.get("eligibility.individual_rating_at_least") == []


@pytest.mark.parametrize("sentence, form", [
    ("d) Không xét khen thưởng đối với tập thể cơ quan, đơn vị có lãnh đạo chủ chốt bị kỷ luật từ mức khiển trách trở lên.", "khien_trach"),
    ("thuong d61 voi tap thé co quan, don vi c6 lanh dao chu chdt bi ky luat tir murc khién trach tro 1én.", "khien_trach"),
    ("- Tập thể có lãnh đạo chủ chốt bị xử lý kỷ luật hình thức cảnh cáo trở lên thì không xét khen thưởng.", "canh_cao"),
    ("- Không xét tập thể có người đứng đầu bị kỷ luật từ hình thức khiển trách trở lên trong năm.", "khien_trach"),
])
def test_the_key_leaders_discipline_bar(sentence, form):
    assert draft(sentence + "\n").first("eligibility.key_leader_discipline_bar") == form


@pytest.mark.parametrize("sentence", [
    "- Không tặng nhiều hình thức khen thưởng cho một thành tích đạt được.",
    "- Khéng tang nhiéu hinh thirc khen thudng cho mét thanh tich dat dugc.",
    "- Không khen thưởng nhiều lần, nhiều hình thức cho cùng một thành tích.",
    "- Một thành tích chỉ được đề nghị một hình thức khen thưởng.",
])
def test_one_award_per_achievement(sentence):
    assert draft(sentence + "\n").first("eligibility.one_award_per_achievement") is True


@pytest.mark.parametrize("sentence, years", [
    ("- Cá nhân được đề nghị sau 02 năm kể từ lần được khen thưởng trước.", 2),
    ("- Khong de nghi khen thuong doi voi ca nhan da duoc tang Giay khen trong 03 nam gan nhat.", 3),
])
def test_the_years_between_two_awards(sentence, years):
    assert draft(sentence + "\n").first("eligibility.award_interval_years") == years


def test_a_plan_silent_on_the_bars_drafts_none():
    d = draft("2. Nguyên tắc khen thưởng\n- Bảo đảm chính xác, công khai, công bằng, kịp thời.\n- Đang triển khai thực hiện.\n")
    assert not any(path.startswith("eligibility.") for path in d.values)


@pytest.mark.parametrize("sentence, number", [
    ("- Hoàn thành 100% nhiệm vụ theo danh mục ban hành kèm theo Quyết định số 462/QĐ-UBND ngày 30/7/2025 của UBND xã "
     "về việc ban hành Kế hoạch cải cách hành chính; các nội dung khác.", "462"),
    ("b) dieu hanh cai cach hanh chinh theo quy dinh tai Quyét dinh s6 212/QD-UBND ngay 25/01/2021 caa UBND huyén vé Quy "
     "dinh trach nhiém cua nguoi dung dau.", "212"),
    ("- Các nhiệm vụ được giao tại Kế hoạch số 57/KH-UBND ngày 02 tháng 3 năm 2025 của Ủy ban nhân dân xã.", "57"),
])
def test_a_ground_cited_in_the_sections(sentence, number):
    d = draft(f"Căn cứ Quyết định số 3665/QĐ-UBND ngày 09/9/2025 của UBND thành phố;\n\nI. MỤC ĐÍCH\n{sentence}\n")
    grounds = values(d, "plan.grounds")
    assert len(grounds) == 2 and f"{number}/" in grounds[1]


@pytest.mark.parametrize("sentence", [
    "- Tiếp tục thực hiện Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ.",  # a task, not a ground
    "- Báo cáo thành tích theo Mẫu số 04 tại Nghị định số 152/2025/NĐ-CP ngày 14/6/2025.",  # a form of the dossier
    "- Kết quả theo Quyết định số 3665/QĐ-UBND ngày 09/9/2025 của UBND thành phố.",  # already a ground of the preamble
    "- Thực hiện theo Quyết định số 12/QĐ-UBND của UBND xã.",  # no date: a mention, not a citation
])
def test_citations_that_are_not_grounds(sentence):
    d = draft(f"Căn cứ Quyết định số 3665/QĐ-UBND ngày 09/9/2025 của UBND thành phố;\n\nI. MỤC ĐÍCH\n{sentence}\n")
    assert len(d.get("plan.grounds")) == 1


@pytest.mark.parametrize("sentence", [
    "Thực hiện Công văn số 812/SNV-VP ngày 20/12/2025 của Sở Nội vụ thành phố Hải Phòng về việc hướng dẫn xét khen "
    "thưởng năm 2025, UBND xã hướng dẫn như sau.",
    "Thuc hien Cong van so 812/SNV-VP ngay 20 thang 12 nam 2025 cua So Noi vu thanh pho Hai Phong ve viec huong dan xet "
    "khen thuong nam 2025; UBND xa huong dan.",
])
def test_a_letter_dated_after_the_plan(sentence):
    d = draft(f"I. MỤC ĐÍCH\n- Nội dung.\n{sentence}\n")
    letter = d.first("plan.letters")
    assert (letter["number"], letter["date"]) == ("812/SNV-VP", "2025-12-20")
    assert letter["issued_by"].endswith("Hải Phòng") or letter["issued_by"].endswith("Hai Phong")
    assert "huong dan" in letter["subject"].lower() or "hướng dẫn" in letter["subject"].lower()
    assert not any("812" in g for g in values(d, "plan.grounds"))


def test_a_letter_before_the_plan_is_a_ground_and_without_the_plans_date_none_is_drafted():
    before = draft("Căn cứ Công văn số 700/SNV-VP ngày 01/10/2025 của Sở Nội vụ về việc hướng dẫn;\n\nI. MỤC ĐÍCH\n")
    assert before.get("plan.letters") == [] and len(before.get("plan.grounds")) == 1
    undated = draft_text("KẾ HOẠCH\n\nThi đua\n\nThực hiện Công văn số 812/SNV-VP ngày 20/12/2025 của Sở Nội vụ về việc "
                         "hướng dẫn khen thưởng.\n", ISSUERS)
    assert undated.get("plan.letters") == []


@pytest.mark.parametrize("sentence, rules", [
    ("- Mỗi phòng chuyên môn đề nghị không quá 01 tập thể và 02 cá nhân; mỗi thôn 01 trường hợp (tập thể hoặc cá nhân).",
     [{"unit_kinds": ["phong_chuyen_mon"], "max_collectives": 1, "max_individuals": 2}, {"unit_kinds": ["thon"], "max_total": 1}]),
    ("- Moi don vi de xuat it nhat 01 tap the va toi da 03 ca nhan.", [{"min_collectives": 1, "max_individuals": 3}]),
    ("- Số lượng đề nghị của mỗi thôn: 01 tập thể, 02 cá nhân.",
     [{"unit_kinds": ["thon"], "max_collectives": 1, "max_individuals": 2}]),
    ("- mdi phong chuyén mén duoc dé nghi toi da 02 truong hop (tap thé hoac ca nhan).",
     [{"unit_kinds": ["phong_chuyen_mon"], "max_total": 2}]),
    ("- Số cá nhân đề nghị không quá 15% tổng số cán bộ, công chức của đơn vị, đơn vị có dưới 07 người được đề nghị 01 cá nhân.",
     [{"staff_share": {"share": "15/100", "at_least": 1}}]),
])
def test_quotas_per_unit(sentence, rules):
    d = draft(f"3. Số lượng\n{sentence}\n")
    got = [{k: v for k, v in rule.items() if k != "unit_kinds_name"} for rule in values(d, "unit_quotas")]
    assert got == rules


@pytest.mark.parametrize("sentence", [
    "- Mỗi năm xét tặng Giấy khen cho không quá 05 tập thể.",  # the campaign's quota, not each unit's
    "- Tặng Giấy khen cho 01 tập thể, 04 cá nhân.",
    "- Nâng cao trách nhiệm của mỗi cấp, mỗi ngành, mỗi đơn vị.",
])
def test_no_quota_per_unit_where_the_plan_sets_none(sentence):
    assert draft(f"3. Số lượng\n{sentence}\n").get("unit_quotas") == []


@pytest.mark.parametrize("sentence, base, rounding", [
    ("Tiền thưởng tính theo mức lương cơ sở là 2.340.000 đồng, làm tròn đến hàng nghìn đồng.", 2_340_000, 1000),
    ("Muc luong co so 1.800.000 dong; so tien thuong duoc lam tron len 1.000 dong.", 1_800_000, 1000),
    ("Tiền thưởng thực hiện theo quy định hiện hành.", None, None),
])
def test_the_bonus_base_and_rounding(sentence, base, rounding):
    d = draft(f"5. Tiền thưởng\n{sentence}\n")
    assert (d.first("bonus.base_salary_vnd"), d.first("bonus.rounding_vnd")) == (base, rounding)


@pytest.mark.parametrize("sentence", [
    "Cá nhân được tặng Giấy khen kèm theo tiền thưởng 0,15 lần mức lương cơ sở; tập thể được tặng Giấy khen kèm theo "
    "tiền thưởng 0,3 lần mức lương cơ sở.",
    "Ca nhan duoc thuong 0,15 lan muc luong co so; tap the duoc thuong 0,3 lan luong co so.",
])
def test_the_bonus_multiples(sentence):
    d = draft(f"5. Tiền thưởng\n{sentence}\n")
    assert values(d, "bonus_multiple") == [{"group": "individual", "multiple": 0.15}, {"group": "collective", "multiple": 0.3}]


@pytest.mark.parametrize("sentence, capacity", [
    ("- Chủ tịch UBND xã tặng Giấy khen cho tập thể, cá nhân.", "own"),
    ("- Giấy khen của Chủ tịch Ủy ban nhân dân xã.", "own"),
    ("- Ủy ban nhân dân xã tặng Giấy khen cho các tập thể, cá nhân.", "body"),
    ("- Giay khen cua UBND phuong cho tap the, ca nhan.", "body"),
])
def test_whose_power_the_award_is_decided_in(sentence, capacity):
    d = draft(f"2. Hình thức khen thưởng\n{sentence}\n")
    assert d.first("signatures.decision") == capacity


MOVEMENT = "II. NỘI DUNG\n1. Thời gian: từ ngày 01/01/2021 đến ngày 31/12/2025.\n"


@pytest.mark.parametrize("sentence", [
    "- Sơ kết 03 năm (2021 - 2023) vào quý IV/2023; tổng kết phong trào vào năm 2025.",
    "- So ket giai doan 2021-2023 vao quy IV nam 2023; tong ket vao cuoi nam 2025.",
])
def test_the_rounds_of_a_movement(sentence):
    d = draft(MOVEMENT + sentence + "\n")
    rounds = values(d, "rounds")
    assert [(r["code"], r["review"], r["period"]["end"]) for r in rounds] == [
        ("so-ket-2023", "so_ket", "2023-12-31"), ("tong-ket", "tong_ket", "2025-12-31")]
    assert d.first("recurrence") == "rounds"


def test_no_rounds_without_an_interim_review_of_a_year():
    d = draft(MOVEMENT + "- Tổ chức đánh giá, sơ kết, tổng kết và đề nghị xét khen thưởng theo quy định.\n")
    assert d.get("rounds") == [] and d.first("recurrence") != "rounds"


@pytest.mark.parametrize("text, code", [
    ("Mức độ hài lòng của người dân và doanh nghiệp về giải quyết TTHC đạt 90% trở lên", "satisfaction_pct"),
    ("Muc do hai long cua nguoi dan, doanh nghiep dat tu 95% tro len", "satisfaction_pct"),
    ("Có kết quả Chỉ số cải cách hành chính Nhà nước của năm đạt từ 90% trở lên", "par_index_pct"),
    ("Chỉ số SIPAS đạt từ 85% trở lên", "sipas_pct"),
    ("Cắt giảm tối thiểu 50% thời gian giải quyết thủ tục hành chính", "processing_time_cut_pct"),
    ("Đảm bảo 98% tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn", "on_time_pct"),
    ("Có sáng kiến trong công tác cải cách hành chính được công nhận", None),
    # A share written as its figure: "100% nhiệm vụ …" is "Tỷ lệ hoàn thành nhiệm vụ …".
    ("Hoàn thành 100% nhiệm vụ được UBND thành phố giao", "city_tasks_done_pct"),
    ("Hoan thanh 100% nhiem vu theo danh muc cua xa", "commune_tasks_done_pct"),
    ("Hoàn thành 100% nhiệm vụ cải cách hành chính năm 2026 của xã", "commune_tasks_done_pct"),
    ("Phấn đấu 100% kết quả giải quyết TTHC được số hóa", "results_digitised_pct"),
    ("Tối thiểu 95% hồ sơ được luân chuyển bằng phương thức điện tử", "electronic_transfer_pct"),
    # The name's words misread by the OCR
    ("100% hồ sơ TTHC được theo ddi trang thai xu ly tren he thong", "dossiers_tracked_pct"),
    # What the figure counts is not what the name shares: budget targets, staff
    ("Hoàn thành 100% chỉ tiêu thu ngân sách được UBND thành phố giao", None),
    ("Hoan thanh 100% chi ti€u thu ngan sach duoc UBND thanh pho giao", None),
    ("100% cán bộ, công chức được tập huấn về CCHC", None),
    # Tasks another committee gave than the name's
    ("Hoàn thành 100% nhiệm vụ được UBND xã giao", None),
    ("Hoan thanh 100% nhiem vu duoc Uy ban nhan dan tinh giao", None),
])
def test_the_indicator_a_standard_names(text, code):
    assert indicator_of(text) == code


def test_a_measured_standard_is_drafted_with_its_indicator():
    d = draft("3. Tiêu chuẩn khen thưởng\n3.1. Đối với tập thể\n- Mức độ hài lòng của người dân đạt 90% trở lên.\n4. Hồ sơ\n")
    standard = d.first("standards")
    assert (standard["threshold"], standard["indicator"]) == (90.0, "satisfaction_pct")


def test_the_new_fields_are_scored_against_any_reference():
    plan = draft(
        "2. Nguyên tắc khen thưởng\n- Không tặng nhiều hình thức khen thưởng cho một thành tích.\n"
        "- Chưa xét khen thưởng cho cá nhân đang bị xem xét kỷ luật hoặc đang bị điều tra.\n"
        "3. Số lượng\n- Mỗi phòng chuyên môn đề nghị không quá 01 tập thể và 02 cá nhân.\n"
        "- Tiền thưởng tính theo mức lương cơ sở là 2.340.000 đồng.\n")
    reference = {
        "kind": "emulation", "plan": {"letters": [{"number": "812/SNV-VP", "date": "2025-12-20", "subject": "x"}]},
        "eligibility": {"record_kinds": ["discipline_pending", "complaint"], "key_leader_discipline_bar": "khien_trach"},
        "unit_quotas": [{"unit_kinds": ["phong_chuyen_mon"], "max_collectives": 1, "max_individuals": 2}],
        "bonus": {"base_salary_vnd": 1_800_000},
    }
    result = score(plan, reference)
    assert result.right.count("eligibility.record_kinds") == 1 and "unit_quotas" in result.right
    assert {"plan.letters", "eligibility.key_leader_discipline_bar"} <= set(result.missing)
    assert result.missing.count("eligibility.record_kinds") == 1  # complaint
    assert result.wrong.count("eligibility.record_kinds") == 1  # investigation
    assert "bonus.base_salary_vnd" in result.wrong
    assert "eligibility.one_award_per_achievement" not in result.right + result.wrong  # the default, said


def test_a_draft_of_the_new_fields_loads_through_the_settings_loader():
    d = draft(
        "I. MỤC ĐÍCH\nThực hiện Công văn số 812/SNV-VP ngày 20/12/2025 của Sở Nội vụ về việc hướng dẫn khen thưởng.\n"
        "II. ĐỐI TƯỢNG\n1. Đối tượng khen thưởng\n1.1. Tập thể: Các phòng chuyên môn thuộc UBND xã.\n"
        "1.2. Cá nhân: Cán bộ, công chức xã.\n"
        "2. Nguyên tắc khen thưởng\n- Không tặng nhiều hình thức khen thưởng cho một thành tích.\n"
        "- Chưa xét khen thưởng cho cá nhân đang bị xem xét kỷ luật hoặc đang bị điều tra.\n"
        "3. Hình thức khen thưởng\n- Chủ tịch UBND xã tặng Giấy khen. Cá nhân được thưởng 0,15 lần mức lương cơ sở; "
        "tập thể được thưởng 0,3 lần mức lương cơ sở.\n- Mỗi phòng chuyên môn đề nghị không quá 01 tập thể và 02 cá nhân.\n"
        "- Tiền thưởng tính theo mức lương cơ sở là 2.340.000 đồng, làm tròn đến hàng nghìn đồng.\n")
    confirmed = {path: [v.value for v in items] if SPECS[path].many else items[0].value
                 for path, items in d.values.items()}
    confirmed |= {"receiving_office": "Phòng Văn hóa - Xã hội", "required_documents": [],
                  "plan.period": {"start": "2025-01-01", "end": "2025-12-31"},
                  "signer.sign_as": "TM", "signer.title": "CHỦ TỊCH", "signer.name": "Phạm Thị Thu Hiền"}
    campaign = parse_campaign(settings_yaml(confirmed, {}, "thu-nghiem", "ke-hoach.txt"), "x", repository_issuer_settings())
    assert campaign.plan.letters[0].number == "812/SNV-VP"
    assert campaign.eligibility.record_kinds == ["discipline_pending", "investigation"]
    assert campaign.unit_quotas[0].max_individuals == 2
    assert (campaign.bonus.base_salary_vnd, campaign.bonus.rounding_vnd) == (2_340_000, 1000)
    assert campaign.award_forms[0].bonus_multiple == {"individual": 0.15, "collective": 0.3}



def test_any_settings_file_scores_any_plan():
    """Every settings file of the repository's tests and campaigns against every seed plan: scored without a
    failure whatever ways the file writes its deadlines, quotas and rounds; a reference's rounds the draft lacks
    are missing, one each."""
    root = Path(__file__).resolve().parent.parent
    drafts = [draft_text(plan.read_text(encoding="utf-8"), ISSUERS) for plan in sorted((root / "campaigns/seeds").glob("*.txt"))]
    for settings in sorted((root / "tests/data/plans").glob("*.yaml")) + sorted((root / "campaigns").glob("*.yaml")):
        reference = yaml.safe_load(settings.read_text(encoding="utf-8"))
        for plan in drafts:
            result = score(plan, reference)
            assert result.unsourced == 0 and result.total > 0 and 0 <= result.share() <= 1
            if reference.get("rounds"):
                assert result.missing.count("rounds") == len(reference["rounds"])


@pytest.mark.parametrize("criteria", [
    "1.2. 100% thủ tục hành chính của phường được công bố, công khai và cập nhật kịp thời; trong đó tối thiểu 80% hồ sơ "
    "được luân chuyển trong nội bộ bằng phương thức điện tử.\n1.5. Mức độ hài lòng của người dân, doanh nghiệp về giải "
    "quyết TTHC đạt 95% trở lên.",
    "1.2. 100% thu tuc hanh chinh cua phuong duoc cong bo, cong khai va cap nhat kip thoi; trong do toi thieu 80% ho so "
    "duoc luan chuyen trong noi bo bang phuong thuc dien tu.\n1.5. Muc do hai long cua nguoi dan, doanh nghiep ve giai "
    "quyet TTHC dat 95% tro len.",
])
def test_measured_criteria_outside_the_standards_section(criteria):
    d = draft(f"III. TIÊU CHÍ THI ĐUA VÀ TIÊU CHUẨN KHEN THƯỞNG\n1. Tiêu chí thi đua\n1.1. Đổi mới giải quyết thủ tục "
              f"hành chính.\n{criteria}\n2. Tiêu chuẩn khen thưởng\na) Đối với tập thể:\n- Thực hiện nghiêm kỷ luật.\n")
    measured = [(s["indicator"], s["threshold"]) for s in values(d, "standards") if "indicator" in s]
    assert measured == [("procedures_published_pct", 100.0), ("electronic_transfer_pct", 80.0), ("satisfaction_pct", 95.0)]
    assert values(d, "standards")[0]["text"] == "Thực hiện nghiêm kỷ luật"
    assert any(q.lower().startswith("toi thieu 80%") or q.lower().startswith("tối thiểu 80%") for q in quotes(d, "standards"))


def test_criteria_read_as_the_standards_are_not_read_twice():
    d = draft("III. NỘI DUNG\n1. Tiêu chí thi đua\n- Mức độ hài lòng của người dân đạt 90% trở lên.\n2. Hồ sơ\n")
    assert len(d.get("standards")) == 1


@pytest.mark.parametrize("line, threshold", [
    ("- Chỉ số DTI của đơn vị năm 2025 đạt từ 0,6 trở lên.", 0.6),
    ("- Chi so chuyen doi so (DTI) cua don vi dat tu 0,72 tro len.", 0.72),
])
def test_an_index_threshold_without_a_percent(line, threshold):
    d = draft(f"3. Tiêu chuẩn khen thưởng\n3.1. Đối với tập thể\n{line}\n- Có sáng kiến được công nhận năm 2025.\n4. Hồ sơ\n")
    standards = values(d, "standards")
    assert (standards[0]["indicator"], standards[0]["threshold"]) == ("dti", threshold)
    assert "threshold" not in standards[1]  # "năm 2025" is no figure of a standard
