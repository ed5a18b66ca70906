"""A reform plan's periodic reports: which are due and when, whether one came on time, what it reports.

Tứ Kỳ's CCHC plan: each unit sends a quarterly and a yearly administrative-reform (CCHC) report "before
the 10th of the last month of the quarter"; the yearly one goes with the fourth quarter's. "Before the
10th" reads like the plans' other deadlines: the report must arrive before that day begins, Vietnam time.
Everything here is pure: the caller says what "now" is.
"""

import math
from datetime import date, datetime, time, timezone
from typing import Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from common.text import VN_TZ, InputModel, nfc, vn_date
from schemas.campaign import ReformPlan

ReportKind = Literal["quarterly", "yearly"]
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
YEARLY = "CN"  # "cả năm": the code of a year's report, "2025-CN"


class ReportPeriod(BaseModel):
    code: str  # "2025-Q3", or "2025-CN" for the yearly report
    kind: ReportKind
    year: int
    quarter: int | None  # None for the yearly report
    start: date  # the first day the report covers
    end: date  # the last day it covers
    # The first day the report is accepted: the day the previous quarter's report fell due, so that the
    # windows follow one another (like the data cut-off of periodic reports, NĐ 09/2019/NĐ-CP Điều 12,
    # from the 15th of the month before the quarter; verify). A report on a quarter not yet under way
    # would report nothing, and would lock in an "on time" verdict early.
    opens_on: date
    due_before: date  # it must arrive before this day begins, Vietnam time
    name: str  # "Báo cáo CCHC quý III năm 2025", "Báo cáo CCHC năm 2025"

    @property
    def deadline_text(self) -> str:
        return f"trước ngày {vn_date(self.due_before)}"


def _quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def _quarter_due(year: int, quarter: int, day: int) -> date:
    return date(year, 3 * quarter, day)


def _previous_due(year: int, quarter: int, day: int) -> date:
    return _quarter_due(year - 1, 4, day) if quarter == 1 else _quarter_due(year, quarter - 1, day)


def report_periods(plan: ReformPlan) -> list[ReportPeriod]:
    """Every report the plan asks of a unit, in the order they fall due.

    A quarterly report for each quarter that overlaps the plan's period; a yearly report for each year
    whose fourth quarter does, due with that quarter's report (and listed after it).
    """
    schedule, period = plan.reports, plan.plan.period
    day = schedule.due_before_day
    periods: list[ReportPeriod] = []
    for year in range(period.start.year, period.end.year + 1):
        for quarter in range(1, 5):
            start, end = _quarter_bounds(year, quarter)
            if start > period.end or end < period.start:
                continue
            due, opens = _quarter_due(year, quarter, day), _previous_due(year, quarter, day)
            if schedule.quarterly:
                periods.append(
                    ReportPeriod(
                        code=f"{year}-Q{quarter}", kind="quarterly", year=year, quarter=quarter, start=start,
                        end=end, opens_on=opens, due_before=due, name=f"Báo cáo CCHC quý {ROMAN[quarter]} năm {year}",
                    )
                )
            if quarter == 4 and schedule.yearly:
                periods.append(
                    ReportPeriod(
                        code=f"{year}-{YEARLY}", kind="yearly", year=year, quarter=None, start=date(year, 1, 1),
                        end=end, opens_on=opens, due_before=due, name=f"Báo cáo CCHC năm {year}",
                    )
                )
    return periods


def find_period(plan: ReformPlan, code: str) -> ReportPeriod | None:
    return next((p for p in report_periods(plan) if p.code == code.strip().upper()), None)


def is_on_time(received_at: datetime, due_before: date) -> bool:
    """Whether a report that arrived at this moment came before `due_before` began in Vietnam.

    A moment without a time zone is read as UTC, as the database gives it back.
    """
    aware = received_at if received_at.tzinfo else received_at.replace(tzinfo=timezone.utc)
    return aware < datetime.combine(due_before, time(0), tzinfo=VN_TZ)


def verdict_text(on_time: bool | None, due_before: date) -> str:
    """How the record reads at appraisal: on time, late, or (None) not sent."""
    if on_time:
        return "Đúng hạn"
    deadline = f"hạn: trước ngày {vn_date(due_before)}"
    return f"Trễ hạn ({deadline})" if on_time is False else f"Chưa nộp ({deadline})"


class ReportFigures(InputModel):
    """What a unit reports: a figure per target of the plan, and a summary in its own words.

    Checked against a plan when validated with `context={"plan": plan}` (see `for_plan`): every key must
    be a target code of the plan; a target with a threshold is a percentage, so its figure is 0 to 100;
    any other figure (a count) is at least 0. A report must say something: figures, a summary, or both.
    """

    multiline = frozenset({"summary"})

    figures: dict[str, float] = {}
    summary: str | None = Field(None, max_length=10_000)

    @field_validator("figures")
    @classmethod
    def finite(cls, figures: dict[str, float]) -> dict[str, float]:
        bad = [code for code, value in figures.items() if not math.isfinite(value)]
        if bad:
            raise PydanticCustomError("report_figures", "số liệu không phải là số: {codes}", {"codes": ", ".join(bad)})
        return {code.strip(): value for code, value in figures.items()}

    @field_validator("summary")
    @classmethod
    def normalised(cls, summary: str | None) -> str | None:
        if summary is None:
            return None
        return nfc(summary) or None  # only spaces: no summary

    @model_validator(mode="after")
    def against_plan(self, info: ValidationInfo) -> "ReportFigures":
        if not self.figures and not self.summary:
            raise PydanticCustomError("report_figures", "báo cáo chưa có số liệu hay nội dung tóm tắt nào")
        plan: ReformPlan | None = (info.context or {}).get("plan")
        if plan is not None:
            problems = figure_problems(plan, self.figures)
            if problems:
                raise PydanticCustomError("report_figures", "; ".join(problems))
        return self

    @classmethod
    def for_plan(cls, plan: ReformPlan, figures: dict[str, float], summary: str | None) -> "ReportFigures":
        """Validate a report's figures against `plan`; a pydantic ValidationError names each problem."""
        return cls.model_validate({"figures": figures, "summary": summary}, context={"plan": plan})


def figure_problems(plan: ReformPlan, figures: dict[str, float]) -> list[str]:
    """What is wrong with these figures for this plan, in Vietnamese; empty when nothing is."""
    targets = {target.code: target for target in plan.targets}
    problems = []
    unknown = [code for code in figures if code not in targets]
    if unknown:
        known = ", ".join(targets)
        problems.append(f"{', '.join(f'«{c}»' for c in unknown)} không phải chỉ tiêu của kế hoạch (các chỉ tiêu: {known})")
    for code, value in figures.items():
        target = targets.get(code)
        if target is None:
            continue
        if target.threshold is not None and not 0 <= value <= 100:
            problems.append(f"chỉ tiêu «{code}» là tỷ lệ phần trăm, phải từ 0 đến 100 (nhận được {value:g})")
        elif value < 0:
            problems.append(f"chỉ tiêu «{code}» không được âm (nhận được {value:g})")
    return problems
