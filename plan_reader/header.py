"""The letterhead's and the signature's fields: the issuer and its level, the plan's number, date, title and
grounds (Căn cứ …), the signer."""

import re

from plan_reader.dates import find_dates
from plan_reader.document import Document
from plan_reader.draft import Draft
from plan_reader.normalise import capitals, fold
from plan_reader.rules import LEVELS, clean, search, value

HEAD = 12  # the letterhead is in the first paragraphs
LEVEL = r"(?P<level>thi tran|thi xa|thanh pho|xa|phuong|huyen|quan|tinh)"


def first_part(document: Document) -> int:
    """The index of the first section (I., or a 1. in capitals), where the preamble ends: a Roman I is a heading's
    marker even when restoring its words' diacritics left them in lower case."""
    return next((p.index for p in document.paragraphs if p.marker == "I" or p.marker == "1" and capitals(p.text)),
                len(document.paragraphs))


def letterhead(document: Document):
    """The paragraphs before the title's "KẾ HOẠCH"."""
    end = next((p.index for p in document.paragraphs[:HEAD + 4] if re.fullmatch(r"\s*ke hoach\s*", p.folded)), HEAD)
    return document.paragraphs[:end]


def read_issuer(draft: Draft, issuers: dict[str, dict]) -> None:
    """ "ỦY BAN NHÂN DÂN / XÃ KẺ SẶT": the issuer's level and place; its code where `issuers` has that place."""
    head = draft.document.paragraphs[:HEAD]
    found = search(head, r"^\s*(?:uy ban nhan dan\s+)?" + LEVEL + r"\s+(?P<place>[a-z]+(?: [a-z]+){0,2}?)\s*(?=[dpb][oe][ce] \S?ap|$|[.,;(])")
    found = found or search(head, r"(?:uy ban nhan dan|ubnd)\s+" + LEVEL + r"\s+(?P<place>[a-z]+(?: [a-z]+){0,2}?)(?=\s*(?:,|\.|$| \d| ve | ban hanh| nhu))")
    if not found:
        return
    paragraph, match = found
    level, place_key = LEVELS[match.group("level")], re.sub(r"\s+", " ", match.group("place")).strip()
    place = paragraph.text[match.start("place"):match.start("place") + len(place_key)]
    for code, record in issuers.items():
        if fold(record.get("place", "")).strip() == place_key:
            issuer = {"code": code, "name": record["name"], "level": record.get("level") or record.get("kind")}
            draft.add("issuer", value(paragraph, issuer, match.start(), match.start("place") + len(place_key), 0.9))
            return
    issuer = {"code": None, "name": f"Ủy ban nhân dân {match.group('level')} {place}", "level": level}
    draft.add("issuer", value(paragraph, issuer, match.start(), match.start("place") + len(place_key), 0.5))


NUMBER = re.compile(r"(?:s[o06b]|so)\s*[:.]?\s*(?P<n>[0-9]{1,5})\s*/\s*(?P<sign>[a-z]{1,6}\s*-\s*[a-z]{1,8})")


def read_number(draft: Draft) -> None:
    found = search(letterhead(draft.document), NUMBER)
    if found:
        paragraph, match = found
        sign = re.sub(r"\s", "", paragraph.text[match.start("sign"):match.end("sign")]).upper()
        draft.add("plan.number", value(paragraph, f"{match.group('n')}/{sign}", match.start("n"), match.end(), 0.9))


def read_date(draft: Draft) -> None:
    """ "…, ngày 21 tháng 11 năm 2025" on the number's line or the letterhead's; a date line the OCR made
    illegible gives nothing."""
    for paragraph in letterhead(draft.document):
        at = paragraph.folded.find("ngay")
        if at < 0 or not re.search(r"ngay\s*[0-9]", paragraph.folded):
            continue
        dates = [d for d in find_dates(paragraph.folded[at:]) if d.start < 6]
        if dates:
            d = dates[0]
            draft.add("plan.date", value(paragraph, d.day.isoformat(), at, at + d.end, 0.9))
            return


def read_title(draft: Draft) -> None:
    """The trích yếu: the paragraph after "KẾ HOẠCH", without its "Về việc"."""
    paragraphs = draft.document.paragraphs
    for paragraph in paragraphs[:HEAD + 4]:
        if re.fullmatch(r"\s*ke hoach\s*", paragraph.folded) and paragraph.index + 1 < len(paragraphs):
            title = paragraphs[paragraph.index + 1]
            text = re.sub(r"^(?:ve viec|v[e&] viec)\s+", "", title.folded)
            start = len(title.folded) - len(text)
            attached = re.search(r"\(\s*kem theo", title.folded)
            end = attached.start() if attached else len(title.text)
            draft.add("plan.title", value(title, clean(title.text[start:end]), start, end, 0.8))
            if attached:  # "(Kèm theo Quyết định số …/QĐ-UBND ngày 31/7/2025 …)": the plan is dated by it
                dates = find_dates(title.folded[end:])
                if dates and not draft.get("plan.date"):
                    d = dates[0]
                    draft.add("plan.date", value(title, d.day.isoformat(), end + d.start, end + d.end, 0.6))
            return
        if paragraph.folded.startswith("ke hoach") and len(paragraph.folded) > 20 and paragraph.index < HEAD:
            start = len("ke hoach ")
            draft.add("plan.title", value(paragraph, clean(paragraph.text[start:]), start, len(paragraph.text), 0.6))
            return


CITATION = re.compile(
    r"(?P<kind>quyet dinh|ke hoach|nghi quyet|nghi dinh|chi thi|thong tu|to trinh|cong van|luat)\s+(?:so\s*|s[o06b]\s*|s\s+|\S{1,6}\s+)?"
    r"(?P<n>[0-9]{1,5})\s*/\s*(?P<sign>[a-z0-9]{1,8}(?:\s*-\s*[a-z0-9]{1,8}){0,2})"
)


def read_grounds(draft: Draft) -> None:
    """Each document the preamble cites ("Căn cứ Quyết định số 3665/QĐ-UBND ngày 09/9/2025 của …"), up to
    the next ";" or "."."""
    for paragraph in draft.document.paragraphs[:first_part(draft.document)]:
        if paragraph.index < 3 or not re.match(r"\s*(?:can c|cin c|thuc hien|nh\S{1,2}m |theo|xet de nghi)", paragraph.folded):
            continue
        for match in CITATION.finditer(paragraph.folded):
            end = min((i for i in (paragraph.folded.find(";", match.end()), paragraph.folded.find(". ", match.end()),
                                   paragraph.folded.find(" nhu sau", match.end())) if i > 0), default=len(paragraph.text))
            draft.add("plan.grounds", value(paragraph, clean(paragraph.text[match.start():end]), match.start(), end, 0.8))


def read_signer(draft: Draft) -> None:
    """The signature block: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", then the name."""
    tail = draft.document.paragraphs[-25:]
    found = search(tail, r"(?<![a-z])(?P<as>tm|kt|tl|tuq)\s*[.,]\s*(?:uy ban|chu tich)")
    if not found:
        read_name_beside_recipients(draft, tail)
        return
    paragraph, match = found
    kt = search(tail, r"(?<![a-z])kt\s*[.,]\s*chu tich")
    sign_as = "KT" if kt else match.group("as").upper()
    source, m = kt or (paragraph, match)
    draft.add("signer.sign_as", value(source, sign_as, m.start(), m.end(), 0.9))
    if kt:
        vice = search(tail[tail.index(kt[0]):], r"pho chu tich")
        if vice:
            draft.add("signer.title", value(vice[0], "PHÓ CHỦ TỊCH", vice[1].start(), vice[1].end(), 0.9))
    else:
        title = search(tail[tail.index(paragraph):], r"(?<![a-z])chu\W{0,2}\s*tich")
        if title:
            draft.add("signer.title", value(title[0], "CHỦ TỊCH", title[1].start(), title[1].end(), 0.8))
    read_signer_name(draft, tail[tail.index(paragraph) + 1:])
    if not draft.get("signer.name"):
        read_name_beside_recipients(draft, tail)


NAME = re.compile(r"^[A-ZĐÂĂÊÔƠƯ][\wÀ-ỹ]+(?: [A-ZĐÂĂÊÔƠƯ][\wÀ-ỹ]+){1,4}$")


def read_signer_name(draft: Draft, after) -> None:
    """The signer's name: a line of two to five capitalised words after the block, not a recipient (-)."""
    for paragraph in reversed(after):
        text = paragraph.text.strip()
        if paragraph.marker is None and NAME.match(text) and not capitals(text) and not re.search(r"\d", text):
            draft.add("signer.name", value(paragraph, text, 0, len(text), 0.7))
            return


# The signature column the OCR set on a recipient's line: "- UBND các xã, thị trấn; 7t Xuân Trường", the name
# after the item's ";" (a stray mark of the stamp or signature between), its words capitalised, ending the line.
NAME_BESIDE = re.compile(r"[;:]\s*(?:[^\sA-ZĐ]\S{0,2}\s+)?(?P<name>[A-ZĐ][a-zà-ỹđ]+(?: [A-ZĐ][a-zà-ỹđ]+){1,3})\s*$")
TITLE_WORDS = re.compile(r"\b(?:chu tich|uy ban|noi vu|van phong|thi dua|dang uy)\b")


def read_name_beside_recipients(draft: Draft, tail) -> None:
    """The signer's name where the OCR ran it into the recipients ("Nơi nhận"), the last such line's."""
    recipients = next((i for i, p in enumerate(tail) if p.folded.lstrip().startswith("noi nh")), None)
    for paragraph in reversed(tail[recipients:] if recipients is not None else []):
        match = NAME_BESIDE.search(paragraph.text)
        if match and not TITLE_WORDS.search(fold(match.group("name"))):
            draft.add("signer.name", value(paragraph, match.group("name"), match.start("name"), match.end("name"), 0.4))
            return


def read_header(draft: Draft, issuers: dict[str, dict]) -> None:
    read_issuer(draft, issuers)
    read_number(draft)
    read_date(draft)
    read_title(draft)
    read_grounds(draft)
    read_signer(draft)
