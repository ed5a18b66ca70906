"""A campaign's deadlines: fixed days, days relative to events entered later, and the working days of its steps.

Every step's deadline (`Deadline`) is one of: a day the plan writes ("chậm nhất ngày 19/12/2025": `by`;
"trước ngày 05/12/2025": `before`), or N calendar or working days before or after a named event whose date the
office enters later ("trong thời hạn 15 ngày kể từ ngày có kết quả đánh giá", "sau Hội nghị sơ kết"). Resolved,
a deadline is always the last day on which the step may still be done (Vietnam time). The settings of before
(`submit_before`, `appraisal.fixed`, `appraisal.before_event`) load as they did and mean what they meant.
"""

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Annotated, Literal

from pydantic import Field, model_validator

from common.text import vn_date
from schemas.settings_base import MAX_ITEMS, Day, Reminders, Settings, WorkingDays

EventCode = Annotated[str, Field(pattern=r"^[a-z0-9_]+$", max_length=60)]
Step = Literal["registration", "submission", "appraisal", "council", "signature"]
STEPS: tuple[Step, ...] = ("registration", "submission", "appraisal", "council", "signature")
STEP_NAMES = {
    "registration": "Hạn đăng ký thi đua",
    "submission": "Hạn nộp hồ sơ",
    "appraisal": "Hạn thẩm định, trình Chủ tịch",
    "council": "Hạn họp Hội đồng Thi đua - Khen thưởng",
    "signature": "Hạn ký quyết định khen thưởng",
}
ONE_DAY = timedelta(days=1)


class Event(Settings):
    """A moment the plan names whose date is not known when it is loaded; the office enters it later."""

    code: EventCode  # "so_ket", "ket_qua_danh_gia"
    name: str = Field(max_length=300)  # "Hội nghị sơ kết", "ngày có kết quả đánh giá"


class EventDeadline(Settings):
    """A deadline set relative to an event whose date is entered later (Hớn Quản's PAR conference)."""

    event: EventCode
    event_name: str = Field(max_length=300)
    days_before: int = Field(ge=0, le=365)


def working_days_before(is_working_day: Callable[[date], bool], day: date, n: int) -> date:
    """The n-th working day before `day`, not counting `day`; for n == 0, `day` or the last working day before."""
    d = day
    for _ in range(n):
        d -= ONE_DAY
        while not is_working_day(d):
            d -= ONE_DAY
    while not is_working_day(d):
        d -= ONE_DAY
    return d


class Deadline(Settings):
    """One step's deadline: a day, or days counted from an event. Resolved, the last day the step may be done."""

    by: Day | None = None  # the last day itself: "chậm nhất ngày 19/12/2025", "hết ngày 19/12/2025"
    before: Day | None = None  # "trước ngày 05/12/2025": the last day is the day before
    event: EventCode | None = None  # an event of `Deadlines.events`, whose date the office enters
    days: int = Field(0, ge=0, le=365)
    direction: Literal["after", "before"] = "after"
    count: Literal["calendar", "working"] = "calendar"

    @model_validator(mode="after")
    def one_way(self) -> "Deadline":
        self._check_one_way()
        return self

    def _check_one_way(self) -> None:
        given = [name for name in ("by", "before", "event") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("ghi đúng một trong ba: `by` (ngày cuối), `before` (trước ngày) hoặc `event` (mốc)")
        if self.event is None and (self.days or self.direction != "after" or self.count != "calendar"):
            raise ValueError("`days`, `direction`, `count` chỉ dùng với `event`")

    @property
    def relative(self) -> bool:
        return self.event is not None

    def fixed_last_day(self) -> date | None:
        if self.by is not None:
            return self.by
        return self.before - ONE_DAY if self.before is not None else None

    def last_day(self, event_dates: Mapping[str, date], calendar=None) -> date | None:
        """The last day: the fixed one, or counted from the event's date (None until it is entered).

        "Trong thời hạn N ngày kể từ ngày X": the count starts the day after X (Bộ luật Dân sự 2015 Điều 147
        khoản 1), so the N-th day after X is the last; N working days, the N-th working day after X (a
        `calendar`, common/workdays.py, is needed then). Before: the N-th (working) day before the event.
        """
        if not self.relative:
            return self.fixed_last_day()
        day = event_dates.get(self.event)
        if day is None:
            return None
        if self.count == "calendar":
            return day + ONE_DAY * self.days if self.direction == "after" else day - ONE_DAY * self.days
        if calendar is None:
            raise ValueError("working days need the calendar")
        if self.direction == "after":
            return calendar.add_working_days(day, self.days)
        return working_days_before(calendar.is_working_day, day, self.days)

    def moved(self, years: int) -> "Deadline":
        """A yearly campaign's: its fixed day in another year (a relative one stays as it is)."""
        return self.model_copy(update={
            name: getattr(self, name).replace(year=getattr(self, name).year + years)
            for name in ("by", "before") if getattr(self, name) is not None
        })

    def text(self, event_names: Mapping[str, str]) -> str:
        """As a plan writes it: "15 ngày làm việc sau Hội nghị sơ kết", "chậm nhất ngày 19/12/2025"."""
        if self.by is not None:
            return f"chậm nhất ngày {vn_date(self.by)}"
        if self.before is not None:
            return f"trước ngày {vn_date(self.before)}"
        name = event_names.get(self.event, self.event)
        if not self.days:
            return f"chậm nhất ngày {name}" if self.direction == "before" else f"trong ngày {name}"
        unit = "ngày làm việc" if self.count == "working" else "ngày"
        return f"{self.days} {unit} {'trước' if self.direction == 'before' else 'sau'} {name}"


class AppraisalDeadline(Deadline):
    """The appraisal's deadline: any `Deadline`, or as plans were written before, `fixed` or `before_event`."""

    fixed: Day | None = None  # = `by`
    before_event: EventDeadline | None = None  # = `event`, `days`, `direction: before`

    def _check_one_way(self) -> None:
        old = [name for name in ("fixed", "before_event") if getattr(self, name) is not None]
        new = [name for name in ("by", "before", "event") if getattr(self, name) is not None]
        if not old and not new:
            raise ValueError("ghi một trong hai: `fixed` hoặc `before_event`")  # or a `Deadline`'s `by`, `before`, `event`
        if len(old) + len(new) != 1:
            raise ValueError("ghi chỉ một hạn: `fixed`, `before_event`, hoặc một hạn `by`, `before`, `event`")
        if not new:
            if self.days or self.direction != "after" or self.count != "calendar":
                raise ValueError("`days`, `direction`, `count` chỉ dùng với `event`")
            return
        super()._check_one_way()

    def as_deadline(self) -> Deadline:
        if self.fixed is not None:
            return Deadline(by=self.fixed)
        if self.before_event is not None:
            rule = self.before_event
            return Deadline(event=rule.event, days=rule.days_before, direction="before")
        return Deadline.model_validate(self.model_dump(exclude={"fixed", "before_event"}))


class Deadlines(Settings):
    # The events the deadlines hang on, whose dates the office enters once known.
    events: list[Event] = Field([], max_length=MAX_ITEMS)
    # "Trước ngày 05/12/2025": a dossier must arrive before this day begins, Vietnam time. None: no deadline.
    submit_before: Day | None = None
    submission: Deadline | None = None  # the same, as any deadline (not with `submit_before`)
    appraisal: AppraisalDeadline | None = None
    council: Deadline | None = None  # the council's session is held by then
    signature: Deadline | None = None  # the decision is signed by then
    reminder_days_before: Reminders = [7, 3, 1]
    supplement_working_days: WorkingDays = 5  # common practice for returning an incomplete dossier
    appraisal_working_days: WorkingDays = 20  # QĐ 638/QĐ-BNV/2025, commune level
    appraisal_escalation_working_days: WorkingDays = 3  # overdue this long: the office head is told
    signature_reminder_working_days: WorkingDays = 2  # the Chairman is reminded this often

    @model_validator(mode="after")
    def events_named(self) -> "Deadlines":
        if self.submit_before is not None and self.submission is not None:
            raise ValueError("ghi một trong hai: `submit_before` hoặc `submission`")
        codes = [event.code for event in self.events]
        if len(set(codes)) != len(codes):
            raise ValueError("`events` ghi trùng một mã mốc")
        known = set(self.event_names())
        for step in STEPS:
            rule = self.rule(step)
            if rule is not None and rule.relative and rule.event not in known:
                raise ValueError(f"hạn `{step}` tính từ mốc «{rule.event}», mốc không có trong `events`")
        return self

    def rule(self, step: str) -> Deadline | None:
        """The step's deadline as one `Deadline`, whichever way the plan wrote it (registration: see
        schemas/registration.py, which has its own)."""
        if step == "submission":
            if self.submit_before is not None:
                return Deadline(before=self.submit_before)
            return self.submission
        if step == "appraisal":
            return self.appraisal.as_deadline() if self.appraisal else None
        if step in ("council", "signature"):
            return getattr(self, step)
        return None

    def first_late_day(self, step: str) -> date | None:
        """A fixed deadline as "before this day" (the day after its last); None for none or one on an event."""
        rule = self.rule(step)
        last = rule and rule.fixed_last_day()
        return last + ONE_DAY if last else None

    def event_names(self) -> dict[str, str]:
        """Each event's code and name: those listed, and the one an `appraisal.before_event` names."""
        names = {event.code: event.name for event in self.events}
        before_event = self.appraisal.before_event if self.appraisal else None
        if before_event is not None:
            names.setdefault(before_event.event, before_event.event_name)
        return names

    def resolve(self, event_dates: Mapping[str, date], calendar=None) -> dict[str, date]:
        """The last day of each step whose deadline is known: fixed, or counted from an event entered."""
        due = {}
        for step in STEPS:
            rule = self.rule(step)
            day = rule and rule.last_day(event_dates, calendar)
            if day is not None:
                due[step] = day
        return due

    def moved_rules(self, years: int) -> "Deadlines":
        """A yearly campaign's: the fixed days of its `Deadline` rules in another year (`submit_before` and
        `appraisal.fixed` are moved by EmulationPlan.period_of)."""
        update = {step: getattr(self, step).moved(years) for step in ("submission", "council", "signature")
                  if getattr(self, step) is not None}
        if self.appraisal is not None:
            update["appraisal"] = self.appraisal.moved(years)
        return self.model_copy(update=update)

    def fixed_days(self) -> list[date]:
        """Every day the deadlines fix (for the check of a yearly plan's 29 February)."""
        days = [self.submit_before, self.appraisal and self.appraisal.fixed]
        for step in STEPS:
            rule = self.rule(step)
            if rule is not None:
                days += [rule.by, rule.before]
        return [day for day in days if day is not None]

    def needs_calendar(self) -> bool:
        return any((rule := self.rule(step)) is not None and rule.count == "working" for step in STEPS)
