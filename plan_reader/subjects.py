"""Who the plan considers and what they must meet: the subjects (collectives and individuals, by kind) and the
standards (all-of / one-of, indicators with thresholds: "đạt từ 90% trở lên")."""

import re

from plan_reader.document import Document, Paragraph
from plan_reader.draft import Draft
from plan_reader.rules import clean, value

INDIVIDUAL = re.compile(r"\b(?:ca nhan|can bo|cong chuc|vien chuc|nguoi lao dong|nhan dan|nguoi dan)\b")
GROUP_LEAD = re.compile(r"^\s*(?:[-+•*]|[0-9.]+[.)]|[a-z¢]\))?\s*(?P<group>tap the|ca nhan)\s*:\s*")


def code_of(text: str) -> str:
    """A settings code from a folded name: "cac phong chuyen mon" → "phong_chuyen_mon"."""
    words = [w for w in re.findall(r"[a-z0-9]+", text) if w not in ("cac", "cua", "va", "thuoc", "tai", "cho")]
    return "_".join(words)[:40].strip("_") or "doi_tuong"


def section(document: Document, pattern: str) -> list[Paragraph]:
    """The paragraphs under the first heading matching `pattern` that has any."""
    for heading in document.headings(pattern):
        body = document.under(heading)
        if body:
            return body
    return []


def read_subjects(draft: Draft) -> None:
    """ "1.1. Tập thể: Các Phòng chuyên môn, đơn vị sự nghiệp …; 1.2. Cá nhân: Cán bộ, công chức …": a kind per
    part between ";", its group from its lead ("Tập thể:", "Cá nhân:") or its words."""
    for paragraph in section(draft.document, r"doi tuong|dbi tuong|poi tuong|p6i tuong"):
        lead = GROUP_LEAD.match(paragraph.folded)
        if not lead and (paragraph.marker is None or re.search(r"\S{1,3}i t\S{1,3}ng", paragraph.folded)):
            continue
        start = lead.end() if lead else re.match(r"\s*(?:[-+•*]|[0-9.]+[.)]|[a-z]\))?\s*", paragraph.folded).end()
        for part in re.finditer(r"[^;]+", paragraph.folded[start:]):
            a, b = start + part.start(), start + part.end()
            name = clean(paragraph.text[a:b])
            if len(name) < 4:
                continue
            group = {"tap the": "collective", "ca nhan": "individual"}.get(lead.group("group")) if lead else None
            group = group or ("individual" if INDIVIDUAL.search(paragraph.folded[a:b]) else "collective")
            kind = {"code": code_of(paragraph.folded[a:b]), "name": name, "group": group}
            draft.add("subject_kinds", value(paragraph, kind, a, b, 0.7 if lead else 0.5))


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
        heading_group = re.search(r"doi voi (tap the|ca nhan)|dbi voi (tap the|ca nhan)|[dp]\S{1,2}i v\S?i (tap the|ca nhan)", words)
        if heading_group:
            group = "individual" if "ca nhan" in heading_group.group() else "collective"
            mode = "all_of"
        if re.search(r"mot trong (?:cac|nhung)", words):
            mode = "one_of"
        if paragraph.marker not in ("-", "+") and not re.match(r"\s*[a-z¢]\)", words):
            continue
        text = clean(paragraph.text)
        if len(text) < 8 or heading_group and words.rstrip().endswith(":"):
            continue
        item = {"group": group or ("individual" if INDIVIDUAL.search(words) else "collective"), "mode": mode, "text": text}
        found = threshold_of(words)
        if found:
            item |= {"threshold": found[0], "compare": found[1]}
        draft.add("standards", value(paragraph, item, 0, len(paragraph.text), 0.6))
