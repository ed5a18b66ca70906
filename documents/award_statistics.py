"""The yearly statistics of commendation work, from the register (db/awards.py), as .xlsx.

Sheet 1, shaped as the Home Affairs form of the number of awards (Biểu 0601.N/BNV-TĐKT of Thông tư 02/2023/TT-BNV,
kept by Thông tư 18/2025/TT-BNV's reporting regime; see README "Yearly statistics" for what was and was not
checked): one row per title (danh hiệu thi đua) and per award form (hình thức khen thưởng) the issuer gave in the
year, in two groups with their totals; columns by kind of subject: collectives (of which enterprises), households,
individuals (of which women; leaders, people working directly, others). Sheet 2, the office's own table: the
awards and the bonuses by unit (the collective, or the individual's unit at the time).

Counted: the awards in force decided by the issuer itself (its campaigns' decisions and its paper decisions
recorded), their decision dated in the year; a revoked award is not counted.
"""

import io
from collections import defaultdict
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlmodel import Session, col, select

from db.awards import KIND_NAMES, Award
from db.models import Issuer, Nominee, Person, Unit
from documents.export import _sheet

COLUMNS = ["total", "collective", "enterprise", "household", "individual", "women", "leader", "direct", "other"]
HEADERS = ["STT", "Danh hiệu thi đua, hình thức khen thưởng", "Tổng số", "Tập thể: tổng số", "Trong đó: doanh nghiệp",
           "Hộ gia đình", "Cá nhân: tổng số", "Trong đó: nữ", "Lãnh đạo, quản lý", "Người trực tiếp công tác, lao động",
           "Cá nhân khác"]
ENTERPRISE_WORDS = ("doanh_nghiep", "cong_ty", "hop_tac_xa")
HOUSEHOLD_WORDS = ("ho_gia_dinh", "gia_dinh")


@dataclass
class Counts:
    cells: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))

    def add(self, marks: set[str]) -> None:
        for mark in marks | {"total"}:
            self.cells[mark] += 1


def _subject_kind(session: Session, award: Award) -> str:
    """The award's kind of subject as its dossier had it, else its unit's kind."""
    if award.candidate_ref:
        dossier_id, _, key = award.candidate_ref.partition("/")
        nominee = session.exec(select(Nominee).where(Nominee.dossier_id == dossier_id, Nominee.key == key)).first()
        if nominee is not None:
            return nominee.subject_kind
    unit = session.get(Unit, award.unit_id) if award.unit_id and award.subject_type == "unit" else None
    return unit.kind if unit else ""


def marks(session: Session, award: Award) -> set[str]:
    """The columns an award counts in."""
    kind = _subject_kind(session, award)
    if award.subject_type == "unit":
        if any(word in kind for word in HOUSEHOLD_WORDS):
            return {"household"}
        return {"collective", "enterprise"} if any(word in kind for word in ENTERPRISE_WORDS) else {"collective"}
    person = session.get(Person, award.person_id) if award.person_id else None
    found = {"individual", {"lanh_dao": "leader", "truc_tiep": "direct"}.get(person.category if person else "", "other")}
    return found | ({"women"} if award.sex == "nu" else set())


def counted(session: Session, issuer_id: int, year: int) -> list[Award]:
    issuer = session.get(Issuer, issuer_id)
    query = select(Award).where(Award.issuer_id == issuer_id, Award.issued_by == issuer.name, Award.status == "in_force")
    return [a for a in session.exec(query.order_by(col(Award.id))) if a.decision_date.year == year]


def statistics(session: Session, issuer_id: int, year: int) -> dict[str, dict[str, Counts]]:
    """Counts by kind (title, form) and award name."""
    table: dict[str, dict[str, Counts]] = {"title": defaultdict(Counts), "form": defaultdict(Counts)}
    for award in counted(session, issuer_id, year):
        table[award.kind][award.award_name].add(marks(session, award))
    return table


def statistics_workbook(session: Session, issuer_id: int, year: int) -> bytes:
    issuer = session.get(Issuer, issuer_id)
    table = statistics(session, issuer_id, year)
    rows: list[list] = []
    for kind in ("title", "form"):
        group = Counts()
        for counts in table[kind].values():
            for name in COLUMNS:
                group.cells[name] += counts.cells[name]
        rows.append(["", KIND_NAMES[kind].upper(), *(group.cells[c] for c in COLUMNS)])
        for number, (name, counts) in enumerate(sorted(table[kind].items()), start=1):
            rows.append([number, name, *(counts.cells[c] for c in COLUMNS)])
    book = Workbook()
    _sheet(book.active, "Số lượng khen thưởng", HEADERS, rows)
    sheet = book.active
    sheet.insert_rows(1, 2)
    sheet["A1"] = f"SỐ LƯỢNG KHEN THƯỞNG NĂM {year} — {issuer.name.upper()}"
    sheet["A2"] = "Theo mẫu Biểu 0601.N/BNV-TĐKT (Thông tư 02/2023/TT-BNV; chế độ báo cáo Thông tư 18/2025/TT-BNV)"
    sheet["A1"].font = Font(bold=True, size=13)
    for row in sheet.iter_rows(min_row=4):
        if row[0].value in ("", None):
            for cell in row:
                cell.font = Font(bold=True)
    sheet.freeze_panes = "A4"

    by_unit: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for award in counted(session, issuer_id, year):
        entry = by_unit[award.name if award.subject_type == "unit" else (award.unit_name or "(không ghi đơn vị)")]
        entry[0] += 1
        entry[1] += award.bonus_vnd or 0
    units = [[i, name, count, bonus] for i, (name, (count, bonus)) in enumerate(sorted(by_unit.items()), start=1)]
    units.append(["", "Tổng cộng", sum(u[2] for u in units), sum(u[3] for u in units)])
    _sheet(book.create_sheet(), "Theo đơn vị", ["STT", "Đơn vị", "Số khen thưởng", "Tiền thưởng (đồng)"], units)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
