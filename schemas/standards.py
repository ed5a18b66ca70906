"""The standards a plan sets for each kind of subject, and the bars on top of the open records."""

from typing import Literal

from pydantic import Field, model_validator

from schemas.settings_base import (
    LAW_RECORD_KINDS,
    MAX_ITEMS,
    DisciplineForm,
    Percent,
    Rating,
    RecordKind,
    Settings,
)


class Standard(Settings):
    code: str
    text: str
    kind: Literal["claim", "indicator"] = "claim"  # a claim the unit states with evidence, or a measured figure
    indicator: str | None = None  # "satisfaction_pct", "par_index_pct", "on_time_pct", …
    threshold: Percent | None = None  # the figure must be at least this

    @model_validator(mode="after")
    def indicator_has_threshold(self) -> "Standard":
        if self.kind == "indicator" and (self.indicator is None or self.threshold is None):
            raise ValueError("tiêu chuẩn đo bằng chỉ số (kind: indicator) cần ghi `indicator` và `threshold`")
        return self


class StandardGroup(Settings):
    mode: Literal["all_of", "one_of"]
    items: list[Standard] = Field(min_length=1, max_length=MAX_ITEMS)


class SubjectStandards(Settings):
    subject_kinds: list[str] = Field(min_length=1, max_length=MAX_ITEMS)  # the codes these standards apply to
    groups: list[StandardGroup] = Field(min_length=1, max_length=MAX_ITEMS)


class Eligibility(Settings):
    """Bars on top of the open records: the checks of the disqualification rules read these."""

    record_kinds: list[RecordKind] = Field(LAW_RECORD_KINDS, max_length=MAX_ITEMS)
    individual_rating_at_least: Rating | None = None  # Kẻ Sặt: "hoan_thanh_tot"
    # Hớn Quản: no award to a collective whose key leader was disciplined at this form or above.
    key_leader_discipline_bar: DisciplineForm | None = None
    one_award_per_achievement: bool = True  # Luật TĐKT 2022 Điều 5 khoản 2 điểm c
