"""A plan's text as the reader holds it: pages of lines joined into paragraphs, each paragraph with the page
and line it starts on, its text with known phrases restored, its folded key, and its place in the plan's
sections (I, II; 1., 2.; a), b))."""

import re
from dataclasses import dataclass, field

from plan_reader.normalise import FOR_WHOM, capitals, fold, marker_of, nfc, restore, starts_paragraph

MAX_PAGES = 200
MAX_CHARS = 400_000  # a plan of 30 pages has about 60,000 characters


@dataclass(frozen=True)
class Paragraph:
    index: int
    page: int
    line: int
    text: str  # NFC, broken lines joined, known phrases restored
    folded: str  # fold(text): the same length, the key every rule matches on
    marker: str | None  # "II", "3.2", "a", "-" or None
    section: tuple[str, ...] = ()  # the headings above it, folded: ("ii doi tuong ...", "1 doi tuong khen thuong")

    def heading_words(self) -> str:
        return " ".join(self.section)


@dataclass
class Document:
    paragraphs: list[Paragraph] = field(default_factory=list)

    def at(self, page: int, line: int) -> Paragraph | None:
        return next((p for p in self.paragraphs if (p.page, p.line) == (page, line)), None)

    def in_section(self, pattern: str) -> list[Paragraph]:
        """The paragraphs under a heading whose folded words match `pattern` (a regular expression)."""
        rule = re.compile(pattern)
        return [p for p in self.paragraphs if any(rule.search(h) for h in p.section)]

    def headings(self, pattern: str) -> list[Paragraph]:
        rule = re.compile(pattern)
        return [p for p in self.paragraphs if p.marker and p.marker != "-" and _is_heading(p) and rule.search(p.folded)]

    def under(self, heading: Paragraph) -> list[Paragraph]:
        """The paragraphs after a heading until the next heading of its level or above."""
        level = _level(heading.marker, heading.text)
        out = []
        for p in self.paragraphs[heading.index + 1:]:
            if p.marker and p.marker != "-" and _level(p.marker, p.text) <= level and _is_heading(p):
                break
            out.append(p)
        return out


def _level(marker: str | None, text: str = "") -> int:
    """I, II: 0; 1., 2.: 1; 1.1: 2; 1.1.1: 3; a), b): 4; bullets: 5."""
    if marker is None or marker == "-":
        return 5
    if re.fullmatch(r"[IVXL]+", marker):
        return 0
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)*", marker):
        # "1. ĐỐI TƯỢNG …" in capitals is a part (II) the OCR read as a number
        return 0 if "." not in marker and capitals(text) else 1 + marker.count(".")
    return 4


def _is_heading(p: Paragraph) -> bool:
    """A numbered paragraph short enough to be a heading, or one in capitals."""
    return len(p.text.split()) <= 16 or capitals(p.text)


HEADING_WORDS = 8  # a numbered line this short, without a full stop, is a heading: "3.1. Thời gian"


def starts_sentence(line: str) -> bool:
    """A line that opens a sentence ("Nội bộ đoàn kết …"), not one that goes on with a name ("Việt Nam, …",
    "UBND xã …")."""
    words = line.split()
    if len(words) < 2 or not words[0][:1].isupper() or not words[1][:1].islower():
        return False
    letters = [ch for ch in words[0] if ch.isalpha()]
    return len(letters) < 2 or not all(ch.isupper() for ch in letters)  # "UBND" is a name; "C6" the OCR's "Có"


def _joined(pages: list[str]) -> list[tuple[int, int, str]]:
    """(page, line, text) of each paragraph: a line that does not end a sentence runs on into the next,
    unless the next starts a heading or a bullet, or a blank line lies between, or the line is a heading (short
    and numbered, or numbered and naming whom the part is for: "1.2. Đối với Hội Nông dân, các chi hội") and
    the next starts a sentence."""
    paragraphs: list[list] = []
    open_ = heading = False
    for page_number, page in enumerate(pages[:MAX_PAGES], start=1):
        for line_number, raw in enumerate(page.splitlines(), start=1):
            line = re.sub(r"\s+", " ", nfc(raw).replace("**", "")).strip().lstrip("#").strip()
            if not line:
                open_ = False
                continue
            if open_ and paragraphs and not starts_paragraph(line) and not (heading and starts_sentence(line)):
                joint = "" if paragraphs[-1][2].endswith("-") and line[:1].islower() else " "
                paragraphs[-1][2] = paragraphs[-1][2].rstrip("-" if joint == "" else "") + joint + line
            else:
                paragraphs.append([page_number, line_number, line])
            open_ = not (line.endswith((".", ";", "./.", ":")) or capitals(line)) or bool(re.match(r"^[0-9.]+\s*$", line))
            whom = FOR_WHOM.match(fold(line)) and ":" not in line and len(line.split()) <= 16
            heading = marker_of(line) not in (None, "-") and (len(line.split()) <= HEADING_WORDS or bool(whom))
    return [tuple(p) for p in paragraphs]


def build(pages: list[str], known: tuple[str, ...] = ()) -> Document:
    """A document from the text of its pages; `known` adds phrases to restore (the issuers' names and places)."""
    total = 0
    kept = []
    for page in pages[:MAX_PAGES]:
        kept.append(page[: max(0, MAX_CHARS - total)])
        total += len(kept[-1])
    document = Document()
    stack: list[tuple[int, str]] = []
    for index, (page, line, text) in enumerate(_joined(kept)):
        text = restore(text, known)
        folded = fold(text)
        marker = marker_of(text)
        paragraph = Paragraph(index, page, line, text, folded, marker, tuple(h for _, h in stack))
        if marker and marker != "-" and _is_heading(paragraph):
            level = _level(marker, text)
            stack = [(lv, h) for lv, h in stack if lv < level] + [(level, re.sub(r"\s+", " ", folded).strip())]
        document.paragraphs.append(paragraph)
    return document
