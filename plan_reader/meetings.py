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
    """Each share of the clause, read with the words between it and its neighbours ("có ít nhất 2/3 thành viên
    tham dự, … phải đạt từ 70% số phiếu đồng ý"): a quorum where they name no votes, a vote's share where they do."""
    shares = [m for m in SHARE.finditer(clause) if m.group("cmp") or m.group("half")]
    body = shares and body_of(paragraph, clause)
    for i, share in enumerate(shares):
        before = clause[shares[i - 1].end() if i else 0:share.start()]
        after = clause[share.end():shares[i + 1].start() if i + 1 < len(shares) else len(clause)]
        found = ratio(share)
        if body and found:
            read_share(draft, paragraph, body, share, found, before, after, start + share.end())


def read_share(draft: Draft, paragraph: Paragraph, body: str, share: re.Match, found: str, before: str, after: str,
               offset: int) -> None:
    span = (offset - len(share.group()), offset)
    if not VOTE.search(before.rsplit(",", 1)[-1][-40:] + " " + after.split(",", 1)[0]):  # its own part of the clause
        if PRESENT.search(after):
            draft.add(f"{body}.quorum", value(paragraph, found, *span, 0.6))
        return
    strict = share.group("cmp") in ("tren", "qua", "tu tren") or bool(share.group("half"))  # "tir": OCR's "từ"
    inclusive = not strict and (share.group("cmp") in ("it nhat", "toi thieu") or "tro len" in after[:60])
    if not strict and not inclusive:
        return  # neither "trên" nor "từ … trở lên": the plan's comparison is not told
    basis = MEMBERS.search(after) or PRESENT.search(after)
    of = basis and (offset + basis.start(), offset + basis.end())
    members = bool(basis) and bool(MEMBERS.fullmatch(basis.group()))
    if body == "council":
        draft.add("council.threshold", value(paragraph, found, *span, 0.6))
        draft.add("council.threshold_inclusive", value(paragraph, inclusive, *span, 0.6))
        if basis:
            draft.add("council.denominator", value(paragraph, "members" if members else "voting", *of, 0.5))
    elif strict:  # a unit's majority is "more than" its share; "từ … trở lên" it cannot hold
        draft.add("unit_meeting.majority", value(paragraph, found, *span, 0.6))
        if basis:
            draft.add("unit_meeting.majority_of", value(paragraph, "members" if members else "present", *of, 0.5))


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
