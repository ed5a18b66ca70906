"""A reform plan (kế hoạch cải cách hành chính, kind: reform_plan), told from an emulation plan by its sections: its
main targets ("II. Một số chỉ tiêu chủ yếu", each numbered item with its figure and the catalogue's indicator),
its tasks (the areas numbered under "Nhiệm vụ, giải pháp", each with the office that "Phân công trách nhiệm" gives
it) and its periodic reports ("báo cáo hằng quý và báo cáo năm gửi trước ngày 10 của tháng cuối quý")."""

import re

from plan_reader.document import Document
from plan_reader.draft import Draft
from plan_reader.normalise import alike
from plan_reader.rules import clean, value
from plan_reader.standards import CLAUSE, measured, threshold_of
from plan_reader.subjects import code_of

TARGETS = r"^\W*[ivx]+\W+(?:mot so\s+)?chi ti\S{1,2}u"
EMULATION = re.compile(r"thi dua|khen thuong")


def is_reform_plan(document: Document) -> bool:
    """A plan with a part of main targets, whose title and headings name no emulation and no award."""
    head = " ".join(p.folded for p in document.paragraphs[:8])
    return bool(document.headings(TARGETS)) and not EMULATION.search(head) and not document.headings(EMULATION.pattern)


def read_targets(draft: Draft) -> None:
    for heading in draft.document.headings(TARGETS)[:1]:
        for paragraph in draft.document.under(heading):
            if not paragraph.marker or not re.fullmatch(r"[0-9]{1,2}", paragraph.marker):
                continue
            start = re.match(r"\W*[0-9]{1,2}[.)]\s*", paragraph.folded).end()
            text = clean(paragraph.text[start:])
            target = {"code": code_of(paragraph.folded[start:])[:30].strip("_"), "text": text}  # the first figure's
            clause = next((c for c in CLAUSE.finditer(paragraph.folded, start) if threshold_of(c.group())), None)
            figures = measured(paragraph.text[clause.start():clause.end()], clause.group()) if clause else {}
            target |= {k: v for k, v in figures.items() if k in ("threshold", "indicator")}
            draft.add("targets", value(paragraph, target, start, len(paragraph.text), 0.6))


GENERIC = re.compile(r"^(?:cai\s+c\w{0,3}h|cong tac|xay dung va phat trien)\s+")


def read_tasks(draft: Draft) -> None:
    """Each area (a numbered heading under "Nhiệm vụ, giải pháp") with each office whose part under "Phân công
    trách nhiệm" names the area's own words ("… các nội dung về cải cách thể chế")."""
    document = draft.document
    parts = document.headings(r"^\W*[ivx]+\W+nhiem v\w")[:1]
    owners = document.headings(r"^\W*[0-9]\W+ph\w{1,2}n c\w{1,2}ng trach nhiem")[:1]
    if not parts or not owners:
        return
    areas = [p for p in document.under(parts[0]) if p.marker and re.fullmatch(r"[0-9]{1,2}", p.marker)]
    for owner in [p for p in document.under(owners[0]) if p.marker and re.fullmatch(r"[a-z¢]", p.marker)]:
        name = clean(re.sub(r"^\W*[a-z¢]\)\s*", "", owner.text).split(":")[0])
        words = [re.findall(r"[a-z0-9]+", p.folded) for p in [owner, *document.under(owner)]]
        for area in areas:
            area_name = clean(re.sub(r"^\W*[0-9]{1,2}[.)]\s*", "", area.text))
            key = re.findall(r"[a-z0-9]+", GENERIC.sub("", re.sub(r"^\W*[0-9]{1,2}[.)]\s*", "", area.folded)))
            if key and any(alike(w[i:i + len(key)], key) for w in words for i in range(len(w) - len(key) + 1)):
                draft.add("tasks", value(owner, {"area": area_name, "owner": name}, 0, len(owner.text), 0.5))


REPORT = r"b\So\s+c\So"  # "báo cáo", and OCR's "b&o cao", "bdo cdo"
REPORTS = re.compile(REPORT + r"\s+(?:dinh ky\s+)?(?:hang\s+)?quy")
DUE = re.compile(r"tr\w{2,5}\s+ngay\s+(?P<day>[0-9]{1,2})\s+(?:cua\s+)?thang\s+cu\w{1,2}i\s+(?:moi\s+)?quy")
TO_OFFICE = re.compile(r"(?:gui|gri|giri|gtri)\s+(?:ve\s+)?(?P<office>(?:phong|van phong)\s+[a-z -]+?)\s*(?:xa|phuong)?\s*(?:de\s+)?(?=tong hop|,|\.|;|$|\(|tr\w{2,5}\s+ngay)")


def read_reports(draft: Draft) -> None:
    """The periodic reports: quarterly, yearly, due before a day of each quarter's last month, sent to an office."""
    for paragraph in draft.document.paragraphs:
        match = REPORTS.search(paragraph.folded)
        if not match:
            continue
        draft.add("reports.quarterly", value(paragraph, True, match.start(), match.end(), 0.7))
        yearly = re.search(REPORT + r"\s+(?:hang\s+)?nam\b", paragraph.folded)
        if yearly:
            draft.add("reports.yearly", value(paragraph, True, yearly.start(), yearly.end(), 0.7))
        due = DUE.search(paragraph.folded)
        if due and 1 <= int(due.group("day")) <= 28:
            draft.add("reports.due_before_day", value(paragraph, int(due.group("day")), due.start(), due.end(), 0.7))
        office = TO_OFFICE.search(paragraph.folded, match.start())
        if office:
            text = clean(paragraph.text[office.start("office"):office.end("office")])
            draft.add("reports.to_office", value(paragraph, text, office.start("office"), office.end("office"), 0.6))
        return


def read_reform_plan(draft: Draft) -> None:
    read_targets(draft)
    read_tasks(draft)
    read_reports(draft)
