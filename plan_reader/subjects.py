"""Who the plan considers: the subjects (collectives and individuals, by kind)."""

import re

from plan_reader.document import Document, Paragraph
from plan_reader.draft import Draft
from plan_reader.normalise import FOR_WHOM, fold
from plan_reader.rules import clean, value

INDIVIDUAL = re.compile(r"\b(?:ca nhan|can bo|cong chuc|vien chuc|nguoi lao dong|nhan dan|nguoi dan)\b")
GROUP_LEAD = re.compile(r"^\s*(?:[-+•*]|[0-9.]+[.)]|[a-z¢]\))?\s*(?P<group>tap the|ca nhan)\s*:\s*")


def group_of(folded: str) -> str:
    """Individuals where the words name people ("cán bộ, công chức", "nhân dân"), not a People's Committee."""
    return "individual" if INDIVIDUAL.search(re.sub(r"uy ban nhan dan|ubnd", "", folded)) else "collective"


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


AND_OTHERS = re.compile(r",? va (?:cac|toan the|nhung) ")


def content_words(folded: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", folded)) - {"va", "cac", "nhung", "toan", "the"}


def named_together(document: Document) -> list[set[str]]:
    """The words of each whom the plan's sections name ("Đối với Ủy ban Mặt trận Tổ quốc Việt Nam, các tổ chức
    chính trị - xã hội xã"): subjects a heading names together are one kind."""
    return [content_words(m.group("who")) for p in document.paragraphs if (m := FOR_WHOM.match(p.folded))]


def parts_of(folded: str, start: int, together: list[set[str]] = ()) -> list[tuple[int, int]]:
    """The spans of a list of subjects: parts between ";", then between "và các" / "và toàn thể", unless a
    heading names both sides together (`together`, the words of each)."""
    spans = []
    for part in re.finditer(r"[^;]+", folded[start:]):
        a = start + part.start()
        pieces = []
        for piece in AND_OTHERS.split(part.group()):
            at = folded.find(piece, a)
            pieces.append((at, at + len(piece)))
            a = at + len(piece)
        for piece in pieces:
            joined = content_words(folded[spans[-1][0]:piece[1]]) if spans and spans[-1][0] >= start + part.start() else set()
            if joined and any(len(joined & whom) >= 0.8 * len(joined) for whom in together):
                spans[-1] = (spans[-1][0], piece[1])
            else:
                spans.append(piece)
    return spans


SHARED_TAIL = re.compile(r"^\s*(?:cac\s+)?(?P<x>[a-z]+(?: [a-z]+){0,3}), (?P<y>[a-z]+(?: [a-z]+){0,3}) (?P<tail>thuoc .+?)\s*[.;,]?\s*$")
# "các phòng, ban, các đơn vị, các thôn, xóm thuộc xã": each "các" opens another kind, the tail shared.
ENUMERATED = re.compile(r",\s+(?=cac\s)")
TAIL = re.compile(r"\s(?P<tail>thu\S{1,2}c\s[^,]+?)\s*[.;,]?\s*$")  # "thuộc xã", as the OCR reads it too: "thudc xã"


def names_of(text: str, folded: str) -> list[str]:
    """The kinds a part names: one for each "các …" of an enumeration, and two where two nouns share their tail
    ("Các phòng chuyên môn, đơn vị sự nghiệp thuộc UBND xã": "Phòng chuyên môn thuộc UBND xã", "Đơn vị sự
    nghiệp thuộc UBND xã"), each with the tail they share; else the part."""
    cuts = [0, *(m.end() for m in ENUMERATED.finditer(folded)), len(folded)]
    if len(cuts) > 2:
        tail = TAIL.search(folded)
        shared = text[tail.start("tail"):tail.end("tail")] if tail else ""
        items = list(zip(cuts, cuts[1:]))
        names = [clean(text[a:b]) for a, b in items[:-1]]
        last = clean(text[items[-1][0]:tail.start() if tail else items[-1][1]])
        return [clean(f"{name} {shared}") for name in [*names, last]]
    match = SHARED_TAIL.match(folded)
    if not match:
        return [clean(text)]
    tail = text[match.start("tail"):match.end("tail")]
    return [clean(f"{text[match.start(n):match.end(n)]} {tail}") for n in ("x", "y")]


def read_subjects(draft: Draft) -> None:
    """ "1.1. Tập thể: Các Phòng chuyên môn, đơn vị sự nghiệp …; 1.2. Cá nhân: Cán bộ, công chức …": a kind per
    part between ";", its group from its lead ("Tập thể:", "Cá nhân:") or its words."""
    together = named_together(draft.document)
    for paragraph in section(draft.document, r"doi tuong|dbi tuong|poi tuong|p6i tuong"):
        lead = GROUP_LEAD.match(paragraph.folded)
        if not lead and re.search(r"\S{1,3}i t\S{1,3}ng", paragraph.folded):
            continue
        start = lead.end() if lead else re.match(r"\s*(?:[-+•*]|[0-9.]+[.)]|[a-z]\))?\s*", paragraph.folded).end()
        for a, b in parts_of(paragraph.folded, start, together):
            group = {"tap the": "collective", "ca nhan": "individual"}.get(lead.group("group")) if lead else None
            group = group or group_of(paragraph.folded[a:b])
            for name in names_of(paragraph.text[a:b], paragraph.folded[a:b]):
                if len(name) >= 4:
                    kind = {"code": code_of(fold(name)), "name": name, "group": group}
                    draft.add("subject_kinds", value(paragraph, kind, a, b, 0.7 if lead else 0.5))
