"""How the documents write numbers, dates, money and references (Nghị định 30/2020/NĐ-CP, domain.md §4 and §6)."""

import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from common.text import nfc, vn_date
from schemas.campaign import EmulationPlan
from schemas.signing import Capacity, DocumentKind, Issuer
from schemas.directory import LEVEL_WORDS, IssuerKind

BLANK = "…"  # what the unit or the clerk completes by hand
BLANK_NUMBER = "\u00a0" * 6  # the space left for a number given when the document is issued

_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_SCALES = ["", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"]


def upper(text: str) -> str:
    """Upper case that stays NFC: "Ủy ban nhân dân xã Kẻ Sặt" → "ỦY BAN NHÂN DÂN XÃ KẺ SẶT"."""
    return unicodedata.normalize("NFC", nfc(text).upper())


def lower_first(text: str) -> str:
    """The text with its first letter in lower case, to follow "về việc"."""
    return text[:1].lower() + text[1:]


def capitalise(text: str) -> str:
    """The text with its first letter in upper case, to open a sentence."""
    return text[:1].upper() + text[1:]


def two_digits(value: int) -> str:
    """A count or number with a leading zero below 10: 5 → "05", 12 → "12"."""
    return f"{value:02d}"


def doc_number(seq: int | None, type_code: str, body_code: str) -> str:
    """ "05/QĐ-UBND"; without a number yet, a blank for the clerk: "      /QĐ-UBND"."""
    number = BLANK_NUMBER if seq is None else two_digits(seq)
    return f"{number}/{type_code}-{body_code}"


def day_month_year(on: date) -> str:
    """ "ngày 05 tháng 02 năm 2026": days below 10 and months 1 and 2 take a leading zero."""
    month = f"{on.month:02d}" if on.month <= 2 else str(on.month)
    return f"ngày {on.day:02d} tháng {month} năm {on.year}"


def date_line(place: str, on: date | None) -> str:
    """ "Kẻ Sặt, ngày 05 tháng 02 năm 2026"; without a date yet, blanks for the clerk."""
    if on is None:
        return f"{place}, ngày {BLANK} tháng {BLANK} năm {BLANK}"
    return f"{place}, {day_month_year(on)}"


def vnd(amount: int) -> str:
    """An amount with "." thousands separators: 2106000 → "2.106.000"."""
    return f"{amount:,}".replace(",", ".")


def money(amount: int) -> str:
    """ "2.106.000 đồng"."""
    return f"{vnd(amount)} đồng"


def _hundreds(value: int, full: bool) -> list[str]:
    """The words of a group of three digits; `full` reads "không trăm" where a higher group precedes."""
    hundreds, tens, units = value // 100, value // 10 % 10, value % 10
    words = [_DIGITS[hundreds], "trăm"] if full or hundreds else []
    if tens == 0 and units and words:
        words.append("linh")
    elif tens == 1:
        words.append("mười")
    elif tens > 1:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 5 and tens >= 1:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def in_words(amount: int) -> str:
    """An amount of money in words, as decisions write it: 2106000 → "Hai triệu một trăm linh sáu nghìn đồng"."""
    if amount == 0:
        return "Không đồng"
    groups = []
    while amount:
        groups.append(amount % 1000)
        amount //= 1000
    words: list[str] = []
    for scale in reversed(range(len(groups))):
        if groups[scale]:
            words += _hundreds(groups[scale], full=bool(words))
            words += [_SCALES[scale]] if _SCALES[scale] else []
    return capitalise(" ".join(words)) + " đồng"


def percent(part: int, whole: int) -> str:
    """A share with a decimal comma, two places at most: (6, 7) → "85,71%", (7, 7) → "100%"."""
    share = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{share.normalize():f}".replace(".", ",") + "%"


def counts(collectives: int, individuals: int) -> str:
    """ "01 tập thể và 04 cá nhân", leaving out a group with none."""
    parts = [f"{two_digits(n)} {name}" for n, name in ((collectives, "tập thể"), (individuals, "cá nhân")) if n]
    return " và ".join(parts)


def plan_reference(plan: EmulationPlan) -> str:
    """ "Kế hoạch số 101/KH-UBND ngày 21/11/2025 của Ủy ban nhân dân xã Kẻ Sặt", as much as the plan states."""
    number = f" số {plan.plan.number}" if plan.plan.number else ""
    day = f" ngày {vn_date(plan.plan.date)}" if plan.plan.date else ""
    return f"Kế hoạch{number}{day} của {plan.issuer.name}"


def letter_references(plan: EmulationPlan) -> list[str]:
    """The letters (Công văn) that set the plan's award rules, cited after it: "Công văn số 215/UBND-VHXH ngày
    10/12/2025 của Ủy ban nhân dân xã Kẻ Sặt về việc hướng dẫn xét khen thưởng …"."""
    return [
        f"Công văn số {letter.number} ngày {vn_date(letter.date)} của {letter.issued_by or plan.issuer.name} "
        f"về việc {lower_first(letter.subject)}"
        for letter in plan.plan.letters
    ]


def law_grounds(on: date) -> list[str]:
    """The laws a commendation document cites, by the day that picks them (NĐ 152/2025/NĐ-CP Điều 59: in force
    from 1/7/2025, in place of NĐ 98/2023/NĐ-CP), each by its number, date and full title as the gazette has them.
    """
    if on >= date(2025, 7, 1):
        return [
            "Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025",
            "Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022",
            "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết một số điều của "
            "Luật Thi đua, khen thưởng",
        ]
    return [
        "Luật Tổ chức chính quyền địa phương số 77/2015/QH13 ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số "
        "điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019",
        "Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022",
        "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số điều "
        "của Luật Thi đua, khen thưởng",
    ]


def unit_head_titles(head_title: str) -> list[str]:
    """The signature titles of a unit's head on the unit's documents: "Trưởng phòng"; a deputy signs for the head
    (ký thay, NĐ 30/2020 Điều 13): "KT. Giám đốc" above "Phó Giám đốc" (the layout prints them in upper case)."""
    if head_title.startswith("Phó "):
        return [f"KT. {head_title.removeprefix('Phó ')}", head_title]
    return [head_title]


def head_of(issuer: Issuer) -> str:
    """The issuer's head, who decides: "Chủ tịch Ủy ban nhân dân xã Kẻ Sặt", "Giám đốc Sở Nội vụ"."""
    return f"{issuer.head_title} {issuer.name}"


def author_of(plan: EmulationPlan, document: DocumentKind) -> str:
    """Who a document of the issuer is the act of: its head for his own power ("Chủ tịch Ủy ban nhân dân xã Kẻ
    Sặt", Luật TĐKT 2022 Điều 80), the Committee itself where the plan has it decide as a body."""
    issuer = plan.issuer
    if plan.signatures.of(document) == Capacity.body and issuer.collective_body:
        return issuer.name
    return head_of(issuer)


def locality(issuer: Issuer) -> str:
    """The administrative unit the issuer governs: "Ủy ban nhân dân xã Kẻ Sặt" → "xã Kẻ Sặt"; a Sở, ban,
    ngành is named whole: "Sở Nội vụ"."""
    return issuer.name.removeprefix("Ủy ban nhân dân ")


def office_of_issuer(issuer: Issuer) -> str:
    """The head of the issuer's own Văn phòng, first of those who carry out its decisions (Điều 3).

    A commune-level or district-level Committee shares its Văn phòng with the People's Council ("Văn phòng
    HĐND và UBND xã"); a province has a Văn phòng of its Committee alone ("Văn phòng UBND tỉnh"); a Sở or a
    ban has its own ("Văn phòng Sở").
    """
    if not issuer.is_committee:
        body = issuer.name.split(" ", 1)[0]  # "Sở Nội vụ" → "Sở", "Ban Dân tộc" → "Ban"
        return f"Chánh Văn phòng {body}" if body in ("Sở", "Ban") else "Chánh Văn phòng"
    level = LEVEL_WORDS[issuer.level]
    if issuer.level in (IssuerKind.tinh, IssuerKind.thanh_pho_tw):
        return f"Chánh Văn phòng UBND {level}"
    return f"Chánh Văn phòng HĐND và UBND {level}"


# The title of an office's head by the word its name opens with, as decisions name him (Điều 3, "Theo đề nghị
# của …"): a Văn phòng's and an Inspectorate's Chánh, a Phòng's or Ban's Trưởng, a Trung tâm's Giám đốc, a Chi
# cục's Chi cục trưởng. The longest word that fits is taken ("Văn phòng" before "Phòng").
OFFICE_HEADS = [
    ("Văn phòng", "Chánh {office}"),
    ("Thanh tra", "Chánh {office}"),
    ("Trung tâm", "Giám đốc {office}"),
    ("Chi cục", "Chi cục trưởng {rest}"),
    ("Phòng", "Trưởng {lower}"),
    ("Ban", "Trưởng {lower}"),
]


def office_head(office: str) -> str:
    """The head of an office, as a decision names him: "Phòng Văn hóa - Xã hội" → "Trưởng phòng Văn hóa - Xã
    hội", "Văn phòng Sở" → "Chánh Văn phòng Sở", "Trung tâm Phục vụ hành chính công" → "Giám đốc Trung tâm …"."""
    for word, head in OFFICE_HEADS:
        if office.startswith(word + " "):
            return head.format(office=office, lower=lower_first(office), rest=office[len(word) + 1 :])
    return f"Trưởng {lower_first(office)}"


def decision_recipients(issuer: Issuer, recipients: list[str]) -> list[str]:
    """Nơi nhận of a decision after "Như Điều 3": the issuer's own list first, then the decision's, each once."""
    return list(dict.fromkeys([*issuer.recipients, *recipients]))


def position_unit(name: str, position: str | None, unit_name: str) -> str:
    """ "Chuyên viên, Phòng Kinh tế" for a person; a collective that is the unit itself gets nothing."""
    return ", ".join(part for part in (position, unit_name if unit_name != name else None) if part)


def award_kind(award_form: str) -> str:
    """The award's own name, without who gives it: "Giấy khen của Chủ tịch UBND xã" → "Giấy khen"."""
    return award_form.split(" của ")[0]


def form_of(plan: EmulationPlan, kind: str) -> str | None:
    """The form the campaign names for a document kind: "Mẫu số 04, Nghị định 152/2025/NĐ-CP"."""
    return next((doc.form for doc in plan.required_documents if doc.kind == kind), None)


# NĐ 152/2025/NĐ-CP's achievement-report forms for merit (khen thưởng công trạng): in its appendix, after the tờ
# trình (Mẫu 01) and the reports for the two national titles (02, 03), the collective's then the individual's.
MERIT_REPORT_FORMS = {
    "collective": "Mẫu số 04, Nghị định 152/2025/NĐ-CP",
    "individual": "Mẫu số 05, Nghị định 152/2025/NĐ-CP",
}


def report_form(plan: EmulationPlan, group: str) -> str | None:
    """The form of a nominee's achievement report: the one the plan names for the nominee's group; where the plan
    names one of NĐ 152/2025's merit forms for every report (Kẻ Sặt: "Mẫu số 04" for all), the law's form of the
    nominee's own group; any other form the plan names for every report, as it names it."""
    named = [
        doc for doc in plan.required_documents
        if doc.kind == "bao_cao_thanh_tich" and doc.form and doc.group in (group, None)
    ]
    own = next((doc.form for doc in named if doc.group == group), None)
    if own or not named:
        return own
    every = named[0].form
    return MERIT_REPORT_FORMS[group] if every in MERIT_REPORT_FORMS.values() else every
