"""The registry's figures of measured indicators (records of kind "indicator"), which the standards read.

A figure is one value of one indicator (by its code) for one unit, or one person, and one period: a year
(`period_part` "year"), a half-year ("h1", "h2") or a quarter ("q1" … "q4"), in the indicator's unit of
measure. The office enters it as any record (POST /api/records, the records page, the CSV / .xlsx import,
db/records.py). The codes the registry takes are those of the catalogue (schemas/indicators.py) and those the
issuer's loaded plans declare (`indicators`); a figure for another code, or one that does not fit its
indicator (a unit's figure written for a person, a quarter for a yearly indicator, a percentage above 100),
is refused with the reason, in Vietnamese.
"""

from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, select

from db import models
from schemas.indicators import (
    CATALOGUE,
    MEASURE_NAMES,
    PERIOD_NAMES,
    PERIOD_PARTS,
    Indicator,
    figure_text,
)

Known = dict[str, list[Indicator]]  # code → its definitions (the catalogue's, or the plans' declarations)

PART_ALIASES: dict[str, tuple[str, ...]] = {  # the import's "Kỳ" column
    "year": ("năm", "cả năm", "hằng năm"),
    "h1": ("6 tháng đầu năm", "6 tháng đầu", "sáu tháng đầu năm"),
    "h2": ("6 tháng cuối năm", "6 tháng cuối", "sáu tháng cuối năm"),
    "q1": ("quý 1", "quý i"),
    "q2": ("quý 2", "quý ii"),
    "q3": ("quý 3", "quý iii"),
    "q4": ("quý 4", "quý iv"),
}
MEASURE_ALIASES: dict[str, tuple[str, ...]] = {  # the import's "Đơn vị tính" column
    "pct": ("%", "phần trăm", "tỷ lệ"),
    "points": ("điểm",),
    "index": ("chỉ số",),
}
PART_CHOICES: dict[str, str] = {
    "year": "Năm", "h1": "6 tháng đầu năm", "h2": "6 tháng cuối năm",
    "q1": "Quý I", "q2": "Quý II", "q3": "Quý III", "q4": "Quý IV",
}


def known_indicators(session: Session, issuer_id: int | None) -> Known:
    """The catalogue, and the indicators the issuer's loaded emulation plans declare (all issuers' if None)."""
    known: Known = {code: [indicator] for code, indicator in CATALOGUE.items()}
    query = select(models.Campaign.settings).where(models.Campaign.kind == "emulation")
    if issuer_id is not None:
        query = query.where(models.Campaign.issuer_id == issuer_id)
    for settings in session.exec(query).all():
        for declared in (settings or {}).get("indicators") or []:
            try:
                indicator = Indicator.model_validate(declared)
            except ValidationError:  # a stored plan is valid; a hand-edited row is not the registry's business
                continue
            same = known.setdefault(indicator.code, [])
            if indicator not in same:
                same.append(indicator)
    return known


def choices(known: Known) -> dict[str, str]:
    """The codes, for a form's list: code → "name (code)"."""
    return {code: f"{defs[0].name} ({code})" for code, defs in known.items()}


def _fits(record: Any, indicator: Indicator) -> bool:
    part = record.period_part or ("year" if indicator.period == "year" else None)
    return (
        indicator.per == record.subject_type
        and (record.measure is None or record.measure == indicator.measure)
        and part in PERIOD_PARTS[indicator.period]
    )


def figure_problems(record: Any, known: Known) -> list[str]:
    """What makes a record's figure unfit (in Vietnamese); fills its unit of measure and period part from the
    indicator it fits. `record` is a RecordCreate as checked (db/records.check_record)."""
    if record.kind != "indicator":
        if record.indicator or record.period_part or record.measure:
            return ["mã chỉ số, kỳ và đơn vị tính chỉ ghi cho bản ghi số liệu chỉ số (loại «chỉ số»)"]
        return []
    if not record.indicator:
        return ["cần mã chỉ số (ví dụ: dti, sipas_pct, par_index_pct)"]
    definitions = known.get(record.indicator)
    if not definitions:
        codes = ", ".join(known)
        return [
            f"chỉ số «{record.indicator}» không có trong danh mục của sổ theo dõi, cũng không có kế hoạch thi đua nào "
            f"của cơ quan khai báo; các mã có: {codes}"
        ]
    fitting = next((d for d in definitions if _fits(record, d)), None)
    problems: list[str] = []
    if fitting is None:
        first = definitions[0]
        if first.per != record.subject_type:
            whose = "của đơn vị (tập thể)" if first.per == "unit" else "của từng cá nhân"
            problems.append(f"chỉ số «{first.code}» là số liệu {whose}")
        if record.measure is not None and record.measure != first.measure:
            problems.append(f"chỉ số «{first.code}» tính bằng «{MEASURE_NAMES[first.measure]}», không phải «{MEASURE_NAMES[record.measure]}»")
        part = record.period_part or ("year" if first.period == "year" else None)
        if part not in PERIOD_PARTS[first.period]:
            parts = ", ".join(PART_CHOICES[p] for p in PERIOD_PARTS[first.period])
            problems.append(f"chỉ số «{first.code}» tính theo {PERIOD_NAMES[first.period]}: cần ghi kỳ ({parts})")
        return problems or [f"số liệu không khớp chỉ số «{first.code}»"]
    record.measure = fitting.measure
    record.period_part = record.period_part or "year"
    if record.year is None:
        problems.append("cần năm của số liệu")
    if record.value is None:
        problems.append(f"cần giá trị của «{fitting.name}»")
    elif record.value > fitting.most:
        problems.append(
            f"giá trị {figure_text(record.value, fitting)} vượt giá trị lớn nhất của «{fitting.name}» "
            f"({figure_text(fitting.most, fitting)})"
        )
    return problems

