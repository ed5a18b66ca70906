"""The plan reader's rules for how the votes are taken (the unit's selection meeting, the commune's Hội đồng Thi đua
- Khen thưởng), the earlier awards a higher award needs, and who signs the tờ trình to the level above: each on
short passages in several wordings (with and without diacritics, with OCR noise), a passage that says nothing
drafting nothing; their score against a reference; a draft of them loaded by the settings loader."""

import pytest

from plan_reader import draft_text
from plan_reader.draft import SPECS
from plan_reader.score import score
from plan_reader.settings import settings_yaml
from schemas.campaign_file import parse_campaign, repository_issuer_settings, repository_issuers

ISSUERS = {r["code"]: r for r in repository_issuers()}
HEAD = "UỶ BAN NHÂN DÂN\nXÃ KẺ SẶT\nSố: 101/KH-UBND Kẻ Sặt, ngày 21 tháng 11 năm 2025\n\nKẾ HOẠCH\n\nThi đua năm 2025\n\n"
NEW = ("unit_meeting.", "council.", "eligibility.earlier_awards", "signatures.higher_proposal")


def draft(body: str):
    return draft_text(HEAD + body, ISSUERS)


def drafted(d) -> dict:
    """The new fields drafted, each with its values; every value's source a span of the plan."""
    assert d.unsourced() == []
    return {path: [v.value for v in items] for path, items in d.values.items() if path.startswith(NEW)}


@pytest.mark.parametrize("sentence, expected", [
    ("- Hội đồng Thi đua - Khen thưởng xã họp xét khi có ít nhất 2/3 tổng số thành viên tham dự; tập thể, cá nhân được "
     "đề nghị phải đạt từ 70% số phiếu đồng ý trở lên tính trên tổng số thành viên Hội đồng.",
     {"council.quorum": ["2/3"], "council.threshold": ["70/100"], "council.threshold_inclusive": [True],
      "council.denominator": ["members"]}),
    ("- Hoi dong thi dua khen thuong xa chi hop khi co tu 2/3 thanh vien tro len co mat. Truong hop duoc de nghi phai "
     "duoc tren 50% so phieu tan thanh cua thanh vien du hop.",
     {"council.quorum": ["2/3"], "council.threshold": ["50/100"], "council.threshold_inclusive": [False],
      "council.denominator": ["voting"]}),
    ("- H6i déng Thi dua - Khen thuéng x& xét va bé phiéu kin; ty 1é phiéu dong y dat tir 80% tré lén tinh trén téng sé "
     "thanh vién Hoi déng.",  # OCR noise
     {"council.threshold": ["80/100"], "council.threshold_inclusive": [True], "council.denominator": ["members"]}),
    ("- HĐTĐKT xã bỏ phiếu kín; người được đề nghị phải được quá bán tổng số thành viên Hội đồng đồng ý.",
     {"council.threshold": ["1/2"], "council.threshold_inclusive": [False], "council.denominator": ["members"]}),
])
def test_the_councils_quorum_and_threshold(sentence, expected):
    assert drafted(draft(f"IV. TỔ CHỨC THỰC HIỆN\n{sentence}\n")) == expected


@pytest.mark.parametrize("sentence, expected", [
    ("- Các đơn vị tổ chức họp bình xét; cuộc họp bình xét hợp lệ khi có ít nhất 2/3 tổng số cán bộ của đơn vị tham "
     "dự; người được chọn phải được trên 50% số người dự họp nhất trí.",
     {"unit_meeting.required": [True], "unit_meeting.quorum": ["2/3"], "unit_meeting.majority": ["50/100"],
      "unit_meeting.majority_of": ["present"]}),
    ("- Cac don vi to chuc hop binh xet, duoc qua ban tong so thanh vien cua don vi bieu quyet dong y.",
     {"unit_meeting.required": [True], "unit_meeting.majority": ["1/2"], "unit_meeting.majority_of": ["members"]}),
    ("- Các thôn không phải tổ chức họp bình xét; Trưởng thôn lập danh sách đề nghị gửi UBND xã.",
     {"unit_meeting.required": [False]}),
    ("- Cac thon khong can hop binh xet, truong thon lap danh sach de nghi.", {"unit_meeting.required": [False]}),
])
def test_the_units_selection_meeting(sentence, expected):
    assert drafted(draft(f"IV. QUY TRÌNH XÉT\n{sentence}\n")) == expected


def test_a_units_share_from_upward_is_left_to_the_office():
    """The format's majority is "more than" its share; a unit's "từ 70% trở lên" is not drafted as it."""
    d = draft("IV. QUY TRÌNH\n- Đơn vị họp bình xét, người được đề nghị đạt từ 70% số phiếu đồng ý trở lên.\n")
    assert "unit_meeting.majority" not in drafted(d)


@pytest.mark.parametrize("sentence, expected", [
    ("- Cá nhân đã được tặng Giấy khen của Chủ tịch UBND xã 02 năm liên tục.",
     [{"award": "Giấy khen", "count": 2, "within_years": 2}]),
    ("- Ca nhan da duoc tang giay khen 02 nam lien tuc truoc nam de nghi.",
     [{"award": "Giấy khen", "count": 2, "within_years": 2}]),  # the phrase's diacritics restored
    ("- Có 03 lần liên tục đạt danh hiệu \"Chiến sĩ thi đua cơ sở\".",
     [{"award": "Chiến sĩ thi đua cơ sở", "count": 3, "within_years": None}]),
    ("- Cé 02 nam lién tuc tré lén duoc céng nhan danh hiéu Lao déng tién tién.",  # OCR noise
     [{"award": "Lao déng tién tién", "count": 2, "within_years": 2}]),
    ("- Đã được tặng Giấy khen 02 lần trong 05 năm.", [{"award": "Giấy khen", "count": 2, "within_years": 5}]),
])
def test_the_earlier_awards_a_higher_award_needs(sentence, expected):
    d = draft(f"3. Tiêu chuẩn đề nghị Bằng khen\n{sentence}\n")
    assert drafted(d) == {"eligibility.earlier_awards": expected}


@pytest.mark.parametrize("sentence, capacity", [
    ("- Chủ tịch UBND xã ký Tờ trình đề nghị Chủ tịch UBND tỉnh tặng Bằng khen.", "own"),
    ("- Chu tich UBND xa ky to trinh de nghi cap tren khen thuong.", "own"),
    ("- UBND xã lập Tờ trình đề nghị Chủ tịch UBND thành phố tặng Bằng khen cho các tập thể, cá nhân tiêu biểu.", "body"),
    ("- Tờ trình của Ủy ban nhân dân xã đề nghị cấp trên khen thưởng.", "body"),
    ("- To trinh cüa UBND xä dé nghi cap trén tang Bang khen.", "body"),  # OCR noise
])
def test_who_signs_the_proposal_upward(sentence, capacity):
    assert drafted(draft(f"V. KHEN THƯỞNG CẤP TRÊN\n{sentence}\n")) == {"signatures.higher_proposal": [capacity]}


@pytest.mark.parametrize("sentence", [
    "- Hội đồng Thi đua - Khen thưởng xã giúp Chủ tịch UBND xã theo dõi phong trào thi đua.",
    "- Năm 2024, xã đạt 95% hộ gia đình văn hóa; có 70% thôn đạt chuẩn nông thôn mới.",
    "- Các đơn vị gửi Tờ trình đề nghị khen thưởng về Phòng Văn hóa - Xã hội.",
    "- Cá nhân đã được tặng Giấy khen năm 2024 được đề nghị Bằng khen nếu có thành tích mới.",
    "- Cac don vi gui bien ban hop binh xet kem ho so.",
])
def test_a_passage_that_says_none_of_them_drafts_nothing(sentence):
    assert drafted(draft(f"IV. TỔ CHỨC THỰC HIỆN\n{sentence}\n")) == {}


def test_the_new_fields_are_scored_against_a_reference():
    d = draft("IV. TỔ CHỨC THỰC HIỆN\n- Hội đồng Thi đua - Khen thưởng xã họp khi có ít nhất 2/3 tổng số thành viên tham "
              "dự; phải đạt từ 70% số phiếu đồng ý trở lên tính trên tổng số thành viên Hội đồng.\n"
              "- Cá nhân đã được tặng Giấy khen 02 năm liên tục.\n"
              "- Chủ tịch UBND xã ký Tờ trình đề nghị Chủ tịch UBND tỉnh tặng Bằng khen.\n")
    reference = {"council": {"threshold": "7/10", "threshold_inclusive": True, "ranking": {"revote_rounds": 2}},
                 "unit_meeting": {"required": False},
                 "eligibility": {"earlier_awards": [{"award": "Giấy khen", "count": 2, "within_years": 3}]},
                 "signatures": {"higher_proposal": "own"}}
    result = score(d, reference)
    assert {"council.threshold", "council.threshold_inclusive", "signatures.higher_proposal"} <= set(result.right)
    assert "council.quorum" not in result.right + result.wrong  # the default, said
    assert "council.denominator" in result.wrong  # the reference holds the default, "voting"
    assert {"unit_meeting.required", "council.ranking", "eligibility.earlier_awards"} <= set(result.missing)
    assert "eligibility.earlier_awards" in result.wrong  # within 2 years drafted, 3 in the reference
    assert result.unsourced == 0


def test_a_draft_of_them_loads_through_the_settings_loader():
    d = draft("II. ĐỐI TƯỢNG\n1.1. Tập thể: Các thôn.\n1.2. Cá nhân: Cán bộ, công chức xã.\n"
              "3. Hình thức khen thưởng\n- Chủ tịch UBND xã tặng Giấy khen.\n"
              "- Cá nhân đã được tặng Giấy khen 02 năm liên tục.\n"
              "IV. TỔ CHỨC THỰC HIỆN\n- Các thôn không phải tổ chức họp bình xét.\n"
              "- Hội đồng Thi đua - Khen thưởng xã họp khi có ít nhất 3/4 tổng số thành viên tham dự; phải đạt từ 70% "
              "số phiếu đồng ý trở lên tính trên tổng số thành viên Hội đồng.\n"
              "- UBND xã lập Tờ trình đề nghị Chủ tịch UBND tỉnh tặng Bằng khen.\n")
    confirmed = {path: [v.value for v in items] if SPECS[path].many else items[0].value for path, items in d.values.items()}
    confirmed |= {"receiving_office": "Phòng Văn hóa - Xã hội", "required_documents": [],
                  "plan.period": {"start": "2025-01-01", "end": "2025-12-31"},
                  "signer.sign_as": "TM", "signer.title": "CHỦ TỊCH", "signer.name": "Phạm Thị Thu Hiền"}
    campaign = parse_campaign(settings_yaml(confirmed, {}, "thu-nghiem", "ke-hoach.txt"), "x", repository_issuer_settings())
    assert campaign.unit_meeting.required is False
    assert (campaign.council.quorum, campaign.council.threshold) == ("3/4", "70/100")
    assert (campaign.council.threshold_inclusive, campaign.council.denominator) == (True, "members")
    assert [(e.award, e.count, e.within_years) for e in campaign.eligibility.earlier_awards] == [("Giấy khen", 2, 2)]
    assert campaign.signatures.higher_proposal == "body"


def test_a_quorum_and_a_threshold_in_one_clause():
    d = draft("IV. TỔ CHỨC THỰC HIỆN\n- Hội đồng Thi đua - Khen thưởng xã họp khi có ít nhất 3/4 thành viên tham dự, người "
              "được đề nghị phải có số phiếu tán thành trên 1/2 tổng số thành viên Hội đồng.\n")
    assert drafted(d) == {"council.quorum": ["3/4"], "council.threshold": ["1/2"], "council.threshold_inclusive": [False],
                          "council.denominator": ["members"]}
