"""A campaign's deadlines: fixed days, days relative to events entered later, and the working days of its steps."""

from pydantic import Field, model_validator

from schemas.settings_base import Day, Reminders, Settings, WorkingDays


class EventDeadline(Settings):
    """A deadline set relative to an event whose date is entered later (Hớn Quản's PAR conference)."""

    event: str = Field(pattern=r"^[a-z0-9_]+$")
    event_name: str
    days_before: int = Field(ge=0, le=365)


class AppraisalDeadline(Settings):
    fixed: Day | None = None
    before_event: EventDeadline | None = None

    @model_validator(mode="after")
    def one_way(self) -> "AppraisalDeadline":
        if (self.fixed is None) == (self.before_event is None):
            raise ValueError("ghi một trong hai: `fixed` hoặc `before_event`")
        return self


class Deadlines(Settings):
    # "Trước ngày 05/12/2025": a dossier must arrive before this day begins, Vietnam time. None: no deadline.
    submit_before: Day | None = None
    appraisal: AppraisalDeadline | None = None
    reminder_days_before: Reminders = [7, 3, 1]
    supplement_working_days: WorkingDays = 5  # common practice for returning an incomplete dossier
    appraisal_working_days: WorkingDays = 20  # QĐ 638/QĐ-BNV/2025, commune level
    appraisal_escalation_working_days: WorkingDays = 3  # overdue this long: the office head is told
    signature_reminder_working_days: WorkingDays = 2  # the Chairman is reminded this often
