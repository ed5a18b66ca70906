"""Quotas per unit: how many collectives and individuals each unit may propose in a campaign, and at least how many.

Plans write them as: "mỗi đơn vị đề nghị không quá 01 tập thể và 02 cá nhân" (both limits: `max_collectives`,
`max_individuals`), "mỗi đơn vị đề nghị tối đa 03 trường hợp (tập thể hoặc cá nhân)" (one limit on the two
together: `max_total`), other numbers for the villages than for the offices (`unit_kinds`), "số cá nhân đề nghị
không quá 15% tổng số cán bộ, công chức của đơn vị" (`staff_share`), "mỗi đơn vị đề xuất ít nhất 01 tập thể hoặc
cá nhân" (`min_total`, a warning unless `minimum_refuses`). The law sets no number per unit: these are the plan's.

They are checked when a dossier is submitted, across every dossier of the unit in the campaign (the dossier's
save activity, activities/dossier.py, in one transaction that locks the unit's row of the campaign). These
models and the arithmetic are plain and deterministic; the counting reads the database.
"""

from fractions import Fraction
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, model_validator

from schemas.settings_base import MAX_ITEMS, Ratio, Settings, SubjectGroup

MAX_PER_UNIT = 10_000  # no unit proposes more
Count = Annotated[int, Field(ge=0, le=MAX_PER_UNIT)]
UnitKind = Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]  # a unit's kind in the directory (Unit.kind)

GROUP_WORDS = {"collective": "tập thể", "individual": "cá nhân", None: "trường hợp (tập thể hoặc cá nhân)"}


class StaffShare(Settings):
    """A limit that is a share of the unit's staff: the active people of the registry whose unit it is."""

    share: Ratio  # "15/100": 15% of the staff
    group: SubjectGroup | None = "individual"  # what it limits; None: collectives and individuals together
    rounding: Literal["down", "up", "nearest"] = "down"  # "không quá 15%": down; 15% of 12 is 1
    at_least: Count = 0  # "đơn vị có dưới 10 người được đề nghị 01": a small unit still proposes this many

    def limit(self, staff: int) -> int:
        exact = Fraction(self.share) * staff
        if self.rounding == "down":
            whole = exact.numerator // exact.denominator
        elif self.rounding == "up":
            whole = -(-exact.numerator // exact.denominator)
        else:  # half up
            half_up = exact + Fraction(1, 2)
            whole = half_up.numerator // half_up.denominator
        return max(whole, self.at_least)


class UnitQuota(Settings):
    """One rule: the units of these kinds (all units, when none is named) propose within these numbers."""

    unit_kinds: list[UnitKind] = Field([], max_length=MAX_ITEMS)  # []: every unit no other rule names
    unit_kinds_name: str | None = None  # how the plan names them: "các thôn, tổ dân phố"
    max_collectives: Count | None = None
    max_individuals: Count | None = None
    max_total: Count | None = None  # collectives and individuals together ("03 trường hợp")
    staff_share: StaffShare | None = None
    min_collectives: Count | None = None
    min_individuals: Count | None = None
    min_total: Count | None = None
    minimum_refuses: bool = False  # False: a unit below a minimum is warned; True: its submission is refused

    @model_validator(mode="after")
    def consistent(self) -> "UnitQuota":
        limits = (self.max_collectives, self.max_individuals, self.max_total, self.staff_share)
        minimums = (self.min_collectives, self.min_individuals, self.min_total)
        if all(value is None for value in limits + minimums):
            raise ValueError("chỉ tiêu của đơn vị không ghi số nào (max_…, min_… hoặc staff_share)")
        for group, low, high in (
            ("collective", self.min_collectives, self.max_collectives),
            ("individual", self.min_individuals, self.max_individuals),
            (None, self.min_total, self.max_total),
        ):
            if low is not None and high is not None and low > high:
                raise ValueError(f"số tối thiểu {low} {GROUP_WORDS[group]} lớn hơn số tối đa {high}")
        return self

    def applies_to(self, unit_kind: str) -> bool:
        return unit_kind in self.unit_kinds

    def limits(self, staff: int) -> dict[SubjectGroup | None, int]:
        """The most the unit may propose, per group (None: both together), with its staff's share applied."""
        found: dict[SubjectGroup | None, int] = {}
        for group, value in (("collective", self.max_collectives), ("individual", self.max_individuals), (None, self.max_total)):
            if value is not None:
                found[group] = value
        if self.staff_share is not None:
            share = self.staff_share.limit(staff)
            group = self.staff_share.group
            found[group] = min(found.get(group, share), share)
        return found

    def minimums(self) -> dict[SubjectGroup | None, int]:
        pairs = (("collective", self.min_collectives), ("individual", self.min_individuals), (None, self.min_total))
        return {group: value for group, value in pairs if value}


def _distinct(quotas: list[UnitQuota]) -> list[UnitQuota]:
    """A unit falls under one rule: no kind in two rules, at most one rule for every other unit."""
    if sum(not quota.unit_kinds for quota in quotas) > 1:
        raise ValueError("chỉ một chỉ tiêu chung cho mọi đơn vị (không ghi unit_kinds)")
    seen: set[str] = set()
    for quota in quotas:
        twice = seen & set(quota.unit_kinds)
        if twice:
            raise ValueError(f"loại đơn vị {', '.join(sorted(twice))} có trong hai chỉ tiêu của đơn vị")
        seen |= set(quota.unit_kinds)
    return quotas


UnitQuotas = Annotated[list[UnitQuota], Field(max_length=MAX_ITEMS), AfterValidator(_distinct)]


def rule_for(quotas: list[UnitQuota], unit_kind: str) -> UnitQuota | None:
    """The rule of the unit's kind, else the one for every unit; None: the plan sets no number for it."""
    return next((q for q in quotas if q.applies_to(unit_kind)), None) or next((q for q in quotas if not q.unit_kinds), None)


# --- the check at submission: what the activity is sent and what it answers --------------------------


class UnitCount(BaseModel):
    collectives: int = 0
    individuals: int = 0

    def of(self, group: SubjectGroup | None) -> int:
        if group is None:
            return self.collectives + self.individuals
        return self.collectives if group == "collective" else self.individuals

    def plus(self, other: "UnitCount") -> "UnitCount":
        return UnitCount(collectives=self.collectives + other.collectives, individuals=self.individuals + other.individuals)


class QuotaClaim(BaseModel):
    """A dossier's nominees going in, to count against its unit's quotas (ids and numbers only)."""

    campaign_code: str
    dossier_id: str
    unit_id: int
    count: UnitCount


class QuotaStanding(BaseModel):
    """Where the unit stands once the dossier is in: the counts, the limits, and any minimum not reached."""

    count: UnitCount  # every submitted dossier of the unit, this one with them
    limits: dict[str, int] = {}  # "collective" | "individual" | "total" → the most
    minimums: dict[str, int] = {}
    staff: int | None = None  # the staff the share was taken of, if the rule has one
    warnings: list[str] = []


def group_key(group: SubjectGroup | None) -> str:
    return group or "total"


def exceeded(rule: UnitQuota, staff: int, before: UnitCount, here: UnitCount) -> dict | None:
    """The details of UNIT_QUOTA_EXCEEDED for the first limit the unit goes over with this dossier; None: within."""
    total = before.plus(here)
    for group, limit in rule.limits(staff).items():
        if total.of(group) > limit and here.of(group) > 0:
            share = rule.staff_share
            basis = ""
            if share is not None and share.group == group and share.limit(staff) == limit:
                basis = f" ({share.share} của {staff} cán bộ trong danh sách của đơn vị)"
            return {
                "group": group_key(group),
                "what": GROUP_WORDS[group],
                "count": total.of(group),
                "here": here.of(group),
                "before": before.of(group),
                "limit": limit,
                "basis": basis,
            }
    return None


def shortfalls(rule: UnitQuota, total: UnitCount) -> list[dict]:
    """Each minimum the unit's proposals do not reach, as the details of UNIT_QUOTA_MINIMUM."""
    return [
        {"group": group_key(group), "what": GROUP_WORDS[group], "count": total.of(group), "minimum": minimum}
        for group, minimum in rule.minimums().items()
        if total.of(group) < minimum
    ]


def standing(rule: UnitQuota, staff: int, total: UnitCount, warnings: list[str]) -> QuotaStanding:
    return QuotaStanding(
        count=total,
        limits={group_key(g): n for g, n in rule.limits(staff).items()},
        minimums={group_key(g): n for g, n in rule.minimums().items()},
        staff=staff if rule.staff_share is not None else None,
        warnings=warnings,
    )
