"""Dates in the pages' forms as a Vietnamese clerk writes them, dd/mm/yyyy, whatever the browser's language.

The date fields (templates/pages/_forms.html `input(..., type="date")`) are text fields; what they send is
read here, once, for every form a model validates (web.pages.render.validated and the admin's forms): day,
month and year (05/03/2026, also 5/3/2026, 05-03-2026 or 05.03.2026), or yyyy-mm-dd as the API takes it.
Anything else is refused beside the field, before anything is written.
"""

import re
import types
import typing
from datetime import date
from typing import Any

from pydantic import BaseModel

DATE_MESSAGE = "Ngày không hợp lệ (ngày/tháng/năm, ví dụ 05/03/2026)."
DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
EARLIEST, LATEST = 1900, 2200  # a year outside is a typing mistake, not a date of this service


def _is_date(annotation: Any) -> bool:
    if annotation is date:
        return True
    if typing.get_origin(annotation) is typing.Annotated:  # a bounded day (common/bounds.py Day)
        return _is_date(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_is_date(arg) for arg in typing.get_args(annotation))
    return False


def date_fields(model: type[BaseModel]) -> list[str]:
    """The model's fields that hold a day (a date, or a date or nothing); not a moment (datetime)."""
    return [
        info.alias or name for name, info in model.model_fields.items()
        if _is_date(info.annotation)
    ]


def read_date(text: str) -> date | None:
    """The day written dd/mm/yyyy (or yyyy-mm-dd); None when it is no day of the calendar."""
    text = text.strip()
    iso = ISO.fullmatch(text)
    dmy = DAY_MONTH_YEAR.fullmatch(text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif dmy:
        day, month, year = (int(part) for part in dmy.groups())
    else:
        return None
    if not EARLIEST <= year <= LATEST:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def form_dates(model: type[BaseModel], data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The form's data with each date field's text as yyyy-mm-dd, and the problem of each that is no day."""
    converted, problems = dict(data), {}
    for name in date_fields(model):
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            continue
        day = read_date(value)
        if day is None:
            problems[name] = DATE_MESSAGE
        else:
            converted[name] = day.isoformat()
    return converted, problems
