import unicodedata
from datetime import date, timedelta

import pytest
import yaml

from common.workdays import DEFAULT_PATH, WorkCalendar, default_calendar, vietnam_holidays


@pytest.fixture
def cal() -> WorkCalendar:
    return default_calendar()


def make_calendar(tmp_path, text: str) -> WorkCalendar:
    path = tmp_path / "holidays.yaml"
    path.write_text(text, encoding="utf-8")
    return WorkCalendar.load(path)


FIXED_ONLY = """
fixed:
  - {date: "01-01", name: "Tết Dương lịch"}
  - {date: "04-30", name: "Ngày Chiến thắng"}
  - {date: "05-01", name: "Ngày Quốc tế Lao động"}
  - {date: "09-02", name: "Quốc khánh"}
"""


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(i) for i in range((last - first).days + 1)]


def test_default_calendar_is_cached_and_data_file_is_nfc():
    assert default_calendar() is default_calendar()
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text
    assert set(yaml.safe_load(text)["years"]) == {2024, 2025, 2026}


def test_tet_2026_week_is_off(cal):
    for d in days(date(2026, 2, 14), date(2026, 2, 22)):
        assert not cal.is_working_day(d), d
    assert cal.holiday_name(date(2026, 2, 17)) == "Tết Nguyên đán"
    assert cal.is_working_day(date(2026, 2, 13))
    assert cal.is_working_day(date(2026, 2, 23))


def test_national_day_2026_and_make_up_saturday(cal):
    assert cal.is_working_day(date(2026, 8, 22))  # Saturday worked in exchange for 31/08
    assert cal.holiday_name(date(2026, 8, 22)) is None
    for d in days(date(2026, 8, 29), date(2026, 9, 2)):
        assert not cal.is_working_day(d), d
    assert cal.holiday_name(date(2026, 9, 2)) == "Quốc khánh"
    assert cal.is_working_day(date(2026, 9, 3))
    # The year lists Quốc khánh itself: no extra day in lieu is added.
    assert cal.is_working_day(date(2026, 9, 4))


def test_gio_to_2026_on_sunday_gives_monday_off(cal):
    assert cal.holiday_name(date(2026, 4, 26)) == "Giỗ Tổ Hùng Vương"
    assert not cal.is_working_day(date(2026, 4, 27))
    assert cal.is_working_day(date(2026, 4, 28))
    assert not cal.is_working_day(date(2026, 4, 30))
    assert not cal.is_working_day(date(2026, 5, 1))


def test_2025_swaps(cal):
    assert not cal.is_working_day(date(2025, 1, 27))
    assert not cal.is_working_day(date(2025, 1, 31))
    assert cal.is_working_day(date(2025, 2, 3))
    assert not cal.is_working_day(date(2025, 4, 7))
    assert cal.is_working_day(date(2025, 4, 26))  # Saturday, in exchange for Fri 02/05
    assert [cal.is_working_day(d) for d in days(date(2025, 4, 29), date(2025, 5, 5))] == [
        True, False, False, False, False, False, True,
    ]
    assert not cal.is_working_day(date(2025, 9, 1))
    assert not cal.is_working_day(date(2025, 9, 2))


def test_ordinary_weekends_and_weekdays(cal):
    assert cal.is_working_day(date(2026, 3, 10))  # Tuesday
    assert not cal.is_working_day(date(2026, 3, 14))  # Saturday
    assert not cal.is_working_day(date(2026, 3, 15))  # Sunday
    assert cal.holiday_name(date(2026, 3, 10)) is None


def test_add_working_days_across_tet_2026(cal):
    assert cal.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert cal.add_working_days(date(2026, 2, 12), 2) == date(2026, 2, 23)
    assert cal.add_working_days(date(2026, 2, 15), 1) == date(2026, 2, 23)  # from a Sunday in Tết
    assert cal.add_working_days(date(2026, 2, 15), 2) == date(2026, 2, 24)


def test_add_working_days_over_a_weekend(cal):
    assert cal.add_working_days(date(2026, 3, 13), 1) == date(2026, 3, 16)  # Fri → Mon
    assert cal.add_working_days(date(2026, 3, 9), 5) == date(2026, 3, 16)  # Mon → next Mon
    assert cal.add_working_days(date(2026, 3, 9), 10) == date(2026, 3, 23)


def test_add_zero_working_days(cal):
    assert cal.add_working_days(date(2026, 3, 10), 0) == date(2026, 3, 10)  # working day
    assert cal.add_working_days(date(2026, 3, 14), 0) == date(2026, 3, 16)  # Saturday
    assert cal.add_working_days(date(2026, 2, 16), 0) == date(2026, 2, 23)  # Tết


def test_add_negative_working_days_is_refused(cal):
    with pytest.raises(ValueError):
        cal.add_working_days(date(2026, 3, 10), -1)


def test_next_working_day(cal):
    assert cal.next_working_day(date(2026, 3, 10)) == date(2026, 3, 10)
    assert cal.next_working_day(date(2026, 8, 29)) == date(2026, 9, 3)
    assert cal.next_working_day(date(2026, 8, 22)) == date(2026, 8, 22)


def test_a_year_without_data_takes_the_holidays_library(cal):
    assert cal.has_year_data(2026)
    assert not cal.has_year_data(2027)
    # The library's Tết 2027 (mùng 1 on Saturday 06/02), the day next to Quốc khánh, Ngày Văn hóa Việt Nam.
    assert [cal.is_working_day(date(2027, 2, day)) for day in range(3, 12)] == [
        True, False, False, False, False, False, False, False, True
    ]
    assert cal.holiday_name(date(2027, 2, 6)) == "Tết Nguyên Đán"
    assert not cal.is_working_day(date(2027, 9, 3))
    assert not cal.is_working_day(date(2027, 11, 24))
    assert cal.add_working_days(date(2027, 2, 3), 1) == date(2027, 2, 11)


def test_the_data_agrees_with_the_holidays_library_on_every_weekday_off():
    # Where the two disagree, one of them is wrong: the data, entered from the announcements, wins,
    # and this test says so. (The data's Tết ranges may run over a weekend; the library's may not.)
    cal = WorkCalendar.load()  # the data alone
    for year in (2024, 2025, 2026):
        library = {day for day in vietnam_holidays(year) if day.weekday() < 5}
        ours = {day for day in _weekdays(year) if not cal.is_working_day(day)}
        assert ours == library, year


def test_ngay_van_hoa_viet_nam_is_off_from_2026(cal):
    assert not cal.is_working_day(date(2026, 11, 24))  # a Tuesday
    assert cal.holiday_name(date(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    assert cal.is_working_day(date(2025, 11, 24))  # a Monday, before it was a holiday


def _weekdays(year: int) -> list[date]:
    day, days = date(year, 1, 1), []
    while day.year == year:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def test_new_year_on_saturday_moves_to_monday(tmp_path):
    cal = make_calendar(tmp_path, FIXED_ONLY)
    assert date(2028, 1, 1).weekday() == 5
    assert not cal.is_working_day(date(2028, 1, 3))
    assert cal.holiday_name(date(2028, 1, 3)) == "Nghỉ bù Tết Dương lịch"
    assert cal.is_working_day(date(2028, 1, 4))
    assert cal.add_working_days(date(2027, 12, 31), 1) == date(2028, 1, 4)


def test_days_in_lieu_do_not_collide(tmp_path):
    cal = make_calendar(tmp_path, FIXED_ONLY)
    # 2028: 30/4 is a Sunday and 1/5 a Monday, so the day in lieu is Tuesday 2/5.
    assert not cal.is_working_day(date(2028, 5, 1))
    assert cal.holiday_name(date(2028, 5, 2)) == "Nghỉ bù Ngày Chiến thắng"
    assert cal.is_working_day(date(2028, 5, 3))
    # 2027: 1/5 is a Saturday, so Monday 3/5 is off.
    assert not cal.is_working_day(date(2027, 5, 3))


def test_year_data_replaces_a_fixed_holiday_of_the_same_name(tmp_path):
    cal = make_calendar(
        tmp_path,
        FIXED_ONLY
        + """
years:
  2027:
    holidays:
      - {from: 2027-09-02, to: 2027-09-03, name: "Quốc khánh"}
    working_days: ["2027-09-11"]
""",
    )
    assert cal.has_year_data(2027)
    assert not cal.is_working_day(date(2027, 9, 3))
    assert cal.is_working_day(date(2027, 9, 11))  # Saturday
    assert not cal.is_working_day(date(2027, 9, 12))  # Sunday
    # 2/9/2028 is a Saturday: without data for 2028 the fixed rule still applies.
    assert not cal.is_working_day(date(2028, 9, 4))
