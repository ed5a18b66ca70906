"""Vietnamese text as data: stored NFC, searched without diacritics or case, dates as dd/mm/yyyy."""

import unicodedata
from datetime import date, datetime
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
