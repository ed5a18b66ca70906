"""What the directory's API takes and gives: units, people, users and issuers as an admin enters them
(db/directory.py keeps them), and a person as the API shows them."""

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from common.bounds import Day, Id
from common.text import InputModel, nfc
from schemas.directory import IssuerKind, PersonCategory, Sex
from schemas.dossier_actions import Role

# The kinds of unit: the collective subject kinds the plans name (campaigns/*.yaml).
UNIT_KINDS = {
    "phong_chuyen_mon": "Phòng chuyên môn",
    "don_vi_su_nghiep": "Đơn vị sự nghiệp",
    "co_quan_chuyen_mon": "Cơ quan chuyên môn",
    "phong_ban_don_vi": "Phòng, ban, đơn vị",
    "ban_dang_van_phong_dang_uy": "Ban Đảng, Văn phòng Đảng ủy",
    "mat_tran_doan_the": "Mặt trận, đoàn thể",
    "thon_xom": "Thôn, xóm, tổ dân phố",
    "co_quan_lien_quan": "Cơ quan, đơn vị liên quan",
}

CODE = r"^[a-z0-9][a-z0-9._-]*$"
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def _code(value: str) -> str:
    value = value.strip().lower()
    if not re.fullmatch(CODE, value):
        raise PydanticCustomError(
            "code_invalid", "Chỉ dùng chữ thường không dấu, chữ số, dấu chấm, gạch ngang; bắt đầu bằng chữ hoặc số."
        )
    return value


def _email(value: str) -> str:
    value = value.strip()
    if not re.fullmatch(EMAIL, value):
        raise PydanticCustomError("email_invalid", "Địa chỉ thư điện tử không hợp lệ (ví dụ ten@xa.gov.vn).")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Code = Annotated[str, StringConstraints(min_length=1, max_length=50), AfterValidator(_code)]
Email = Annotated[str, StringConstraints(max_length=254), AfterValidator(_email)]
Username = Annotated[str, StringConstraints(min_length=3, max_length=60), AfterValidator(_code)]


class Normalised(InputModel):
    @field_validator("*", mode="after")
    @classmethod
    def _nfc(cls, value: Any) -> Any:
        return nfc(value) if type(value) is str else value  # not an enum's value


# --- what comes in ---------------------------------------------------------------------------------


class UnitChange(Normalised):
    name: Text | None = None
    kind: str | None = Field(None, max_length=50)
    symbol: Short | None = None
    parent_id: Id | None = None
    email: Email | None = None

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str | None) -> str | None:
        if value is not None and value not in UNIT_KINDS:
            raise PydanticCustomError("enum", "Chọn một loại đơn vị trong danh sách.")
        return value


class UnitCreate(UnitChange):
    code: Code
    name: Text
    kind: str = Field(max_length=50)


class PersonChange(Normalised):
    full_name: Text | None = None
    sex: Sex | None = None
    birth_date: Day | None = None
    id_number: str | None = Field(None, max_length=20)
    position: Text | None = None
    unit_id: Id | None = None
    category: PersonCategory | None = None
    email: Email | None = None
    since: Day | None = None  # from when a new unit or position holds; today in Vietnam when left out


class PersonCreate(PersonChange):
    full_name: Text


class UserChange(Normalised):
    full_name: Text | None = None
    roles: list[Role] | None = Field(None, min_length=1, max_length=len(Role))
    unit_id: Id | None = None
    email: Email | None = None


class UserCreate(UserChange):
    username: Username
    full_name: Text
    roles: list[Role] = Field(min_length=1, max_length=len(Role))
    email: Email  # the link to set the password is mailed there


class IssuerChange(Normalised):
    name: Text | None = None
    kind: IssuerKind | None = None
    superior: Text | None = None
    print_superior: bool | None = None
    symbol: Short | None = None
    place: Text | None = None
    head_title: Short | None = None
    receiving_office: Text | None = None
    recipients: list[Text] | None = Field(None, max_length=20)


class IssuerCreate(IssuerChange):
    code: Code
    name: Text
    kind: IssuerKind
    place: Text
    receiving_office: Text


class FirstAdmin(Normalised):
    username: Username
    full_name: Text
    email: Email


# --- what goes out ---------------------------------------------------------------------------------


class PositionView(BaseModel):
    unit_id: int | None
    position: str | None
    since: date | None


class PersonView(BaseModel):
    """A person as the API shows them: the ID number and date of birth only to PERSONAL_DATA_ROLES."""

    id: int
    full_name: str
    sex: str | None
    birth_date: date | None
    id_number: str | None
    position: str | None
    unit_id: int | None
    category: str | None
    email: str | None
    active: bool
    positions: list[PositionView] = []
