"""The plan reader's hold on OCR noise: known phrases restored with a letter dropped, added or misread, the OCR's
stray signs folded to the letters they stand for, and broken lines joined into their paragraph."""

import pytest

from plan_reader.document import build
from plan_reader.normalise import fold, restore


@pytest.mark.parametrize("noisy, phrase", [
    ("4. Cai cch to chirc bd may", "Cải cách tổ chức bộ máy"),
    ("gửi Phong Vian héa - Xa hoi xã tổng hợp", "Phòng Văn hóa - Xã hội"),
    ("Can bo, cong chirc, vien chirc dang cong tac", "Cán bộ, công chức, viên chức"),
    ("6. Cai cach tai chnh cong", "Cải cách tài chính công"),  # a letter dropped
    ("về cải cách thủ tục hànhh chính", "cải cách thủ tục hành chính"),  # a letter added
    # "Đ" read "P" is the OCR's reading of one letter, besides another misread
    ("“Piy manh cai cach hanh chinh Nha nwéc”", "“Đẩy mạnh cải cách hành chính Nhà nước”"),
    ("Phat dong phong trao thi dua Diy manh chuyen doi so", "Phát động phong trào thi đua Đẩy mạnh"),
    ("Giao Pai Truyén thanh - Truyén hinh huyện", "Đài Truyền thanh - Truyền hình"),
])
def test_a_phrase_with_a_letter_dropped_added_or_misread(noisy, phrase):
    assert phrase.lower() in restore(noisy).lower()


@pytest.mark.parametrize("text", ["Pham Thi Thu Hien", "Nguyễn Thu Hiền", "ông Trần Thu Hiên"])
def test_a_short_phrase_needs_its_letters(text):
    # "Thu Hiền" is a name, not "Thực hiện" with a letter lost: two words are too few to take a dropped letter.
    assert restore(text) == text


@pytest.mark.parametrize("noisy, folded", [("ti€u biéu", "tieu bieu"), ("¥ kién", "y kien"), ("hi¢u", "hicu")])
def test_stray_signs_fold_to_letters(noisy, folded):
    assert fold(noisy) == folded and len(fold(noisy)) == len(noisy)


def test_the_ocrs_euro_sign_no_longer_breaks_a_phrase():
    assert restore("c6 thanh tich xuat sac, ti€u biéu trong cong tac CCHC").count("tiêu biểu") == 1


@pytest.mark.parametrize("lines", [
    "- Có thành tích xuất sắc trong việc lãnh đạo, chỉ đạo hoặc tham mưu tổ chức\nthực hiện công tác CCHC.",
    "- C4 thanh tich xuét sic trong viéc 1anh dao, chi dao hodc tham muu t6 chirc\nthuc hién cong tac CCHC.",
    "- Đạt thứ hạng cao hoặc có chỉ số CCHC trong\nnhóm điều hành tốt của thành phố.",
    "- Kiểm tra việc giải quyết hồ sơ, bảo đảm\nnhằm đúng hạn.",
])
def test_a_line_in_lower_case_runs_on_from_the_line_before(lines):
    paragraphs = build([lines]).paragraphs
    assert len(paragraphs) == 1 and paragraphs[0].folded.rstrip(".").endswith(fold(lines.splitlines()[1]).rstrip("."))


@pytest.mark.parametrize("lead", ["Thực hiện Kế hoạch số 05/KH-UBND ngày 20/4/2025 của UBND xã;",
                                  "Thyc hién Ké hoach s6 05/KH-UBND ngay 20/4/2025 cua UBND xa;",
                                  "Nhằm đẩy mạnh cải cách hành chính,"])
def test_a_preamble_line_with_its_capital_starts_a_paragraph(lead):
    paragraphs = build([f"Căn cứ Luật Thi đua, khen thưởng năm 2022\n{lead}\nỦy ban nhân dân xã ban hành Kế hoạch."]).paragraphs
    assert [p.line for p in paragraphs][:2] == [1, 2]


@pytest.mark.parametrize("text, count", [
    ("3.1. Đối với tập thể\nNội bộ đoàn kết, gương mẫu.", 2),
    ("b) Doi voi ca nhan\nHoan thanh tot nhiem vu.", 2),
    ("1. Hoàn thành 100% nhiệm vụ được giao\nđảm bảo tiến độ, chất lượng.", 1),  # a short item broken in its sentence
    ("2. Tổ chức tuyên truyền các chủ trương, chính sách của Đảng, pháp luật của\nNhà nước về cải cách hành chính.", 1),
])
def test_a_short_numbered_heading_ends_before_a_sentence(text, count):
    assert len(build([text]).paragraphs) == count


@pytest.mark.parametrize("noisy, restored", [("C6 nhiều đóng góp", "Có nhiều đóng góp"), ("ai c6 sáng kiến", "ai có sáng kiến"),
                                             ("theo Mẫu C6a", "theo Mẫu C6a"), ("ai dugc chọn", "ai được chọn"),
                                             ("đơn vị thudc xã", "đơn vị thuộc xã")])
def test_the_ocrs_six_for_o_in_co(noisy, restored):
    assert restore(noisy) == restored


@pytest.mark.parametrize("text, count", [
    ("1.2. Đối với Hội Nông dân, các chi hội nông dân cấp xã\nCó mô hình chuyển đổi số hiệu quả.", 2),
    ("1.2. Poi voi Uy ban Mit tran To quéc\nViét Nam, cac to chirc chinh tri - xa hoi xa", 1),  # broken in its name
    ("3.1. Đối với Ủy ban nhân dân\nUBND các xã, thị trấn", 1),
    ("b) Đối với cá nhân: hoàn thành tốt nhiệm vụ, gương mẫu chấp hành chủ trương của Đảng, pháp luật của\nNhà nước.", 1),
])
def test_a_heading_naming_whom_ends_before_a_sentence(text, count):
    assert len(build([text]).paragraphs) == count


@pytest.mark.parametrize("noisy, restored", [("thi dua day manh cong tac", "đẩy mạnh"), ("Pay manh cong tac", "Đẩy mạnh"),
                                             ("phap luat cua Nha nudc", "Nhà nước")])
def test_a_phrase_keeps_the_case_the_plan_writes_it_in(noisy, restored):
    assert restored in restore(noisy)
