"""What the subjects must meet: the standards (all-of / one-of, indicators with thresholds: "đạt từ 90% trở lên"),
and the measured criteria a "Tiêu chí thi đua" section sets apart from them."""

import re

from plan_reader.draft import Draft
from plan_reader.indicators import indicator_of
from plan_reader.normalise import FOR_WHOM, words_of
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


ONE_OF = re.compile(r"(?:,|;)?\s*(?:va\s+)?(?:dat\s+)?mot trong (?:cac|nhung)")
# "…, có thành tích xuất sắc tiêu biểu và đạt các tiêu chuẩn sau:": what comes before the list must be met too.
ALL_OF = re.compile(r"[,;]?\s*va\s+(?:phai\s+)?dat\s+(?:du\s+)?(?:cac|nhung)\s+ti\S{1,2}u\s+(?:chuan|chi)\b")
# The whom a lead may open with, before its conditions: "Khen thưởng hằng năm đối với những tập thể thực hiện …".
WHOM_FIRST = re.compile(r"^[a-z0-9 ,]{0,40}?\b(?:[dp]\S{0,2}i\s*v\S{1,2}i|cho)\s+(?:nh\S{2,4}g\s+|cac\s+)?(?:tap the|ca nhan)\s+")
# The standards end where their part goes on to the forms and number of awards, the dossier, the time: "b) Số lượng
# khen thưởng: …", "2. Hình thức khen thưởng".
END = re.compile(r"^\W*(?:[0-9.]+[.)]?|[a-z¢]\))\s*(?:so l\S{1,3}ng|hinh th|ho so|thu tuc|thoi gian|kinh phi)")
SUBHEADING = re.compile(r"[0-9]+(?:\.[0-9]+)*")
NOTE = re.compile(r"^\W*(?:[0-9.]+[.)]?\s*)?(?:luu y|chu y|ghi chu)\b")  # "Lưu ý: …", a remark, not a standard


def is_item(paragraph) -> bool:
    return paragraph.marker in ("-", "+") or bool(re.match(r"\s*[a-z¢]\)", paragraph.folded))


def blocks_without_items(body) -> set[int]:
    """The paragraphs of the sub-headings ("1.5. Đối tượng khác") under which the plan lists no bullet: their
    standards are the clauses of a plain paragraph ("Có nhiều đóng góp …; Có sản phẩm, mô hình …")."""
    blocks: list[list] = [[]]
    for paragraph in body:
        if paragraph.marker and SUBHEADING.fullmatch(paragraph.marker) or FOR_WHOM.match(paragraph.folded):
            blocks.append([])
        blocks[-1].append(paragraph)
    return {p.index for block in blocks if not any(is_item(p) or NOTE.match(p.folded) for p in block) for p in block}


def lead_conditions(paragraph, heading_group, lead: re.Match) -> tuple[int, int] | None:
    """The span of the conditions a lead sets before its list: after the colon of "Đối với tập thể: …", or the
    whole of a plain paragraph but for the whom it opens with; none where fewer than three words are left."""
    words = paragraph.folded
    colon = words.find(":")
    if heading_group and 0 < colon < lead.start():
        start = colon + 1
    elif paragraph.marker is None:
        whom = WHOM_FIRST.match(words)
        start = whom.end() if whom else 0
    else:
        return None
    start += len(words[start:]) - len(words[start:].lstrip())
    return (start, lead.start()) if len(words[start:lead.start()].split()) >= 3 else None


def repeated(text: str, items: list[dict]) -> bool:
    """A lead's condition that an item of the list says again (most of its words): not drafted twice."""
    mine = words_of(text)
    return any(len(mine & words_of(item["text"])) >= 0.7 * len(mine) for item in items)


def read_standards(draft: Draft) -> None:
    """Each item under "Tiêu chuẩn khen thưởng" / "Tiêu chí thi đua", with the group of the heading it is under
    ("Đối với tập thể"), all-of unless the sentence before says "một trong các"; the conditions a lead sets before
    its list ("…, và đạt các tiêu chuẩn sau:"), all-of."""
    document = draft.document
    lead = r"^\W*(?:[0-9.]+|[ivx]+)[.)]?\s*"
    headings = [h for h in document.headings(lead + r"ti\S?u chuan") + document.headings(lead + r"tieu chi") if document.under(h)]
    if not headings:
        return
    body = document.under(headings[0])
    plain = blocks_without_items(body)
    mode, group = "all_of", None
    found: list[tuple[dict, object, bool]] = []  # (item, value, whether a lead's condition)
    for paragraph in body:
        words = paragraph.folded
        if END.match(words):
            break
        heading_group = FOR_WHOM.match(words)
        if heading_group:
            who = heading_group.group("who")
            group = "collective" if who.startswith("tap the") else "individual" if who.startswith("ca nhan") else group_of(who)
            mode = "all_of"
        one_of = ONE_OF.search(words)
        lead_match = one_of or ALL_OF.search(words)
        if one_of:
            mode = "one_of"
        span = lead_conditions(paragraph, heading_group, lead_match) if lead_match else None
        if span:
            item = {"group": group or group_of(words), "mode": "all_of", "text": clean(paragraph.text[span[0]:span[1]])}
            found.append((item, value(paragraph, item, *span, 0.6), True))
            continue
        if paragraph.index in plain and paragraph.marker is None and not words.rstrip().endswith(":"):
            for clause in re.finditer(r"[^;]+", words):
                start = clause.start() + len(clause.group()) - len(clause.group().lstrip())
                text = clean(paragraph.text[start:clause.end()])
                if len(text.split()) >= 3:
                    item = {"group": group or group_of(words), "mode": mode, "text": text}
                    item |= measured(paragraph.text[start:clause.end()], clause.group())
                    found.append((item, value(paragraph, item, start, clause.end(), 0.5), False))
            continue
        if not is_item(paragraph):
            continue
        text = clean(paragraph.text)
        if len(text) < 8 or heading_group and words.rstrip().endswith(":"):
            continue
        item = {"group": group or group_of(words), "mode": mode, "text": text}
        item |= measured(paragraph.text, words)  # the indicator named, for the office to confirm
        found.append((item, value(paragraph, item, 0, len(paragraph.text), 0.6), False))
    listed = [item for item, _, is_lead in found if not is_lead]
    for item, drafted, is_lead in found:
        if not (is_lead and repeated(item["text"], [x for x in listed if x["group"] == item["group"]])):
            draft.add("standards", drafted)


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
