"""How the votes are taken: the unit's selection meeting (unit_meeting: whether the plan asks for it, its quorum
and majority) and the commune's Hội đồng Thi đua - Khen thưởng (council: its quorum and vote threshold), in the
law's and the plans' usual wording: "cuộc họp hợp lệ khi có ít nhất 2/3 tổng số thành viên tham dự", "phải đạt
từ 70% số phiếu đồng ý trở lên tính trên tổng số thành viên Hội đồng", "được trên 50% số người dự họp nhất trí".
Each clause is told the unit's or the council's by its own words, then its paragraph's, then its headings'."""

import re

from plan_reader.document import Paragraph
from plan_reader.draft import Draft
from plan_reader.rules import value

RATIO = r"(?:(?P<num>[0-9]{1,3})\s*/\s*(?P<den>[0-9]{1,3})|(?P<pct>[0-9]{1,3})\s*%|(?P<half>qua ban|mot nua))"
SHARE = re.compile(r"(?:(?P<cmp>it nhat|toi thieu|tu tren|tu|tir|tren|qua|dat|co)\s+)?(?:(?:ty le|so)\s+)?" + RATIO)
VOTE = re.compile(r"phi\w{1,2}u|bieu quyet|nhat tri|tan thanh|dong y")
PRESENT = re.compile(r"tham du|co mat|du hop|tham gia(?: hop)?|duoc (?:xin|lay) y kien|y kien bang van ban")
MEMBERS = re.compile(r"t\w{1,2}ng so\s+(?:\w+\s+){0,3}?(?:thanh vien|can bo|nguoi|cong chuc)(?:\s+(?:cua\s+)?(?:hoi dong|don vi|co quan))?"
                     r"(?!\s+(?:\w+\s+){0,2}?(?:tham du|co mat|du hop|tham gia))")
UNIT = re.compile(r"binh xet|(?:cua|tai|o)\s+(?:cac\s+|moi\s+)?(?:don vi|co quan|thon|to dan pho|khu pho|truong|chi bo)\b"
                  r"|hoi dong\s+(?:thi dua\s*-?\s*khen thuong\s+)?(?:cua\s+)?(?:don vi|co so|co quan)")
COUNCIL = re.compile(r"hoi dong\s+(?:thi dua|tdkt|xet)|hdtdkt")
NO_MEETING = re.compile(r"kh\w{1,2}ng\s+(?:phai|can|yeu cau|bat buoc)\s+(?:\w+\s+){0,3}?hop\s+(?:binh\s+)?xet")
MEETING = re.compile(r"(?:to chuc|tien hanh|phai)\s+(?:cuoc\s+)?hop\s+(?:binh\s+)?xet")


def ratio(match: re.Match) -> str | None:
    if match.group("half"):
        return "1/2"
    num, den = (int(match.group("pct")), 100) if match.group("pct") else (int(match.group("num")), int(match.group("den")))
    return f"{num}/{den}" if 0 < num <= den else None


def body_of(paragraph: Paragraph, clause: str) -> str | None:
    """The unit's meeting or the council, by the clause's words, its paragraph's, then its headings'."""
    for words in (clause, paragraph.folded, paragraph.heading_words()):
        if UNIT.search(words):
            return "unit_meeting"
        if COUNCIL.search(words):
            return "council"
    return None


def read_clause(draft: Draft, paragraph: Paragraph, start: int, clause: str) -> None:
    share = next((m for m in SHARE.finditer(clause) if m.group("cmp") or m.group("half")), None)
    body = share and body_of(paragraph, clause)
    found = share and ratio(share)
    if not found or not body:
        return
    at = lambda m: (start + m.start(), start + m.end())  # noqa: E731
    vote = VOTE.search(clause)
    if not vote:
        if PRESENT.search(clause, share.end()):
            draft.add(f"{body}.quorum", value(paragraph, found, *at(share), 0.6))
        return
    strict = share.group("cmp") in ("tren", "qua", "tu tren") or bool(share.group("half"))  # "tir": OCR's "từ"
    inclusive = not strict and (share.group("cmp") in ("it nhat", "toi thieu") or "tro len" in clause[share.end():share.end() + 60])
    if not strict and not inclusive:
        return  # neither "trên" nor "từ … trở lên": the plan's comparison is not told
    basis = MEMBERS.search(clause, share.end())
    present = PRESENT.search(clause, share.end())
    if body == "council":
        draft.add("council.threshold", value(paragraph, found, *at(share), 0.6))
        draft.add("council.threshold_inclusive", value(paragraph, inclusive, *at(share), 0.6))
        if basis or present:
            draft.add("council.denominator", value(paragraph, "members" if basis else "voting", *at(basis or present), 0.5))
    elif strict:  # a unit's majority is "more than" its share; "từ … trở lên" it cannot hold
        draft.add("unit_meeting.majority", value(paragraph, found, *at(share), 0.6))
        if basis or present:
            draft.add("unit_meeting.majority_of", value(paragraph, "members" if basis else "present", *at(basis or present), 0.5))


def read_meetings(draft: Draft) -> None:
    for paragraph in draft.document.paragraphs:
        if match := NO_MEETING.search(paragraph.folded):
            draft.add("unit_meeting.required", value(paragraph, False, match.start(), match.end(), 0.7))
        elif match := MEETING.search(paragraph.folded):
            draft.add("unit_meeting.required", value(paragraph, True, match.start(), match.end(), 0.5))
        start = 0
        for clause in re.split(r"(?<=[;.])\s", paragraph.folded):
            read_clause(draft, paragraph, start, clause)
            start += len(clause) + 1
