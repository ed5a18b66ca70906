"""A campaign's settings: the plan the People's Committee issued, read into rules the service runs.

Each campaign is one YAML file in campaigns/. Every setting a plan is silent on has the default given
here, and only here.
"""

from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, field_validator

from common.text import nfc
from schemas.errors import user_error

SubjectGroup = Literal["collective", "individual"]
RATIO_PATTERN = r"^\d+/\d+$"


class Issuer(BaseModel):
    name: str  # "Ủy ban nhân dân xã Kẻ Sặt"
    level: Literal["xa", "phuong", "huyen"]
    place: str  # the place name of the date line: "Kẻ Sặt"
    superior: str | None = None  # the body above, shown over the issuer in the header


class Plan(BaseModel):
    number: str  # "101/KH-UBND"
    date: date
    title: str


class SubjectKind(BaseModel):
    code: str  # "phong_chuyen_mon"
    name: str  # "Phòng chuyên môn"
    group: SubjectGroup


class RequiredDocument(BaseModel):
    kind: str  # "to_trinh"
    title: str  # "Tờ trình đề nghị khen thưởng"
    form: str | None = None  # "Mẫu số 01, Nghị định 152/2025/NĐ-CP"
    per: Literal["dossier", "nominee"]
    group: SubjectGroup | None = None  # for per-nominee documents: only nominees of this group


class MeetingRule(BaseModel):
    """How the unit's selection meeting decides (plans are silent: the usual council rule)."""

    quorum: str = Field("2/3", pattern=RATIO_PATTERN)  # of all members, present
    majority: str = Field("1/2", pattern=RATIO_PATTERN)  # more than this share votes for a nominee
    majority_of: Literal["present", "members"] = "present"

    def quorum_needed(self, members: int) -> int:
        """The fewest members present that make a quorum."""
        share = Fraction(self.quorum) * members
        return -(-share.numerator // share.denominator)  # ceiling

    def is_selected(self, votes: int, present: int, members: int) -> bool:
        basis = present if self.majority_of == "present" else members
        return Fraction(votes) > Fraction(self.majority) * basis


class Signer(BaseModel):
    sign_as: Literal["TM", "KT"]  # TM. ỦY BAN NHÂN DÂN, or KT. CHỦ TỊCH for a deputy
    title: str  # "CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    name: str


class CampaignSettings(BaseModel):
    code: str = Field(pattern=r"^[a-z0-9-]+$")
    source: str  # the seed file and section the settings were read from
    issuer: Issuer
    plan: Plan
    receiving_office: str
    subject_kinds: list[SubjectKind] = Field(min_length=1)
    required_documents: list[RequiredDocument]
    # "Before 05/12/2025": a dossier must arrive before this day begins, Vietnam time. None: no deadline.
    submit_before: date | None = None
    unit_meeting: MeetingRule = MeetingRule()
    supplement_working_days: int = Field(5, ge=1)  # common practice for returning an incomplete dossier
    signer: Signer

    @field_validator("*", mode="before")
    @classmethod
    def normalise_text(cls, value):
        return nfc(value) if isinstance(value, str) else value

    def dossier_rules(self) -> "DossierRules":
        return DossierRules(
            campaign_code=self.code,
            campaign_title=self.plan.title,
            subject_kinds=self.subject_kinds,
            required_documents=self.required_documents,
            submit_before=self.submit_before,
            unit_meeting=self.unit_meeting,
            supplement_working_days=self.supplement_working_days,
        )


class DossierRules(BaseModel):
    """The part of a campaign a dossier workflow checks against, copied into it when it starts."""

    campaign_code: str
    campaign_title: str
    subject_kinds: list[SubjectKind]
    required_documents: list[RequiredDocument]
    submit_before: date | None
    unit_meeting: MeetingRule
    supplement_working_days: int

    def subject_kind(self, code: str) -> SubjectKind | None:
        return next((kind for kind in self.subject_kinds if kind.code == code), None)

    def document(self, kind: str) -> RequiredDocument | None:
        return next((doc for doc in self.required_documents if doc.kind == kind), None)

    def check_nominee(self, group: SubjectGroup, subject_kind: str, name: str, others: list[tuple[str, str]]) -> None:
        """Refuse a nominee of a kind the plan does not consider, or one already in (group, name) `others`."""
        kind = self.subject_kind(subject_kind)
        if kind is None or kind.group != group:
            allowed = ", ".join(k.name for k in self.subject_kinds if k.group == group) or "không có"
            raise user_error("SUBJECT_KIND_NOT_ALLOWED", subject_kind=subject_kind, allowed=allowed)
        # Case is ignored, diacritics are not: "Nguyễn Văn Á" and "Nguyễn Văn A" are two people.
        if (group, name.casefold()) in {(other_group, other.casefold()) for other_group, other in others}:
            raise user_error("DUPLICATE_NOMINEE", name=name)


def load_campaign(path: Path) -> CampaignSettings:
    return CampaignSettings.model_validate(yaml.safe_load(Path(path).read_text(encoding="utf-8")))
