"""A draft of a campaign's settings: each field's values, each value with the sentence it was read from (page,
line, the sentence and the part of it that gave the value) and a confidence. A value without a source is refused
when it is made: nothing is drafted that the plan does not say."""

from dataclasses import asdict, dataclass, field
from typing import Any

from plan_reader.document import Document, Paragraph


class NoSource(ValueError):
    """A value drafted without the sentence it came from."""


@dataclass(frozen=True)
class Source:
    page: int
    line: int
    sentence: str  # the paragraph of the plan, as the reader holds it
    start: int  # the part of the sentence that gave the value
    end: int

    @classmethod
    def of(cls, paragraph: Paragraph, start: int = 0, end: int | None = None) -> "Source":
        return cls(paragraph.page, paragraph.line, paragraph.text, start, len(paragraph.text) if end is None else end)

    def quote(self) -> str:
        return self.sentence[self.start:self.end]

    def in_document(self, document: Document) -> bool:
        paragraph = document.at(self.page, self.line)
        return paragraph is not None and paragraph.text == self.sentence and 0 <= self.start < self.end <= len(self.sentence)


@dataclass(frozen=True)
class Value:
    value: Any  # what the settings file holds: a text, a date, a number, a mapping
    source: Source
    confidence: float  # 0..1: how sure the rule is

    def __post_init__(self) -> None:
        if not isinstance(self.source, Source) or not self.source.quote().strip():
            raise NoSource(f"giá trị «{self.value}» không có câu nguồn trong kế hoạch")
        if not 0 < self.confidence <= 1:
            raise ValueError("confidence is between 0 and 1")


@dataclass(frozen=True)
class FieldSpec:
    path: str  # "plan.number", "subject_kinds"
    label: str  # Vietnamese, for the page
    many: bool = False  # a list of values
    required: bool = False  # the loader refuses a plan without it


# Every field of an emulation plan the reader drafts, in the order of the settings file.
FIELDS = (
    FieldSpec("issuer", "Cơ quan ban hành (và cấp)", required=True),
    FieldSpec("plan.number", "Số kế hoạch"),
    FieldSpec("plan.date", "Ngày kế hoạch"),
    FieldSpec("plan.title", "Tên (trích yếu) kế hoạch", required=True),
    FieldSpec("plan.period", "Thời gian thi đua", required=True),
    FieldSpec("plan.grounds", "Căn cứ", many=True),
    FieldSpec("plan.letters", "Công văn ban hành sau kế hoạch", many=True),
    FieldSpec("recurrence", "Khen thưởng một lần, hằng năm hay theo đợt"),
    FieldSpec("rounds", "Các đợt sơ kết, tổng kết", many=True),
    FieldSpec("receiving_office", "Nơi nhận hồ sơ", required=True),
    FieldSpec("subject_kinds", "Đối tượng (tập thể, cá nhân)", many=True, required=True),
    FieldSpec("standards", "Tiêu chuẩn", many=True),
    FieldSpec("eligibility.record_kinds", "Chưa khen khi đang bị xem xét (kỷ luật, điều tra, …)", many=True),
    FieldSpec("eligibility.individual_rating_at_least", "Xếp loại cá nhân tối thiểu"),
    FieldSpec("eligibility.key_leader_discipline_bar", "Không khen tập thể có lãnh đạo chủ chốt bị kỷ luật từ mức"),
    FieldSpec("eligibility.one_award_per_achievement", "Một thành tích chỉ một hình thức khen"),
    FieldSpec("eligibility.award_interval_years", "Số năm tối thiểu giữa hai lần khen"),
    FieldSpec("eligibility.earlier_awards", "Khen thưởng đã có trước (ví dụ Giấy khen 02 năm liên tục)", many=True),
    FieldSpec("award_forms", "Hình thức khen thưởng", many=True, required=True),
    FieldSpec("quotas", "Số lượng (chỉ tiêu) khen thưởng", many=True),
    FieldSpec("unit_quotas", "Chỉ tiêu đề nghị của mỗi đơn vị", many=True),
    FieldSpec("higher_award", "Khen thưởng cấp trên đề nghị"),
    FieldSpec("registration", "Đăng ký thi đua"),
    FieldSpec("required_documents", "Hồ sơ đề nghị (và mẫu)", many=True, required=True),
    FieldSpec("deadlines.submit_before", "Hạn nộp hồ sơ"),
    FieldSpec("deadlines.appraisal", "Hạn thẩm định, trình Chủ tịch"),
    FieldSpec("signer.sign_as", "Thẩm quyền ký (TM., KT.)", required=True),
    FieldSpec("signer.title", "Chức vụ người ký", required=True),
    FieldSpec("signer.name", "Họ tên người ký", required=True),
    FieldSpec("signatures.decision", "Quyết định khen thưởng ký với tư cách (Chủ tịch hay tập thể UBND)"),
    FieldSpec("signatures.higher_proposal", "Tờ trình đề nghị cấp trên ký với tư cách (Chủ tịch hay tập thể UBND)"),
    FieldSpec("unit_meeting.required", "Đơn vị phải họp bình xét"),
    FieldSpec("unit_meeting.quorum", "Họp bình xét: số có mặt tối thiểu (phần của tổng số)"),
    FieldSpec("unit_meeting.majority", "Họp bình xét: được chọn khi số phiếu đồng ý trên"),
    FieldSpec("unit_meeting.majority_of", "Họp bình xét: tỷ lệ phiếu tính trên (người dự họp hay tổng số)"),
    FieldSpec("council.quorum", "Hội đồng TĐKT: số thành viên có mặt tối thiểu"),
    FieldSpec("council.threshold", "Hội đồng TĐKT: tỷ lệ phiếu đồng ý cần đạt"),
    FieldSpec("council.threshold_inclusive", "Hội đồng TĐKT: tính cả đúng bằng tỷ lệ (từ … trở lên)"),
    FieldSpec("council.denominator", "Hội đồng TĐKT: tỷ lệ tính trên (người biểu quyết hay tổng số thành viên)"),
    FieldSpec("bonus.base_salary_vnd", "Mức lương cơ sở tính tiền thưởng (đồng)"),
    FieldSpec("bonus.rounding_vnd", "Tiền thưởng làm tròn đến (đồng)"),
    FieldSpec("bonus_multiple", "Hệ số tiền thưởng theo lương cơ sở (tập thể, cá nhân)", many=True),
    FieldSpec("publicised_by", "Cơ quan tuyên truyền, công bố"),
    FieldSpec("achievement", "Thành tích ghi trong quyết định"),
)
# A reform plan's fields (kind: reform_plan): the plan's own, its targets, tasks and reports.
REFORM_FIELDS = (
    *FIELDS[:6],
    FieldSpec("targets", "Chỉ tiêu chủ yếu", many=True, required=True),
    FieldSpec("tasks", "Nhiệm vụ theo lĩnh vực và cơ quan chủ trì", many=True),
    FieldSpec("reports.to_office", "Nơi nhận báo cáo", required=True),
    FieldSpec("reports.quarterly", "Báo cáo hằng quý"),
    FieldSpec("reports.yearly", "Báo cáo năm"),
    FieldSpec("reports.due_before_day", "Hạn báo cáo: trước ngày … của tháng cuối quý"),
)
FIELDS_OF = {"emulation": FIELDS, "reform_plan": REFORM_FIELDS}
SPECS = {spec.path: spec for fields in FIELDS_OF.values() for spec in fields}


@dataclass
class Draft:
    document: Document
    values: dict[str, list[Value]] = field(default_factory=dict)
    kind: str = "emulation"  # or "reform_plan", told from the plan's sections (plan_reader/reform.py)

    def fields(self) -> tuple[FieldSpec, ...]:
        return FIELDS_OF[self.kind]

    def add(self, path: str, value: Value | None) -> None:
        if path not in SPECS:
            raise KeyError(path)
        if value is None or path not in {spec.path for spec in self.fields()}:
            return  # a field of the other kind of plan
        if not isinstance(value, Value):
            raise NoSource(f"{path}: giá trị không có câu nguồn")
        items = self.values.setdefault(path, [])
        if SPECS[path].many or not items:
            if value.value not in [v.value for v in items]:
                items.append(value)

    def get(self, path: str) -> list[Value]:
        return self.values.get(path, [])

    def first(self, path: str) -> Any:
        items = self.get(path)
        return items[0].value if items else None

    def missing(self) -> list[str]:
        """The fields the reader found nothing for: left empty, for the office to fill."""
        return [spec.path for spec in self.fields() if not self.get(spec.path)]

    def unsourced(self) -> list[tuple[str, Value]]:
        """The values whose source is not a sentence of the plan (must be none)."""
        return [(path, v) for path, items in self.values.items() for v in items if not v.source.in_document(self.document)]

    def as_dict(self) -> dict:
        return {path: [asdict(v) for v in items] for path, items in self.values.items()}
