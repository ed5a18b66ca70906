"""The Giấy khen, one page per awardee in one A4 landscape document (NĐ 98/2023 Điều 104, domain.md §4).

One document for the whole decision: the certificates are printed together, each on its own page.
"""

import io

import segno
from docx.shared import Mm

from common.text import vn_date
from documents.inputs import DecisionText, Verification
from documents.layout import (
    BLACK,
    LEFT,
    MOTTO_RULE_MM,
    RED,
    finish,
    issuer_signature,
    new_document,
    paragraph,
    plain_table,
    rule,
)
from documents.text import (
    author_of,
    award_kind,
    capitalise,
    date_line,
    position_unit,
    two_digits,
    upper,
)
from schemas.campaign import EmulationPlan
from schemas.council import Awardee, Decision

MARGINS_MM = (15, 15, 20, 20)  # top, bottom, left, right
WIDTH_MM = 297 - MARGINS_MM[2] - MARGINS_MM[3]


def _certificate(
    document,
    plan: EmulationPlan,
    decision: Decision,
    awardee: Awardee,
    text: DecisionText,
    register: int,
    new_page: bool,
    verification: Verification | None,
) -> None:
    candidate = awardee.candidate
    national = paragraph(document, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=14, bold=True, color=BLACK)
    national.paragraph_format.page_break_before = new_page
    paragraph(document, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True, color=BLACK)
    rule(document, WIDTH_MM, MOTTO_RULE_MM)
    paragraph(document, upper(author_of(plan, "certificate")), size=16, bold=True, color=RED, before=18)
    paragraph(document, "TẶNG", size=16, bold=True, before=6)
    paragraph(document, upper(award_kind(awardee.award_form)), size=40, bold=True, color=RED, before=6, after=6)
    paragraph(document, candidate.name, size=22, bold=True, after=3)
    where = position_unit(candidate.name, candidate.position, candidate.unit_name)
    if where:
        paragraph(document, where, size=16)
    paragraph(document, capitalise(text.achievement), size=16, italic=True, before=6, after=12)
    _footer(document, plan, decision, register, verification)


def _footer(
    document, plan: EmulationPlan, decision: Decision, register: int, verification: Verification | None
) -> None:
    """Bottom left: the decision and the register number in bold italics, and the award's code with its QR
    code; bottom right: date and signer."""
    table = plain_table(document, (WIDTH_MM / 2, WIDTH_MM / 2), cell_margins=False)
    left, right = table.rows[0].cells
    for line in (
        f"Quyết định số: {decision.number}",
        f"Ngày {vn_date(decision.signed_on)}",
        f"Số sổ vàng: {two_digits(register)}",
    ):
        paragraph(left, line, size=13, bold=True, italic=True, align=LEFT, before=3)
    if verification is not None:
        _verification(left, verification)
    paragraph(right, date_line(plan.issuer.place, decision.signed_on), size=14, italic=True)
    signature = issuer_signature(plan, "certificate")  # the decision's, in the same capacity
    for title in signature.titles:
        paragraph(right, upper(title), size=14, bold=True)
    paragraph(right, signature.name, size=14, bold=True, before=60)


def _verification(cell, verification: Verification) -> None:
    """The QR code of the verification page, and its code and address to type where a phone cannot scan."""
    image = io.BytesIO()
    segno.make(verification.url, error="m").save(image, kind="png", scale=8, border=2)
    image.seek(0)
    paragraph(cell, align=LEFT, before=6).add_run().add_picture(image, width=Mm(22))
    paragraph(cell, f"Mã xác minh: {verification.code}", size=11, align=LEFT)
    paragraph(cell, f"Tra cứu tại: {verification.url}", size=9, align=LEFT)


def certificates(
    plan: EmulationPlan, decision: Decision, text: DecisionText, verification: Verification | None = None
) -> bytes:
    """Every awardee's Giấy khen as one .docx, in the decision's order; register numbers count up from
    `text.first_register_number`. Only a signed decision has the number and date they carry. A single
    certificate carries its award's `verification` (the code and the QR code of the public page)."""
    if decision.number is None or decision.signed_on is None:
        raise ValueError("Giấy khen chỉ in được khi Quyết định đã ký, có số và ngày.")
    document = new_document(landscape=True, margins_mm=MARGINS_MM)
    for index, awardee in enumerate(decision.awardees):
        _certificate(
            document, plan, decision, awardee, text, text.first_register_number + index, index > 0, verification
        )
    return finish(document, decision.signed_on, f"Giấy khen theo Quyết định số {decision.number}", plan.issuer.name)
