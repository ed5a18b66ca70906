"""What every part of a campaign's settings is built on: the base model (unknown fields refused, text NFC and
visible) and the bounded types of the values a plan sets."""

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from common.text import nfc, refuse_invisible

SubjectGroup = Literal["collective", "individual"]

# Bounds on what a plan sets, so that no value of a file can stall a campaign: a share of 0 to 1 (a zero
# denominator or a quorum above all members could never be met), dates of this century, percentages of 0
# to 100, whole numbers and lists no plan comes near.
SHARE_OUT_OF_RANGE = "«{share}» không phải một tỉ lệ từ 0 đến 1: mẫu số khác 0, tử số không lớn hơn mẫu số."


def _a_share(text: str) -> str:
    numerator, denominator = (int(part) for part in text.split("/"))
    if denominator == 0 or numerator > denominator:
        raise PydanticCustomError("share_out_of_range", SHARE_OUT_OF_RANGE, {"share": text})
    return text


Ratio = Annotated[str, Field(pattern=r"^\d{1,4}/\d{1,4}$", description='a share, e.g. "2/3"'), AfterValidator(_a_share)]
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
Day = Annotated[date, Field(ge=FIRST_DAY, le=LAST_DAY)]
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Multiple = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]  # of the base salary
WorkingDays = Annotated[int, Field(ge=1, le=250)]  # up to a working year
Reminders = Annotated[list[Annotated[int, Field(ge=1, le=365)]], Field(max_length=10)]
MAX_ITEMS = 100  # the most entries of any list of a plan
MAX_YEARS = 10  # the most campaigns a yearly plan runs

# Records that bar an award while open (NĐ 152/2025/NĐ-CP Điều 4 khoản 4; Luật TĐKT 2022), and the ones a plan
# may add to the law's list (LAW_RECORD_KINDS): administrative violations, citizens' feedback.
RecordKind = Literal[
    "discipline_pending",  # đang xem xét thi hành kỷ luật
    "administrative_violation",  # đang xem xét xử lý vi phạm hành chính
    "investigation",  # đang điều tra, truy tố, xét xử
    "inspection",  # đang thanh tra, kiểm tra khi có dấu hiệu vi phạm
    "complaint",  # có đơn thư khiếu nại, tố cáo đang được xác minh
    "press_issue",  # vấn đề tham nhũng báo chí nêu đang được xác minh
    "feedback",  # phản ánh, kiến nghị của người dân, doanh nghiệp đang được xem xét, xử lý (a plan's bar, not the law's)
]
LAW_RECORD_KINDS: list[RecordKind] = ["discipline_pending", "investigation", "inspection", "complaint", "press_issue"]
Rating = Literal["hoan_thanh_xuat_sac", "hoan_thanh_tot", "hoan_thanh", "khong_hoan_thanh"]
DisciplineForm = Literal["khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc", "buoc_thoi_viec"]


def _nfc_texts(value):
    """NFC for a text or a list of texts; nested settings normalise their own fields."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [_nfc_texts(item) for item in value]
    return value


class Settings(BaseModel):
    """Every settings model: unknown fields are refused (a typo must not pass silently), text is NFC and
    holds no character no one can type or see (refused at its field)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def normalise_text(cls, data):
        if not isinstance(data, dict):
            return data
        return {key: _nfc_texts(value) for key, value in data.items()}

    @field_validator("*")
    @classmethod
    def visible_text(cls, value):
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                refuse_invisible(text)
        return value


class Period(Settings):
    start: Day
    end: Day

    @model_validator(mode="after")
    def ordered(self) -> "Period":
        if self.end < self.start:
            raise ValueError("ngày kết thúc (end) trước ngày bắt đầu (start)")
        return self
