"""An issuer's standing rules for one-off awards (khen thưởng đột xuất, chuyên đề): a settings file of their own,
campaigns/standing/<issuer>.yaml, read and checked as a plan's file is (schemas/campaign_file.py), each problem
said in Vietnamese at its field. docs/one-off-awards.md describes every field.

A one-off award is raised at any time, without a plan: db/one_off.py makes a small campaign from these rules and
the form's fields, so the dossier, its checks, the appraisal, the council, the decision and the register are the
campaigns' own.
"""

from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, TypeAdapter, ValidationError, ValidationInfo, field_validator

from db.awards import kind_of
from schemas.campaign import AwardForm, Bonus, MeetingRule, RequiredDocument, SubjectKind
from schemas.campaign_file import (
    _LOADER, CampaignFileError, _shape_problem, problem_in_vietnamese, repository_issuer_settings, with_issuer,
    yaml_problem,
)
from schemas.settings_base import MAX_ITEMS, Settings
from schemas.signing import Issuer, Signer

STANDING_DIR = Path(__file__).resolve().parent.parent / "campaigns" / "standing"
MAX_BYTES = 256 * 1024  # a rules file is a page or two


class StandingDeadlines(Settings):
    """Counted in working days (common/workdays.py) from the day the award is raised."""

    submission_working_days: int = Field(5, ge=1, le=250)  # the proposing unit lodges its dossier within
    appraisal_working_days: int = Field(10, ge=1, le=250)  # then the office appraises it within
    signature_working_days: int = Field(5, ge=1, le=250)  # then the decision is signed within


class StandingRules(Settings):
    source: str  # the file the rules were read from
    issuer: Issuer
    receiving_office: str = Field(min_length=1, max_length=200)
    grounds: list[str] = Field([], max_length=MAX_ITEMS)  # the decision's «Căn cứ» for a one-off award
    # Who may raise one: the office (Phòng VH-XH), and the units' heads for their own unit.
    proposers: list[Literal["office", "unit"]] = Field(["office"], min_length=1, max_length=2)
    subject_kinds: list[SubjectKind] = Field(min_length=1, max_length=MAX_ITEMS)
    award_forms: list[AwardForm] = Field(min_length=1, max_length=MAX_ITEMS)
    max_nominees: int = Field(5, ge=1, le=100)  # "một hoặc một số tập thể, cá nhân"
    required_documents: list[RequiredDocument] = Field(max_length=MAX_ITEMS)
    unit_meeting: MeetingRule = MeetingRule(required=False)
    council: bool = True
    deadlines: StandingDeadlines = StandingDeadlines()
    signer: Signer
    bonus: Bonus = Bonus()

    @field_validator("council")
    @classmethod
    def council_for_titles(cls, value: bool, info: ValidationInfo) -> bool:
        """Without the council only for award forms (Giấy khen): the simplified procedure of Luật Thi đua, khen
        thưởng 2022 Điều 85 for a one-off achievement, the head deciding on the office's tờ trình. A title (danh
        hiệu thi đua) is given on the council's vote (bình xét), so it keeps the council."""
        titles = [form.name for form in info.data.get("award_forms", []) if kind_of(form.name) == "title"]
        if not value and titles:
            raise ValueError(
                "Khen thưởng không qua Hội đồng Thi đua - Khen thưởng chỉ áp dụng cho hình thức khen thưởng (Giấy "
                "khen) theo thủ tục đơn giản (Luật Thi đua, khen thưởng 2022, Điều 85); danh hiệu thi đua "
                + ", ".join(f"«{name}»" for name in titles)
                + " phải được Hội đồng bình xét: ghi council: true, hoặc bỏ danh hiệu này khỏi award_forms."
            )
        return value

    def form(self, code: str) -> AwardForm | None:
        return next((form for form in self.award_forms if form.code == code), None)


RULES = TypeAdapter(StandingRules)


def parse_standing_rules(text: str, source: str, issuers: dict[str, dict]) -> StandingRules:
    """The rules file's text checked: YAML, its shape, its issuer, then every field; CampaignFileError with each
    problem at its field path, in Vietnamese."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise CampaignFileError(source, [("", "Tệp quy định lớn hơn 256 KB: tệp này không cần lớn như vậy.")])
    try:
        problem = _shape_problem(text)
        data = None if problem else yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        raise CampaignFileError(source, [("", yaml_problem(error))]) from None
    if problem:
        raise CampaignFileError(source, [("", problem)])
    data, problems = with_issuer(data, issuers)  # and the issuer's receiving office, unless the file names one
    if problems:
        raise CampaignFileError(source, problems)
    if isinstance(data, dict):
        data = {"source": source, **data}
    try:
        return RULES.validate_python(data)
    except ValidationError as error:
        problems = [(".".join(str(p) for p in issue["loc"]), problem_in_vietnamese(issue)) for issue in error.errors()]
        raise CampaignFileError(source, problems) from None


def standing_rules(issuer_code: str, issuers: dict[str, dict] | None = None) -> StandingRules | None:
    """The issuer's standing rules from campaigns/standing/<code>.yaml, or None when it has none."""
    path = STANDING_DIR / f"{issuer_code}.yaml"
    if not path.is_file():
        return None
    return parse_standing_rules(path.read_text(encoding="utf-8"), f"standing/{path.name}",
                                issuers if issuers is not None else repository_issuer_settings())
