"""The Quyết định khen thưởng: the issuer's head's decision (a Committee's Chairman, a Sở's Giám đốc: Luật Thi
đua, khen thưởng 2022 Điều 80), signed in his own name ("CHỦ TỊCH", "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"), its grounds
(the laws, the plan, the letters that set its award rules), its articles, and the attached list with the bonuses.

A decision not yet signed is a draft: marked "DỰ THẢO" top right, its number and date left blank for the clerk.
"""

from datetime import date

from documents.inputs import DecisionText
from documents.layout import (
    CENTER,
    RIGHT,
    SUBJECT_RULE_MM,
    TEXT_WIDTH_MM,
    Body,
    Column,
    body,
    finish,
    grouped_rows,
    header,
    issuer_signature,
    list_table,
    new_document,
    page_numbers,
    paragraph,
    rule,
    sign_off,
    title,
)
from documents.text import (
    BLANK,
    author_of,
    counts,
    day_month_year,
    decision_recipients,
    doc_number,
    in_words,
    law_grounds,
    letter_references,
    lower_first,
    money,
    office_head,
    office_of_issuer,
    plan_reference,
    position_unit,
    upper,
    vnd,
)
from schemas.campaign import EmulationPlan
from schemas.council import Decision

COLUMNS = [
    Column("STT", 14, CENTER),  # "STT" on one line, in bold 13 pt
    Column("Tên tập thể, họ và tên cá nhân", 43),
    Column("Chức vụ, đơn vị", 42),
    Column("Hình thức khen thưởng", 36),
    Column("Số tiền thưởng (đồng)", 30, RIGHT),
]


def _reference_day(plan: EmulationPlan, decision: Decision, text: DecisionText) -> date:
    """The day that picks the laws cited and the budget year: the signing day; for a draft the day it is drafted,
    so it says what the decision signed that day will (else the end of the campaign's period)."""
    return decision.signed_on or text.drafted_on or plan.plan.period.end


def _articles(document, plan: EmulationPlan, decision: Decision, text: DecisionText) -> None:
    issuer = plan.issuer
    award = plan.award_forms[0].name
    collectives = sum(a.candidate.group == "collective" for a in decision.awardees)
    body(
        document,
        f"Tặng {award} cho {counts(collectives, len(decision.awardees) - collectives)} "
        f"(có danh sách kèm theo) {text.achievement}.",
        lead="Điều 1.",
    )
    total = decision.total_bonus_vnd
    year = _reference_day(plan, decision, text).year
    body(
        document,
        f"Tiền thưởng kèm theo {award} theo danh sách kèm theo; tổng số tiền: {money(total)} "
        f"(Bằng chữ: {in_words(total)}), chi từ nguồn kinh phí thi đua, khen thưởng trong dự toán ngân sách "
        f"năm {year} của {issuer.name}.",
        lead="Điều 2.",
    )
    offices = list(dict.fromkeys([office_of_issuer(issuer), office_head(plan.receiving_office)]))
    body(
        document,
        f"Quyết định này có hiệu lực kể từ ngày ký. {', '.join(offices)}, thủ trưởng các cơ quan, đơn vị có liên "
        "quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
        lead="Điều 3.",
    )


def _attached_list(document, plan: EmulationPlan, decision: Decision, number: str) -> None:
    """The list on a new page: "DANH SÁCH …", the decision it belongs to, the table with the total."""
    award = plan.award_forms[0].name
    heading = paragraph(document, "DANH SÁCH", bold=True)
    heading.paragraph_format.page_break_before = True
    paragraph(document, upper(f"Tập thể, cá nhân được tặng {award}"), bold=True)
    day = day_month_year(decision.signed_on) if decision.signed_on else f"ngày {BLANK} tháng {BLANK} năm {BLANK}"
    paragraph(document, f"(Kèm theo Quyết định số {number} {day} của {author_of(plan, 'decision')})", italic=True)
    rule(document, TEXT_WIDTH_MM, SUBJECT_RULE_MM)
    paragraph(document, after=6)
    rows = grouped_rows(
        decision.awardees,
        lambda a: a.candidate.group,
        lambda a: [
            a.candidate.name,
            position_unit(a.candidate.name, a.candidate.position, a.candidate.unit_name),
            a.award_form,
            vnd(a.bonus_vnd),
        ],
    )
    list_table(document, COLUMNS, rows, total=["", "Tổng cộng", "", "", vnd(decision.total_bonus_vnd)])


def decision_document(plan: EmulationPlan, decision: Decision, text: DecisionText) -> bytes:
    """The decision as .docx: header, grounds, Điều 1–3, the signer, Nơi nhận, then the attached list."""
    issuer = plan.issuer
    number = decision.number or doc_number(None, "QĐ", issuer.body_code)
    document = new_document()
    page_numbers(document.sections[0])
    if decision.number is None:
        paragraph(document, "DỰ THẢO", size=13, bold=True, align=RIGHT, after=6)
    header(document, Body.of_issuer(issuer), number, decision.signed_on)
    title(document, "QUYẾT ĐỊNH", f"Về việc tặng {plan.award_forms[0].name}")
    paragraph(document, upper(author_of(plan, "decision")), bold=True, after=6)
    for ground in law_grounds(_reference_day(plan, decision, text)):
        body(document, f"Căn cứ {ground};", italic=True)
    body(document, f"Căn cứ {plan_reference(plan)} về việc {lower_first(plan.plan.title)};", italic=True)
    for letter in letter_references(plan):
        body(document, f"Căn cứ {letter};", italic=True)
    if text.proposal:
        body(
            document, f"Theo đề nghị của {office_head(plan.receiving_office)} tại {text.proposal}.", italic=True
        )
    paragraph(document, "QUYẾT ĐỊNH:", bold=True, before=6, after=6)
    _articles(document, plan, decision, text)
    recipients = ["Như Điều 3", *decision_recipients(issuer, text.recipients)]
    sign_off(document, issuer_signature(plan, "decision"), recipients, f"VT, {text.office_code}")
    _attached_list(document, plan, decision, number)
    subject = f"Quyết định số {number} về việc tặng {plan.award_forms[0].name}"
    return finish(document, decision.signed_on, subject, issuer.name)
