"""The issuer's types of pre-printed Giấy khen blanks (phôi): the paper, and where each text is printed on it.

Offices buy blanks with the national title, the border and the emblem printed, and print only what differs
between certificates. For each type of blank the admin sets each field's box (left, top, width, height in
millimetres from the paper's top left corner) and its type size; every box must lie inside the paper.
documents/blank_print.py prints a test page of the boxes and the certificates of a decision on them.
"""

from dataclasses import dataclass

from pydantic import BaseModel, Field, ValidationError
from sqlmodel import Session, col, select

from common.text import nfc
from db.documents import BlankLayout
from db.models import utcnow

# The texts a certificate prints on a blank, in the order they are set and printed.
FIELDS = {
    "name": "Tên tập thể, cá nhân",
    "where": "Chức vụ, đơn vị",
    "achievement": "Thành tích",
    "decision": "Số và ngày quyết định",
    "place_date": "Địa danh, ngày tháng năm",
    "signer_title": "Chức vụ người ký",
    "signer_name": "Họ tên người ký",
    "register": "Số sổ vàng",
}
BOX = {"x": "Cách lề trái (mm)", "y": "Cách mép trên (mm)", "width": "Rộng (mm)", "height": "Cao (mm)", "size": "Cỡ chữ (pt)"}
PAPERS = {"A4-ngang": (297, 210), "A4-doc": (210, 297), "A3-ngang": (420, 297), "A5-ngang": (210, 148)}
PAPER_NAMES = {"A4-ngang": "A4 ngang (297 × 210 mm)", "A4-doc": "A4 dọc (210 × 297 mm)",
               "A3-ngang": "A3 ngang (420 × 297 mm)", "A5-ngang": "A5 ngang (210 × 148 mm)"}
# A start for a new type of blank: an A4 landscape Giấy khen laid out as the service's own (documents/certificate.py).
DEFAULT_BOXES = {
    "name": (40, 92, 217, 14, 22),
    "where": (40, 107, 217, 10, 16),
    "achievement": (40, 118, 217, 22, 16),
    "decision": (25, 150, 110, 8, 13),
    "place_date": (160, 145, 117, 8, 14),
    "signer_title": (160, 154, 117, 14, 14),
    "signer_name": (160, 185, 117, 8, 14),
    "register": (25, 160, 110, 8, 13),
}


class Box(BaseModel):
    x: float = Field(ge=0, le=420)
    y: float = Field(ge=0, le=420)
    width: float = Field(ge=5, le=420)
    height: float = Field(ge=3, le=420)
    size: float = Field(ge=6, le=48)


class BlankInput(BaseModel):
    name: str = Field(min_length=1, max_length=100)
    paper: str
    boxes: dict[str, Box]


@dataclass
class Refused(Exception):
    """The form's problems, each beside its field ("name_x": "…")."""

    fields: dict[str, str]


PROBLEMS = {
    "missing": "Cần nhập ô này.",
    "string_too_short": "Cần nhập ô này.",
    "string_too_long": "Quá dài (tối đa {max_length} ký tự).",
    "float_parsing": "Cần một số, ví dụ 25 hoặc 25,5.",
    "greater_than_equal": "Phải từ {ge} trở lên.",
    "less_than_equal": "Phải không quá {le}.",
}


def read_form(form: dict[str, str]) -> BlankInput:
    """The blank's name, paper and boxes from the page's fields ("name_x", a comma as the decimal mark);
    Refused with a problem beside each field, a box outside the paper included."""
    problems: dict[str, str] = {}
    paper = form.get("paper", "")
    if paper not in PAPERS:
        problems["paper"] = "Chọn một khổ giấy trong danh sách."
    boxes = {
        field: {part: form.get(f"{field}_{part}", "").strip().replace(",", ".") for part in BOX} for field in FIELDS
    }
    data = {"name": nfc(form.get("name", "").strip()), "paper": paper, "boxes": {
        field: {part: value for part, value in box.items() if value} for field, box in boxes.items()
    }}
    body = None
    try:
        body = BlankInput.model_validate(data)
    except ValidationError as error:
        for issue in error.errors():
            where = issue["loc"]
            name = f"{where[1]}_{where[2]}" if where[0] == "boxes" and len(where) == 3 else str(where[0])
            problems.setdefault(name, PROBLEMS.get(issue["type"], "Không hợp lệ.").format(**issue.get("ctx", {})))
    if paper in PAPERS:  # each box inside the paper, of the numbers that could be read
        width, height = PAPERS[paper]
        for field, box in boxes.items():
            x, y, w, h = (_number(box[part]) for part in ("x", "y", "width", "height"))
            if x is not None and w is not None and x + w > width:
                problems.setdefault(f"{field}_width", f"Ô vượt ra ngoài khổ giấy: lề trái + rộng phải không quá {width} mm.")
            if y is not None and h is not None and y + h > height:
                problems.setdefault(f"{field}_height", f"Ô vượt ra ngoài khổ giấy: mép trên + cao phải không quá {height} mm.")
    if problems or body is None:
        raise Refused(problems)
    return body


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def paper_of(layout: BlankLayout) -> str:
    return next((code for code, size in PAPERS.items() if size == (layout.width_mm, layout.height_mm)), "A4-ngang")


def form_values(layout: BlankLayout | None) -> dict[str, str]:
    """The page's fields for a blank type (or the default start), numbers written with a comma."""
    boxes = layout.fields if layout else {
        field: dict(zip(BOX, values)) for field, values in DEFAULT_BOXES.items()
    }
    values = {"name": layout.name if layout else "", "paper": paper_of(layout) if layout else "A4-ngang"}
    for field, box in boxes.items():
        for part, value in box.items():
            values[f"{field}_{part}"] = f"{value:g}".replace(".", ",")
    return values


def layouts(session: Session, issuer_id: int) -> list[BlankLayout]:
    return list(session.exec(
        select(BlankLayout).where(BlankLayout.issuer_id == issuer_id).order_by(col(BlankLayout.name))
    ))


def layout_of(session: Session, issuer_id: int, layout_id: int) -> BlankLayout | None:
    """The issuer's blank type; another issuer's is not found."""
    layout = session.get(BlankLayout, layout_id)
    return layout if layout is not None and layout.issuer_id == issuer_id else None


def save(session: Session, issuer_id: int, body: BlankInput, layout: BlankLayout | None) -> BlankLayout:
    """A new blank type, or the changes to one; a name the issuer's other type has is refused."""
    same_name = session.exec(
        select(BlankLayout).where(BlankLayout.issuer_id == issuer_id, BlankLayout.name == body.name)
    ).first()
    if same_name is not None and (layout is None or same_name.id != layout.id):
        raise Refused({"name": "Đã có loại phôi mang tên này; hãy đặt tên khác."})
    layout = layout or BlankLayout(issuer_id=issuer_id)
    layout.name = body.name
    layout.width_mm, layout.height_mm = PAPERS[body.paper]
    layout.fields = {field: box.model_dump() for field, box in body.boxes.items()}
    layout.updated_at = utcnow()
    session.add(layout)
    session.commit()
    session.refresh(layout)
    return layout
