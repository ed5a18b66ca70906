"""When and how: the period, yearly or once, the dossier's documents and their forms (Mẫu số …), the receiving
office, the deadlines (a date, "trước ngày 5/12", days before an event), registration, who publicises."""

import re
from datetime import date, timedelta

from plan_reader.dates import find_dates
from plan_reader.draft import Draft
from plan_reader.rules import clean, search, value
from plan_reader.subjects import code_of, section


def plan_year(draft: Draft) -> int | None:
    day = draft.first("plan.date")
    if day:
        return int(day[:4])
    title = draft.get("plan.title")
    years = re.findall(r"(?:19|20)[0-9]{2}", title[0].source.sentence) if title else []
    return int(years[0]) if years else None


HALF = re.compile(r"6 thang (?P<half>cuoi|dau) nam (?P<year>(?:19|20)[0-9]{2})")
SPAN = re.compile(r"(?:tu|tir) (?:ngay |thang |ngdy )?(?P<from>[0-9/ ]+?|(?:ngay )?ban hanh[^.;]*?) den (?:ngay |het ngay )?(?P<to>[0-9][0-9/ thangnm]+[0-9])")


def read_period(draft: Draft) -> None:
    """ "Từ tháng 7/2025 đến 31/12/2025", "Kể từ ngày ban hành Kế hoạch đến ngày 31 tháng 12 năm 2025", or the
    title's "6 tháng cuối năm 2025"."""
    document = draft.document
    for paragraph in document.in_section(r"thoi gian") + document.paragraphs:
        match = SPAN.search(paragraph.folded)
        if not match:
            continue
        ends = find_dates(match.group("to"))
        start_text = match.group("from")
        month = re.fullmatch(r"\s*([01]?[0-9])\s*/\s*((?:19|20)[0-9]{2})\s*", start_text)
        if "ban hanh" in start_text and draft.first("plan.date"):
            start = date.fromisoformat(draft.first("plan.date"))
        elif month:
            start = date(int(month.group(2)), int(month.group(1)), 1)
        else:
            starts = find_dates(start_text)
            start = starts[0].day if starts else None
        if start and ends and start <= ends[0].day:
            period = {"start": start.isoformat(), "end": ends[0].day.isoformat()}
            draft.add("plan.period", value(paragraph, period, match.start(), match.end(), 0.8))
            return
    title = draft.get("plan.title")
    if title:
        source = title[0].source
        paragraph = document.at(source.page, source.line)
        match = HALF.search(paragraph.folded)
        if match:
            year = int(match.group("year"))
            start, end = ((7, 1), (12, 31)) if match.group("half") == "cuoi" else ((1, 1), (6, 30))
            period = {"start": date(year, *start).isoformat(), "end": date(year, *end).isoformat()}
            draft.add("plan.period", value(paragraph, period, match.start(), match.end(), 0.7))


def read_recurrence(draft: Draft) -> None:
    found = search(draft.document.headings(r"khen thuong"), r"khen thuong hang nam|hang nam")
    if found:
        draft.add("recurrence", value(found[0], "yearly", found[1].start(), found[1].end(), 0.6))


OFFICE = re.compile(
    r"(?:\(?\s*qua|gui ve|giri ve|gui|nop ve|nop)\s+(?P<office>(?:phong|van phong|trung tam)\s+(?!trao)[a-z -]+?)"
    r"(?=\s*(?:\)|,|\.|;|$| de | tong hop| tr\S{2,3}c | cham| chu tri| tham dinh))"
)


STANDING = re.compile(r"(?P<office>(?:phong|van phong)\s+(?!trao)[a-z -]+?)\s*(?:xa|phuong|huyen)?\s*\(?\s*(?:la\s+)?co quan th\S{1,3}ng tr\S{1,2}c")


def read_receiving_office(draft: Draft) -> None:
    """Where the units send their dossiers: "gửi về UBND xã (qua Phòng Văn hóa - Xã hội)", or else the office the
    plan makes its standing office ("Phòng Văn hóa - Xã hội (Cơ quan thường trực Phong trào)")."""
    document = draft.document
    dossier = [p for p in document.paragraphs if re.search(r"\bho so\b", p.folded)]
    found = search(dossier, OFFICE) or search(document.paragraphs, STANDING) or search(document.paragraphs, OFFICE)
    if found:
        paragraph, match = found
        end = match.end("office")
        level = re.search(r"\s+(?:xa|phuong|huyen|thi tran)$", paragraph.folded[match.start("office"):end])
        end -= len(level.group()) if level else 0
        name = clean(paragraph.text[match.start("office"):end])
        draft.add("receiving_office", value(paragraph, name, match.start("office"), end, 0.7))


DOCUMENTS = (
    ("to_trinh", r"to trinh|t\S? trinh", "dossier"),
    ("bien_ban_hop", r"bien ban", "dossier"),
    ("bao_cao_thanh_tich", r"bao cao thanh tich|b\S{1,2}o c\S{1,2}o thanh tich", "nominee"),
)
FORM = re.compile(
    r"mau\s*(?:so)?\s*(?P<form>[0-9]{1,2})\b.{0,40}?ngh\S{0,2}\s*dinh\s*(?:so)?\s*(?P<n>[0-9]{1,4})\s*/\s*"
    r"(?:(?P<year>(?:19|20)[0-9]{2})\s*/\s*)?nd\s*-\s*cp(?:\s*ngay\s*[0-9]{1,2}/[0-9]{1,2}/(?P<dated>(?:19|20)[0-9]{2}))?"
)


def read_documents(draft: Draft) -> None:
    """Each document of the dossier under "Hồ sơ": the proposal letter, the minutes, the achievement report, with
    its form ("Mẫu số 01 tại Nghị định số 152/2025/NĐ-CP")."""
    document = draft.document
    for paragraph in section(document, r"\bho so\b"):
        words = paragraph.folded
        lead = re.match(r"\s*(?:[-+•*]|[0-9.]+[.)]|[a-z]\))?\s*", words).end()
        for kind, pattern, per in DOCUMENTS:
            if not re.match(r"\s*(?:[-+•*]|[0-9.]+[.)]|[a-z¢]\))?\s*(?:" + pattern + ")", words):
                continue
            cut = re.search(r"\s+(?:thuc hien theo|theo mau|\(mau|; mau)|;", words[lead:])
            end = lead + cut.start() if cut else len(words)
            item = {"kind": kind, "title": clean(paragraph.text[lead:end]), "per": per}
            form = FORM.search(words)
            if form:
                year = form.group("year") or form.group("dated")
                if year:
                    item["form"] = f"Mẫu số {int(form.group('form')):02d}, Nghị định {form.group('n')}/{year}/NĐ-CP"
            if per == "nominee" and "tap the" in words and "ca nhan" not in words:
                item["group"] = "collective"
            draft.add("required_documents", value(paragraph, item, lead, len(words), 0.7))
            break


OFFICE_ACTS = re.compile(r"ra soat|xet chon|tham dinh|trinh chu tich|de xuat chu tich|tong hop")
BEFORE_EVENT = re.compile(r"cham nhat\s+(?P<n>[0-9]{1,3})\s+ngay\s+(?P<work>lam viec\s+)?tr\S{2,3}c khi\s+(?:t\S{1,3}\s+ch\S{1,3}c\s+)?(?P<event>[a-z -]{6,80}?)(?=[.;,(]|$| cua\b)")


def read_deadlines(draft: Draft) -> None:
    """The units' dossiers "gửi về … trước ngày 05/12/2025" (submit_before); the office's review "Trước ngày
    15/12/2025, Phòng … rà soát, đề xuất" or "chậm nhất 10 ngày trước khi tổ chức Hội nghị …" (appraisal)."""
    year = plan_year(draft)
    for paragraph in draft.document.paragraphs:
        words = paragraph.folded
        event = BEFORE_EVENT.search(words)
        if event and OFFICE_ACTS.search(words):
            name = clean(paragraph.text[event.start("event"):event.end("event")])
            rule = {"before_event": {"event": code_of(event.group("event")), "event_name": name,
                                     "days_before": int(event.group("n"))}}
            draft.add("deadlines.appraisal", value(paragraph, rule, event.start(), event.end(), 0.6))
            continue
        for found in find_dates(words, year):
            if found.relation == "on":
                continue
            last_ok = found.day - timedelta(days=1) if found.relation == "before" else found.day
            if re.search(r"\bho so\b", words) and re.search(r"\bg\S{1,3}i\b|\bnop\b|\bndp\b", words) and not OFFICE_ACTS.search(words[:found.start]):
                draft.add("deadlines.submit_before", value(paragraph, (last_ok + timedelta(days=1)).isoformat(), found.start, found.end, 0.7))
            elif OFFICE_ACTS.search(words):
                draft.add("deadlines.appraisal", value(paragraph, {"fixed": found.day.isoformat()}, found.start, found.end, 0.5))
            break


def read_registration(draft: Draft) -> None:
    """ "Các đơn vị đăng ký thi đua … trước ngày 15/3/2026"."""
    year = plan_year(draft)
    for paragraph in draft.document.paragraphs:
        if "dang ky thi dua" not in paragraph.folded:
            continue
        dated = [d for d in find_dates(paragraph.folded, year) if d.relation != "on"]
        if dated:
            d = dated[0]
            day = d.day if d.relation == "before" else d.day + timedelta(days=1)
            draft.add("registration", value(paragraph, {"required": True, "before": day.isoformat()}, d.start, d.end, 0.6))
            return


PUBLICISER = re.compile(
    r"(?:giao\s+)?(?P<org>(?:trung tam|dai|pai)\s+[a-z ,-]+?\s+(?:xa|phuong|huyen|thi tran|quan))\b"
    r"(?=.{0,160}(?:tuyen truyen|neu guong|bieu duong|cong khai).{0,120}(?:tap the|ca nhan|dien hinh|guong))"
)


def read_publicised_by(draft: Draft) -> None:
    """Who makes the awardees known: "Giao Trung tâm … tuyên truyền các tập thể, cá nhân có thành tích"."""
    for paragraph in draft.document.in_section(r"to chuc th\S{1,3}c hien"):
        match = PUBLICISER.search(paragraph.folded)
        if match:
            name = clean(paragraph.text[match.start("org"):match.end("org")])
            draft.add("publicised_by", value(paragraph, name, match.start("org"), match.end("org"), 0.6))
            return
