"""Who the plan considers: the subjects (collectives and individuals, by kind)."""

import re

from plan_reader.document import Document, Paragraph
from plan_reader.draft import Draft
from plan_reader.normalise import fold
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


def parts_of(folded: str, start: int) -> list[tuple[int, int]]:
    """The spans of a list of subjects: parts between ";", then between "và các" / "và toàn thể"."""
    spans = []
    for part in re.finditer(r"[^;]+", folded[start:]):
        a = start + part.start()
        for piece in AND_OTHERS.split(part.group()):
            at = folded.find(piece, a)
            spans.append((at, at + len(piece)))
            a = at + len(piece)
    return spans


SHARED_TAIL = re.compile(r"^\s*(?:cac\s+)?(?P<x>[a-z]+(?: [a-z]+){0,3}), (?P<y>[a-z]+(?: [a-z]+){0,3}) (?P<tail>thuoc .+?)\s*[.;,]?\s*$")


def names_of(text: str, folded: str) -> list[str]:
    """The kinds a part names: two where two nouns share their tail ("Các phòng chuyên môn, đơn vị sự nghiệp
    thuộc UBND xã": "Phòng chuyên môn thuộc UBND xã", "Đơn vị sự nghiệp thuộc UBND xã"), else the part."""
    match = SHARED_TAIL.match(folded)
    if not match:
        return [clean(text)]
    tail = text[match.start("tail"):match.end("tail")]
    return [clean(f"{text[match.start(n):match.end(n)]} {tail}") for n in ("x", "y")]


def read_subjects(draft: Draft) -> None:
    """ "1.1. Tập thể: Các Phòng chuyên môn, đơn vị sự nghiệp …; 1.2. Cá nhân: Cán bộ, công chức …": a kind per
    part between ";", its group from its lead ("Tập thể:", "Cá nhân:") or its words."""
    for paragraph in section(draft.document, r"doi tuong|dbi tuong|poi tuong|p6i tuong"):
        lead = GROUP_LEAD.match(paragraph.folded)
        if not lead and re.search(r"\S{1,3}i t\S{1,3}ng", paragraph.folded):
            continue
        start = lead.end() if lead else re.match(r"\s*(?:[-+•*]|[0-9.]+[.)]|[a-z]\))?\s*", paragraph.folded).end()
        for a, b in parts_of(paragraph.folded, start):
            group = {"tap the": "collective", "ca nhan": "individual"}.get(lead.group("group")) if lead else None
            group = group or group_of(paragraph.folded[a:b])
            for name in names_of(paragraph.text[a:b], paragraph.folded[a:b]):
                if len(name) >= 4:
                    kind = {"code": code_of(fold(name)), "name": name, "group": group}
                    draft.add("subject_kinds", value(paragraph, kind, a, b, 0.7 if lead else 0.5))
