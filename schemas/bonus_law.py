"""The law in force on the day of an award, for its bonus (tiền thưởng): the decrees' multiples of the base
salary for a Giấy khen, and the base salary (mức lương cơ sở) itself.

Each table is in order of the day its row came into force; a row applies from that day until the next row's.
The day is the decision's signing date (the campaign workflow's `sign_decision`), so a plan decided in 2024
computes by the law of 2024 whenever it is run. A plan may still set its own multiples
(`AwardForm.bonus_multiple`) or base salary (`Bonus.base_salary_vnd`): those win over the tables.

Sources, and what is not confirmed from a decree's own text ("verify"), are in docs/campaign-settings.md
(section `Bonus`).
"""

from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from schemas.directory import IssuerKind

Multiples = dict[str, float]  # per SubjectGroup: "individual", "collective"

# The commune level: a Giấy khen of the Chairman of a commune's People's Committee.
COMMUNE_LEVELS = frozenset({IssuerKind.xa, IssuerKind.phuong, IssuerKind.dac_khu})


@dataclass(frozen=True)
class Decree:
    """A decree detailing the Law on emulation and commendation, with its multiples for a Giấy khen."""

    number: str  # "91/2017/NĐ-CP"
    in_force_from: date
    commune: Multiples  # a Giấy khen of the commune's Chairman
    other: Multiples  # a Giấy khen of another issuer (district, Sở, ban, ngành)
    verified: bool = field(default=False)  # the multiples read from the decree's text, not kept unconfirmed

    def giay_khen(self, level: IssuerKind) -> Multiples:
        return self.commune if level in COMMUNE_LEVELS else self.other


# The multiples kept where no decree's text confirmed a figure (the values this service always had).
KEPT: Multiples = {"individual": 0.15, "collective": 0.3}

DECREES: tuple[Decree, ...] = (
    # NĐ 91/2017/NĐ-CP, in force from 1/10/2017. Điều 73 khoản 1 điểm d: "Cá nhân được tặng Giấy khen của Chủ
    # tịch Ủy ban nhân dân cấp xã được kèm theo mức tiền thưởng 0,15 lần mức lương cơ sở"; khoản 2 điểm b: a
    # collective's Giấy khen "gấp hai lần tiền thưởng đối với cá nhân" (0,3). Điểm c, a Giấy khen of a district
    # or a provincial department (Sở): 0,3 lần (verify: read from secondary tables, not the decree's text).
    Decree("91/2017/NĐ-CP", date(2017, 10, 1), commune={"individual": 0.15, "collective": 0.3},
           other={"individual": 0.3, "collective": 0.6}, verified=True),
    # NĐ 98/2023/NĐ-CP (ngày 31/12/2023), replaced by NĐ 152/2025 (its Điều 59 khoản 2). In force from 31/12/2023
    # (verify). Its multiples for a Giấy khen (verify): not confirmed from its text, the values kept.
    Decree("98/2023/NĐ-CP", date(2023, 12, 31), commune=KEPT, other=KEPT),
    # NĐ 152/2025/NĐ-CP, Điều 59 khoản 1: "có hiệu lực thi hành từ ngày 01 tháng 7 năm 2025". Its multiples for a
    # Giấy khen (verify: a secondary source reads its Điều 54 as 0,6 for a collective): not confirmed from its
    # text, the values kept.
    Decree("152/2025/NĐ-CP", date(2025, 7, 1), commune=KEPT, other=KEPT),
)


@dataclass(frozen=True)
class BaseSalary:
    decree: str
    in_force_from: date
    vnd: int


BASE_SALARIES: tuple[BaseSalary, ...] = (
    BaseSalary("38/2019/NĐ-CP", date(2019, 7, 1), 1_490_000),
    BaseSalary("24/2023/NĐ-CP", date(2023, 7, 1), 1_800_000),
    BaseSalary("73/2024/NĐ-CP", date(2024, 7, 1), 2_340_000),
)


T = TypeVar("T", "Decree", "BaseSalary")


def _in_force(rows: tuple[T, ...], on: date | None) -> T:
    """The row in force on the day (None: the latest); before the first row, the first."""
    if on is None:
        return rows[-1]
    current = rows[0]
    for row in rows:
        if row.in_force_from <= on:
            current = row
    return current


def decree_in_force(on: date | None) -> Decree:
    return _in_force(DECREES, on)


def base_salary_on(on: date | None) -> BaseSalary:
    return _in_force(BASE_SALARIES, on)
