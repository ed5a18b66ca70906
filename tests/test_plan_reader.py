"""The plan reader's rules on short passages, each in several wordings (with and without diacritics, with OCR
noise), the refusal of a value without a source, and the five seeds scored at a floor."""

from pathlib import Path

import pytest
import yaml

from plan_reader import draft_text
from plan_reader.dates import find_dates
from plan_reader.draft import NoSource, Source, Value
from plan_reader.normalise import fold, restore
from plan_reader.score import score
from plan_reader.settings import settings_of
from schemas.campaign_file import repository_issuers

ROOT = Path(__file__).resolve().parent.parent
ISSUERS = {r["code"]: r for r in repository_issuers()}


def draft(body: str):
    return draft_text(body, ISSUERS)


@pytest.mark.parametrize("text, expected", [
    ("05/12/2025", "2025-12-05"),
    ("ngày 05 tháng 12 năm 2025", "2025-12-05"),
    ("ngay 5 thang 12 nam 2025", "2025-12-05"),
    ("trước ngày 5/12", "2025-12-05"),
    ("trude ngay 05/12/2025", "2025-12-05"),
])
def test_dates_in_every_wording(text, expected):
    found = find_dates(fold(text), 2025)
    assert found[0].day.isoformat() == expected


def test_before_and_by_are_told_apart():
    assert find_dates(fold("trước ngày 5/12"), 2025)[0].relation == "before"
    assert find_dates(fold("chậm nhất ngày 19/12/2025"))[0].relation == "by"
    assert find_dates(fold("trước ngày 31 tháng 12 hằng năm"), 2024)[0].yearly


@pytest.mark.parametrize("noisy", ["qua Phong Vin hoa - X4 hoi", "qua Phòng Văn hóa - Xã hội", "qua phong van hoa - xa hoi"])
def test_known_phrases_get_their_diacritics_back(noisy):
    assert "Phòng Văn hóa - Xã hội" in restore(noisy)


def test_a_number_is_not_restored_into_a_word():
    assert restore("Hoan thanh 100% nhiem vu").startswith("Hoan thanh 100%")  # not "Hoàn thành tốt"


HEAD = "{uy}\n{xa}\n{so} {place}, {ngay}\n{kh}\n\n{title}\n\n"


@pytest.mark.parametrize("uy, xa, so, ngay, kh", [
    ("ỦY BAN NHÂN DÂN", "XÃ KẺ SẶT", "Số: 101/KH-UBND", "ngày 21 tháng 11 năm 2025", "KẾ HOẠCH"),
    ("UY BAN NHAN DAN", "XA KE SAT Doc lap - Tu do - Hanh phuc", "S6:101 /KH-UBND", "ngay 21 thang 11 ndm 2025", "KE HOACH"),
])
def test_letterhead(uy, xa, so, ngay, kh):
    text = HEAD.format(uy=uy, xa=xa, so=so, place="Kẻ Sặt", ngay=ngay, kh=kh,
                       title="Triển khai công tác thi đua, khen thưởng năm 2025")
    d = draft(text)
    assert d.first("issuer")["code"] == "ke-sat"
    assert d.first("plan.number") == "101/KH-UBND"
    assert d.first("plan.date") == "2025-11-21"
    assert fold(d.first("plan.title")).startswith("trien khai cong tac thi dua")


def test_an_illegible_date_is_left_empty():
    d = draft(HEAD.format(uy="UY BAN NHAN DAN", xa="XA HONG VAN", so="S6:56 /KH-UBND", place="Hong Van",
                          ngay="ngay gsthang & nam 2025", kh="KE HOACH", title="Phát động phong trào thi đua"))
    assert d.first("plan.date") is None and "plan.date" in d.missing()


@pytest.mark.parametrize("sentence", [
    "Hồ sơ đề nghị khen thưởng gửi về UBND xã (qua Phòng Văn hóa - Xã hội) trước ngày 05/12/2025.",
    "Ho so de nghi khen thuong giri ve UBND x4 (qua Phong Vin hoa - X4 hoi) trude ngay 05/12/2025.",
    "Các đơn vị nộp hồ sơ qua Phòng Văn hóa - Xã hội chậm nhất ngày 04/12/2025.",
])
def test_receiving_office_and_deadline(sentence):
    d = draft(f"KẾ HOẠCH\n\nThi đua năm 2025\n\nI. THỦ TỤC\n\n{sentence}\n")
    assert d.first("receiving_office") == "Phòng Văn hóa - Xã hội"
    assert d.first("deadlines.submit_before") == "2025-12-05"


@pytest.mark.parametrize("items", [
    "1. Đối tượng khen thưởng\n1.1. Tập thể: Các phòng chuyên môn; đơn vị sự nghiệp thuộc UBND xã.\n1.2. Cá nhân: Cán bộ, công chức, viên chức.",
    "1. Doi tuong khen thuong\na) Tap the: Cac phong chuyen mon; don vi su nghiep thuoc UBND xa.\nb) Ca nhan: Can bo, cong chuc, vien chuc.",
])
def test_subjects_by_group(items):
    d = draft(f"KẾ HOẠCH\n\nThi đua năm 2025\n\nII. ĐỐI TƯỢNG\n\n{items}\n\nIII. KHÁC\n")
    kinds = [v.value for v in d.get("subject_kinds")]
    assert [k["group"] for k in kinds] == ["collective", "collective", "individual"]
    assert fold(kinds[1]["name"]).startswith("don vi su nghiep")


@pytest.mark.parametrize("line, figure", [
    ("- Mức độ hài lòng của người dân đạt từ 90% trở lên.", 90.0),
    ("- Muc do hai long cua nguoi dan dat 90% tro len.", 90.0),
    ("- Cắt giảm tối thiểu 50% thời gian giải quyết thủ tục hành chính.", 50.0),
])
def test_standards_with_thresholds(line, figure):
    d = draft(f"KẾ HOẠCH\n\nThi đua năm 2025\n\n3. Tiêu chuẩn khen thưởng\n3.1. Đối với tập thể\n{line}\n4. Hồ sơ\n")
    standard = d.first("standards")
    assert standard["group"] == "collective" and standard["threshold"] == figure


def test_one_of_standards():
    d = draft("KẾ HOẠCH\n\nThi đua\n\n3. Tiêu chuẩn khen thưởng\na) Đối với cá nhân: đạt một trong các tiêu chuẩn sau:\n"
              "- Có sáng kiến được công nhận.\n- Có thành tích xuất sắc trong công tác.\n4. Hồ sơ\n")
    assert [v.value["mode"] for v in d.get("standards")] == ["one_of", "one_of"]
    assert {v.value["group"] for v in d.get("standards")} == {"individual"}


@pytest.mark.parametrize("text, quotas", [
    ("tặng Giấy khen cho 05 tập thể và 05 cá nhân tiêu biểu. Trường hợp có nhiều tập thể tiêu biểu, có thể đề xuất thêm.",
     [("collective", 5, "soft"), ("individual", 5, "soft")]),
    ("b) Số lượng khen thưởng: Không vượt quá 05 tập thể.", [("collective", 5, "hard")]),
    ("Tang Giay khen cua Chu tich UBND phuong cho 01 tap the, 04 ca nhan.", [("collective", 1, "hard"), ("individual", 4, "hard")]),
])
def test_award_forms_and_quotas(text, quotas):
    d = draft(f"KẾ HOẠCH\n\nThi đua\n\n2. Hình thức, số lượng khen thưởng\n- Chủ tịch UBND xã xét tặng Giấy khen. {text}\n3. Hồ sơ\n")
    assert d.first("award_forms")["code"] == "giay_khen"
    assert [(q.value["group"], q.value["max"], q.value["kind"]) for q in d.get("quotas")] == quotas


@pytest.mark.parametrize("line, form", [
    ("- Tờ trình đề nghị khen thưởng thực hiện theo Mẫu số 01 tại Nghị định số 152/2025/NĐ-CP.", "Mẫu số 01, Nghị định 152/2025/NĐ-CP"),
    ("- T trinh de nghi khen thuong thuc hien theo Mau so 01 tai Nghi dinh so 152/ND-CP ngay 14/6/2025.", "Mẫu số 01, Nghị định 152/2025/NĐ-CP"),
])
def test_documents_with_forms(line, form):
    d = draft(f"KẾ HOẠCH\n\nThi đua\n\n3. Hồ sơ\n{line}\n- Biên bản họp xét khen thưởng.\n- Báo cáo thành tích.\n4. Thời gian\n")
    documents = [v.value for v in d.get("required_documents")]
    assert [x["kind"] for x in documents] == ["to_trinh", "bien_ban_hop", "bao_cao_thanh_tich"]
    assert documents[0]["form"] == form and documents[2]["per"] == "nominee"


@pytest.mark.parametrize("block, sign_as, title", [
    ("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nPhạm Thị Thu Hiền", "TM", "CHỦ TỊCH"),
    ("TM. UY BAN NHAN DAN\nKT. CHU TICH\nPHO CHU TICH\n\nNguyễn Thế Đức", "KT", "PHÓ CHỦ TỊCH"),
])
def test_signer(block, sign_as, title):
    d = draft(f"KẾ HOẠCH\n\nThi đua\n\nI. MỤC ĐÍCH\n\nNội dung.\n\n{block}\n")
    assert (d.first("signer.sign_as"), d.first("signer.title")) == (sign_as, title)
    assert d.first("signer.name") in ("Phạm Thị Thu Hiền", "Nguyễn Thế Đức")


def test_a_value_without_a_source_is_refused():
    with pytest.raises(NoSource):
        Value("101/KH-UBND", None, 0.9)
    with pytest.raises(NoSource):
        Value("101/KH-UBND", Source(1, 1, "Số: 101/KH-UBND", 3, 3), 0.9)
    d = draft("KẾ HOẠCH\n\nThi đua\n")
    with pytest.raises(NoSource):
        d.add("plan.number", "101/KH-UBND")


def test_every_drafted_value_is_a_span_of_the_plan():
    d = draft((ROOT / "campaigns/seeds/000_579c23753260b2cb.txt").read_text(encoding="utf-8"))
    assert d.values and d.unsourced() == []
    for items in d.values.values():
        for v in items:
            assert v.source.quote().strip() and d.document.at(v.source.page, v.source.line).text == v.source.sentence


@pytest.mark.parametrize("line, names", [
    ("1.1. Tập thể: Các phòng chuyên môn, đơn vị sự nghiệp thuộc UBND xã.", ["Phòng chuyên môn thuộc UBND xã", "Đơn vị sự nghiệp thuộc UBND xã"]),
    ("Các phòng, đơn vị thuộc phường và toàn thể cán bộ, công chức phường.", ["Phòng thuộc phường", "Đơn vị thuộc phường", "Cán bộ, công chức phường"]),
])
def test_subjects_sharing_a_tail_and_joined_by_and(line, names):
    d = draft(f"KẾ HOẠCH\n\nThi đua\n\nII. NỘI DUNG\n1. Đối tượng thi đua:\n{line}\n2. Nội dung thi đua\n")
    assert [v.value["name"] for v in d.get("subject_kinds")] == names
    assert [v.value["group"] for v in d.get("subject_kinds")][-1] == ("individual" if "cán bộ" in line else "collective")


@pytest.mark.parametrize("sentence", [
    "1. Phòng Văn hóa - Xã hội (Cơ quan thường trực Phong trào)",
    "1. Phong Van hoa - Xa hoi xa la co quan thuong truc phong trao thi dua",
])
def test_the_standing_office_receives_where_no_sentence_says_where_to_send(sentence):
    assert draft(f"KẾ HOẠCH\n\nThi đua\n\nIV. TỔ CHỨC THỰC HIỆN\n{sentence}\n").first("receiving_office") == "Phòng Văn hóa - Xã hội"


@pytest.mark.parametrize("sentence, period", [
    ("Kể từ ngày ban hành Kế hoạch này đến ngày 31 tháng 12 năm 2025.", {"start": "2024-07-23", "end": "2025-12-31"}),
    ("Ke tir ngdy ban hanh Ke hoach nay den ngay 31 thang 12 nam 2025.", {"start": "2024-07-23", "end": "2025-12-31"}),
    ("Từ tháng 7/2025 đến 31/12/2025.", {"start": "2025-07-01", "end": "2025-12-31"}),
])
def test_period(sentence, period):
    d = draft(HEAD.format(uy="ỦY BAN NHÂN DÂN", xa="HUYỆN HỚN QUẢN", so="Số: 212/KH-UBND", place="Hớn Quản",
                          ngay="ngày 23 tháng 7 năm 2024", kh="KẾ HOẠCH", title="Phát động phong trào thi đua")
              + f"II. NỘI DUNG\n3. Thời gian thi đua\n{sentence}\n")
    assert d.first("plan.period") == period


@pytest.mark.parametrize("sentence", [
    "b) Phòng Nội vụ thẩm định thành tích và trình Chủ tịch UBND huyện khen thưởng chậm nhất 10 ngày trước khi tổ chức Hội nghị công bố Chỉ số cải cách hành chính của huyện.",
    "b) Phong Noi vu thim dinh thanh tich va trinh Chu tich UBND huyen khen thuong cham nhat 10 ngay trudc khi to6 chirc Hoi nghi cong bo Chi so cai cach hanh chinh cua huyen.",
])
def test_appraisal_days_before_an_event(sentence):
    rule = draft(f"KẾ HOẠCH\n\nThi đua\n\n4. Thời gian\n{sentence}\n").first("deadlines.appraisal")["before_event"]
    assert rule["days_before"] == 10 and fold(rule["event_name"]).startswith("hoi nghi cong bo chi so cai cach hanh chinh")


@pytest.mark.parametrize("sentence, name", [
    ("3. Giao Trung tâm Dịch vụ sự nghiệp công xã tổ chức tuyên truyền các tập thể, cá nhân có thành tích.", "Trung tâm Dịch vụ sự nghiệp công xã"),
    ("3. Giao Pai Truyen thanh - Truyen hinh huyen tang cuong tuyen truyen, neu guong dien hinh tien tien.", "Đài Truyền thanh - Truyền hình huyện"),
])
def test_who_publicises(sentence, name):
    assert draft(f"KẾ HOẠCH\n\nThi đua\n\nIV. TỔ CHỨC THỰC HIỆN\n{sentence}\n").first("publicised_by") == name


def test_a_condition_for_all_before_one_of():
    d = draft("KẾ HOẠCH\n\nThi đua\n\n3. Tiêu chuẩn khen thưởng\na) Đối với tập thể: Thực hiện nghiêm kỷ luật, kỷ cương hành "
              "chính và đạt một trong các tiêu chuẩn sau:\n- Có sáng kiến được công nhận.\nc) Số lượng khen thưởng: 01 tập thể.\n")
    assert [(v.value["mode"], v.value["text"]) for v in d.get("standards")] == [
        ("all_of", "Thực hiện nghiêm kỷ luật, kỷ cương hành chính"), ("one_of", "Có sáng kiến được công nhận")]


def test_the_higher_award_proposed():
    d = draft("KẾ HOẠCH\n\nThi đua\n\n2. Hình thức khen thưởng\n- UBND phường đề nghị Chủ tịch Ủy ban nhân dân thành phố tặng "
              "Bằng khen cho các tập thể, cá nhân tiêu biểu.\n")
    assert d.first("higher_award")["name"].startswith("Bằng khen của Chủ tịch UBND thành phố")


# The shares reached when these floors were set (bench/plan_reader.py); a rule change must not fall below them.
FLOORS = {"ke-sat-2025": 0.93, "hong-van-2025": 0.86, "an-hai-2025": 0.97, "hon-quan-2024-2025": 0.93, "tu-ky-2025": 0.73}


@pytest.mark.parametrize("code", sorted(FLOORS))
def test_seed_scores(code):
    reference = yaml.safe_load((ROOT / "campaigns" / f"{code}.yaml").read_text(encoding="utf-8"))
    plan = (ROOT / "campaigns" / reference["source"]).read_text(encoding="utf-8")
    result = score(draft(plan), reference)
    assert result.unsourced == 0
    assert result.share() >= FLOORS[code], (result.missing, result.wrong)


def test_a_drafted_threshold_becomes_an_indicator_once_named():
    kinds = [{"code": "phong", "name": "Phòng chuyên môn", "group": "collective"}]
    standards = [{"group": "collective", "mode": "all_of", "text": "Mức độ hài lòng đạt 90% trở lên", "threshold": 90.0},
                 {"group": "collective", "mode": "all_of", "text": "Hài lòng", "threshold": 90.0, "indicator": "satisfaction_pct"}]
    items = settings_of({"subject_kinds": kinds, "standards": standards}, "x", "x")["standards"][0]["groups"][0]["items"]
    assert "kind" not in items[0]
    assert (items[1]["kind"], items[1]["indicator"], items[1]["threshold"]) == ("indicator", "satisfaction_pct", 90.0)
