"""What is awarded and how many: the award forms, the higher award proposed, the quotas (per group, soft where
the plan lets more be proposed: "có thể đề xuất thêm"), the achievement the decision writes."""

import re

from plan_reader.draft import Draft
from plan_reader.rules import LEVEL_NAMES, LEVELS, clean, search, value

LEVEL = r"(thi tran|thi xa|thanh pho|xa|phuong|huyen|quan|tinh)"
GIAY_KHEN = re.compile(
    r"giay khen\s+(?:cua\s+)?(?:chu tich|ch\S{1,2} tich)\s+(?:uy ban nhan dan|ubnd)\s+" + LEVEL + r"\b"
    r"|(?:chu tich|ch\S{1,2} tich)\s+(?:uy ban nhan dan|ubnd)\s+" + LEVEL + r"\s+(?:xet\s+)?t\S{1,2}ng\s+giay khen"
)
BANG_KHEN = re.compile(
    r"bang khen\s+(?:cua\s+)?chu tich\s+(?:uy ban nhan dan|ubnd)\s+" + LEVEL + r"(?P<place>(?: [a-z]+){0,3}?)(?=\s+(?:cho|tang|xet|ve|doi)\b|[,.;]|$)"
    r"|chu tich\s+(?:uy ban nhan dan|ubnd)\s+(?P<level2>thanh pho|tinh)(?P<place2>(?: [a-z]+){0,3}?)\s+(?:xet\s+)?tang\s+bang khen"
)


def read_award_forms(draft: Draft) -> None:
    document = draft.document
    ordered = document.in_section(r"hinh th\S{1,3}c|so luong") + document.paragraphs
    found = search(ordered, GIAY_KHEN)
    if found:
        paragraph, match = found
        level = LEVEL_NAMES[LEVELS[match.group(1) or match.group(2)]]
        form = {"code": "giay_khen", "name": f"Giấy khen của Chủ tịch UBND {level}"}
        draft.add("award_forms", value(paragraph, form, match.start(), match.end(), 0.8))
    read_decision_capacity(draft, ordered, found)
    higher = search(ordered, BANG_KHEN)
    if higher:
        paragraph, match = higher
        at = "place" if match.group(1) else "place2"
        place = paragraph.text[match.start(at):match.end(at)].strip()
        level = LEVEL_NAMES[LEVELS[match.group(1) or match.group("level2")]]
        award = {"name": clean(f"Bằng khen của Chủ tịch UBND {level} {place}"),
                 "decided_by": clean(f"Chủ tịch Ủy ban nhân dân {level} {place}")}
        draft.add("higher_award", value(paragraph, award, match.start(), match.end(), 0.6))
    read_proposal_capacity(draft)


# The tờ trình to the level above, and who signs it: the Chairman ("Chủ tịch UBND xã ký Tờ trình đề nghị …") or the
# Committee as a body ("UBND xã lập Tờ trình", "Tờ trình của UBND xã", "TM. UBND xã ký Tờ trình").
UPWARD = re.compile(r"cap tren|bang khen|(?:uy ban nhan dan|ubnd)\s+(?:thanh pho|tinh|huyen|quan|thi xa)\b")
HERE = r"(?:uy ban nhan dan|ubnd)\s+(?:xa|phuong|thi tran)\b(?:\s+[a-z]+){0,3}?"
PROPOSAL_BY = (
    ("own", re.compile(r"chu tich\s+" + HERE + r"\s+(?:ky|ban hanh|lap)\s+(?:\w+\s+){0,2}?to trinh|to trinh\s+(?:cua\s+)?chu tich\s+" + HERE)),
    ("body", re.compile(r"(?<!tich )(?<!tich cua )(?<!tm\. )" + HERE + r"\s+(?:ky|ban hanh|lap|gui)\s+(?:\w+\s+){0,2}?to trinh"
                        r"|to trinh\s+(?:cua\s+)?" + HERE + r"|tm\.?\s+" + HERE + r"[^;.]{0,40}?to trinh")),
)


def read_proposal_capacity(draft: Draft) -> None:
    """Whose power the tờ trình upward is signed in (signatures.higher_proposal), where a sentence about the proposal
    to the level above says it."""
    for paragraph in draft.document.paragraphs:
        if "to trinh" not in paragraph.folded or not UPWARD.search(paragraph.folded):
            continue
        for capacity, rule in PROPOSAL_BY:
            if match := rule.search(paragraph.folded):
                draft.add("signatures.higher_proposal", value(paragraph, capacity, match.start(), match.end(), 0.5))
                return


# The Committee, not its Chairman, gives the award: "Giấy khen của UBND xã", "Ủy ban nhân dân xã tặng Giấy khen".
BY_COMMITTEE = re.compile(
    r"giay khen\s+(?:cua\s+)?(?:uy ban nhan dan|ubnd)\s+" + LEVEL + r"\b"
    r"|(?<!tich )(?<!tich cua )(?:uy ban nhan dan|ubnd)\s+" + LEVEL + r"(?:\s+[a-z]+){0,3}?\s+(?:xet\s+)?t\S{1,2}ng\s+giay khen"
)


def read_decision_capacity(draft: Draft, ordered, by_chairman) -> None:
    """Whose power the award decision is signed in (signatures.decision): the Chairman's own where the plan gives
    "Giấy khen của Chủ tịch UBND …", the Committee's as a body where it gives the Committee's Giấy khen."""
    found = search(ordered, BY_COMMITTEE)
    if found and not by_chairman:
        paragraph, match = found
        draft.add("signatures.decision", value(paragraph, "body", match.start(), match.end(), 0.6))
    elif by_chairman:
        paragraph, match = by_chairman
        draft.add("signatures.decision", value(paragraph, "own", match.start(), match.end(), 0.6))


COUNT = re.compile(r"(?<![0-9%/.])(?P<n>[0-9]{1,3})\s+(?P<group>tap the|ca nhan)\b")
SOFT = re.compile(r"(?:de xuat|de nghi|xet)\s+them|co the vuot|vuot so luong")


def read_quotas(draft: Draft) -> None:
    """ "tặng Giấy khen cho 05 tập thể và 05 cá nhân", "Không vượt quá 05 tập thể": a quota per group, soft where
    the section lets more be proposed."""
    document = draft.document
    paragraphs = document.in_section(r"hinh th\S{1,3}c|so l\S{1,3}ng") or document.paragraphs
    soft = any(SOFT.search(p.folded) for p in paragraphs)
    seen = set()
    for paragraph in paragraphs:
        if not re.search(r"giay khen|so l\S{1,3}ng|khong vuot qua|toi da|tang", paragraph.folded):
            continue
        for match in COUNT.finditer(paragraph.folded):
            group = "collective" if match.group("group") == "tap the" else "individual"
            if group in seen:
                continue
            seen.add(group)
            quota = {"group": group, "max": int(match.group("n")), "kind": "soft" if soft else "hard"}
            draft.add("quotas", value(paragraph, quota, match.start(), match.end(), 0.7))


# "có thành tích xuất sắc[, tiêu biểu] trong công tác (thực hiện, phong trào) …", its "có" as the OCR reads it too
# ("c6", "cd", "co6").
ACHIEVEMENT = re.compile(r"(?<![a-z])c\S{0,2}\s+(?P<what>thanh tich xuat sac(?:,? (?:tieu bieu|sang tao))? trong "
                         r"(?:cong tac|th\S{1,2}c hi\S{1,3}n|viec|phong trao) [^.;()]{3,90}?)(?=[.;(]|$| de | cho )")
# What the clause before it says: the award given for it ("tặng Giấy khen … cho 01 tập thể … có thành tích …"), or
# those praised for it ("khen thưởng những tập thể, cá nhân có thành tích …"); else it is a standard's wording.
AWARD_GIVEN = re.compile(r"giay khen|bang khen|(?<![a-z])t\S{1,2}ng\b(?! cuong)")  # "tặng", not "tăng cường"
PRAISED = re.compile(r"khen thuong|bieu duong|ton vinh")


def read_achievement(draft: Draft) -> None:
    """The achievement the decision writes ("đã có thành tích xuất sắc trong công tác …"): from the sentence that
    gives the award for it, else from one that praises those who have it, else the first that names it."""
    found = []
    for paragraph in draft.document.paragraphs:
        for match in ACHIEVEMENT.finditer(paragraph.folded):
            clause = re.split(r"[.;]", paragraph.folded[:match.start()])[-1]
            rank = 0 if AWARD_GIVEN.search(clause) else 1 if PRAISED.search(clause) else 2
            found.append((rank, paragraph.index, paragraph, match))
    if found:
        rank, _, paragraph, match = min(found, key=lambda f: f[:2])
        text = "đã có " + paragraph.text[match.start("what"):match.end("what")].strip()
        draft.add("achievement", value(paragraph, text, match.start(), match.end(), 0.6 if rank < 2 else 0.4))
