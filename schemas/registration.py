"""Registration (đăng ký thi đua): whether a plan asks units, collectives or individuals to register, by when,
with what, to which office, and whether a nominee who has not registered may be proposed.

The law: Luật Thi đua, khen thưởng 2003 (Điều 10 khoản 1 điểm b) made "đăng ký tham gia thi đua" a basis of
every emulation title; Luật Thi đua, khen thưởng 2022 (Điều 7, read in secondary sources only: verify) lists
as bases the movement, the achievement and the title's standards, and no longer registration. Nghị định
152/2025/NĐ-CP was not found to require it either (verify). So registration is the plan's own rule: a plan
that says nothing asks for none (`mode: none`), and one that asks for it says whether it is a condition of
being proposed (`required`) or only asked for (`encouraged`: a dossier is taken, with a warning).
"""

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Literal

from pydantic import Field, model_validator

from schemas.deadlines import Deadline
from schemas.settings_base import Day, Reminders, Settings

RegistrationMode = Literal["none", "encouraged", "required"]
# Who registers: the unit itself, collectives (tổ, đội, bộ phận) named by their unit, individuals named by their unit.
Registrant = Literal["unit", "collective", "individual"]
REGISTRANT_NAMES = {"unit": "đơn vị", "collective": "tập thể", "individual": "cá nhân"}
MODE_NAMES = {
    "none": "không yêu cầu",
    "encouraged": "khuyến khích (hồ sơ của người chưa đăng ký vẫn được nhận, có cảnh báo)",
    "required": "bắt buộc (chưa đăng ký thì không được đề nghị khen thưởng)",
}
MAX_TARGETS = 100  # the most targets any plan lets a registration pledge
TARGET_LENGTH = 500  # characters of one pledged target


class Registration(Settings):
    """What a plan says about registering (đăng ký thi đua). The plan's silence: no registration."""

    mode: RegistrationMode = "none"
    # By when: "trước ngày 15/3/2026" (before that day begins, Vietnam time: on the day is late), or within N
    # days of the plan's date ("trong thời hạn 10 ngày kể từ ngày ban hành kế hoạch": the Nth day after the
    # plan's date is the last one). Neither: registration stays open until the submission deadline.
    before: Day | None = None
    days_after_plan: int | None = Field(None, ge=1, le=365)
    # Or N calendar or working days before or after an event the office dates later ("trong 10 ngày kể từ Hội nghị
    # phát động"), one of `deadlines.events`: until it is dated, registration stays open.
    on_event: Deadline | None = None
    who: list[Registrant] = Field(default_factory=lambda: ["unit"], min_length=1, max_length=3)
    form: str | None = Field(None, max_length=300)  # the form named by the plan: "Phụ lục I kèm theo Kế hoạch"
    targets_required: bool = False  # a registration must pledge at least one target (chỉ tiêu, danh hiệu đăng ký)
    max_targets: int = Field(20, ge=1, le=MAX_TARGETS)
    office: str | None = Field(None, max_length=300)  # None: the campaign's receiving office
    reminder_days_before: Reminders = [7, 3, 1]

    @model_validator(mode="after")
    def one_deadline(self) -> "Registration":
        if sum(way is not None for way in (self.before, self.days_after_plan, self.on_event)) > 1:
            raise ValueError("ghi một cách tính hạn đăng ký: `before`, `days_after_plan` hoặc `on_event`")
        if self.on_event is not None and not self.on_event.relative:
            raise ValueError("`on_event` tính từ một mốc (event); hạn là một ngày thì ghi `before`")
        if len(set(self.who)) != len(self.who):
            raise ValueError("`who` ghi trùng một đối tượng đăng ký")
        return self

    @property
    def asked(self) -> bool:
        return self.mode != "none"

    def deadline(self, plan_date: date | None, event_dates: Mapping[str, date] | None = None, calendar=None) -> date | None:
        """The first day a registration is late: `before`, the day after the Nth day from the plan's date, or the
        day after the last one counted from the event's date (`event_dates`, as the office entered them)."""
        if self.before is not None:
            return self.before
        if self.days_after_plan is not None and plan_date is not None:
            return plan_date + timedelta(days=self.days_after_plan + 1)
        last = self.on_event and self.on_event.last_day(event_dates or {}, calendar)
        return last + timedelta(days=1) if last else None

    def receiving_office(self, campaign_office: str) -> str:
        return self.office or campaign_office

    def who_text(self) -> str:
        return ", ".join(REGISTRANT_NAMES[who] for who in self.who)


# Where the plan only asks for registration (`encouraged`), a dossier for one who has not registered is taken with this.
NOT_REGISTERED_WARNING = (
    "Chưa đăng ký thi đua: {names}. Kế hoạch khuyến khích đăng ký thi đua (hạn đăng ký {deadline}, gửi {office}); "
    "hồ sơ vẫn được nhận."
)
