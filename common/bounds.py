"""The ranges of the numbers and dates that come in: beyond them a value is refused at its field (422,
a Vietnamese message, the stable codes `greater_than_equal` / `less_than_equal`), before it reaches the
database, a workflow, a timer or a document.

`Day` is any date a person may mean: a birth, a meeting, a decision. `SoonDay` is a date a person sets
ahead (a due date, a council session, a signing): at most a year after today. A bound that moves with
today goes only on what comes in through the web, never on a model that crosses Temporal: a workflow
reads its history again years later, and must read it as it was accepted.
"""

from datetime import date, datetime, timedelta
from typing import Annotated, Any

from pydantic import AfterValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from common.text import INT_MAX, VN_TZ, vn_date

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
AHEAD_DAYS = 366  # how far ahead of today a date set ahead may go


def _whole_within(low: int, high: int) -> AfterValidator:
    def check(value: int) -> int:
        if value < low:
            raise PydanticCustomError("greater_than_equal", "Số phải từ {ge} trở lên.", {"ge": low})
        if value > high:
            raise PydanticCustomError("less_than_equal", "Số phải không quá {le}.", {"le": high})
        return value

    return AfterValidator(check)


def _day_within(value: date, last: date, why: str = "") -> date:
    if value < EARLIEST:
        raise PydanticCustomError("greater_than_equal", "Ngày phải từ {ge} trở đi.", {"ge": vn_date(EARLIEST)})
    if value > last:
        raise PydanticCustomError("less_than_equal", "Ngày phải không sau {le}" + why + ".", {"le": vn_date(last)})
    return value


def _any_day(value: date) -> date:
    return _day_within(value, LATEST)


def _soon(value: date) -> date:
    last = datetime.now(VN_TZ).date() + timedelta(days=AHEAD_DAYS)
    return _day_within(value, min(last, LATEST), " (quá một năm kể từ hôm nay)")


def whole(low: int, high: int) -> Any:
    """A whole number from `low` to `high`, said so in the OpenAPI schema too."""
    schema = {"type": "integer", "minimum": low, "maximum": high}
    return Annotated[int, _whole_within(low, high), WithJsonSchema(schema)]


Id = whole(1, INT_MAX)  # a row's id: what an INTEGER column holds, and never 0 or less
Day = Annotated[date, AfterValidator(_any_day)]
SoonDay = Annotated[date, AfterValidator(_soon)]
