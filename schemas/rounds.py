"""The rounds of a movement over several years (phong trào giai đoạn 2021–2025): each interim review (sơ kết)
and the final review (tổng kết) a campaign of its own, with its own period, dates and awards.

Luật Thi đua, khen thưởng 2022, Điều 17 khoản 5: organising a movement includes its reviews and awards ("sơ kết,
tổng kết và khen thưởng"); a movement by theme (Điều 16 khoản 1 điểm b) over several years is reviewed midway and
at its end, and each review chooses the collectives and individuals to commend.
"""

from typing import Literal

from pydantic import Field

from schemas.deadlines import Deadlines
from schemas.settings_base import MAX_ITEMS, Period, Settings

MAX_ROUNDS = 10  # a movement of five years with a review each year and a final one has six


class Round(Settings):
    """One review of a movement: the achievements of its period are assessed and commended."""

    code: str = Field(pattern=r"^[a-z0-9-]+$", max_length=40)  # "so-ket-2023": the campaign is "<plan>-<code>"
    name: str = Field(max_length=200)  # "Sơ kết 03 năm (2021–2023)"
    review: Literal["so_ket", "tong_ket"]
    period: Period  # the achievements assessed: from the movement's start to the review, as plans write it
    deadlines: Deadlines | None = None  # None: the plan's deadlines
    award_forms: list[str] = Field([], max_length=MAX_ITEMS)  # the plan's award forms given at it; none: all
    achievement: str | None = None  # what the awardees did, as the decision writes it; None: from the name


def check_rounds(rounds: list[Round], movement: Period, forms: set[str]) -> None:
    """Each round within the movement, named once, giving only forms the plan has; at most one final review,
    the last to end (a plan may be loaded, and changed, before its final review is planned)."""
    codes = [r.code for r in rounds]
    if len(set(codes)) != len(codes):
        raise ValueError("hai đợt (rounds) trùng mã")
    for r in rounds:
        if r.period.start < movement.start or r.period.end > movement.end:
            raise ValueError(f"đợt {r.code}: thời gian xét không nằm trong giai đoạn của kế hoạch")
        unknown = set(r.award_forms) - forms
        if unknown:
            raise ValueError(f"đợt {r.code} nêu hình thức khen thưởng không có trong award_forms: {', '.join(sorted(unknown))}")
    finals = [r for r in rounds if r.review == "tong_ket"]
    if len(finals) > 1 or (finals and max(rounds, key=lambda r: r.period.end) is not finals[0]):
        raise ValueError("kế hoạch nhiều năm có nhiều nhất một đợt tổng kết (review: tong_ket), là đợt kết thúc sau cùng")

