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
])
def test_the_achievement_the_decision_writes(body, expected):
    d = draft(body)
    assert fold(d.first("achievement")) == fold(expected)
    assert fold(d.get("achievement")[0].source.quote()).endswith(fold(expected).split()[-1])


def test_a_plan_that_names_no_achievement_drafts_none():
    d = draft("I. MỤC ĐÍCH\n- Tăng cường công tác cải cách hành chính có hiệu quả.\n2. Hình thức: Giấy khen.\n")
    assert d.get("achievement") == []
