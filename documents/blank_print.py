"""Printing on pre-printed Giấy khen blanks (in phôi): only the texts, each in its box, as a PDF (reportlab).

The boxes are the admin's (db/blanks.py), in millimetres from the paper's top left corner. Each text is
centred in its box's width, its first line at the box's top, lines wrapped within the width and the type
made smaller until the text fits the box's height. The type is Liberation Serif 2 (Times New Roman's
metrics, with the Vietnamese letters), embedded in the PDF.
"""

import io
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from common.text import vn_date
from db.blanks import FIELDS
from db.documents import BlankLayout
from documents.certificate import Face
from documents.inputs import DecisionText
from documents.layout import issuer_signature
from documents.pdf import PdfUnavailable
from documents.text import capitalise, date_line, upper
from schemas.campaign import EmulationPlan
from schemas.council import Decision

FONT_FOLDERS = [Path("/usr/share/fonts/truetype/liberation2"), Path("/usr/share/fonts/truetype/liberation")]
FACES = {"regular": "LiberationSerif-Regular", "bold": "LiberationSerif-Bold", "italic": "LiberationSerif-Italic"}
NO_FONT = "Máy chủ chưa cài phông Liberation Serif 2 (gói fonts-liberation2) nên chưa in được lên phôi."
STYLE = {"name": "bold", "achievement": "italic", "signer_title": "bold", "signer_name": "bold", "decision": "bold",
         "register": "bold", "place_date": "italic"}
LEADING = 1.2  # line height, times the type size
SMALLEST = 6  # pt: a text that does not fit at this size is cut at the box's bottom


def _fonts() -> None:
    """Liberation Serif 2's faces registered with reportlab once; 1.07's lack the Vietnamese letters."""
    if FACES["regular"] in pdfmetrics.getRegisteredFontNames():
        return
    folder = FONT_FOLDERS[0]
    if not (folder / f"{FACES['regular']}.ttf").exists():
        raise PdfUnavailable(NO_FONT)
    for name in FACES.values():
        pdfmetrics.registerFont(TTFont(name, str(folder / f"{name}.ttf")))


@dataclass(frozen=True)
class Placed:
    """A text as printed: its lines, the face and size they were set in, and each line's baseline (mm from top)."""

    lines: list[str]
    font: str
    size: float
    baselines_mm: list[float]


def place(text: str, box: dict, style: str = "regular") -> Placed:
    """The lines of `text` in `box`: wrapped to its width, at its size or smaller until they fit its height."""
    font, size = FACES[style], float(box["size"])
    while True:
        lines = [line for part in text.split("\n") for line in simpleSplit(part, font, size, box["width"] * mm)]
        height_mm = ((len(lines) - 1) * LEADING + 1) * size / mm
        if height_mm <= box["height"] or size <= SMALLEST:
            break
        size = max(SMALLEST, size - 0.5)
    # Each line's em square (the type size tall, from the descent) starts at the box's top, one line height apart.
    above_baseline = (size + pdfmetrics.getDescent(font, size)) / mm
    step = size * LEADING / mm
    baselines = [box["y"] + above_baseline + index * step for index in range(len(lines))]
    below_baseline = -pdfmetrics.getDescent(font, size) / mm
    kept = [(line, base) for line, base in zip(lines, baselines) if base + below_baseline <= box["y"] + box["height"]]
    return Placed([line for line, _ in kept], font, size, [base for _, base in kept])


def _draw(canvas: Canvas, layout: BlankLayout, text: str, box: dict, style: str) -> None:
    placed = place(text, box, style)
    canvas.setFont(placed.font, placed.size)
    centre = (box["x"] + box["width"] / 2) * mm
    for line, baseline in zip(placed.lines, placed.baselines_mm):
        canvas.drawCentredString(centre, (layout.height_mm - baseline) * mm, line)


def _canvas(buffer: io.BytesIO, layout: BlankLayout, title: str) -> Canvas:
    _fonts()
    canvas = Canvas(
        buffer, pagesize=(layout.width_mm * mm, layout.height_mm * mm), invariant=True, initialFontName=FACES["regular"]
    )
    canvas.setTitle(title)
    canvas.setAuthor("Thi đua - Khen thưởng")
    return canvas


def texts(plan: EmulationPlan, decision: Decision, text: DecisionText, face: Face) -> dict[str, str]:
    """What a certificate prints in each of the blank's fields."""
    signature = issuer_signature(plan, "certificate")
    return {
        "name": face.name,
        "where": face.where,
        "achievement": capitalise(text.achievement),
        "decision": f"{decision.number} ngày {vn_date(decision.signed_on)}",
        "place_date": date_line(plan.issuer.place, decision.signed_on),
        "signer_title": "\n".join(upper(title) for title in signature.titles),
        "signer_name": signature.name,
        "register": face.register,
    }


def trial_page(layout: BlankLayout) -> bytes:
    """"In thử": the paper's edge as a frame, a ruler every 10 mm, and each field's box with its name, to lay
    over a blank against the light and see where the texts will fall."""
    buffer = io.BytesIO()
    canvas = _canvas(buffer, layout, f"In thử phôi {layout.name}")
    width, height = layout.width_mm * mm, layout.height_mm * mm
    canvas.setLineWidth(0.8)
    canvas.rect(1 * mm, 1 * mm, width - 2 * mm, height - 2 * mm)
    canvas.setLineWidth(0.3)
    canvas.setFont(FACES["regular"], 6)
    for x in range(10, layout.width_mm, 10):
        canvas.line(x * mm, height - 1 * mm, x * mm, height - (4 if x % 50 else 7) * mm)
        if x % 50 == 0:
            canvas.drawCentredString(x * mm, height - 10 * mm, str(x))
    for y in range(10, layout.height_mm, 10):
        canvas.line(1 * mm, height - y * mm, (4 if y % 50 else 7) * mm, height - y * mm)
        if y % 50 == 0:
            canvas.drawString(8 * mm, height - y * mm - 2, str(y))
    canvas.setDash(2, 2)
    for field, box in layout.fields.items():
        canvas.rect(box["x"] * mm, height - (box["y"] + box["height"]) * mm, box["width"] * mm, box["height"] * mm)
        _draw(canvas, layout, FIELDS[field], box, "regular")
    canvas.setDash()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def on_blanks(
    layout: BlankLayout, plan: EmulationPlan, decision: Decision, text: DecisionText, faces: list[Face]
) -> bytes:
    """"In trên phôi": a page per face, in the faces' order (the decision's), only the texts, each in its box."""
    buffer = io.BytesIO()
    canvas = _canvas(buffer, layout, f"Giấy khen theo Quyết định số {decision.number} - in trên phôi {layout.name}")
    for face in faces:
        for field, value in texts(plan, decision, text, face).items():
            if value and field in layout.fields:
                _draw(canvas, layout, value, layout.fields[field], STYLE.get(field, "regular"))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
