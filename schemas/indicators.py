"""Measured indicators: the figures a plan's standards are held against (`Standard` of kind "indicator").

An indicator has a code, a name, a unit of measure (a percentage, points, an index), a period (a year, a
half-year, a quarter) and whose figure it is (a unit's, or one person's). The office enters its figures in
the registry of records (db/indicators.py), one figure for one unit (or person) and one period; the
eligibility checks (schemas/eligibility.py) read the figure of the nominee's unit for the campaign's period.

The registry knows the catalogue below (`CATALOGUE`); a plan declares any other indicator it names in its
`indicators`, bounded like every setting. A standard naming a code that is neither is refused when the plan
is loaded, with the codes known; so is a declaration that redefines a catalogue code, a threshold beyond
what the indicator can measure, and a person's indicator in the standards of a collective.
"""

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from schemas.settings_base import Settings

Measure = Literal["pct", "points", "index"]
Period = Literal["year", "half", "quarter"]
Per = Literal["unit", "person"]
# The part of a year a figure is for: the year itself, a half (6 tháng đầu / cuối năm) or a quarter.
PeriodPart = Literal["year", "h1", "h2", "q1", "q2", "q3", "q4"]
MOST_FIGURE = 1_000_000  # no indicator a plan names comes near it (points are counted in hundreds)
Figure = Annotated[float, Field(ge=0, le=MOST_FIGURE, allow_inf_nan=False)]

MEASURE_NAMES: dict[str, str] = {"pct": "%", "points": "điểm", "index": "chỉ số"}
PERIOD_NAMES: dict[str, str] = {"year": "năm", "half": "6 tháng", "quarter": "quý"}
PERIOD_PARTS: dict[str, tuple[str, ...]] = {
    "year": ("year",),
    "half": ("h1", "h2"),
    "quarter": ("q1", "q2", "q3", "q4"),
}
PART_NAMES: dict[str, str] = {
    "year": "năm {year}",
    "h1": "6 tháng đầu năm {year}",
    "h2": "6 tháng cuối năm {year}",
    "q1": "quý I năm {year}",
    "q2": "quý II năm {year}",
    "q3": "quý III năm {year}",
    "q4": "quý IV năm {year}",
}


class Indicator(Settings):
    """A measured figure a standard names, as the registry holds it."""

    code: str = Field(pattern=r"^[a-z][a-z0-9_]{0,49}$")
    name: str = Field(min_length=1, max_length=300)
    measure: Measure = "pct"
    period: Period = "year"
    per: Per = "unit"
    maximum: float | None = Field(None, gt=0, le=MOST_FIGURE, allow_inf_nan=False)  # None: 100 for a %, else MOST_FIGURE

    @model_validator(mode="after")
    def percent_to_100(self) -> "Indicator":
        if self.measure == "pct" and self.maximum is not None and self.maximum > 100:
            raise ValueError(f"chỉ số «{self.code}» tính bằng %: giá trị lớn nhất (maximum) không quá 100")
        return self

    @property
    def most(self) -> float:
        """The highest figure it can have."""
        if self.maximum is not None:
            return self.maximum
        return 100 if self.measure == "pct" else MOST_FIGURE


def _pct(code: str, name: str, **more: Any) -> Indicator:
    return Indicator(code=code, name=name, **more)


# The indicators the registry knows without a plan declaring them: the common measures of administrative
# reform and the ones the five source plans name (docs/plans.md), each a unit's yearly percentage unless said.
CATALOGUE: dict[str, Indicator] = {
    indicator.code: indicator
    for indicator in (
        _pct("par_index_pct", "Chỉ số cải cách hành chính (PAR INDEX)"),
        _pct("sipas_pct", "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)"),
        # The provinces' DTI is an index from 0 to 1 (verify the scale of the province's own DTI for communes; a
        # plan that scores it in points declares its own code with measure "points").
        Indicator(code="dti", name="Chỉ số chuyển đổi số (DTI)", measure="index", maximum=1),
        _pct("satisfaction_pct", "Mức độ hài lòng của người dân, doanh nghiệp về giải quyết thủ tục hành chính"),
        _pct("on_time_pct", "Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn"),
        _pct("city_tasks_done_pct", "Tỷ lệ hoàn thành nhiệm vụ được UBND thành phố giao"),
        _pct("commune_tasks_done_pct", "Tỷ lệ hoàn thành nhiệm vụ theo danh mục của xã"),
        _pct("processing_time_cut_pct", "Tỷ lệ cắt giảm thời gian giải quyết thủ tục hành chính"),
        _pct("dossiers_tracked_pct", "Tỷ lệ hồ sơ thủ tục hành chính được theo dõi trạng thái trên hệ thống"),
        _pct("procedures_published_pct", "Tỷ lệ thủ tục hành chính được công bố, công khai, cập nhật kịp thời"),
        _pct("electronic_transfer_pct", "Tỷ lệ hồ sơ thủ tục hành chính luân chuyển bằng phương thức điện tử"),
        _pct("online_payment_pct", "Tỷ lệ giao dịch thanh toán trực tuyến trên Cổng dịch vụ công"),
        _pct("national_portal_services_pct", "Tỷ lệ dịch vụ công trực tuyến tích hợp trên Cổng Dịch vụ công quốc gia"),
        _pct("results_digitised_pct", "Tỷ lệ kết quả giải quyết thủ tục hành chính được số hóa"),
        _pct("not_asked_again_pct", "Tỷ lệ người dân, doanh nghiệp không phải cung cấp lại thông tin, giấy tờ đã có"),
    )
}


def known_codes_text(declared: dict[str, Indicator] | None = None) -> str:
    return ", ".join([*CATALOGUE, *(code for code in declared or {} if code not in CATALOGUE)])


def definitions(declared: list[Indicator]) -> dict[str, Indicator]:
    """The indicators a plan can name: the catalogue and the plan's own."""
    return CATALOGUE | {indicator.code: indicator for indicator in declared}


def plan_problems(plan: Any) -> list[str]:
    """What in a plan's indicators and indicator standards cannot be checked (an EmulationPlan: its
    `indicators`, `standards` and `subject_kinds`), in Vietnamese."""
    problems: list[str] = []
    declared: dict[str, Indicator] = {}
    for indicator in plan.indicators:
        if indicator.code in CATALOGUE:
            problems.append(
                f"chỉ số «{indicator.code}» đã có trong danh mục của sổ theo dõi ({CATALOGUE[indicator.code].name}): "
                "không khai báo lại; dùng mã khác nếu kế hoạch đo theo cách khác"
            )
        elif indicator.code in declared:
            problems.append(f"chỉ số «{indicator.code}» được khai báo hai lần")
        declared[indicator.code] = indicator
    known = definitions(list(declared.values()))
    groups = {kind.code: kind.group for kind in plan.subject_kinds}
    for standards in plan.standards:
        for group in standards.groups:
            for item in group.items:
                if item.kind != "indicator" or item.indicator is None:
                    continue
                indicator = known.get(item.indicator)
                if indicator is None:
                    problems.append(
                        f"tiêu chuẩn «{item.code}» nêu chỉ số «{item.indicator}», không có trong danh mục của sổ theo dõi "
                        f"và kế hoạch không khai báo (indicators); các mã có: {known_codes_text(declared)}"
                    )
                    continue
                if item.threshold is not None and item.threshold > indicator.most:
                    problems.append(
                        f"tiêu chuẩn «{item.code}»: ngưỡng {figure_text(item.threshold, indicator)} vượt giá trị lớn nhất "
                        f"của chỉ số «{indicator.code}» ({figure_text(indicator.most, indicator)})"
                    )
                collectives = [k for k in standards.subject_kinds if groups.get(k) == "collective"]
                if indicator.per == "person" and collectives:
                    problems.append(
                        f"tiêu chuẩn «{item.code}»: chỉ số «{indicator.code}» tính cho từng cá nhân, không áp dụng cho "
                        f"tập thể ({', '.join(collectives)})"
                    )
    return problems


def part_of(indicator: Indicator, period: tuple[date, date]) -> tuple[int, str]:
    """The year and part of it whose figure a campaign reads: the indicator's period that holds the end of the
    assessed period (a half-year plan ending 31/12/2025 reads "6 tháng cuối năm 2025" of a half-yearly
    indicator, and the year 2025 of a yearly one)."""
    end = period[1]
    if indicator.period == "half":
        return end.year, "h1" if end.month <= 6 else "h2"
    if indicator.period == "quarter":
        return end.year, f"q{(end.month - 1) // 3 + 1}"
    return end.year, "year"


def part_text(year: int | None, part: str | None) -> str:
    """("2025", "h2") → "6 tháng cuối năm 2025"."""
    return PART_NAMES.get(part or "year", PART_NAMES["year"]).format(year=year if year is not None else "?")


def number_text(value: float) -> str:
    """91.5 → "91,5"; 90.0 → "90"; 0.655 → "0,655"."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def figure_text(value: float, indicator: Indicator | None = None, measure: str | None = None) -> str:
    """A figure with its unit: "91,5%", "750 điểm", "0,65"."""
    measure = measure or (indicator.measure if indicator else "pct")
    if measure == "pct":
        return f"{number_text(value)}%"
    if measure == "points":
        return f"{number_text(value)} điểm"
    return number_text(value)


def name_of(code: str | None, declared: dict[str, Indicator] | None = None) -> str:
    """The indicator's name, from the plan's declarations or the catalogue; the code if neither has it."""
    found = (declared or {}).get(code or "") or CATALOGUE.get(code or "")
    return found.name if found else (code or "chỉ số")


# --- the check of one standard ---------------------------------------------------------------------------

PAR_INDICATOR = "par_index_pct"  # the registry's par_index records (before indicators) are figures of this one


def _is_figure(record: Any, indicator: Indicator, year: int, part: str) -> bool:
    if record.value is None or record.year != year:
        return False
    if record.kind == "indicator":
        return record.indicator == indicator.code and (record.period_part or "year") == part
    return record.kind == "par_index" and indicator.code == PAR_INDICATOR and part == "year"


def assess(
    standard: Any, mode: str, indicator: Indicator, figures: list[Any], subject: Any, period: tuple[date, date]
) -> tuple[str, str, str, int | None]:
    """A standard measured by `indicator`, over the registry's `figures` (RecordFacts of the nominee's unit, or
    person): (rule, verdict, message, the figure's record id). The rule is "indicator" (pass, or under the
    threshold: block in an all_of group, warn in a one_of group, where another standard may be met), or
    "indicator_unchecked" (warn) when the registry holds no figure for that unit and period, or one in
    another unit of measure."""
    year, part = part_of(indicator, period)
    when = part_text(year, part)
    whose = f"«{subject.name}»" if indicator.per == "person" or subject.group == "collective" else f"đơn vị của «{subject.name}»"
    goal = ("không quá " if standard.compare == "at_most" else "từ ") + figure_text(standard.threshold, indicator)
    goal += "" if standard.compare == "at_most" else " trở lên"
    latest = max(
        (r for r in figures if _is_figure(r, indicator, year, part)),
        key=lambda r: r.id if r.id is not None else -1,
        default=None,
    )
    ref = f" (bản ghi số {latest.id})" if latest is not None and latest.id is not None else ""
    if latest is None:
        return (
            "indicator_unchecked",
            "warn",
            f"Chưa có số liệu: sổ theo dõi chưa có «{indicator.name}» {when} của {whose}; tiêu chuẩn «{standard.code}» "
            f"(yêu cầu {goal}) chưa kiểm tra được. Cán bộ thẩm định đối chiếu minh chứng, hoặc nhập số liệu vào sổ theo dõi.",
            None,
        )
    measure = latest.measure or "pct"
    if measure != indicator.measure:
        return (
            "indicator_unchecked",
            "warn",
            f"Số liệu «{indicator.name}» {when} của {whose}{ref} ghi theo đơn vị «{MEASURE_NAMES[measure]}», tiêu chuẩn "
            f"«{standard.code}» tính theo «{MEASURE_NAMES[indicator.measure]}»: chưa kiểm tra được.",
            latest.id,
        )
    value = figure_text(latest.value, indicator)
    missed = latest.value > standard.threshold if standard.compare == "at_most" else latest.value < standard.threshold
    if missed:
        return (
            "indicator",
            "block" if mode == "all_of" else "warn",
            f"«{indicator.name}» {when} của {whose} là {value}{ref}, không đạt mức {goal} tiêu chuẩn «{standard.code}» yêu cầu.",
            latest.id,
        )
    return ("indicator", "pass", f"«{indicator.name}» {when}: {value}, đạt mức {goal}.", latest.id)
