"""A campaign's settings: the plan the People's Committee issued, read into rules the service runs.

Each plan is one YAML file in campaigns/: an emulation plan (`kind: emulation`) or an administrative
reform plan whose targets and reports units are assessed against (`kind: reform_plan`). Every setting
a plan is silent on has the default written here, and only here; a value marked "verify" is one the
law leaves to local rules or that was read only in secondary sources.
"""

import datetime as dt
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from common.filetypes import ALL_TYPES, FileTypeCode
from common.text import VN_TZ, nfc, refuse_invisible, vn_date
from schemas.bonus_law import base_salary_on, decree_in_force
from schemas.directory import IssuerKind
from schemas.errors import user_error

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

# Records that bar an award while open (NĐ 152/2025/NĐ-CP Điều 4 khoản 4; Luật TĐKT 2022).
RecordKind = Literal[
    "discipline_pending",  # đang xem xét thi hành kỷ luật
    "administrative_violation",  # đang xem xét xử lý vi phạm hành chính
    "investigation",  # đang điều tra, truy tố, xét xử
    "inspection",  # đang thanh tra, kiểm tra khi có dấu hiệu vi phạm
    "complaint",  # có đơn thư khiếu nại, tố cáo đang được xác minh
    "press_issue",  # vấn đề tham nhũng báo chí nêu đang được xác minh
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


class Issuer(Settings):
    """The issuer as the campaign was loaded. A settings file names it by code (`issuer: ke-sat`); loading
    writes in the directory's record of it (db/issuers.py), so the campaign's documents print what it was."""

    code: str | None = None  # None: a campaign loaded before issuers had records of their own
    name: str  # "Ủy ban nhân dân xã Kẻ Sặt"
    level: IssuerKind
    place: str  # the place name of the date line: "Kẻ Sặt"
    superior: str | None = None  # the body above, shown over the issuer in the header
    body_code: str = "UBND"  # the issuer's part of a document number: "12/QĐ-UBND"
    head_title: str = "Chủ tịch"  # its head's title: Chủ tịch, Giám đốc, Trưởng ban
    recipients: list[str] = Field([], max_length=MAX_ITEMS)  # Nơi nhận of its decisions, after "Như Điều 3"

    @property
    def is_committee(self) -> bool:
        """Whether the issuer is a People's Committee (a collective body whose Chairman signs "TM."), not a Sở,
        ban, ngành, whose head signs in his own name."""
        return self.level != IssuerKind.so_ban_nganh


class Period(Settings):
    start: Day
    end: Day

    @model_validator(mode="after")
    def ordered(self) -> "Period":
        if self.end < self.start:
            raise ValueError("ngày kết thúc (end) trước ngày bắt đầu (start)")
        return self


class Plan(Settings):
    number: str | None = None  # "101/KH-UBND"; a plan may leave it blank
    date: Day | None = None
    title: str
    period: Period
    grounds: list[str] = Field([], max_length=MAX_ITEMS)


class SubjectKind(Settings):
    code: str = Field(pattern=r"^[a-z0-9_]+$")  # "phong_chuyen_mon"
    name: str  # "Phòng chuyên môn"
    group: SubjectGroup


class Quota(Settings):
    group: SubjectGroup
    max: int = Field(ge=1, le=10_000)
    # hard: the council's ranking cuts at max; soft: max may be exceeded, only with a recorded reason.
    kind: Literal["hard", "soft"]


class AwardForm(Settings):
    code: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str  # "Giấy khen của Chủ tịch UBND xã"
    # The bonus as a multiple of the base salary, per group. None: the multiples of the decree in force on the
    # award date (schemas/bonus_law.py: NĐ 91/2017 Điều 73 khoản 1 điểm d, khoản 2 điểm b; verify: NĐ 98/2023's
    # and NĐ 152/2025's figures, not confirmed from their text, are the values kept, 0.15 / 0.3).
    bonus_multiple: dict[SubjectGroup, Multiple] | None = None
    quotas: list[Quota] = Field([], max_length=MAX_ITEMS)  # none: the plan sets no number

    def quota(self, group: SubjectGroup) -> Quota | None:
        return next((q for q in self.quotas if q.group == group), None)

    def multiple(self, group: SubjectGroup, level: IssuerKind, on: date | None) -> float:
        """The plan's own multiple for the group, or the one of the decree in force on the award date."""
        if self.bonus_multiple is not None:
            return self.bonus_multiple[group]
        return decree_in_force(on).giay_khen(level)[group]


class Standard(Settings):
    code: str
    text: str
    kind: Literal["claim", "indicator"] = "claim"  # a claim the unit states with evidence, or a measured figure
    indicator: str | None = None  # "satisfaction_pct", "par_index_pct", "on_time_pct", …
    threshold: Percent | None = None  # the figure must be at least this

    @model_validator(mode="after")
    def indicator_has_threshold(self) -> "Standard":
        if self.kind == "indicator" and (self.indicator is None or self.threshold is None):
            raise ValueError("tiêu chuẩn đo bằng chỉ số (kind: indicator) cần ghi `indicator` và `threshold`")
        return self


class StandardGroup(Settings):
    mode: Literal["all_of", "one_of"]
    items: list[Standard] = Field(min_length=1, max_length=MAX_ITEMS)


class SubjectStandards(Settings):
    subject_kinds: list[str] = Field(min_length=1, max_length=MAX_ITEMS)  # the codes these standards apply to
    groups: list[StandardGroup] = Field(min_length=1, max_length=MAX_ITEMS)


class Eligibility(Settings):
    """Bars on top of the open records: the checks of the disqualification rules read these."""

    record_kinds: list[RecordKind] = Field(LAW_RECORD_KINDS, max_length=MAX_ITEMS)
    individual_rating_at_least: Rating | None = None  # Kẻ Sặt: "hoan_thanh_tot"
    # Hớn Quản: no award to a collective whose key leader was disciplined at this form or above.
    key_leader_discipline_bar: DisciplineForm | None = None
    one_award_per_achievement: bool = True  # Luật TĐKT 2022 Điều 5 khoản 2 điểm c


class RequiredDocument(Settings):
    kind: str = Field(pattern=r"^[a-z0-9_]+$")  # "to_trinh"
    title: str  # "Tờ trình đề nghị khen thưởng"
    form: str | None = None  # "Mẫu số 01, Nghị định 152/2025/NĐ-CP"
    per: Literal["dossier", "nominee"]
    group: SubjectGroup | None = None  # for per-nominee documents: only nominees of this group
    # The kinds of file taken, told from their content (common/filetypes.py).
    file_types: list[FileTypeCode] = Field(default_factory=lambda: list(ALL_TYPES), min_length=1)


class EventDeadline(Settings):
    """A deadline set relative to an event whose date is entered later (Hớn Quản's PAR conference)."""

    event: str = Field(pattern=r"^[a-z0-9_]+$")
    event_name: str
    days_before: int = Field(ge=0, le=365)


class AppraisalDeadline(Settings):
    fixed: Day | None = None
    before_event: EventDeadline | None = None

    @model_validator(mode="after")
    def one_way(self) -> "AppraisalDeadline":
        if (self.fixed is None) == (self.before_event is None):
            raise ValueError("ghi một trong hai: `fixed` hoặc `before_event`")
        return self


class Deadlines(Settings):
    # "Trước ngày 05/12/2025": a dossier must arrive before this day begins, Vietnam time. None: no deadline.
    submit_before: Day | None = None
    appraisal: AppraisalDeadline | None = None
    reminder_days_before: Reminders = [7, 3, 1]
    supplement_working_days: WorkingDays = 5  # common practice for returning an incomplete dossier
    appraisal_working_days: WorkingDays = 20  # QĐ 638/QĐ-BNV/2025, commune level
    appraisal_escalation_working_days: WorkingDays = 3  # overdue this long: the office head is told
    signature_reminder_working_days: WorkingDays = 2  # the Chairman is reminded this often


def quorum_needed(quorum: str, members: int) -> int:
    """The fewest members present that make a quorum of `quorum` ("2/3") of `members`."""
    share = Fraction(quorum) * members
    return -(-share.numerator // share.denominator)  # ceiling


class MeetingRule(Settings):
    """How a unit's selection meeting decides (the plans are silent: the usual rule)."""

    quorum: Ratio = "2/3"  # of all members, present
    majority: Ratio = "1/2"  # more than this share votes for a nominee
    majority_of: Literal["present", "members"] = "present"

    def quorum_needed(self, members: int) -> int:
        return quorum_needed(self.quorum, members)

    def is_selected(self, votes: int, present: int, members: int) -> bool:
        basis = present if self.majority_of == "present" else members
        return Fraction(votes) > Fraction(self.majority) * basis


class CouncilRule(Settings):
    """The commune council (Hội đồng TĐKT): local rules, so settings (domain.md §3)."""

    quorum: Ratio = "2/3"  # members present, of all members
    threshold: Ratio = "1/2"
    threshold_inclusive: bool = False  # False: more than the threshold; True: at least (e.g. 80% for CSTĐ)
    # The votes counted against: "voting" = present plus absent members who sent a written opinion;
    # "members" = all members of the council.
    denominator: Literal["voting", "members"] = "voting"

    def quorum_needed(self, members: int) -> int:
        return quorum_needed(self.quorum, members)

    def approves(self, votes_for: int, voting: int, members: int) -> bool:
        basis = Fraction(self.threshold) * (voting if self.denominator == "voting" else members)
        return votes_for >= basis if self.threshold_inclusive else votes_for > basis


class Signer(Settings):
    sign_as: Literal["TM", "KT"]  # the head ("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", "GIÁM ĐỐC"), or a deputy ("KT. …")
    title: str  # "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "GIÁM ĐỐC"
    name: str

    def titles(self, issuer: Issuer, for_body: bool = False) -> list[str]:
        """The lines above the signer's name (NĐ 30/2020/NĐ-CP, Phụ lục I: "TM." before the collective body a
        head signs for, "KT." before the head's title when a deputy signs for him).

        A People's Committee is a collective body: its Chairman signs "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"; a deputy
        signs a decision and its certificates "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", and a document of the Committee as
        a body (`for_body`: the proposal to the higher level) keeps "TM. ỦY BAN NHÂN DÂN" above it, as the An
        Hải plan signs. A Sở, ban, ngành is headed by one person: its Giám đốc signs "GIÁM ĐỐC", a deputy
        "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC", with no collective line.
        """
        on_behalf = ["TM. ỦY BAN NHÂN DÂN"] if issuer.is_committee else []
        if self.sign_as == "TM":
            return [*on_behalf, self.title]
        head = unicodedata.normalize("NFC", issuer.head_title.upper())
        return [*(on_behalf if for_body else []), f"KT. {head}", self.title]


class HigherAward(Settings):
    """An award the council may propose to a higher level (An Hải: the city Chairman's Bằng khen)."""

    name: str
    decided_by: str


class Bonus(Settings):
    # The base salary (mức lương cơ sở). None: the one in force on the award date (schemas/bonus_law.py:
    # 1.490.000 from 1/7/2019, NĐ 38/2019; 1.800.000 from 1/7/2023, NĐ 24/2023; 2.340.000 from 1/7/2024, NĐ 73/2024).
    base_salary_vnd: int | None = Field(None, ge=1, le=1_000_000_000)
    rounding_vnd: int = Field(1_000, ge=1, le=1_000_000)  # amounts rounded half up to this (verify: local finance rules)

    def base_salary(self, on: date | None = None) -> int:
        """The plan's own base salary, or the one in force on the day (None: the latest)."""
        return self.base_salary_vnd if self.base_salary_vnd is not None else base_salary_on(on).vnd

    def amount(self, multiple: float, on: date | None = None) -> int:
        exact = Decimal(self.base_salary(on)) * Decimal(str(multiple)) / self.rounding_vnd
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)) * self.rounding_vnd


class EmulationPlan(Settings):
    kind: Literal["emulation"] = "emulation"
    code: str = Field(pattern=r"^[a-z0-9-]+$")
    source: str  # the seed file the settings were read from
    issuer: Issuer
    plan: Plan
    recurrence: Literal["once", "yearly"] = "once"
    receiving_office: str
    subject_kinds: list[SubjectKind] = Field(min_length=1, max_length=MAX_ITEMS)
    standards: list[SubjectStandards] = Field([], max_length=MAX_ITEMS)
    eligibility: Eligibility = Eligibility()
    award_forms: list[AwardForm] = Field(min_length=1, max_length=MAX_ITEMS)
    higher_award: HigherAward | None = None
    required_documents: list[RequiredDocument] = Field(max_length=MAX_ITEMS)
    deadlines: Deadlines = Deadlines()
    unit_meeting: MeetingRule = MeetingRule()
    council: CouncilRule = CouncilRule()
    signer: Signer
    bonus: Bonus = Bonus()
    publicised_by: str | None = None
    # What the awardees did, as the decision (Điều 1) and the certificates write it after their names:
    # "đã có thành tích xuất sắc trong công tác cải cách hành chính 6 tháng cuối năm 2025". None: from the title.
    achievement: str | None = None

    def bonus_vnd(self, form: AwardForm, group: SubjectGroup, on: date | None) -> int:
        """An awardee's bonus by the law in force on the award date `on` (the decision's signing date), unless
        the plan sets its own multiples or base salary."""
        return self.bonus.amount(form.multiple(group, self.issuer.level, on), on)

    def achievement_text(self) -> str:
        """The achievement as set, or "đã có thành tích xuất sắc trong thực hiện Kế hoạch <the plan's title>"."""
        title = self.plan.title
        return self.achievement or f"đã có thành tích xuất sắc trong thực hiện Kế hoạch {title[:1].lower()}{title[1:]}"

    @model_validator(mode="after")
    def references_exist(self) -> "EmulationPlan":
        kinds = {k.code for k in self.subject_kinds}
        for standards in self.standards:
            unknown = set(standards.subject_kinds) - kinds
            if unknown:
                raise ValueError(f"tiêu chuẩn nêu đối tượng không có trong subject_kinds: {', '.join(sorted(unknown))}")
        groups = {k.group for k in self.subject_kinds}
        for form in self.award_forms:
            for quota in form.quotas:
                if quota.group not in groups:
                    raise ValueError(
                        f"hình thức {form.code} có chỉ tiêu cho nhóm {quota.group}, nhóm mà kế hoạch không xét"
                    )
            unpaid = groups - set(form.bonus_multiple) if form.bonus_multiple is not None else set()
            if unpaid:
                raise ValueError(f"hình thức {form.code} không có hệ số tiền thưởng (bonus_multiple) cho nhóm {', '.join(sorted(unpaid))}")
        if self.recurrence == "yearly":
            self._check_years()
        return self

    def _check_years(self) -> None:
        """A yearly plan runs a campaign a year, each with its dates moved on: every one must exist."""
        start, end = self.plan.period.start.year, self.plan.period.end.year
        if end - start + 1 > MAX_YEARS:
            raise ValueError(f"kế hoạch hằng năm chạy nhiều nhất {MAX_YEARS} năm, kế hoạch này {end - start + 1} năm")
        appraisal = self.deadlines.appraisal
        for day in (self.deadlines.submit_before, appraisal and appraisal.fixed):
            if day and (day.month, day.day) == (2, 29):
                raise ValueError(f"kế hoạch hằng năm không ghi hạn ngày 29/02 ({vn_date(day)}): năm thường không có ngày này")

    def period_of(self, year: int) -> "EmulationPlan":
        """A yearly campaign's settings for one year: its dates moved on from the first year's."""
        if self.recurrence != "yearly":
            raise ValueError(f"{self.code} is not a yearly campaign")
        shift = year - self.plan.period.start.year

        def moved(day: date | None) -> date | None:
            return day and day.replace(year=day.year + shift)

        appraisal = self.deadlines.appraisal
        if appraisal and appraisal.fixed:
            appraisal = appraisal.model_copy(update={"fixed": moved(appraisal.fixed)})
        deadlines = self.deadlines.model_copy(
            update={"submit_before": moved(self.deadlines.submit_before), "appraisal": appraisal}
        )
        plan = self.plan.model_copy(update={"title": f"{self.plan.title} (năm {year})"})
        return self.model_copy(update={"code": f"{self.code}-{year}", "plan": plan, "deadlines": deadlines})

    def periods(self) -> list["EmulationPlan"]:
        """The campaigns the plan runs: itself, or one per year of its period for a yearly plan."""
        if self.recurrence == "once":
            return [self]
        return [self.period_of(year) for year in range(self.plan.period.start.year, self.plan.period.end.year + 1)]

    def with_deadline(self, code: str, submit_before: date | None) -> "EmulationPlan":
        """A copy under another code with another submission deadline: rehearsals and tests."""
        deadlines = self.deadlines.model_copy(update={"submit_before": submit_before})
        return self.model_copy(update={"code": code, "deadlines": deadlines})

    def dossier_rules(self) -> "DossierRules":
        return DossierRules(
            campaign_code=self.code,
            campaign_title=self.plan.title,
            subject_kinds=self.subject_kinds,
            required_documents=self.required_documents,
            submit_before=self.deadlines.submit_before,
            unit_meeting=self.unit_meeting,
            supplement_working_days=self.deadlines.supplement_working_days,
        )


class Target(Settings):
    code: str
    text: str
    indicator: str | None = None
    threshold: Percent | None = None  # at least, in the indicator's unit (every indicator is a percentage)


class ReformTask(Settings):
    area: str  # one of the 7 CCHC areas
    owner: str  # the office responsible


class ReportSchedule(Settings):
    """Each unit's periodic reform reports and when they are due."""

    to_office: str
    quarterly: bool = True
    yearly: bool = True
    # Due before this day of the last month of each quarter; the yearly report with the fourth quarter's.
    due_before_day: int = Field(10, ge=1, le=28)
    reminder_days_before: Reminders = [7, 3, 1]


class ReformPlan(Settings):
    kind: Literal["reform_plan"]
    code: str = Field(pattern=r"^[a-z0-9-]+$")
    source: str
    issuer: Issuer
    plan: Plan
    targets: list[Target] = Field(min_length=1, max_length=MAX_ITEMS)
    tasks: list[ReformTask] = Field([], max_length=MAX_ITEMS)
    reports: ReportSchedule


CampaignFile = Annotated[EmulationPlan | ReformPlan, Field(discriminator="kind")]


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

    def is_late(self, moment: dt.datetime) -> bool:
        """"Before 05/12/2025" means before that day begins in Vietnam: on the day itself is late."""
        return self.submit_before is not None and moment.astimezone(VN_TZ).date() >= self.submit_before

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
