"""The eligibility rules a nominee is checked against: pure functions of the plan, the subject and its records.

Where the rules come from (docs/domain.md §3, docs/plans.md):
- suspension while under review: no award while discipline is being considered, or an investigation, an
  inspection with signs of violation, a complaint or denunciation, or an issue raised by the press is being
  verified (NĐ 152/2025/NĐ-CP Điều 4 khoản 4); the kinds in force are the campaign's `record_kinds`;
- a conclusion that does not clear the subject (a founded complaint, …) bars the award for the period it
  concerns;
- after a disciplinary period ends, achievements count only from the day after its end;
- one achievement, one award (Luật Thi đua, khen thưởng 2022, Điều 5 khoản 2 điểm c): a past award of the
  same subject whose achievement period overlaps the one now assessed, whatever its campaign or form;
- the campaign's own bars: the yearly rating of individuals (Kẻ Sặt), the key leader's discipline
  (Hớn Quản), citizens' feedback (phản ánh, kiến nghị) where the plan adds it to its record kinds, the subject
  kinds it considers;
- the standards measured by an indicator (schemas/indicators.py): the figure the registry holds for the
  nominee's unit (or person) and the campaign's period, against the standard's threshold; a standard
  whose figure the registry does not hold is reported as not checked (rule "indicator_unchecked", a
  warning the appraiser sees: "chưa có số liệu"), never passed in silence.

No database and no clock here: the caller gathers the records (db/record_facts.py `read_registry`) and passes the
day. Each rule that applies gives either its findings ("warn", "block", "suspend") or one "pass" finding,
never both, so the record of a check shows what was looked at and what it found.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict

from common.text import fold, vn_date
from schemas.campaign import EmulationPlan
from schemas.indicators import Indicator, assess, definitions, figure_text, name_of, part_text
from schemas.settings_base import DisciplineForm, Rating, RecordKind, SubjectGroup
from schemas.standards import Standard

# --- vocabulary ------------------------------------------------------------------------------------

SUSPENDING_KINDS: tuple[str, ...] = get_args(RecordKind)
# Every kind of the registry: the suspending kinds (open while under review) and the facts that are
# concluded when recorded.
RegistryKind = Literal[
    "discipline_pending",
    "administrative_violation",
    "investigation",
    "inspection",
    "complaint",
    "press_issue",
    "feedback",  # phản ánh, kiến nghị (a kind a plan may add to its record kinds)
    "discipline",  # kỷ luật đã có quyết định: hình thức và thời hạn
    "rating",  # đánh giá, xếp loại cán bộ hằng năm
    "par_index",  # Chỉ số cải cách hành chính của đơn vị trong năm (%); also read as the indicator par_index_pct
    "indicator",  # a figure of a measured indicator for a unit or a person and a period (schemas/indicators.py)
    "initiative",  # sáng kiến được công nhận
    "award",  # khen thưởng đã nhận
]
REGISTRY_KINDS: tuple[str, ...] = get_args(RegistryKind)
RecordStatus = Literal["open", "concluded"]
Outcome = Literal["founded", "unfounded"]  # the conclusion: có căn cứ / vi phạm, or không có căn cứ / không vi phạm
Relation = Literal["person", "unit", "leader"]  # whose record: the individual, the collective, its key leader
Verdict = Literal["pass", "warn", "block", "suspend"]
RuleCode = Literal[
    "subject_kind",
    "person_link",
    "pending_records",
    "concluded_records",
    "rating_bar",
    "key_leader_discipline",
    "indicator",
    "indicator_unchecked",
    "one_award_per_achievement",
    "award_interval",
    "earlier_awards",
    "discipline_period",
]

KIND_NAMES: dict[str, str] = {
    "discipline_pending": "Xem xét kỷ luật",
    "administrative_violation": "Xử lý vi phạm hành chính",
    "investigation": "Điều tra, truy tố, xét xử",
    "inspection": "Thanh tra, kiểm tra có dấu hiệu vi phạm",
    "complaint": "Khiếu nại, tố cáo",
    "press_issue": "Vấn đề báo chí nêu",
    "feedback": "Phản ánh, kiến nghị",
    "discipline": "Kỷ luật",
    "rating": "Xếp loại cán bộ",
    "par_index": "Chỉ số cải cách hành chính (PAR INDEX)",
    "indicator": "Số liệu chỉ số, chỉ tiêu",
    "initiative": "Sáng kiến được công nhận",
    "award": "Khen thưởng đã nhận",
}
# An open record, as one line: "Khiếu nại, tố cáo đang xác minh".
OPEN_PHRASES: dict[str, str] = {
    "discipline_pending": "Đang xem xét thi hành kỷ luật",
    "administrative_violation": "Đang xem xét xử lý vi phạm hành chính",
    "investigation": "Đang bị điều tra, truy tố, xét xử",
    "inspection": "Đang thanh tra, kiểm tra khi có dấu hiệu vi phạm",
    "complaint": "Khiếu nại, tố cáo đang xác minh",
    "press_issue": "Vấn đề báo chí nêu đang xác minh",
    "feedback": "Phản ánh, kiến nghị đang xem xét, xử lý",
}
OUTCOME_NAMES: dict[str, str] = {"founded": "có căn cứ, có vi phạm", "unfounded": "không có căn cứ, không vi phạm"}
RATING_NAMES: dict[str, str] = {
    "hoan_thanh_xuat_sac": "Hoàn thành xuất sắc nhiệm vụ",
    "hoan_thanh_tot": "Hoàn thành tốt nhiệm vụ",
    "hoan_thanh": "Hoàn thành nhiệm vụ",
    "khong_hoan_thanh": "Không hoàn thành nhiệm vụ",
}
RATING_ORDER: dict[str, int] = {"khong_hoan_thanh": 0, "hoan_thanh": 1, "hoan_thanh_tot": 2, "hoan_thanh_xuat_sac": 3}
DISCIPLINE_NAMES: dict[str, str] = {
    "khien_trach": "khiển trách",
    "canh_cao": "cảnh cáo",
    "ha_bac_luong": "hạ bậc lương",
    "giang_chuc": "giáng chức",
    "cach_chuc": "cách chức",
    "buoc_thoi_viec": "buộc thôi việc",
}
DISCIPLINE_ORDER: dict[str, int] = {form: rank for rank, form in enumerate(get_args(DisciplineForm))}
RULE_NAMES: dict[str, str] = {
    "subject_kind": "Đối tượng của đợt thi đua",
    "person_link": "Đối chiếu hồ sơ cá nhân",
    "pending_records": "Đang bị xem xét, xác minh",
    "concluded_records": "Kết luận có vi phạm",
    "rating_bar": "Xếp loại cán bộ trong năm",
    "key_leader_discipline": "Kỷ luật của lãnh đạo chủ chốt",
    "indicator": "Chỉ tiêu đo được",
    "indicator_unchecked": "Tiêu chuẩn chưa kiểm tra được (chưa có số liệu)",
    "one_award_per_achievement": "Một thành tích, một hình thức khen thưởng",
    "award_interval": "Thời gian từ lần khen thưởng trước",
    "earlier_awards": "Khen thưởng đã có mà hình thức đề nghị đòi hỏi",
    "discipline_period": "Thời hạn kỷ luật",
}


# --- inputs and outputs ----------------------------------------------------------------------------


class SubjectFacts(BaseModel):
    """The nominee being checked: an individual (person_id) or a collective (unit_id, with its key leader)."""

    model_config = ConfigDict(frozen=True)

    group: SubjectGroup
    subject_kind: str
    name: str
    person_id: int | None = None
    unit_id: int | None = None
    leader_person_id: int | None = None
    # An individual tied to no person record, and not confirmed by an appraiser as without one: no record of
    # theirs can be read, so every rule below passes for want of records.
    unmatched: bool = False


class RecordFacts(BaseModel):
    """What the rules read of one registry record, and whose it is (`subject`)."""

    model_config = ConfigDict(frozen=True)

    id: int | None = None
    kind: RegistryKind
    subject: Relation = "person"
    status: RecordStatus = "concluded"
    outcome: Outcome | None = None
    discipline_form: DisciplineForm | None = None
    period_start: date | None = None  # the discipline's period, or the achievement period of an award
    period_end: date | None = None
    opened_on: date | None = None  # since when under consideration / being verified
    concluded_on: date | None = None
    year: int | None = None  # ratings, the PAR index and indicators
    rating: Rating | None = None
    value: float | None = None  # the PAR index, percent, or an indicator's figure
    indicator: str | None = None  # the indicator's code (kind "indicator")
    period_part: str | None = None  # "year", "h1", "h2", "q1".."q4" (schemas.indicators.PeriodPart)
    measure: str | None = None  # "pct", "points", "index"
    award_form: str | None = None
    decision_number: str | None = None
    decision_date: date | None = None
    achievement: str | None = None
    initiative_title: str | None = None
    recognised_by: str | None = None

    @property
    def is_open(self) -> bool:
        """Under consideration or being verified: only the suspending kinds are ever open."""
        return self.status == "open" and self.kind in SUSPENDING_KINDS

    @property
    def discipline(self) -> DisciplineForm | None:
        """The form of a concluded discipline: a discipline record, or a considered one that ended in one."""
        if self.kind == "discipline" or (self.kind == "discipline_pending" and self.status == "concluded"):
            return self.discipline_form
        return None


class Finding(BaseModel):
    """One rule's verdict on one nominee, with the records it rests on."""

    rule: RuleCode
    verdict: Verdict
    message: str
    record_ids: list[int] = []
    standard: str | None = None  # the standard's code, for indicator findings

    @property
    def key(self) -> tuple[str, str | None]:
        """A rule, or one standard of the indicator rule: each key has a pass, or findings, never both."""
        return (self.rule, self.standard)


# --- text --------------------------------------------------------------------------------------------


def _pct(value: float) -> str:
    """91.5 → "91,5%"; 90.0 → "90%"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def _span(start: date | None, end: date | None) -> str:
    if start and end:
        return f"{vn_date(start)} – {vn_date(end)}"
    if start:
        return f"từ {vn_date(start)}"
    if end:
        return f"đến {vn_date(end)}"
    return ""


def _ref(record: RecordFacts) -> str:
    return f" (bản ghi số {record.id})" if record.id is not None else ""


def describe(record: RecordFacts) -> str:
    """One Vietnamese line for a record: "Khiếu nại, tố cáo đang xác minh (từ 01/10/2025)",
    "Kỷ luật khiển trách (01/03/2025 – 31/08/2025)"."""
    kind = record.kind
    if kind in SUSPENDING_KINDS:
        if record.is_open:
            since = f" (từ {vn_date(record.opened_on)})" if record.opened_on else ""
            return f"{OPEN_PHRASES[kind]}{since}"
        if record.discipline:
            return describe(record.model_copy(update={"kind": "discipline"}))
        when = f" ngày {vn_date(record.concluded_on)}" if record.concluded_on else ""
        result = f": {OUTCOME_NAMES[record.outcome]}" if record.outcome else ""
        return f"{KIND_NAMES[kind]}: đã kết luận{when}{result}"
    if kind == "discipline":
        form = DISCIPLINE_NAMES.get(record.discipline_form or "", "(chưa ghi hình thức)")
        span = _span(record.period_start, record.period_end)
        return f"Kỷ luật {form}" + (f" ({span})" if span else "")
    if kind == "rating":
        rating = RATING_NAMES.get(record.rating or "", "(chưa ghi xếp loại)")
        return f"Xếp loại năm {record.year}: {rating}"
    if kind == "par_index":
        value = _pct(record.value) if record.value is not None else "(chưa ghi)"
        return f"Chỉ số cải cách hành chính năm {record.year}: {value}"
    if kind == "indicator":
        value = figure_text(record.value, measure=record.measure) if record.value is not None else "(chưa ghi)"
        return f"{name_of(record.indicator)} {part_text(record.year, record.period_part)}: {value}"
    if kind == "initiative":
        title = f" «{record.initiative_title}»" if record.initiative_title else ""
        by = f", công nhận bởi {record.recognised_by}" if record.recognised_by else ""
        return f"Sáng kiến{title} được công nhận{by}"
    # award
    text = record.award_form or "Khen thưởng"
    if record.decision_number:
        text += f" theo Quyết định số {record.decision_number}"
    if record.decision_date:
        text += f" ngày {vn_date(record.decision_date)}"
    details = [part for part in (record.achievement, _span(record.period_start, record.period_end)) if part]
    if details:
        text += f" (thành tích: {', '.join(details)})"
    return text


# --- the assessed period ------------------------------------------------------------------------------


def assessment_year(plan: EmulationPlan) -> int:
    """The year the rating and the indicators are read for.

    The plan's last year; for one year of a yearly plan (`period_of(year)` gives it the code
    "<code>-<year>" and keeps the whole plan's period), that year.
    """
    period = plan.plan.period
    if plan.recurrence == "yearly":
        suffix = plan.code.rsplit("-", 1)[-1]
        if suffix.isdigit() and period.start.year <= int(suffix) <= period.end.year:
            return int(suffix)
    return period.end.year


def assessment_period(plan: EmulationPlan, year: int | None = None) -> tuple[date, date]:
    """The achievement period being assessed: the plan's period, or its part in `year` for a yearly plan."""
    start, end = plan.plan.period.start, plan.plan.period.end
    if year is None and plan.recurrence == "yearly":
        year = assessment_year(plan)
    if year is not None:
        start, end = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
    return start, end


def _overlaps(start: date | None, end: date | None, period: tuple[date, date]) -> bool:
    """Inclusive; an unknown end is open."""
    return (start is None or start <= period[1]) and (end is None or end >= period[0])


def _latest(records: Iterable[RecordFacts]) -> RecordFacts | None:
    """The newest record (highest id): a later entry corrects an earlier one."""
    return max(records, key=lambda r: r.id if r.id is not None else -1, default=None)


# --- the rules -----------------------------------------------------------------------------------------


class _Check:
    """The findings of one evaluation: each rule adds its findings, or a pass when it found nothing."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def rule(
        self,
        rule: RuleCode,
        found: list[Finding],
        passed: str,
        standard: str | None = None,
        record_ids: list[int] | None = None,
    ) -> None:
        if found:
            self.findings.extend(found)
        else:
            self.findings.append(
                Finding(rule=rule, verdict="pass", message=passed, record_ids=record_ids or [], standard=standard)
            )


def _ids(records: Iterable[RecordFacts]) -> list[int]:
    return [r.id for r in records if r.id is not None]


def evaluate(
    plan: EmulationPlan,
    subject: SubjectFacts,
    records: list[RecordFacts],
    today: date,
    year: int | None = None,
) -> list[Finding]:
    """Every rule of the plan and the law that applies to `subject`, over its registry `records`.

    `records` are those of the subject (subject "person" for an individual, "unit" for a collective) and
    of a collective's key leader ("leader"); others are ignored. `year` overrides the assessed year
    (default: `assessment_year(plan)`). `today` dates the checks of what is still in force.
    """
    year = year or assessment_year(plan)
    period = assessment_period(plan, year if plan.recurrence == "yearly" else None)
    own: Relation = "person" if subject.group == "individual" else "unit"
    mine = [r for r in records if r.subject == own]
    leader = [r for r in records if r.subject == "leader"] if subject.group == "collective" else []
    check = _Check()
    in_period = f"kỳ xét {vn_date(period[0])} – {vn_date(period[1])}"

    # The subject kind the campaign considers.
    kind = next((k for k in plan.subject_kinds if k.code == subject.subject_kind), None)
    if kind is None or kind.group != subject.group:
        allowed = ", ".join(f"«{k.name}»" for k in plan.subject_kinds if k.group == subject.group) or "không có"
        check.rule(
            "subject_kind",
            [
                Finding(
                    rule="subject_kind",
                    verdict="block",
                    message=f"Đợt thi đua không xét đối tượng «{subject.subject_kind}» cho «{subject.name}»; "
                    f"đối tượng được xét: {allowed}.",
                )
            ],
            "",
        )
    else:
        check.rule("subject_kind", [], f"«{subject.name}» thuộc đối tượng «{kind.name}» của đợt thi đua.")

    # Whose records were read: an individual the registry cannot tell is warned about (appraisal waits for it).
    if subject.group == "individual":
        found = []
        if subject.unmatched:
            found.append(
                Finding(
                    rule="person_link",
                    verdict="warn",
                    message=f"«{subject.name}» chưa đối chiếu được với hồ sơ cá nhân (cần họ tên với ngày sinh, hoặc số "
                    "CCCD): chưa đọc được kỷ luật, xếp loại, khen thưởng của người này; cán bộ thẩm định đối chiếu "
                    "trước khi ghi Đạt.",
                )
            )
        passed = (
            f"Đã đối chiếu «{subject.name}» với hồ sơ cá nhân mã {subject.person_id}."
            if subject.person_id is not None
            else f"Cán bộ thẩm định xác nhận «{subject.name}» không có hồ sơ cá nhân trong danh sách."
        )
        check.rule("person_link", found, passed)

    kinds_in_force = [k for k in plan.eligibility.record_kinds]
    if kinds_in_force:
        # Open records of a kind in force: suspended until the conclusion.
        found = [
            Finding(
                rule="pending_records",
                verdict="suspend",
                message=f"{OPEN_PHRASES[r.kind]} đối với «{subject.name}»"
                + (f" từ ngày {vn_date(r.opened_on)}" if r.opened_on else " (chưa ghi ngày bắt đầu)")
                + f"{_ref(r)}: tạm dừng xét khen thưởng cho đến khi có kết luận.",
                record_ids=_ids([r]),
            )
            for r in mine
            if r.is_open and r.kind in kinds_in_force
        ]
        names = ", ".join(KIND_NAMES[k].lower() for k in kinds_in_force)
        check.rule("pending_records", found, f"Không có vụ việc nào đang xem xét, xác minh ({names}) đối với «{subject.name}».")

        # Concluded against the subject (other than by a discipline, which has its own rules).
        found = []
        for r in mine:
            if r.kind not in kinds_in_force or r.status != "concluded" or r.outcome != "founded" or r.discipline:
                continue
            start, end = r.opened_on or r.concluded_on, r.concluded_on or r.opened_on
            if start is None or _overlaps(start, end, period):
                when = f" ngày {vn_date(r.concluded_on)}" if r.concluded_on else ""
                found.append(
                    Finding(
                        rule="concluded_records",
                        verdict="block",
                        message=f"{KIND_NAMES[r.kind]} đối với «{subject.name}» đã kết luận{when} là có căn cứ, có vi "
                        f"phạm{_ref(r)}, trong {in_period}: không đủ điều kiện khen thưởng.",
                        record_ids=_ids([r]),
                    )
                )
        check.rule("concluded_records", found, f"Không có kết luận vi phạm nào đối với «{subject.name}» trong {in_period}.")

    # The yearly rating of individuals.
    bar = plan.eligibility.individual_rating_at_least
    if bar and subject.group == "individual":
        rating = _latest(r for r in mine if r.kind == "rating" and r.year == year and r.rating)
        found = []
        if rating is None:
            found.append(
                Finding(
                    rule="rating_bar",
                    verdict="warn",
                    message=f"«{subject.name}» chưa có xếp loại năm {year}; đợt thi đua yêu cầu «{RATING_NAMES[bar]}» trở lên.",
                )
            )
        elif RATING_ORDER[rating.rating] < RATING_ORDER[bar]:
            found.append(
                Finding(
                    rule="rating_bar",
                    verdict="block",
                    message=f"«{subject.name}» được xếp loại năm {year} là «{RATING_NAMES[rating.rating]}»{_ref(rating)}, "
                    f"dưới mức «{RATING_NAMES[bar]}» đợt thi đua yêu cầu.",
                    record_ids=_ids([rating]),
                )
            )
        passed = (
            f"Xếp loại năm {year}: «{RATING_NAMES[rating.rating]}», đạt mức «{RATING_NAMES[bar]}» trở lên."
            if rating
            else ""
        )
        check.rule("rating_bar", found, passed, record_ids=_ids([rating]) if rating else None)

    # The key leader's discipline (collectives).
    leader_bar = plan.eligibility.key_leader_discipline_bar
    if leader_bar and subject.group == "collective":
        found = []
        if subject.leader_person_id is None:
            found.append(
                Finding(
                    rule="key_leader_discipline",
                    verdict="warn",
                    message=f"Chưa xác định lãnh đạo chủ chốt của «{subject.name}» để kiểm tra kỷ luật "
                    f"(không khen tập thể có lãnh đạo chủ chốt bị kỷ luật từ mức {DISCIPLINE_NAMES[leader_bar]} trở lên).",
                )
            )
        for r in leader:
            form = r.discipline
            if form and DISCIPLINE_ORDER[form] >= DISCIPLINE_ORDER[leader_bar] and _overlaps(r.period_start, r.period_end, period):
                found.append(
                    Finding(
                        rule="key_leader_discipline",
                        verdict="block",
                        message=f"Lãnh đạo chủ chốt của «{subject.name}» bị kỷ luật {DISCIPLINE_NAMES[form]}"
                        + (f" ({_span(r.period_start, r.period_end)})" if r.period_start or r.period_end else "")
                        + f"{_ref(r)} trong {in_period}: không khen thưởng tập thể có lãnh đạo chủ chốt bị kỷ luật "
                        f"từ mức {DISCIPLINE_NAMES[leader_bar]} trở lên.",
                        record_ids=_ids([r]),
                    )
                )
            elif r.is_open and r.kind == "discipline_pending":
                found.append(
                    Finding(
                        rule="key_leader_discipline",
                        verdict="warn",
                        message=f"Lãnh đạo chủ chốt của «{subject.name}» đang bị xem xét kỷ luật"
                        + (f" từ ngày {vn_date(r.opened_on)}" if r.opened_on else "")
                        + f"{_ref(r)}: nếu bị kỷ luật từ mức {DISCIPLINE_NAMES[leader_bar]} trở lên, tập thể không được khen thưởng.",
                        record_ids=_ids([r]),
                    )
                )
        check.rule(
            "key_leader_discipline",
            found,
            f"Lãnh đạo chủ chốt của «{subject.name}» không bị kỷ luật từ mức {DISCIPLINE_NAMES[leader_bar]} trở lên trong {in_period}.",
        )

    # Standards measured by an indicator: the figure of the nominee's unit (or person) for the campaign's period.
    known = definitions(plan.indicators)
    for standard, mode in _indicator_standards(plan, subject.subject_kind):
        indicator = known.get(standard.indicator) or Indicator(code=standard.indicator, name=standard.indicator)
        whose: Relation = "person" if indicator.per == "person" else "unit"
        figures = [r for r in records if r.subject == whose]
        rule, verdict, message, record_id = assess(standard, mode, indicator, figures, subject, period)
        ids = [record_id] if record_id is not None else []
        found = [] if verdict == "pass" else [
            Finding(rule=rule, verdict=verdict, standard=standard.code, message=message, record_ids=ids)
        ]
        check.rule(rule, found, message if verdict == "pass" else "", standard=standard.code, record_ids=ids)

    # One achievement, one award.
    if plan.eligibility.one_award_per_achievement:
        found = []
        for r in mine:
            if r.kind != "award":
                continue
            if r.period_start or r.period_end:
                if _overlaps(r.period_start, r.period_end, period):
                    found.append(
                        Finding(
                            rule="one_award_per_achievement",
                            verdict="block",
                            message=f"«{subject.name}» đã được khen thưởng: {describe(r)}{_ref(r)}; thời gian thành tích "
                            f"trùng với {in_period}. Không khen thưởng nhiều lần, nhiều hình thức cho một thành tích.",
                            record_ids=_ids([r]),
                        )
                    )
            elif r.decision_date is None or period[0] <= r.decision_date <= period[1]:
                found.append(
                    Finding(
                        rule="one_award_per_achievement",
                        verdict="warn",
                        message=f"«{subject.name}» đã được khen thưởng: {describe(r)}{_ref(r)}, quyết định không ghi thời "
                        f"gian thành tích: cần đối chiếu để không khen hai lần cho một thành tích.",
                        record_ids=_ids([r]),
                    )
                )
        check.rule(
            "one_award_per_achievement",
            found,
            f"«{subject.name}» chưa được khen thưởng cho thành tích trong {in_period}.",
        )

    _award_history(check, plan, subject, [r for r in mine if r.kind == "award"], period)

    # After a disciplinary period, achievements count only from its end.
    found = []
    for r in mine:
        form = r.discipline
        if not form:
            continue
        if r.period_end is None:
            if r.period_start is None or r.period_start <= period[1]:
                found.append(
                    Finding(
                        rule="discipline_period",
                        verdict="block",
                        message=f"«{subject.name}» bị kỷ luật {DISCIPLINE_NAMES[form]}"
                        + (f" từ ngày {vn_date(r.period_start)}" if r.period_start else "")
                        + f"{_ref(r)}, chưa ghi ngày hết thời hạn kỷ luật: thành tích chỉ được tính từ ngày sau khi hết thời hạn.",
                        record_ids=_ids([r]),
                    )
                )
        elif r.period_end >= period[0]:
            counts_from = r.period_end + timedelta(days=1)
            still = " (đang trong thời hạn kỷ luật)" if r.period_end >= today and (r.period_start or today) <= today else ""
            found.append(
                Finding(
                    rule="discipline_period",
                    verdict="block",
                    message=f"«{subject.name}» bị kỷ luật {DISCIPLINE_NAMES[form]} ({_span(r.period_start, r.period_end)}){_ref(r)}"
                    f"{still}: thành tích chỉ được tính từ ngày {vn_date(counts_from)}, sau khi hết thời hạn kỷ luật.",
                    record_ids=_ids([r]),
                )
            )
    check.rule("discipline_period", found, f"«{subject.name}» không có thời hạn kỷ luật nào trong {in_period}.")

    return check.findings


def _years_before(day: date, years: int) -> date:
    return day.replace(year=day.year - years) if not (day.month == 2 and day.day == 29) else date(day.year - years, 2, 28)


def _award_history(check: "_Check", plan: EmulationPlan, subject: SubjectFacts, given: list[RecordFacts],
                   period: tuple[date, date]) -> None:
    """The interval since the last award of the plan's form, and the earlier awards it needs, as the plan sets."""
    form = plan.award_forms[0].name
    years = plan.eligibility.award_interval_years
    if years:
        last = max((r.decision_date for r in given if r.decision_date and fold(r.award_form or "") == fold(form)), default=None)
        found = []
        if last is not None and last > _years_before(period[1], years):
            found.append(Finding(
                rule="award_interval", verdict="block",
                message=f"«{subject.name}» đã được tặng {form} ngày {vn_date(last)}: kế hoạch đòi hỏi {years} năm "
                f"từ lần trước, tính đến hết kỳ xét {vn_date(period[1])}."))
        check.rule("award_interval", found, f"«{subject.name}» không được tặng {form} trong {years} năm trước.")
    for need in plan.eligibility.earlier_awards:
        since = _years_before(period[1], need.within_years) if need.within_years else date.min
        held = [r for r in given if fold(r.award_form or "").startswith(fold(need.award))
                and r.decision_date and since < r.decision_date <= period[1]]
        within = f" trong {need.within_years} năm đến hết kỳ xét" if need.within_years else ""
        found = [] if len(held) >= need.count else [Finding(
            rule="earlier_awards", verdict="block",
            message=f"«{subject.name}» có {len(held)} lần «{need.award}»{within}; {form} đòi hỏi ít nhất {need.count}.")]
        check.rule("earlier_awards", found, f"«{subject.name}» có {len(held)} lần «{need.award}»{within} (cần {need.count}).")


def _indicator_standards(plan: EmulationPlan, subject_kind: str) -> list[tuple[Standard, str]]:
    """The subject kind's standards measured by an indicator, with their group's mode."""
    return [
        (item, group.mode)
        for standards in plan.standards
        if subject_kind in standards.subject_kinds
        for group in standards.groups
        for item in group.items
        if item.kind == "indicator" and item.indicator
    ]


# --- reading findings ---------------------------------------------------------------------------------


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    """What bars the award outright."""
    return [f for f in findings if f.verdict == "block"]


def suspending(findings: Iterable[Finding]) -> list[Finding]:
    """What holds the nominee until a conclusion."""
    return [f for f in findings if f.verdict == "suspend"]


def warnings(findings: Iterable[Finding]) -> list[Finding]:
    """What the appraiser must look at and decide."""
    return [f for f in findings if f.verdict == "warn"]


def overall(findings: Iterable[Finding]) -> Verdict:
    """The strongest verdict: block (final) over suspend (until a conclusion) over warn over pass."""
    order = {"pass": 0, "warn": 1, "suspend": 2, "block": 3}
    return max((f.verdict for f in findings), key=order.__getitem__, default="pass")


def reasons(findings: Iterable[Finding]) -> list[str]:
    """The messages of what is not a pass, for a nominee's reasons."""
    return [f.message for f in findings if f.verdict != "pass"]
