"""The personal identification number of a Vietnamese citizen (số định danh cá nhân, the CCCD's number).

Twelve digits (Luật Căn cước 2023 Điều 12), structured as Thông tư 59/2021/TT-BCA says (Điều 7, cấu trúc số
định danh cá nhân, and its Phụ lục I, the codes of the provinces; the same table as Thông tư 07/2016/TT-BCA):

- digits 1–3: the code of the province or city where the birth was registered, one of the 63 below;
- digit 4: the century of birth and the sex: 0 / 1 born 1900–1999 male / female, 2 / 3 born 2000–2099,
  4 / 5 2100–2199, 6 / 7 2200–2299, 8 / 9 1800–1899;
- digits 5–6: the last two digits of the year of birth;
- digits 7–12: a random number.

The provinces merged on 1/7/2025 do not change the numbers already given: the 63 codes stay valid.
"""

from dataclasses import dataclass
from datetime import date

# Phụ lục I: code → province or city (its name before the merger of 2025).
PROVINCES = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn", "008": "Tuyên Quang",
    "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu", "014": "Sơn La", "015": "Yên Bái",
    "017": "Hòa Bình", "019": "Thái Nguyên", "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang",
    "025": "Phú Thọ", "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định", "037": "Ninh Bình",
    "038": "Thanh Hóa", "040": "Nghệ An", "042": "Hà Tĩnh", "044": "Quảng Bình", "045": "Quảng Trị",
    "046": "Thừa Thiên Huế", "048": "Đà Nẵng", "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định",
    "054": "Phú Yên", "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng", "070": "Bình Phước",
    "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai", "077": "Bà Rịa - Vũng Tàu", "079": "Hồ Chí Minh",
    "080": "Long An", "082": "Tiền Giang", "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long",
    "087": "Đồng Tháp", "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang",
    "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}

# The 4th digit's first century; an even digit is a man, an odd one a woman.
CENTURIES = {0: 1900, 2: 2000, 4: 2100, 6: 2200, 8: 1800}


@dataclass(frozen=True)
class IdNumber:
    number: str
    province: str
    sex: str  # nam | nu (schemas.directory.Sex)
    first_year: int  # the century's first year: born from first_year to first_year + 99
    year: int  # the year of birth the number says


class IdNumberInvalid(ValueError):
    """The number is not one the Ministry gives, or disagrees with the sex or the date of birth given."""


def clean(text: str) -> str:
    """The number as stored: without spaces, dots or dashes."""
    return "".join(char for char in text if char not in " .-\t")


def read_id_number(text: str) -> IdNumber:
    """What a number says; IdNumberInvalid with the reason in Vietnamese (never the number itself)."""
    number = clean(text)
    if not number.isascii() or not number.isdigit() or len(number) != 12:
        raise IdNumberInvalid(f"số CCCD phải gồm đúng 12 chữ số (đã nhập {len(number)} ký tự)")
    province = PROVINCES.get(number[:3])
    if province is None:
        raise IdNumberInvalid(
            f"ba số đầu «{number[:3]}» không phải mã tỉnh, thành phố nào (Thông tư 59/2021/TT-BCA, Phụ lục I)"
        )
    digit = int(number[3])
    first_year = CENTURIES[digit - digit % 2]
    return IdNumber(number, province, "nu" if digit % 2 else "nam", first_year, first_year + int(number[4:6]))


def check_id_number(text: str, sex: str | None = None, birth_date: date | None = None) -> str:
    """The number as stored, when it is well-formed and agrees with the sex and date of birth given."""
    read = read_id_number(text)
    if sex is not None and sex != read.sex:
        said = "nữ" if read.sex == "nu" else "nam"
        raise IdNumberInvalid(f"chữ số thứ 4 của số CCCD là của người {said}, không khớp với giới tính đã chọn")
    if birth_date is not None and birth_date.year != read.year:
        if not read.first_year <= birth_date.year <= read.first_year + 99:
            raise IdNumberInvalid(
                f"chữ số thứ 4 của số CCCD là của người sinh từ {read.first_year} đến {read.first_year + 99}, "
                f"không khớp với năm sinh {birth_date.year}"
            )
        raise IdNumberInvalid(
            f"chữ số thứ 5 và 6 của số CCCD ({read.number[4:6]}) không khớp với năm sinh {birth_date.year}"
        )
    return read.number
