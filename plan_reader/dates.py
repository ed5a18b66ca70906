"""Dates as plans write them, read from folded text (plan_reader/normalise.py fold): "05/12/2025",
"ngày 05 tháng 12 năm 2025", "trước ngày 5/12" (the year from the plan), "31 tháng 12 hằng năm"."""

import re
from dataclasses import dataclass
from datetime import date

# A day and a month, then maybe a year: "05/12/2025", "5-12", "05 thang 12 nam 2025", "31 thang 12 hang nam".
DATE = re.compile(
    r"(?<![0-9/])(?P<day>[0-3]?[0-9])\s*(?:[/.-]\s*|\s+thang\s+)(?P<month>[01]?[0-9])"
    r"(?:\s*(?:[/.-]\s*|\s+nam\s+)(?P<year>(?:19|20)[0-9]{2})|(?P<yearly>\s+hang\s+nam))?(?![0-9])"
)
# What before a date says of it: "trước ngày": the day is the first late one; "chậm nhất", "hết ngày": the last.
BEFORE = re.compile(r"(?:truoc|truc|trude|trudc|trueoc)\s+(?:ngay\s+)?$")
BY = re.compile(r"(?:cham nhat|han cuoi|het)\s+(?:(?:vao|la)\s+)?(?:ngay\s+)?$")


@dataclass(frozen=True)
class FoundDate:
    day: date
    start: int
    end: int
    yearly: bool = False  # "hằng năm": the day is each year's
    year_given: bool = True
    relation: str = "on"  # "before" ("trước ngày"), "by" ("chậm nhất ngày"), "on"


def find_dates(folded: str, default_year: int | None = None) -> list[FoundDate]:
    """Every date in a folded text, in order; a day and month without a year take `default_year`."""
    found = []
    for match in DATE.finditer(folded):
        year = match.group("year")
        if year is None and default_year is None:
            continue
        try:
            day = date(int(year or default_year), int(match.group("month")), int(match.group("day")))
        except ValueError:
            continue
        lead = folded[max(0, match.start() - 30):match.start()]
        relation = "before" if BEFORE.search(lead) else "by" if BY.search(lead) else "on"
        found.append(FoundDate(day, match.start(), match.end(), bool(match.group("yearly")), year is not None, relation))
    return found


def parse_date(text: str, default_year: int | None = None) -> date | None:
    from plan_reader.normalise import fold

    dates = find_dates(fold(text), default_year)
    return dates[0].day if dates else None
