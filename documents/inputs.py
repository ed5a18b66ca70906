"""What the documents need beyond the service's models: numbers, dates, names the workflows do not hold."""

from datetime import date

from pydantic import BaseModel, Field, field_validator

from common.text import nfc


class Texts(BaseModel):
    """Every input model: its texts are stored NFC, as the service stores Vietnamese."""

    @field_validator("*", mode="before")
    @classmethod
    def normalise(cls, value):
        if isinstance(value, str):
            return nfc(value)
        if isinstance(value, list):
            return [nfc(item) if isinstance(item, str) else item for item in value]
        return value


class Issue(Texts):
    """A document's number in its issuer's yearly series, and its date."""

    number: int | None = Field(None, ge=1)  # None: left blank for the clerk to fill when it is issued
    on: date


class UnitInfo(Texts):
    """The proposing unit's part of its documents: the code of its numbers and the head who signs."""

    code: str  # "PKT" in "Số: 03/TTr-PKT"
    head_title: str = "Trưởng phòng"  # "Giám đốc" for a centre
    head_name: str


class OfficeInfo(Texts):
    """The receiving office (Phòng Văn hóa - Xã hội) as the author of the appraisal report."""

    code: str = "VHXH"  # "Số: 12/TTr-VHXH", and the drafting office in "Lưu: VT, VHXH."
    head_title: str = "Trưởng phòng"
    head_name: str


class Case(Texts):
    """A nominee the office's appraisal did not pass, or holds: who, of which unit, and why."""

    name: str
    unit_name: str
    reasons: list[str] = []


class Appraised(Texts):
    """What the office's appraisal found over the campaign's dossiers, as its tờ trình reports it."""

    dossiers: int  # received: sent by their units
    units: int
    collectives: int  # the nominees those dossiers propose
    individuals: int
    passed: int
    failed: list[Case] = []  # did not pass, or were taken out, with the reasons recorded
    held: list[Case] = []  # suspended while a record about them is reviewed (schemas/dossier.py)


class DecisionText(Texts):
    """What the decision and its certificates say that the campaign's decision does not hold."""

    # What the awardees did, as Điều 1 and the certificates write it after their name.
    achievement: str  # "đã có thành tích xuất sắc trong công tác cải cách hành chính 6 tháng cuối năm 2025"
    proposal: str | None = None  # what the decision follows: "Tờ trình số 12/TTr-VHXH ngày 02/02/2026"
    recipients: list[str] = []  # "Nơi nhận" between "Như Điều 3" and the archive: "TT Đảng ủy xã"
    office_code: str = "VHXH"  # the drafting office, in "Lưu: VT, VHXH."
    first_register_number: int = Field(1, ge=1)  # số sổ vàng of the first certificate; the others follow
    # A draft's day: it cites the laws and budget year of a decision signed that day, as the signed one will.
    drafted_on: date | None = None


class Verification(Texts):
    """What a certificate carries to be checked by anyone: its award's code, and the public page it opens."""

    code: str  # "7K2M-QX4P-9D3R" (db/award_codes.py)
    url: str  # the verification page, which the QR code opens

    @classmethod
    def of(cls, code: str, base_url: str) -> "Verification":
        return cls(code=code, url=f"{base_url.rstrip('/')}/verify/{code}")
