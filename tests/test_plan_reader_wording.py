"""The plan reader's rules on the wordings plans use for the achievement awarded, the standards' lead sentences and
paragraphs, the subjects' lists and a signature the OCR ran into the recipients; each in several wordings, with
and without diacritics, with OCR noise."""

import pytest

from plan_reader import draft_text
from plan_reader.normalise import fold
from schemas.campaign_file import repository_issuers

ISSUERS = {r["code"]: r for r in repository_issuers()}
HEAD = "ỦY BAN NHÂN DÂN\nXÃ KẺ SẶT\n\nKẾ HOẠCH\n\nThi đua năm 2026\n\n"


def draft(body: str):
    return draft_text(HEAD + body, ISSUERS)


@pytest.mark.parametrize("body, expected", [
    # The sentence that gives the award, not the standard before it
    ("3. Tiêu chuẩn\na) Đối với tập thể:\n- Có thành tích xuất sắc, tiêu biểu trong phong trào thi đua.\n"
     "b) Số lượng khen thưởng: Tặng Giấy khen của Chủ tịch UBND phường cho 01 tập thể, 04 cá nhân có thành tích xuất "
     "sắc trong công tác chuyển đổi số năm 2026.\n", "đã có thành tích xuất sắc trong công tác chuyển đổi số năm 2026"),
    ("a) Hinh thuc: Giay khen cua Chu tich UBND huyen xet ting tap the co6 thanh tich xuat sac\ntrong thuc hien "
     "nhiem vu chuyen doi so.\n", "đã có thành tích xuất sắc trong thực hiện nhiệm vụ chuyen doi so"),
    # Those praised for it, in the purpose
    ("I. MỤC ĐÍCH\n- Kip thoi biéu dwong, khen thudng céc tap thé, c4 nhan c6 thanh tich xuat sac, ti€u biéu trong "
     "cong tac CCHC.\n", "đã có thành tích xuất sắc, tiêu biểu trong công tác CCHC"),
    ("I. MỤC ĐÍCH\n- Kịp thời tôn vinh những tập thể, cá nhân cd thanh tich xuét sic trong cong tac dân vận;\n",
     "đã có thành tích xuất sắc trong công tác dân vận"),
    ("I. MỤC ĐÍCH\n- Biểu dương các tập thể có thành tích xuất sắc trong công tác dân vận.\nIV. HÌNH THỨC\n- Chu tich UBND "
     "phuong tang Giay khen cho 02 tap the c6 thanh tich xuat sac trong phong trao thi dua Dan van kheo nam 2026.\n",
     "đã có thành tích xuất sắc trong phong trào thi đua Dan van kheo nam 2026"),
])
def test_the_achievement_the_decision_writes(body, expected):
    d = draft(body)
    assert fold(d.first("achievement")) == fold(expected)
    assert fold(d.get("achievement")[0].source.quote()).endswith(fold(expected).split()[-1])


def test_a_plan_that_names_no_achievement_drafts_none():
    d = draft("I. MỤC ĐÍCH\n- Tăng cường công tác cải cách hành chính có hiệu quả.\n2. Hình thức: Giấy khen.\n")
    assert d.get("achievement") == []


def standards(body: str) -> list[dict]:
    return [v.value for v in draft(f"3. Tiêu chuẩn khen thưởng\n{body}\n4. Hồ sơ\n- Tờ trình.\n").get("standards")]


@pytest.mark.parametrize("lead", [
    "3.1. Đối với tập thể\nNội bộ đoàn kết, gương mẫu chấp hành tốt chủ trương của Đảng, có thành tích xuất sắc tiêu biểu và "
    "đạt các tiêu chuẩn sau:",
    "3.1. Poi véi tap thé\n\nNoi bo doan két, guong mau chap hanh tét chii truong ctia Pang, co thanh tich xuit sac tiéu biéu va\n"
    "dat cac tiéu chuan sau:",
    "a) Đối với tập thể: Nội bộ đoàn kết, gương mẫu chấp hành tốt chủ trương của Đảng, có thành tích xuất sắc tiêu biểu, và "
    "phải đạt đủ các tiêu chí sau:",
])
def test_the_conditions_a_lead_sets_before_its_list(lead):
    found = standards(f"{lead}\n- Hoàn thành 100% nhiệm vụ được giao.\n- Báo cáo đúng hạn.")
    assert [(s["group"], s["mode"]) for s in found] == [("collective", "all_of")] * 3
    assert fold(found[0]["text"]).startswith("noi bo doan ket") and fold(found[0]["text"]).endswith("tieu bieu")


def test_a_lead_that_opens_with_whom_and_is_said_again_in_the_list_is_drafted_once():
    found = standards("Khen thưởng hằng năm đối với những tập thể thực hiện nghiêm kỷ luật, kỷ cương hành chính và đạt "
                      "các tiêu chuẩn sau:\na) Có sáng kiến được công nhận.\nb) Thực hiện nghiêm kỷ luật, kỷ cương hành chính.")
    assert [fold(s["text"]) for s in found] == ["co sang kien duoc cong nhan", "thuc hien nghiem ky luat, ky cuong hanh chinh"]


@pytest.mark.parametrize("lead", ["Tập thể được khen thưởng phải đạt các tiêu chuẩn sau:", "Đối với tập thể: đạt các tiêu chuẩn sau:"])
def test_a_lead_without_conditions_drafts_none(lead):
    found = standards(f"{lead}\n- Có sáng kiến được công nhận.")
    assert [fold(s["text"]) for s in found] == ["co sang kien duoc cong nhan"]


@pytest.mark.parametrize("paragraph", [
    "Có nhiều đóng góp về công sức, trí tuệ vào hoạt động cải cách hành chính; Có sản phẩm, mô hình được ứng dụng thực tiễn.",
    "C6 nhiéu dong gop vé cong strc, tri tué vao hoat dong cai\ncach hanh chinh; Cé san pham, mé hinh dugc ing dung thuc tién.",
])
def test_the_clauses_of_a_paragraph_where_no_item_is_listed(paragraph):
    found = standards(f"3.1. Đối với cá nhân\n- Hoàn thành tốt nhiệm vụ được giao.\n3.2. Đối với người dân\n{paragraph}")
    assert [(s["group"], fold(s["text"]).split()[1]) for s in found] == [("individual", "thanh"), ("individual", "nhieu"),
                                                                          ("individual", "san")]


def test_a_note_beside_a_list_is_no_standard():
    found = standards("3.1. Đối với cá nhân\n- Hoàn thành tốt nhiệm vụ được giao.\n\nLưu ý: thành tích của cá nhân phải "
                      "gắn liền với thành tích của tập thể; không xét cá nhân mới chuyển đến.")
    assert [fold(s["text"]) for s in found] == ["hoan thanh tot nhiem vu duoc giao"]


def kinds(subjects: str, standards: str = "") -> list[tuple[str, str]]:
    d = draft(f"II. NỘI DUNG\n1. Đối tượng thi đua\n{subjects}\n2. Nội dung thi đua\n- Thi đua.\n"
              f"III. TIÊU CHÍ\n1. Tiêu chí thi đua\n{standards}\n- Có sáng kiến.\n2. Hình thức khen thưởng\n- Giấy khen.\n")
    return [(fold(v.value["name"]), v.value["group"]) for v in d.get("subject_kinds")]


@pytest.mark.parametrize("subjects, standards", [
    ("a) Tập thể: Ủy ban Mặt trận Tổ quốc Việt Nam và các tổ chức chính trị - xã hội xã; các thôn.",
     "1.2. Đối với Ủy ban Mặt trận Tổ quốc Việt Nam, các tổ chức chính trị - xã hội xã"),
    ("a) Tap the: Uy ban Mit tran T6 quéc Viét Nam va cac to chue chinh tri - xa hoi xa; cac thon.",
     "1.2. Poi voi Uy ban Mit tran To quéc Viét Nam, cac to chirc chinh tri -\nxa hoi xa"),
    ("a) Tập thể: Hội Nông dân và các chi hội nông dân; các thôn.", "1.2. Đối với Hội Nông dân, các chi hội nông dân"),
])
def test_subjects_a_heading_names_together_are_one_kind(subjects, standards):
    found = kinds(subjects, standards)
    assert len(found) == 2 and found[0][0].split()[-1] in ("xa", "dan") and found[1] == ("cac thon", "collective")


@pytest.mark.parametrize("subjects", [
    "b) Cá nhân: cán bộ không chuyên trách và các tầng lớp nhân dân ở các thôn.",
    "b) Ca nhan: can bo khong chuyen trach va cac tang lop nhan dan o cac thon.",
])
def test_subjects_joined_by_and_no_heading_names_together_are_two(subjects):
    found = kinds(subjects, "1.4. Đối với cán bộ, công chức, viên chức")
    assert [name.split()[0] for name, _ in found] == ["can", "tang"] and {g for _, g in found} == {"individual"}


@pytest.mark.parametrize("subjects, names", [
    ("a) Tập thể: các phòng, ban, các đơn vị, các thôn, xóm thuộc xã.",
     ["cac phong, ban thuoc xa", "cac don vi thuoc xa", "cac thon, xom thuoc xa"]),
    ("a) Tap the: cac phong, ban, cac don vi, cac thon, xOm thudc xa.",
     ["cac phong, ban thuoc xa", "cac don vi thuoc xa", "cac thon, xom thuoc xa"]),
    ("a) Tập thể: các trường học, các trạm y tế, các hợp tác xã trên địa bàn.",
     ["cac truong hoc", "cac tram y te", "cac hop tac xa tren dia ban"]),
])
def test_each_cac_of_an_enumeration_is_a_kind_with_the_tail_they_share(subjects, names):
    assert [name.lower() for name, _ in kinds(subjects)] == names


@pytest.mark.parametrize("recipients, name", [
    ("Noi nhdn:\n\n- S& Noi vu;\n- UBND céc x4, thi tran; 7t Xuan Trwong\n-LDBVP, CV (Trang);\n- Luu: VT.", "Xuan Trwong"),
    ("Nơi nhận:\n- Sở Nội vụ;\n- CT, các PCT UBND huyện; Nguyễn Văn An\n- Lưu: VT.", "Nguyễn Văn An"),
    ("Nơi nhận:\n- Sở Nội vụ; Ban Thi đua\n- TT. HĐND huyện; Phòng Nội Vụ\n- Lưu: VT, VHXH.", None),
])
def test_a_signers_name_the_ocr_ran_into_the_recipients(recipients, name):
    d = draft(f"I. MỤC ĐÍCH\n- Nội dung.\n\n{recipients}\n")
    assert d.first("signer.name") == name
    assert d.get("signer.sign_as") == [] and d.get("signer.title") == []  # what the plan does not say stays empty


def test_the_blocks_own_name_comes_first():
    d = draft("I. MỤC ĐÍCH\n- Nội dung.\n\nNơi nhận: TM. ỦY BAN NHÂN DÂN\n- Sở Nội vụ; CHỦ TỊCH\n- Lưu: VT; Trần Văn Bình\n\n"
              "Phạm Thị Thu Hiền\n")
    assert (d.first("signer.sign_as"), d.first("signer.name")) == ("TM", "Phạm Thị Thu Hiền")


@pytest.mark.parametrize("note", ["3.2. Lưu ý\nThành tích của cá nhân phải gắn liền với thành tích của tập thể; không xét cá nhân mới đến.",
                                  "3.2. Đối với cá nhân\nLuu y: thanh tich cua ca nhan phai gan lien voi thanh tich cua tap the; khong xet ca nhan moi den."])
def test_a_note_under_its_own_heading_is_no_standard(note):
    found = standards(f"3.1. Đối với tập thể\n- Hoàn thành tốt nhiệm vụ được giao.\n{note}")
    assert [fold(s["text"]) for s in found] == ["hoan thanh tot nhiem vu duoc giao"]


@pytest.mark.parametrize("awards", [
    "2. Hình thức khen thưởng\n- Chủ tịch UBND xã tặng Giấy khen cho 03 tập thể có thành tích xuất sắc.",
    "2. Hinh thuc, so luong khen thuong\n- Chu tich UBND xa tang Giay khen cho 03 tap the.",
    "b) Số lượng khen thưởng: không quá 03 tập thể.\n- Xét chọn những tập thể dẫn đầu.",
])
def test_the_standards_end_where_their_part_goes_on_to_the_awards(awards):
    d = draft(f"III. TIÊU CHUẨN VÀ HÌNH THỨC KHEN THƯỞNG\n1. Tiêu chuẩn khen thưởng\n- Hoàn thành tốt nhiệm vụ được giao.\n"
              f"{awards}\nIV. TỔ CHỨC THỰC HIỆN\n- Các đơn vị thực hiện.\n")
    assert [fold(v.value["text"]) for v in d.get("standards")] == ["hoan thanh tot nhiem vu duoc giao"]
