"""A campaign's settings: the plan the People's Committee issued, read into rules the service runs.

Each plan is one YAML file in campaigns/: an emulation plan (`kind: emulation`) or an administrative
reform plan whose targets and reports units are assessed against (`kind: reform_plan`). Every setting
a plan is silent on has the default written here, and only here; a value marked "verify" is one the
law leaves to local rules or that was read only in secondary sources.
"""

import datetime as dt
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import BaseModel, Field, model_validator

from common.filetypes import ALL_TYPES, FileTypeCode
from common.text import VN_TZ, vn_date
from schemas.bonus_law import base_salary_on, decree_in_force
from schemas.deadlines import Deadlines
from schemas.directory import IssuerKind
from schemas.errors import user_error
from schemas.indicators import Indicator, plan_problems
from schemas.quotas import UnitQuotas
from schemas.ranking import Ranking
from schemas.registration import Registration
from schemas.rounds import MAX_ROUNDS, Round, check_rounds
from schemas.settings_base import (
    MAX_ITEMS,
    MAX_YEARS,
    Day,
    Multiple,
    Percent,
    Period,
    Ratio,
    Reminders,
    Settings,
    SubjectGroup,
)
from schemas.signing import Issuer, Signatures, Signer
from schemas.standards import Eligibility, SubjectStandards


class Letter(Settings):
    """A letter (Công văn) issued after the plan that sets its award rules, cited in the decision's grounds."""

    number: str = Field(min_length=1, max_length=50)  # "215/UBND-VHXH"
    date: Day
    issued_by: str | None = Field(None, min_length=1, max_length=200)  # None: the plan's issuer
    subject: str = Field(min_length=1, max_length=300)  # its trích yếu, printed after "về việc"


class Plan(Settings):
    number: str | None = None  # "101/KH-UBND"; a plan may leave it blank
    date: Day | None = None
    title: str
    period: Period
    grounds: list[str] = Field([], max_length=MAX_ITEMS)
    letters: list[Letter] = Field([], max_length=10)  # later letters that set the award rules, in date order

    @model_validator(mode="after")
    def letters_after_the_plan(self) -> "Plan":
        for letter in self.letters:
            if self.date and letter.date < self.date:
                raise ValueError(
                    f"Công văn số {letter.number} ngày {vn_date(letter.date)} trước ngày kế hoạch {vn_date(self.date)}: "
                    "căn cứ trước kế hoạch ghi ở grounds"
                )
        return self


class SubjectKind(Settings):
    code: str = Field(pattern=r"^[a-z0-9_]+$")  # "phong_chuyen_mon"
    name: str  # "Phòng chuyên môn"
    group: SubjectGroup


class Quota(Settings):
    group: SubjectGroup
    max: int | None = Field(None, ge=1, le=10_000)  # a number; with a share too, the smaller of the two
    # A share of the group's candidates before the council ("proposed") or of those taking part
    # ("participants": the registry's units of the kinds considered, or their active people), rounded down.
    share: Ratio | None = None  # "20/100": "không quá 20% số cá nhân được đề nghị"
    share_of: Literal["proposed", "participants"] = "proposed"
    # hard: the council's ranking cuts at the number; soft: it may be exceeded, only with a recorded reason.
    kind: Literal["hard", "soft"]

    @model_validator(mode="after")
    def a_limit(self) -> "Quota":
        if self.max is None and self.share is None:
            raise ValueError("chỉ tiêu cần một số (max) hoặc một tỉ lệ (share, ví dụ \"20/100\")")
        return self

    def share_number(self, basis: int) -> int:
        """`share` of `basis`, rounded down ("không quá 20%": a number rounded up would exceed it)."""
        return int(Fraction(self.share) * basis // 1)


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


class RequiredDocument(Settings):
    kind: str = Field(pattern=r"^[a-z0-9_]+$")  # "to_trinh"
    title: str  # "Tờ trình đề nghị khen thưởng"
    form: str | None = None  # "Mẫu số 01, Nghị định 152/2025/NĐ-CP"
    per: Literal["dossier", "nominee"]
    group: SubjectGroup | None = None  # for per-nominee documents: only nominees of this group
    # The kinds of file taken, told from their content (common/filetypes.py).
    file_types: list[FileTypeCode] = Field(default_factory=lambda: list(ALL_TYPES), min_length=1)
    copies: int = Field(1, ge=1, le=10)  # paper copies the unit sends (bản chính); none said: one (01 bộ)


def quorum_needed(quorum: str, members: int) -> int:
    """The fewest members present that make a quorum of `quorum` ("2/3") of `members`."""
    share = Fraction(quorum) * members
    return -(-share.numerator // share.denominator)  # ceiling


class MeetingRule(Settings):
    """How a unit's selection meeting decides (the plans are silent: the usual rule)."""

    # False: the plan asks for no meeting, so a dossier is submitted from its draft with its nominees as proposed
    # (a meeting the unit holds anyway is still recorded). The usual dossier has the minutes (biên bản xét khen
    # thưởng): docs/campaign-settings.md, MeetingRule.
    required: bool = True
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

    # False: the council does not sit; the office's tờ trình reports its appraisal straight to the head, who
    # decides (a one-off award where the issuer's standing rules say so: docs/one-off-awards.md).
    sits: bool = True
    quorum: Ratio = "2/3"  # members present, of all members
    threshold: Ratio = "1/2"
    threshold_inclusive: bool = False  # False: more than the threshold; True: at least (e.g. 80% for CSTĐ)
    # The votes counted against: "voting" = present plus absent members who sent a written opinion;
    # "members" = all members of the council.
    denominator: Literal["voting", "members"] = "voting"
    ranking: Ranking = Ranking()  # the chain that ranks candidates against a quota, ties (schemas/ranking.py)

    def quorum_needed(self, members: int) -> int:
        return quorum_needed(self.quorum, members)

    def approves(self, votes_for: int, voting: int, members: int) -> bool:
        basis = Fraction(self.threshold) * (voting if self.denominator == "voting" else members)
        return votes_for >= basis if self.threshold_inclusive else votes_for > basis


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
    # "once": one campaign; "yearly": one a year of the period; "rounds": a movement over several years, one
    # campaign per review (sơ kết, tổng kết) listed in `rounds` (schemas/rounds.py).
    recurrence: Literal["once", "yearly", "rounds"] = "once"
    rounds: list[Round] = Field([], max_length=MAX_ROUNDS)
    receiving_office: str
    subject_kinds: list[SubjectKind] = Field(min_length=1, max_length=MAX_ITEMS)
    standards: list[SubjectStandards] = Field([], max_length=MAX_ITEMS)
    # Indicators its standards name beyond the registry's catalogue (schemas/indicators.py), with unit and period.
    indicators: list[Indicator] = Field([], max_length=MAX_ITEMS)
    eligibility: Eligibility = Eligibility()
    award_forms: list[AwardForm] = Field(min_length=1, max_length=MAX_ITEMS)
    unit_quotas: UnitQuotas = []  # how many each unit may propose (schemas/quotas.py); none: no number per unit
    higher_award: HigherAward | None = None
    required_documents: list[RequiredDocument] = Field(max_length=MAX_ITEMS)
    deadlines: Deadlines = Deadlines()
    registration: Registration = Registration()  # đăng ký thi đua: none unless the plan asks (schemas/registration.py)
    unit_meeting: MeetingRule = MeetingRule()
    council: CouncilRule = CouncilRule()
    # The receiving office may lodge and fill in a dossier in a unit's name: a one-off award it raises
    # (db/one_off.py), units without accounts of their own (a village, an association).
    office_lodges: bool = False
    signer: Signer
    signatures: Signatures = Signatures()  # the capacity each document is signed in, where the plan differs
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
        problems = plan_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
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
        on_event = self.registration.on_event
        if on_event is not None and on_event.event not in self.deadlines.event_names():
            raise ValueError(f"hạn đăng ký thi đua tính từ mốc «{on_event.event}», mốc không có trong `deadlines.events`")
        if self.registration.days_after_plan is not None and self.plan.date is None:
            raise ValueError("hạn đăng ký thi đua tính từ ngày của kế hoạch (days_after_plan), nhưng kế hoạch chưa ghi ngày (plan.date)")
        if self.recurrence == "yearly":
            self._check_years()
        if (self.recurrence == "rounds") != bool(self.rounds):
            raise ValueError("kế hoạch nhiều đợt ghi recurrence: rounds cùng danh sách đợt (rounds), và chỉ khi đó")
        check_rounds(self.rounds, self.plan.period, {form.code for form in self.award_forms})
        return self

    def _check_years(self) -> None:
        """A yearly plan runs a campaign a year, each with its dates moved on: every one must exist."""
        start, end = self.plan.period.start.year, self.plan.period.end.year
        if end - start + 1 > MAX_YEARS:
            raise ValueError(f"kế hoạch hằng năm chạy nhiều nhất {MAX_YEARS} năm, kế hoạch này {end - start + 1} năm")
        for day in (*self.deadlines.fixed_days(), self.registration.deadline(self.plan.date)):
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
        deadlines = deadlines.moved_rules(shift)  # the `Deadline` rules' own days (schemas/deadlines.py)
        # The year's part of the plan's period: what its documents say was assessed, and the law of that year.
        whole = self.plan.period
        period = whole.model_copy(update={"start": max(whole.start, date(year, 1, 1)), "end": min(whole.end, date(year, 12, 31))})
        plan = self.plan.model_copy(update={"title": f"{self.plan.title} (năm {year})", "period": period})
        # The registration's deadline, a fixed day or days after the plan's date, moves on as a fixed day.
        registration = self.registration.model_copy(
            update={"before": moved(self.registration.deadline(self.plan.date)), "days_after_plan": None}
        )
        return self.model_copy(
            update={"code": f"{self.code}-{year}", "plan": plan, "deadlines": deadlines, "registration": registration}
        )

    def round_of(self, review: Round) -> "EmulationPlan":
        """One review of a movement as a campaign: its period assessed, its dates and its award forms."""
        plan = self.plan.model_copy(update={"title": f"{self.plan.title} ({review.name})", "period": review.period})
        forms = [form for form in self.award_forms if not review.award_forms or form.code in review.award_forms]
        return self.model_copy(update={
            "code": f"{self.code}-{review.code}", "plan": plan, "rounds": [review], "award_forms": forms,
            "deadlines": review.deadlines or self.deadlines, "achievement": review.achievement or self.achievement,
        })

    def periods(self) -> list["EmulationPlan"]:
        """The campaigns the plan runs: itself, one per year of its period for a yearly plan, or one per review
        of a movement."""
        if self.recurrence == "once":
            return [self]
        if self.recurrence == "rounds":
            return [self.round_of(review) for review in self.rounds]
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
            # A fixed deadline; one hanging on an event is read from the campaign once dated (workflows/dossier.py).
            submit_before=self.deadlines.first_late_day("submission"),
            unit_meeting=self.unit_meeting,
            supplement_working_days=self.deadlines.supplement_working_days,
            office_lodges=self.office_lodges,
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
    office_lodges: bool = False  # absent from the dossiers started before it could be set

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
