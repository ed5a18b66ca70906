"""Documents the plan cites outside its preamble: the grounds its rules rest on ("… theo danh mục ban hành kèm theo
Quyết định số 462/QĐ-UBND ngày 30/7/2025 của UBND xã …"), and the letters (Công văn) dated after the plan that
set its award rules (plan.letters)."""

import re

from plan_reader.dates import find_dates
from plan_reader.draft import Draft
from plan_reader.header import CITATION
from plan_reader.rules import clean, value

# What before a citation makes it a ground of the plan's rules: "theo", "tại", "kèm theo", "quy định tại". A
# document to be carried out ("tiếp tục thực hiện Quyết định …") is a task, and a form ("Mẫu số 01 tại Nghị định …")
# is the dossier's.
RELIES_ON = re.compile(r"(?:theo|tai|kem theo|can cu(?: vao)?)\s+(?:quy dinh\s+(?:tai\s+)?)?$")
DATED = re.compile(r"^\s*,?\s*ngay\s+[0-3]?[0-9]")
END = re.compile(r";|\.(?:\s|$)|\)|\s-\s")


def number_of(folded: str) -> str:
    return re.sub(r"\s", "", folded)


def key_of(match: re.Match) -> str:
    """A cited document's number and the first letter of its sign: "327/Q", whatever OCR made of "QĐ"."""
    return f"{match.group('n')}/{match.group('sign')[:1]}"


def cited(paragraph, match) -> tuple[str, int]:
    """A citation's text as written, from the document's kind to the end of its clause (at most 300 characters)."""
    end = END.search(paragraph.folded, match.end())
    stop = min(end.start() if end else len(paragraph.text), match.start() + 300)
    return clean(paragraph.text[match.start():stop]), stop


def read_body_grounds(draft: Draft) -> None:
    """A dated document the plan's sections rely on, not already among the grounds (by its number)."""
    numbers = {key_of(m) for v in draft.get("plan.grounds")
               for m in CITATION.finditer(_folded_quote(draft, v))}
    for paragraph in draft.document.paragraphs:
        for match in CITATION.finditer(paragraph.folded):
            lead = paragraph.folded[max(0, match.start() - 30):match.start()]
            key = key_of(match)
            if match.group("kind") == "luat" or key in numbers or not RELIES_ON.search(lead) or "mau so" in lead:
                continue
            if not DATED.match(paragraph.folded[match.end():]):
                continue
            numbers.add(key)
            text, stop = cited(paragraph, match)
            draft.add("plan.grounds", value(paragraph, text, match.start(), stop, 0.5))


def _folded_quote(draft: Draft, item) -> str:
    paragraph = draft.document.at(item.source.page, item.source.line)
    return paragraph.folded[item.source.start:item.source.end] if paragraph else ""


LETTER = re.compile(
    r"(?:cong van|van ban|huong dan)\s+(?:so\s*|s[o06b]\s*)?(?P<n>[0-9]{1,5}\s*/\s*[a-z0-9]{1,8}(?:\s*-\s*[a-z0-9]{1,8}){0,2})"
    r"\s*,?\s*ngay\s+"
)
SUBJECT = re.compile(r"\s(?:ve viec|v/v)\s+")


def read_letters(draft: Draft) -> None:
    """ "Công văn số 812/SNV-VP ngày 20/10/2025 của Sở Nội vụ về việc hướng dẫn xét khen thưởng …" dated after the
    plan: its number, date, issuer ("của …") and subject ("về việc …"). Without the plan's date none is drafted,
    since a letter is told from a ground only by its date; a letter so read is no longer a ground."""
    if not draft.first("plan.date"):
        return
    plan_date = draft.first("plan.date")
    for paragraph in draft.document.paragraphs:
        for match in LETTER.finditer(paragraph.folded):
            dates = find_dates(paragraph.folded[match.end() - 5:match.end() + 30])
            if not dates or dates[0].start > 6 or dates[0].day.isoformat() <= plan_date:
                continue
            after = match.end() - 5 + dates[0].end
            end = END.search(paragraph.folded, after)
            stop = min(end.start() if end else len(paragraph.text), after + 400)
            subject = SUBJECT.search(paragraph.folded, after, stop)
            if not subject:
                continue
            letter = {"number": number_of(paragraph.text[match.start("n"):match.end("n")]).upper(),
                      "date": dates[0].day.isoformat(), "subject": clean(paragraph.text[subject.end():stop])[:300]}
            by = re.match(r"\s*,?\s*cua\s+", paragraph.folded[after:subject.start()])
            if by:
                letter["issued_by"] = clean(paragraph.text[after + by.end():subject.start()])[:200]
            draft.add("plan.letters", value(paragraph, letter, match.start(), stop, 0.6))
            key = number_of(paragraph.folded[match.start("n"):match.end("n")])
            draft.values["plan.grounds"] = [g for g in draft.get("plan.grounds") if key not in number_of(_folded_quote(draft, g))]
