"""The bars on an award (eligibility): the open records that hold a nominee ("chưa xét khen thưởng cho tập thể, cá
nhân đang … xem xét thi hành kỷ luật, điều tra, …"), an individual's rating bar ("xếp loại Hoàn thành tốt nhiệm vụ
trở lên"), the key leader's discipline bar ("lãnh đạo chủ chốt bị kỷ luật từ mức khiển trách trở lên"), one award
per achievement, and the years between two awards. Matched on the folded text, with the letters OCR confuses."""

import re

from plan_reader.draft import Draft
from plan_reader.rules import clean, value

# The sentence that holds nominees back: "Chưa xét tặng …", "Không đề nghị khen thưởng …", "Tạm dừng xét …", about
# someone "đang" (being) examined.
HOLD = re.compile(r"(?:chua|kh\w{1,2}ng|tam dung|tam hoan)\s+(?:xet|de nghi|khen|tang|trinh)")
# Each kind of open record, as plans name it; [l1] and \w where OCR confuses a letter.
RECORDS = (
    ("discipline_pending", r"(?:xem xet|thi hanh|xu [l1]y|dang bi)\s+(?:thi hanh\s+|xu [l1]y\s+)?k\w\s*[l1]u\wt"),
    ("administrative_violation", r"vi pham hanh chinh"),
    ("investigation", r"dieu tra|truy t\w|xet x\w{1,2}\b"),
    ("inspection", r"(?<![a-z])thanh tra|kiem tra khi"),
    ("complaint", r"khieu nai|t\w cao"),
    ("press_issue", r"bao chi"),
    ("feedback", r"phan anh,?\s+kien nghi"),
)


def read_record_kinds(draft: Draft) -> None:
    """Each open record a holding sentence names, one value each, the span its words."""
    for paragraph in draft.document.paragraphs:
        hold = HOLD.search(paragraph.folded)
        being = hold and re.compile(r"\bdang\b").search(paragraph.folded, hold.end())
        if not being:
            continue
        found = [(kind, m) for kind, pattern in RECORDS if (m := re.compile(pattern).search(paragraph.folded, being.start()))]
        for kind, match in found:
            draft.add("eligibility.record_kinds", value(paragraph, kind, match.start(), match.end(), 0.7))
        if found:
            return


RATINGS = (("hoan_thanh_xuat_sac", r"hoan thanh xuat sac"), ("hoan_thanh_tot", r"hoan thanh t\wt"),
           ("hoan_thanh", r"hoan thanh"))
RATING = re.compile(r"(?:xep loai|danh gia)\W+(?:\w+\s+){0,4}?(?P<rating>hoan thanh(?: xuat sac| t\wt)?)\s+nhi\w{1,2}m\s+v\w")
PEOPLE = re.compile(r"ca nhan|can bo|cong chuc|vien chuc|nguoi lao dong")


def read_rating_bar(draft: Draft) -> None:
    """An individual's rating for the year: "được đánh giá, xếp loại Hoàn thành tốt nhiệm vụ trở lên" in a passage
    about individuals (its heading or itself naming them)."""
    for paragraph in draft.document.paragraphs:
        match = RATING.search(paragraph.folded)
        if not match or not PEOPLE.search(paragraph.heading_words() + " " + paragraph.folded):
            continue
        rating = next(code for code, pattern in RATINGS if re.fullmatch(pattern, match.group("rating")))
        draft.add("eligibility.individual_rating_at_least", value(paragraph, rating, match.start(), match.end(), 0.7))
        return


FORMS = (("khien_trach", "khien trach"), ("canh_cao", "canh cao"), ("ha_bac_luong", "ha bac luong"),
         ("giang_chuc", "giang chuc"), ("cach_chuc", "cach chuc"), ("buoc_thoi_viec", "buoc thoi viec"))
LEADER = re.compile(
    r"(?:lanh dao\s+(?:\w+\s+)?chu\s+ch\w{1,3}t?|nguoi d\w{1,2}ng dau)\b.{0,60}?k\w\s*[l1]u\wt\s+(?:\w+\s+){0,3}?"
    r"(?P<form>" + "|".join(words for _, words in FORMS) + r")"
)


def read_leader_bar(draft: Draft) -> None:
    """ "Không xét khen thưởng đối với tập thể có lãnh đạo chủ chốt (người đứng đầu) bị kỷ luật từ mức khiển trách
    trở lên"."""
    for paragraph in draft.document.paragraphs:
        match = LEADER.search(paragraph.folded)
        if match:
            form = next(code for code, words in FORMS if words == match.group("form"))
            draft.add("eligibility.key_leader_discipline_bar", value(paragraph, form, match.start(), match.end(), 0.7))
            return


ONE_AWARD = re.compile(
    r"kh\w{1,2}ng\s+(?:\w+\s+){0,3}?nhi\w{1,3}\s+(?:lan|hinh th\w{1,3}c)\b(?:\s*,?\s*\S+){0,8}?\s+"
    r"(?:cho|doi voi|ve)\s+(?:cung\s+)?m\w{1,2}t\s+thanh\s+tich"
    r"|m\w{1,2}t\s+thanh\s+tich\s+(?:\w+\s+){0,4}?(?:de nghi|xet|tang|khen thuong)\s+(?:\w+\s+){0,3}?m\w{1,2}t\s+hinh\s+th\w{1,3}c"
)


def read_one_award(draft: Draft) -> None:
    """ "Không tặng nhiều hình thức khen thưởng cho một thành tích", "Một thành tích chỉ đề nghị một hình thức"."""
    for paragraph in draft.document.paragraphs:
        match = ONE_AWARD.search(paragraph.folded)
        if match:
            draft.add("eligibility.one_award_per_achievement", value(paragraph, True, match.start(), match.end(), 0.8))
            return


INTERVAL = re.compile(
    r"(?:sau|it nhat|toi thieu|du)\s+(?P<n>[0-9]{1,2})\s+nam\s+(?:ke\s+)?(?:tu|tinh tu)\s+(?:lan|ngay|thoi diem)\s+(?:\w+\s+){0,3}?(?:khen|tang)"
    r"|(?:chua|kh\w{1,2}ng)\s+(?:xet|de nghi)\b.{0,80}?da duoc\s+(?:khen thuong|tang)\b.{0,60}?"
    r"trong\s+(?:vong\s+|thoi gian\s+)?(?P<m>[0-9]{1,2})\s+nam\s+(?:gan nhat|lien ke|lien truoc|truoc|qua)"
)


def read_award_interval(draft: Draft) -> None:
    """ "Sau 02 năm kể từ lần được khen thưởng trước", "không đề nghị … đã được tặng Giấy khen trong 02 năm gần nhất"."""
    for paragraph in draft.document.paragraphs:
        match = INTERVAL.search(paragraph.folded)
        if match:
            years = int(match.group("n") or match.group("m"))
            if 1 <= years <= 50:
                draft.add("eligibility.award_interval_years", value(paragraph, years, match.start(), match.end(), 0.6))
                return


AWARD = r"(?P<award>giay khen|bang khen|lao d\w{1,2}ng tien tien|chien si thi dua(?: co so)?|tap the lao d\w{1,2}ng (?:tien tien|xuat sac)|co thi dua)"
TIMES = r"(?P<n>[0-9]{1,2}|hai|ba|bon)\s+(?:(?P<unit>nam|lan)\s+lien\s+t\w{1,2}c|lan\s+trong\s+(?:vong\s+)?(?P<w>[0-9]{1,2})\s+nam)"
EARLIER = (
    # "đã được tặng Giấy khen của Chủ tịch UBND xã 02 năm liên tục"
    re.compile(r"(?:da duoc|da co|duoc|co)\s+(?:tang\s+|cong nhan\s+|dat\s+)?(?:danh hieu\s+)?\W?" + AWARD + r"\b[^;.]{0,80}?\s" + TIMES),
    # "có 02 năm liên tục trở lên được công nhận danh hiệu Lao động tiên tiến"
    re.compile(r"(?:c\w|da co|da)\s+" + TIMES + r"\s+(?:tro len\s+)?(?:\w+\s+){0,3}?(?:duoc|dat)\s+(?:tang\s+|c\w{1,2}ng nhan\s+)?(?:danh hieu\s+)?\W?" + AWARD),
)
WORDS = {"hai": 2, "ba": 3, "bon": 4}


def read_earlier_awards(draft: Draft) -> None:
    """A higher award after lower ones: "đã được tặng Giấy khen 02 năm liên tục", "có 03 lần liên tục đạt danh hiệu
    Chiến sĩ thi đua cơ sở", "02 lần được tặng Giấy khen trong 05 năm". Years in a row are the count within as many
    years; times in a row without years are counted ever."""
    for paragraph in draft.document.paragraphs:
        for rule in EARLIER:
            for match in rule.finditer(paragraph.folded):
                count = WORDS.get(match.group("n")) or int(match.group("n"))
                within = count if match.group("unit") == "nam" else int(match.group("w")) if match.group("w") else None
                if not 1 <= count <= 20 or within is not None and not count <= within <= 50:
                    continue
                award = clean(paragraph.text[match.start("award"):match.end("award")])
                draft.add("eligibility.earlier_awards",
                          value(paragraph, {"award": award, "count": count, "within_years": within}, match.start(), match.end(), 0.6))


def read_eligibility(draft: Draft) -> None:
    read_record_kinds(draft)
    read_rating_bar(draft)
    read_leader_bar(draft)
    read_one_award(draft)
    read_award_interval(draft)
    read_earlier_awards(draft)
