"""Vietnamese working days: Monday to Friday, except public holidays.

Two sources. holidays.yaml holds what each year's government announcement decided (the Tết days,
swapped days off and the Saturdays worked for them), for the years it lists, and the solar holidays
every year: a fixed-date holiday on a Saturday or Sunday gives the next working day off, unless that
year's data lists the holiday by name. For a year the file does not list (not announced yet, or not
entered), the maintained `holidays` library gives the statutory days, the lunar ones included.
"""

from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import holidays
import yaml

DEFAULT_PATH = Path(__file__).with_name("holidays.yaml")
ONE_DAY = timedelta(days=1)


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _entry_days(entry: dict) -> list[date]:
    """The days of a {date, name} or {from, to, name} entry."""
    if "date" in entry:
        return [_as_date(entry["date"])]
    first, last = _as_date(entry["from"]), _as_date(entry["to"])
    return [first + ONE_DAY * i for i in range((last - first).days + 1)]


def vietnam_holidays(year: int) -> dict[date, str]:
    """The statutory days off of a year as the `holidays` library knows them, named in Vietnamese."""
    return dict(holidays.country_holidays("VN", years=year, language="vi"))


class WorkCalendar:
    """Working days and holiday names, from the data layout of holidays.yaml.

    `unlisted_years`: the days off of a year the data does not list; without it, such a year has the
    fixed holidays only.
    """

    def __init__(self, data: dict, unlisted_years: Callable[[int], dict[date, str]] | None = None):
        self._unlisted_years = unlisted_years
        self._fixed = sorted(
            (tuple(int(part) for part in entry["date"].split("-")), entry["name"], entry.get("since", 0))
            for entry in data.get("fixed") or []
        )
        self._listed: dict[date, str] = {}
        self._working: set[date] = set()
        self._names_by_year: dict[int, set[str]] = {}
        for year, spec in (data.get("years") or {}).items():
            spec = spec or {}
            entries = spec.get("holidays") or []
            for entry in entries:
                self._listed.update(dict.fromkeys(_entry_days(entry), entry["name"]))
            self._working.update(_as_date(d) for d in spec.get("working_days") or [])
            self._names_by_year[int(year)] = {entry["name"] for entry in entries}
        self._fixed_by_year: dict[int, dict[date, str]] = {}

    @classmethod
    def load(
        cls, path: str | Path | None = None, unlisted_years: Callable[[int], dict[date, str]] | None = None
    ) -> "WorkCalendar":
        """A calendar from a YAML file, by default holidays.yaml next to this module."""
        with open(path or DEFAULT_PATH, encoding="utf-8") as f:
            return cls(yaml.safe_load(f) or {}, unlisted_years)

    def has_year_data(self, year: int) -> bool:
        """Whether the lunar holidays and yearly decisions of `year` are known."""
        return year in self._names_by_year

    def holiday_name(self, d: date) -> str | None:
        """The name of the holiday (or day off in lieu) on `d`, None on other days."""
        return self._listed.get(d) or self._fixed_days(d.year).get(d)

    def is_working_day(self, d: date) -> bool:
        """Monday to Friday and not a holiday, or a listed make-up Saturday."""
        if d in self._working:
            return True
        return d.weekday() < 5 and self.holiday_name(d) is None

    def next_working_day(self, d: date) -> date:
        """`d` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(d):
            d += ONE_DAY
        return d

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start`, not counting `start`; for n == 0, next_working_day(start)."""
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        d = start
        for _ in range(n):
            d = self.next_working_day(d + ONE_DAY)
        return self.next_working_day(d)

    def _fixed_days(self, year: int) -> dict[date, str]:
        """The fixed holidays of `year` not listed in its data, with their days in lieu."""
        if year not in self._fixed_by_year and self._unlisted_years and not self.has_year_data(year):
            self._fixed_by_year[year] = self._unlisted_years(year)
        if year not in self._fixed_by_year:
            listed_names = self._names_by_year.get(year, set())
            days = {
                date(year, m, d): name for (m, d), name, since in self._fixed if name not in listed_names and year >= since
            }
            for day, name in sorted(days.items()):
                if day.weekday() >= 5:
                    in_lieu = day + ONE_DAY
                    while in_lieu.weekday() >= 5 or in_lieu in days or in_lieu in self._listed:
                        in_lieu += ONE_DAY
                    days[in_lieu] = f"Nghỉ bù {name}"
            self._fixed_by_year[year] = days
        return self._fixed_by_year[year]


@lru_cache(maxsize=None)
def default_calendar() -> WorkCalendar:
    """The calendar of holidays.yaml and, for the years it does not list, of the holidays library; loaded once."""
    return WorkCalendar.load(unlisted_years=vietnam_holidays)
