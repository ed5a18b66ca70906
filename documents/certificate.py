"""The Giấy khen, one page per awardee in one A4 landscape document (NĐ 98/2023 Điều 104, domain.md §4).

One document for the whole decision: the certificates are printed together, each on its own page.
"""

import io
from dataclasses import dataclass
from functools import lru_cache

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


@dataclass(frozen=True)
class Face:
    """What one Giấy khen of a decision prints that the others do not."""

    name: str
    where: str  # position and unit; empty for a collective that is the unit itself
    award_form: str
    register: str  # số sổ vàng, "05"
    verification: Verification | None = None

    @classmethod
    def of(cls, awardee: Awardee, register: int, verification: Verification | None = None) -> "Face":
        candidate = awardee.candidate
        where = position_unit(candidate.name, candidate.position, candidate.unit_name)
        return cls(candidate.name, where, awardee.award_form, two_digits(register), verification)


def _certificate(
    document, plan: EmulationPlan, decision: Decision, face: Face, text: DecisionText, new_page: bool
) -> None:
    national = paragraph(document, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=14, bold=True, color=BLACK)
    national.paragraph_format.page_break_before = new_page
    paragraph(document, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True, color=BLACK)
    rule(document, WIDTH_MM, MOTTO_RULE_MM)
    paragraph(document, upper(author_of(plan, "certificate")), size=16, bold=True, color=RED, before=18)
    paragraph(document, "TẶNG", size=16, bold=True, before=6)
    paragraph(document, upper(award_kind(face.award_form)), size=40, bold=True, color=RED, before=6, after=6)
    paragraph(document, face.name, size=22, bold=True, after=3)
    if face.where:
        paragraph(document, face.where, size=16)
    paragraph(document, capitalise(text.achievement), size=16, italic=True, before=6, after=12)
    _footer(document, plan, decision, face)


def _footer(document, plan: EmulationPlan, decision: Decision, face: Face) -> None:
    """Bottom left: the decision and the register number in bold italics, and the award's code with its QR
    code; bottom right: date and signer."""
    table = plain_table(document, (WIDTH_MM / 2, WIDTH_MM / 2), cell_margins=False)
    left, right = table.rows[0].cells
    for line in (
        f"Quyết định số: {decision.number}",
        f"Ngày {vn_date(decision.signed_on)}",
        f"Số sổ vàng: {face.register}",
    ):
        paragraph(left, line, size=13, bold=True, italic=True, align=LEFT, before=3)
    if face.verification is not None:
        _verification(left, face.verification)
    paragraph(right, date_line(plan.issuer.place, decision.signed_on), size=14, italic=True)
    signature = issuer_signature(plan, "certificate")  # the decision's, in the same capacity
    for title in signature.titles:
        paragraph(right, upper(title), size=14, bold=True)
    paragraph(right, signature.name, size=14, bold=True, before=60)


def _verification(cell, verification: Verification) -> None:
    """The QR code of the verification page, and its code and address to type where a phone cannot scan."""
    image = io.BytesIO(qr_png(verification.url))
    paragraph(cell, align=LEFT, before=6).add_run().add_picture(image, width=Mm(22))
    paragraph(cell, f"Mã xác minh: {verification.code}", size=11, align=LEFT)
    paragraph(cell, f"Tra cứu tại: {verification.url}", size=9, align=LEFT)


@lru_cache(maxsize=2048)  # the zip and the print file of one decision draw the same codes
def qr_png(url: str) -> bytes:
    """The QR code of an address as a PNG, with the error correction a printed and handled paper needs."""
    image = io.BytesIO()
    segno.make(url, error="m").save(image, kind="png", scale=8, border=2)
    return image.getvalue()


def document_of(plan: EmulationPlan, decision: Decision, text: DecisionText, faces: list[Face]) -> bytes:
    """The Giấy khen of each face as one .docx, a page each, in the faces' order."""
    if decision.number is None or decision.signed_on is None:
        raise ValueError("Giấy khen chỉ in được khi Quyết định đã ký, có số và ngày.")
    document = new_document(landscape=True, margins_mm=MARGINS_MM)
    for index, face in enumerate(faces):
        _certificate(document, plan, decision, face, text, index > 0)
    return finish(document, decision.signed_on, f"Giấy khen theo Quyết định số {decision.number}", plan.issuer.name)


def certificates(
    plan: EmulationPlan, decision: Decision, text: DecisionText, verification: Verification | None = None
) -> bytes:
    """Every awardee's Giấy khen as one .docx, in the decision's order; register numbers count up from
    `text.first_register_number`. Only a signed decision has the number and date they carry. A single
    certificate carries its award's `verification` (the code and the QR code of the public page)."""
    faces = [
        Face.of(awardee, text.first_register_number + index, verification)
        for index, awardee in enumerate(decision.awardees)
    ]
    return document_of(plan, decision, text, faces)
