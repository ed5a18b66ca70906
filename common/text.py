"""Vietnamese text as data: stored NFC, searched without diacritics or case, dates as dd/mm/yyyy; text that
comes in refused when it holds characters no one can type or see."""

import re
import unicodedata
from datetime import date, datetime
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BaseModel, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def nfc(text: str) -> str:
    """The form every stored text takes: NFC, surrounding spaces trimmed, inner runs of spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def fold(text: str) -> str:
    """A search key: no diacritics, lower case ("Nguyễn Văn Ánh" → "nguyen van anh")."""
    decomposed = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def vn_date(value: date | datetime) -> str:
    """dd/mm/yyyy, in Vietnam time when given a moment."""
    if isinstance(value, datetime):
        value = value.astimezone(VN_TZ).date()
    return value.strftime("%d/%m/%Y")


# Refused in any text that comes in: control characters (PostgreSQL cannot store NUL at all), the
# noncharacters U+FFFE and U+FFFF, lone surrogates, and the bidirectional embeddings, overrides and
# isolates that make a text read otherwise than it is stored. Tab and line breaks only in multi-line text.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_BIDI = "\u202a-\u202e\u2066-\u2069"
_NONCHARACTERS = "\ufffe\uffff\ud800-\udfff"
_REFUSED = re.compile(f"[{_CONTROL}{_BIDI}{_NONCHARACTERS}]")
_REFUSED_IN_LINE = re.compile(f"[\t\n\r{_CONTROL}{_BIDI}{_NONCHARACTERS}]")
FORBIDDEN_CHARACTER = "forbidden_character"  # the problem's stable code, beside the field it is in
FORBIDDEN_CHARACTER_MESSAGE = "Có {kind} ({character}) không được phép trong ô này; hãy xóa ký tự đó rồi gửi lại."


def _kind(char: str) -> str:
    if char == "\t":
        return "dấu tab"
    if char in "\n\r":
        return "dấu xuống dòng"
    if unicodedata.category(char) == "Cc":
        return "ký tự điều khiển"
    if unicodedata.category(char) == "Cf":
        return "ký tự đảo chiều chữ"
    return "ký tự Unicode không hợp lệ"


def refuse_invisible(text: str, multiline: bool = False) -> str:
    """`text` itself; PydanticCustomError FORBIDDEN_CHARACTER naming the first character refused in it."""
    found = (_REFUSED if multiline else _REFUSED_IN_LINE).search(text)
    if found is None:
        return text
    char = found[0]
    raise PydanticCustomError(
        FORBIDDEN_CHARACTER, FORBIDDEN_CHARACTER_MESSAGE, {"kind": _kind(char), "character": f"U+{ord(char):04X}"}
    )


def size_text(size: int) -> str:
    """A size in bytes as people read it: "5 MB", "1,5 MB", "4,9 KB"."""
    value, unit = (size / 2**20, "MB") if size >= 2**20 else (size / 2**10, "KB")
    return f"{value:.1f}".removesuffix(".0").replace(".", ",") + f" {unit}"


def remove_invisible(text: str) -> tuple[str, list[str]]:
    """`text` without the characters refused in multi-line text, and those it had ("U+0001"): text read from
    a file is cleaned and reported, where a form's would be refused."""
    found = sorted({f"U+{ord(char):04X}" for char in _REFUSED.findall(text)})
    return (_REFUSED.sub("", text) if found else text), found


# A whole number that comes in fits a database INTEGER column (PostgreSQL's is 32 bits): an id or a count.
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def _refuse_in(value: Any, multiline: bool) -> None:
    """Every text and whole number in a field's value: itself, or in its lists and dicts (keys too)."""
    if isinstance(value, str):
        refuse_invisible(value, multiline)
    elif isinstance(value, int) and not isinstance(value, bool):
        if value > INT_MAX:
            raise PydanticCustomError("less_than_equal", "Số phải không quá {le}.", {"le": INT_MAX})
        if value < INT_MIN:
            raise PydanticCustomError("greater_than_equal", "Số phải từ {ge} trở lên.", {"ge": INT_MIN})
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_in(key, multiline)
            _refuse_in(item, multiline)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            _refuse_in(item, multiline)


# A query or form parameter of one line.
Line = Annotated[str, AfterValidator(refuse_invisible)]


class InputModel(BaseModel):
    """A model of what comes in (a request's body, a form): no text field of it holds a refused character,
    no whole number is beyond what the database stores.

    The fields named in `multiline` may hold tabs and line breaks. Models nested in a field check their own.
    """

    multiline: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*")
    @classmethod
    def _no_invisible_characters(cls, value: Any, info: ValidationInfo) -> Any:
        _refuse_in(value, info.field_name in cls.multiline)
        return value
