"""The yearly statistics of commendation work, from the register (db/awards.py), as .xlsx.

Sheet 1, shaped as the Home Affairs form of the number of awards (Biểu 0601.N/BNV-TĐKT of Thông tư 02/2023/TT-BNV,
kept by Thông tư 18/2025/TT-BNV's reporting regime; see README "Yearly statistics" for what was and was not
checked): one row per title (danh hiệu thi đua) and per award form (hình thức khen thưởng) the issuer gave in the
year, in two groups with their totals; columns by kind of subject: collectives (of which enterprises), households,
individuals (of which women; leaders, people working directly, entrepreneurs, others). Sheet 2, the number of
campaigns (phong trào thi đua) of the year by level, method and duration. The office's own tables: sheet 3, the
awards by unit (the collective, or the individual's unit at the time) and award, with their bonuses; sheet 4, the
bonuses by award against the year's fund (quỹ thi đua, khen thưởng), when the office gives its amount.

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
from db.models import Campaign, Issuer, Nominee, Person, Unit
from db.one_off import is_one_off
from documents.export import _sheet
from schemas.campaign import EmulationPlan
from schemas.directory import ISSUER_KIND_NAMES

COLUMNS = ["total", "collective", "enterprise", "household", "individual", "women", "leader", "direct", "business",
           "other"]
HEADERS = ["STT", "Danh hiệu thi đua, hình thức khen thưởng", "Tổng số", "Tập thể: tổng số", "Trong đó: doanh nghiệp",
           "Hộ gia đình", "Cá nhân: tổng số", "Trong đó: nữ", "Lãnh đạo, quản lý", "Người trực tiếp công tác, lao động",
           "Doanh nhân", "Cá nhân khác"]
CATEGORY_COLUMNS = {"lanh_dao": "leader", "truc_tiep": "direct", "doanh_nhan": "business"}
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
    found = {"individual", CATEGORY_COLUMNS.get(person.category if person else "", "other")}
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


def _unit_of(award: Award) -> str:
    return award.name if award.subject_type == "unit" else (award.unit_name or "(không ghi đơn vị)")


def unit_table(awarded: list[Award]) -> tuple[list[str], list[list]]:
    """The office's table of the year: per unit, its awards by title or form, their total and the bonuses."""
    names = sorted({a.award_name for a in awarded})
    cells: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for award in awarded:
        row = cells[_unit_of(award)]
        row[award.award_name] += 1
        row["bonus"] += award.bonus_vnd or 0
    rows = [[number, unit, *(row[n] for n in names), sum(row[n] for n in names), row["bonus"]]
            for number, (unit, row) in enumerate(sorted(cells.items()), start=1)]
    rows.append(["", "Tổng cộng", *(sum(r[2 + i] for r in rows) for i in range(len(names) + 2))])
    return ["STT", "Đơn vị", *names, "Tổng số khen thưởng", "Tiền thưởng (đồng)"], rows


def bonus_rows(awarded: list[Award], fund_vnd: int | None) -> list[list]:
    """The bonuses the year's decisions award, by title or form, against the fund the office gives (none: left
    blank). The register holds the bonuses decided; their payment is not recorded."""
    by_name: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for award in awarded:
        by_name[award.award_name][0] += 1
        by_name[award.award_name][1] += award.bonus_vnd or 0
    rows = [[name, count, bonus] for name, (count, bonus) in sorted(by_name.items())]
    total = sum(r[2] for r in rows)
    rows.append(["Tổng cộng", sum(r[1] for r in rows), total])
    rows.append(["Quỹ thi đua, khen thưởng của năm", None, fund_vnd])
    rows.append(["Còn lại của quỹ", None, None if fund_vnd is None else fund_vnd - total])
    return rows


def campaign_rows(session: Session, issuer_id: int, year: int) -> list[list]:
    """The issuer's campaigns (not its reform plans, nor its one-off awards) whose period meets the year: their
    number by the issuer's level, by method (regular: a yearly or many-round plan; by round or theme: a plan run
    once) and by duration (under a year, a year or more)."""
    plans = [EmulationPlan.model_validate(c.settings) for c in session.exec(
        select(Campaign).where(Campaign.issuer_id == issuer_id, Campaign.kind == "emulation").order_by(col(Campaign.code)))
        if not is_one_off(c.code)]
    plans = [p for p in plans if p.plan.period.start.year <= year <= p.plan.period.end.year]
    levels = [p.issuer.level for p in plans]
    regular = sum(1 for p in plans if p.recurrence != "once")
    long = sum(1 for p in plans if (p.plan.period.end - p.plan.period.start).days >= 364)  # 1/1 to 31/12 is 364
    return [
        ["Tổng số phong trào thi đua", len(plans)],
        *([f"Cấp {ISSUER_KIND_NAMES[level]}", levels.count(level)] for level in sorted(set(levels))),
        ["Thi đua thường xuyên (hằng năm, nhiều đợt)", regular],
        ["Thi đua theo đợt, chuyên đề", len(plans) - regular],
        ["Thời gian dưới 1 năm", len(plans) - long],
        ["Thời gian từ 1 năm trở lên", long],
    ]


def statistics_workbook(session: Session, issuer_id: int, year: int, fund_vnd: int | None = None) -> bytes:
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

    _sheet(book.create_sheet(), "Phong trào thi đua", ["Chỉ tiêu", "Số phong trào thi đua"],
           campaign_rows(session, issuer_id, year))
    awarded = counted(session, issuer_id, year)
    _sheet(book.create_sheet(), "Theo đơn vị", *unit_table(awarded))
    _sheet(book.create_sheet(), "Tiền thưởng và quỹ", ["Danh hiệu thi đua, hình thức khen thưởng", "Số khen thưởng",
                                                       "Tiền thưởng (đồng)"], bonus_rows(awarded, fund_vnd))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
