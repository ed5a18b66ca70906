"""The building blocks of an administrative document: Nghị định 30/2020/NĐ-CP, Phụ lục I (domain.md §4).

Every run carries Times New Roman for all scripts (ascii, hAnsi, eastAsia, cs) so Vietnamese renders in
the same face everywhere. Rules under text are bordered empty paragraphs one point high, indented to the
rule's length, so a reader can measure them from the paragraph's indents.
"""

import io
import zipfile
from copy import deepcopy
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TypeVar

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from documents.text import date_line, upper
from schemas.campaign import EmulationPlan
from schemas.settings_base import SubjectGroup
from schemas.signing import DocumentKind, Issuer

FONT = "Times New Roman"
BLACK = RGBColor(0x00, 0x00, 0x00)
RED = RGBColor(0xFF, 0x00, 0x00)
CENTER, LEFT, RIGHT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)

A4_MM = (210, 297)
MARGINS_MM = (20, 20, 30, 15)  # top, bottom, left, right
TEXT_WIDTH_MM = A4_MM[0] - MARGINS_MM[2] - MARGINS_MM[3]  # 165
HEADER_WIDTHS_MM = (63, 102)  # the issuer; the national title, which needs 96 mm in bold 13
SIGNATURE_WIDTHS_MM = (75, 90)
# Rule lengths. The motto's is the width of "Độc lập - Tự do - Hạnh phúc" in Times New Roman bold 14
# (12.2 em from the font's advance widths); the others are a third to a half of the line above them.
MOTTO_RULE_MM = 60
ISSUER_RULE_MM = 20
SUBJECT_RULE_MM = 30
SIGNATURE_SPACE = Pt(72)  # room for the signature and the seal above the signer's name
BODY_AFTER = Pt(6)  # at least 6 pt between paragraphs
GROUP_HEADINGS = {"collective": "TẬP THỂ", "individual": "CÁ NHÂN"}
ROMAN = ["I", "II"]

T = TypeVar("T")


@dataclass(frozen=True)
class Body:
    """An issuing body as the header names it."""

    name: str  # "Ủy ban nhân dân xã Kẻ Sặt", "Phòng Kinh tế"
    place: str  # the date line's place: "Kẻ Sặt"
    code: str  # the body's part of its numbers: "UBND", "VHXH"
    superior: str | None = None  # the body above, shown over it, not bold

    @classmethod
    def of_issuer(cls, issuer: Issuer) -> "Body":
        return cls(name=issuer.name, place=issuer.place, code=issuer.body_code, superior=issuer.superior)

    @classmethod
    def under_issuer(cls, name: str, code: str, issuer: Issuer) -> "Body":
        """A unit or office of the Committee: the Committee shown above it, its place in the date line."""
        return cls(name=name, place=issuer.place, code=code, superior=issuer.name)


@dataclass(frozen=True)
class Signature:
    """A signature block: the titles (upper case, bold), an italic note, the printed name (bold)."""

    titles: list[str]
    name: str | None = None  # None: signed by hand, nothing printed
    note: str | None = None  # "(Ký, ghi rõ họ tên)"


@dataclass(frozen=True)
class Column:
    """A column of a list: its heading, its width, how its cells align."""

    title: str
    width_mm: float
    align: WD_ALIGN_PARAGRAPH = LEFT


def issuer_signature(plan: EmulationPlan, document: DocumentKind) -> Signature:
    """The signature of the plan's signer on a document of the issuer, in the capacity the document is signed in
    (schemas.signing: DOCUMENT_CAPACITY, the plan's `signatures`): "CHỦ TỊCH" on a Giấy khen decision and its
    certificates, "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" on the Committee's tờ trình to the level above."""
    signer = plan.signer
    return Signature(titles=signer.lines(plan.issuer, plan.signatures.of(document)), name=signer.name)


# --- the page and the fonts ------------------------------------------------------------------------


def new_document(landscape: bool = False, margins_mm: tuple[float, float, float, float] = MARGINS_MM) -> DocxDocument:
    """An empty A4 document in Times New Roman 14."""
    document = Document()
    set_fonts(document)
    set_page(document.sections[0], landscape, margins_mm)
    return document


def set_page(
    section: Section, landscape: bool = False, margins_mm: tuple[float, float, float, float] = MARGINS_MM
) -> None:
    """A4, portrait or landscape, with the margins (top, bottom, left, right) in millimetres."""
    width, height = (A4_MM[1], A4_MM[0]) if landscape else A4_MM
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    top, bottom, left, right = margins_mm
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.header_distance = Mm(10)


def _set_rfonts(rpr) -> None:
    """Times New Roman for every script of a run's (or a style's) properties, theme fonts removed."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.attrib.clear()
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), FONT)


def set_fonts(document: DocxDocument) -> None:
    """Times New Roman 14 as the document's default and its Normal style, Vietnamese as its language."""
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_rfonts(defaults)
    defaults.find(qn("w:lang")).set(qn("w:val"), "vi-VN")
    normal = document.styles["Normal"]
    _set_rfonts(normal.element.get_or_add_rPr())
    normal.font.size = Pt(14)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0


# --- text ----------------------------------------------------------------------------------------


def write(
    paragraph: Paragraph, text: str, size: float = 14, bold: bool = False, italic: bool = False, color: RGBColor = BLACK
) -> Run:
    """A run in Times New Roman with its size, weight, slant and colour all set explicitly."""
    run = paragraph.add_run(text)
    _set_rfonts(run._r.get_or_add_rPr())
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.color.rgb = color
    return run


def _new_paragraph(container) -> Paragraph:
    """A paragraph at the end of a document or cell; a new cell's own empty paragraph is used first."""
    if isinstance(container, _Cell):
        first = container.paragraphs[0]
        if len(container.paragraphs) == 1 and first._p.pPr is None and not first.runs:
            return first
    return container.add_paragraph()


def paragraph(
    container,
    text: str = "",
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = CENTER,
    before: float = 0,
    after: float = 0,
    color: RGBColor = BLACK,
) -> Paragraph:
    """A paragraph of one run; `before` and `after` in points."""
    result = _new_paragraph(container)
    result.alignment = align
    result.paragraph_format.space_before = Pt(before)
    result.paragraph_format.space_after = Pt(after)
    if text:
        write(result, text, size, bold, italic, color)
    return result


def body(
    container,
    text: str,
    lead: str | None = None,
    bold: bool = False,
    italic: bool = False,
    indent: bool = True,
    before: float = 0,
) -> Paragraph:
    """A body paragraph: 14, justified, first line indented 1 cm, 6 pt after; `lead` is a bold opening."""
    result = paragraph(container, align=JUSTIFY, before=before, after=BODY_AFTER.pt)
    if indent:
        result.paragraph_format.first_line_indent = Mm(10)
    if lead:
        write(result, lead + " ", bold=True)
    write(result, text, bold=bold, italic=italic)
    return result


def rule(container, width_mm: float, length_mm: float) -> Paragraph:
    """A centred line `length_mm` long under the paragraph above: the top border of a 1 pt high paragraph."""
    result = _new_paragraph(container)
    borders = OxmlElement("w:pBdr")  # first in the properties: spacing, indents and alignment follow it
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    result._p.get_or_add_pPr().append(borders)
    fmt = result.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm((width_mm - length_mm) / 2)
    fmt.space_before = Pt(2)  # clear of the text above in LibreOffice too, which draws the border on its baseline
    fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(1)
    return result


def form_label(document: DocxDocument, form: str | None) -> None:
    """The form a document follows, top right in italics: "Mẫu số 04, Nghị định 152/2025/NĐ-CP"."""
    if form:
        paragraph(document, form, size=12, italic=True, align=RIGHT, after=6)


# --- the header, the title, the page numbers ---------------------------------------------------------


def _header_name(name: str) -> str:
    """A body's name in upper case, "ỦY BAN NHÂN DÂN" on a line of its own as headers set it."""
    text = upper(name)
    prefix = "ỦY BAN NHÂN DÂN "
    return prefix.strip() + "\n" + text[len(prefix) :] if text.startswith(prefix) else text


def header(document: DocxDocument, issuer: Body, number: str | None, on: date | None) -> Table:
    """The header table. First row: the issuer with a short rule left; the national title and the motto
    with its rule right. Second row, so the two lines align: "Số: …" left, the place and date right.

    `number` is the part after "Số: " ("05/QĐ-UBND"); None leaves it out (reports carry no number).
    """
    table = plain_table(document, HEADER_WIDTHS_MM, cell_margins=False)
    left, right = table.rows[0].cells
    if issuer.superior:
        paragraph(left, _header_name(issuer.superior), size=13)
    paragraph(left, _header_name(issuer.name), size=13, bold=True)
    rule(left, HEADER_WIDTHS_MM[0], ISSUER_RULE_MM)
    paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True)
    paragraph(right, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True)
    rule(right, HEADER_WIDTHS_MM[1], MOTTO_RULE_MM)
    number_cell, date_cell = table.add_row().cells
    if number is not None:
        paragraph(number_cell, f"Số: {number}", size=13, before=6)
    paragraph(date_cell, date_line(issuer.place, on), size=14, italic=True, before=6)
    return table


def title(document: DocxDocument, type_name: str, subject: str | None = None) -> None:
    """The type name (upper, bold 14, centred), then the subject line in bold with a short rule under it."""
    paragraph(document, type_name, size=14, bold=True, before=18)
    if subject:
        paragraph(document, subject, size=14, bold=True)
        rule(document, TEXT_WIDTH_MM, SUBJECT_RULE_MM)
    paragraph(document, after=6)


def page_numbers(section: Section) -> None:
    """The page number centred at the top from page 2: a PAGE field, and an empty first-page header."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    section.header.is_linked_to_previous = False
    number = section.header.paragraphs[0]
    number.alignment = CENTER
    for part in ("begin", "instr", "separate", "end"):
        run = write(number, "", size=14)
        if part == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), part)
        run._r.append(element)


# --- tables ------------------------------------------------------------------------------------------


def plain_table(
    document: DocxDocument, widths_mm: Iterable[float], cell_margins: bool = True, style: str | None = None
) -> Table:
    """A one-row table of fixed column widths; without a style it has no borders."""
    widths = list(widths_mm)
    table = document.add_table(rows=1, cols=len(widths), style=style)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = table._tbl.tblPr.find(qn("w:tblW"))
    total.set(qn("w:type"), "dxa")
    total.set(qn("w:w"), str(round(sum(widths) * 1440 / 25.4)))
    if not cell_margins:
        margins = OxmlElement("w:tblCellMar")
        table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
        for side in ("w:left", "w:right"):
            edge = OxmlElement(side)
            edge.set(qn("w:w"), "0")
            edge.set(qn("w:type"), "dxa")
            margins.append(edge)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
        column.cells[0].width = Mm(width)
    return table


def _never_split(row) -> None:
    """The row stays whole on one page: a list's row, or a signature block (its title, space and name)."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _repeat_as_header(row) -> None:
    """The row is repeated at the top of each page the table runs onto."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def list_table(
    document: DocxDocument,
    columns: list[Column],
    rows: list[list[str] | str],
    total: list[str] | None = None,
    size: float = 13,
) -> Table:
    """A bordered list: a bold header row, the rows (a str row is a bold heading across all columns), a total."""
    table = plain_table(document, [c.width_mm for c in columns], style="Table Grid")
    for cell, column in zip(table.rows[0].cells, columns, strict=True):
        paragraph(cell, column.title, size=size, bold=True)
    _repeat_as_header(table.rows[0])
    laid_out = None  # the first row of one-line texts, copied for the others: python-docx is slow at 1,000 rows
    for row in rows:
        if laid_out is not None and not isinstance(row, str) and _one_line(row):
            table._tbl.append(_copy_of_row(laid_out, row))
            continue
        added = table.add_row()
        _never_split(added)
        cells = added.cells
        if isinstance(row, str):
            merged = cells[0].merge(cells[-1])
            paragraph(merged, row, size=size, bold=True, align=LEFT)
            continue
        for cell, column, value in zip(cells, columns, row, strict=True):
            paragraph(cell, value, size=size, align=column.align)
        if laid_out is None and _one_line(row):
            laid_out = added._tr
    if total:
        added = table.add_row()
        _never_split(added)
        for cell, column, value in zip(added.cells, columns, total, strict=True):
            paragraph(cell, value, size=size, bold=True, align=column.align)
    return table


def _one_line(row: list[str]) -> bool:
    """Each cell a text of one run: not empty, no line break or tab."""
    return all(value and not any(mark in value for mark in "\n\r\t") for value in row)


def _copy_of_row(laid_out, row: list[str]):
    """A copy of a laid-out row of one-line texts, holding the texts of `row`: the row python-docx would lay out."""
    copy = deepcopy(laid_out)
    for text, value in zip(copy.iter(qn("w:t")), row, strict=True):
        text.text = value
        if value != value.strip():
            text.set(qn("xml:space"), "preserve")
        else:
            text.attrib.pop(qn("xml:space"), None)
    return copy


def grouped_rows(
    items: list[T], group_of: Callable[[T], SubjectGroup], cells_of: Callable[[T], list[str]]
) -> list[list[str] | str]:
    """Rows under "I. TẬP THỂ" and "II. CÁ NHÂN", numbered from 1 in each; a group with no one is left out.

    `cells_of` gives a row's cells after its number (STT).
    """
    rows: list[list[str] | str] = []
    groups = [g for g in ("collective", "individual") if any(group_of(item) == g for item in items)]
    for index, group in enumerate(groups):
        rows.append(f"{ROMAN[index]}. {GROUP_HEADINGS[group]}")
        members = [item for item in items if group_of(item) == group]
        rows += [[str(n), *cells_of(item)] for n, item in enumerate(members, start=1)]
    return rows


# --- the end of a document ---------------------------------------------------------------------------


def _signature_row(document: DocxDocument, widths_mm: Iterable[float]) -> Table:
    """The row of the signature blocks: whole on one page, and on the page of the text's last paragraph, so that
    no page after the text holds only the page number and a signer's name."""
    if document.paragraphs:
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    table = plain_table(document, widths_mm, cell_margins=False)
    _never_split(table.rows[0])
    return table


def _signature(cell: _Cell, signature: Signature) -> None:
    for line in signature.titles:
        paragraph(cell, upper(line), size=14, bold=True)
    if signature.note:
        paragraph(cell, signature.note, size=14, italic=True)
    paragraph(cell, signature.name or "", size=14, bold=True, before=SIGNATURE_SPACE.pt)


def sign_off(document: DocxDocument, signature: Signature, recipients: list[str], archive: str) -> Table:
    """ "Nơi nhận:" bottom left, bold italic 12, its lines "- …;" in 11 and the last "- Lưu: VT, VHXH.";
    the signer right."""
    table = _signature_row(document, SIGNATURE_WIDTHS_MM)
    left, right = table.rows[0].cells
    paragraph(left, "Nơi nhận:", size=12, bold=True, italic=True, align=LEFT, before=6)
    for line in recipients:
        paragraph(left, f"- {line};", size=11, align=LEFT)
    paragraph(left, f"- Lưu: {archive}.", size=11, align=LEFT)
    paragraph(right, before=6)
    _signature(right, signature)
    return table


def two_signatures(document: DocxDocument, left: Signature, right: Signature) -> Table:
    """Two signature blocks side by side: minutes (secretary, chair), reports (confirmation, reporter)."""
    table = _signature_row(document, (TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2))
    for cell, signature in zip(table.rows[0].cells, (left, right), strict=True):
        paragraph(cell, before=6)
        _signature(cell, signature)
    return table


def _fixed_zip_times(data: bytes) -> bytes:
    """The package again with every entry stamped 1980-01-01, so the same document gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    target_bytes = io.BytesIO()
    with zipfile.ZipFile(target_bytes, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(item.filename))
    return target_bytes.getvalue()


def finish(document: DocxDocument, on: date | None, title_text: str, author: str) -> bytes:
    """The .docx bytes, with core properties from the document (its date, not the clock's)."""
    props = document.core_properties
    props.title = title_text
    props.author = props.last_modified_by = author
    props.revision = 1
    props.language = "vi-VN"
    if on is not None:
        props.created = props.modified = datetime.combine(on, time())
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip_times(buffer.getvalue())
