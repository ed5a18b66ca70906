"""What the subjects must meet: the standards (all-of / one-of, indicators with thresholds: "đạt từ 90% trở lên"),
and the measured criteria a "Tiêu chí thi đua" section sets apart from them."""

import re

from plan_reader.draft import Draft
from plan_reader.indicators import indicator_of
from plan_reader.rules import clean, value
from plan_reader.subjects import group_of
from schemas.indicators import CATALOGUE, MOST_FIGURE


THRESHOLD = re.compile(
    r"(?:(?:dat|tu|toi thieu|it nhat|tren|tren|duoc)\s+(?:tu\s+)?)?(?P<n>[0-9]{1,3}(?:[.,][0-9])?)\s*%"
    r"(?:\s*(?P<up>tro len|tr\S 1en|tro 1en))?"
)
AT_MOST = re.compile(r"(?:khong qua|khong vuot qua|toi da|duoi)\s+[0-9]{1,3}\s*%")


def threshold_of(folded: str) -> tuple[float, str] | None:
    """The figure a standard sets: "đạt từ 90% trở lên" → (90, at_least); "không quá 2%" → (2, at_most)."""
    match = THRESHOLD.search(folded)
    if not match:
        return None
    figure = float(match.group("n").replace(",", "."))
    if figure > 100:
        return None
    return figure, "at_most" if AT_MOST.search(folded) else "at_least"


# A figure that is not a percentage, for an index or points: "DTI đạt từ 0,6 trở lên", "đạt tối thiểu 85 điểm".
FIGURE = re.compile(r"(?:dat|tu|toi thieu|it nhat|tren)\s+(?:tu\s+)?(?P<n>[0-9]{1,6}(?:[.,][0-9]{1,3})?)(?![0-9.,]*\s*%)")


def measured(text: str, folded: str) -> dict:
    """A standard's threshold and the catalogue's indicator it names ("Mức độ hài lòng … đạt 90% trở lên":
    satisfaction_pct, 90); a figure without % only for an indicator that is not a percentage (the DTI's 0,6)."""
    code = indicator_of(text)
    found = threshold_of(folded)
    if not found and code and CATALOGUE[code].measure != "pct":
        match = FIGURE.search(folded)
        figure = float(match.group("n").replace(",", ".")) if match else None
        if figure is not None and figure <= (CATALOGUE[code].maximum or MOST_FIGURE):
            found = figure, "at_most" if re.search(r"khong qua|khong vuot qua|toi da|duoi", folded) else "at_least"
    if not found:
        return {}
    return {"threshold": found[0], "compare": found[1]} | ({"indicator": code} if code else {})


# "3.1. Đối với tập thể", "a) Đối với cá nhân: …", "1.2. Đối với Ủy ban Mặt trận Tổ quốc …": whom the items after are for.
FOR_WHOM = re.compile(r"^\W*(?:[0-9.]+[.)]?|[a-z¢]\))?\s*[dp]\S{0,2}i\s*v\S{1,2}i\s+(?:cac\s+)?(?P<who>[^:]{3,160})")


def read_standards(draft: Draft) -> None:
    """Each item under "Tiêu chuẩn khen thưởng" / "Tiêu chí thi đua", with the group of the heading it is under
    ("Đối với tập thể"), all-of unless the sentence before says "một trong các"."""
    document = draft.document
    lead = r"^\W*(?:[0-9.]+|[ivx]+)[.)]?\s*"
    headings = [h for h in document.headings(lead + r"ti\S?u chuan") + document.headings(lead + r"tieu chi") if document.under(h)]
    if not headings:
        return
    body = document.under(headings[0])
    mode, group = "all_of", None
    for paragraph in body:
        words = paragraph.folded
        heading_group = FOR_WHOM.match(words)
        if heading_group:
            who = heading_group.group("who")
            group = "collective" if who.startswith("tap the") else "individual" if who.startswith("ca nhan") else group_of(who)
            mode = "all_of"
        one_of = re.search(r"(?:,|;)?\s*(?:va\s+)?(?:dat\s+)?mot trong (?:cac|nhung)", words)
        if one_of:
            mode = "one_of"
            colon = words.find(":")
            if heading_group and 0 < colon < one_of.start() - 8:  # "Đối với tập thể: <all must>, và đạt một trong …"
                start = colon + 1 + len(words[colon + 1:]) - len(words[colon + 1:].lstrip())
                item = {"group": group, "mode": "all_of", "text": clean(paragraph.text[start:one_of.start()])}
                draft.add("standards", value(paragraph, item, start, one_of.start(), 0.6))
        if paragraph.marker not in ("-", "+") and not re.match(r"\s*[a-z¢]\)", words):
            continue
        if re.match(r"\s*[a-z¢]\)\s*(?:so l\S{1,3}ng|hinh th|ho so|thoi gian|kinh phi)", words):
            break  # the standards end where the section goes on to the number of awards, the dossier, …
        text = clean(paragraph.text)
        if len(text) < 8 or heading_group and words.rstrip().endswith(":"):
            continue
        item = {"group": group or group_of(words), "mode": mode, "text": text}
        item |= measured(paragraph.text, words)  # the indicator named, for the office to confirm
        draft.add("standards", value(paragraph, item, 0, len(paragraph.text), 0.6))


CLAUSE = re.compile(r"(?:[^;.]|\.(?=[0-9]))+")


def read_measured_criteria(draft: Draft) -> None:
    """The measured criteria of a "Tiêu chí thi đua" section apart from the standards' own ("1.2. 100% thủ tục hành
    chính … được công bố …; trong đó tối thiểu 80% hồ sơ … được luân chuyển … bằng phương thức điện tử"): each
    clause with a figure that names a catalogue indicator, an all-of standard of the collectives, the units that
    compete on them. A criteria section the standards were read from adds nothing."""
    document = draft.document
    headings = [h for h in document.headings(r"^\W*(?:[0-9.]+|[ivx]+)[.)]?\s*tieu chi thi dua\W*$") if document.under(h)]
    if not headings:
        return
    body = document.under(headings[0])
    if {(v.source.page, v.source.line) for v in draft.get("standards")} & {(p.page, p.line) for p in body}:
        return
    for paragraph in body:
        for clause in CLAUSE.finditer(paragraph.folded):
            figures = measured(paragraph.text[clause.start():clause.end()], clause.group())
            if "indicator" not in figures:
                continue
            start = clause.start() + len(clause.group()) - len(re.sub(r"^[\s,]*(?:trong do|dong thoi)?[\s,]*", "", clause.group()))
            item = {"group": "collective", "mode": "all_of", "text": clean(paragraph.text[start:clause.end()])} | figures
            draft.add("standards", value(paragraph, item, start, clause.end(), 0.5))
