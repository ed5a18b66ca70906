"""The standards a plan sets for each kind of subject, and the bars on top of the open records."""

from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from schemas.indicators import CATALOGUE, Figure
from schemas.settings_base import (
    LAW_RECORD_KINDS,
    MAX_ITEMS,
    DisciplineForm,
    Rating,
    RecordKind,
    Settings,
)


class Standard(Settings):
    code: str
    text: str
    kind: Literal["claim", "indicator"] = "claim"  # a claim the unit states with evidence, or a measured figure
    # The indicator's code: one of the registry's catalogue (schemas/indicators.py) or of the plan's `indicators`.
    indicator: str | None = Field(None, pattern=r"^[a-z][a-z0-9_]{0,49}$")  # "satisfaction_pct", "dti", …
    threshold: Figure | None = None  # in the indicator's unit of measure; at most its maximum (100 for a %)
    # at_least: "đạt từ 90% trở lên"; at_most: "tỷ lệ hồ sơ trễ hạn không quá 2%".
    compare: Literal["at_least", "at_most"] = "at_least"

    @field_validator("threshold")
    @classmethod
    def within_the_catalogues_range(cls, threshold: float | None, info: ValidationInfo) -> float | None:
        """A catalogue indicator's threshold is refused at its field past the indicator's maximum (100 for a %);
        a declared indicator's, with the plan (schemas/indicators.plan_problems)."""
        known = CATALOGUE.get(info.data.get("indicator") or "")
        if threshold is not None and known is not None and threshold > known.most:
            most = int(known.most) if float(known.most).is_integer() else known.most
            raise PydanticCustomError("less_than_equal", "Input should be less than or equal to {le}", {"le": most})
        return threshold

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


class EarlierAwards(Settings):
    """Earlier awards the plan's form needs (a higher award after lower ones), read from the register: at least
    `count` awards whose name begins with `award` (diacritics and case ignored), decided within `within_years`
    years before the end of the period assessed (none: ever)."""

    award: str = Field(min_length=1, max_length=300)  # "Giấy khen", "Lao động tiên tiến"
    count: int = Field(1, ge=1, le=20)
    within_years: int | None = Field(None, ge=1, le=50)


class Eligibility(Settings):
    """Bars on top of the open records: the checks of the disqualification rules read these."""

    record_kinds: list[RecordKind] = Field(LAW_RECORD_KINDS, max_length=MAX_ITEMS)
    individual_rating_at_least: Rating | None = None  # Kẻ Sặt: "hoan_thanh_tot"
    # Hớn Quản: no award to a collective whose key leader was disciplined at this form or above.
    key_leader_discipline_bar: DisciplineForm | None = None
    one_award_per_achievement: bool = True  # Luật TĐKT 2022 Điều 5 khoản 2 điểm c
    # Years since the nominee's last award of the plan's own form (its name as the register has it): none sooner.
    award_interval_years: int | None = Field(None, ge=1, le=50)
    earlier_awards: list[EarlierAwards] = Field([], max_length=MAX_ITEMS)  # every one must hold
