"""Who may take which action on a dossier, and when: the roles, the dossier's stages and its nominees' statuses,
the actions table (roles, stages, own unit only) and the checks every door applies with it, the dossier
workflow's validators (workflows/dossier.py) and the web's (web/unit_actions.py, web/uploads.py).
"""

from dataclasses import dataclass
from enum import StrEnum

from pydantic import BaseModel

from schemas.errors import user_error


class Role(StrEnum):
    unit_head = "unit_head"
    appraiser = "appraiser"
    office_head = "office_head"
    council_secretary = "council_secretary"
    council_member = "council_member"
    chairman = "chairman"
    deputy_chairman = "deputy_chairman"  # signs "KT. CHỦ TỊCH" (or KT. GIÁM ĐỐC) where the plan says so
    communications = "communications"
    admin = "admin"  # of one issuer: its units, people and users
    super_admin = "super_admin"  # of the whole service: creates issuers and their first admin


ROLE_NAMES = {
    Role.unit_head: "Thủ trưởng đơn vị",
    Role.appraiser: "Cán bộ thẩm định",
    Role.office_head: "Trưởng phòng Văn hóa - Xã hội",
    Role.council_secretary: "Thư ký Hội đồng Thi đua - Khen thưởng",
    Role.council_member: "Thành viên Hội đồng Thi đua - Khen thưởng",
    Role.chairman: "Chủ tịch UBND",
    Role.deputy_chairman: "Phó Chủ tịch (ký thay Chủ tịch)",
    Role.communications: "Bộ phận truyền thông",
    Role.admin: "Quản trị của cơ quan",
    Role.super_admin: "Quản trị hệ thống",
}


class Stage(StrEnum):
    draft = "draft"
    minutes_recorded = "minutes_recorded"
    submitted = "submitted"
    under_appraisal = "under_appraisal"
    supplement_requested = "supplement_requested"
    appraised = "appraised"
    in_council = "in_council"
    decided = "decided"
    signed = "signed"
    recognised = "recognised"
    rejected = "rejected"
    withdrawn = "withdrawn"
    lapsed = "lapsed"


STAGE_NAMES = {
    Stage.draft: "Đang lập hồ sơ",
    Stage.minutes_recorded: "Đã có biên bản họp bình xét",
    Stage.submitted: "Đã nộp",
    Stage.under_appraisal: "Đang thẩm định",
    Stage.supplement_requested: "Chờ bổ sung",
    Stage.appraised: "Đã thẩm định",
    Stage.in_council: "Hội đồng đang xét",
    Stage.decided: "Hội đồng đã biểu quyết",
    Stage.signed: "Đã ký quyết định",
    Stage.recognised: "Đã công bố",
    Stage.rejected: "Không được khen thưởng",
    Stage.withdrawn: "Đã rút hồ sơ",
    Stage.lapsed: "Quá hạn bổ sung",
}

FINAL_STAGES = {Stage.recognised, Stage.rejected, Stage.withdrawn, Stage.lapsed}


class NomineeStatus(StrEnum):
    proposed = "proposed"
    selected = "selected"
    not_selected = "not_selected"
    passed = "passed"
    failed = "failed"
    approved = "approved"
    not_approved = "not_approved"
    awarded = "awarded"
    suspended = "suspended"  # a record under review: held where it was until the record is concluded
    disqualified = "disqualified"


NOMINEE_STATUS_NAMES = {
    NomineeStatus.proposed: "Được đề xuất",
    NomineeStatus.selected: "Được đơn vị bình xét",
    NomineeStatus.not_selected: "Không đủ phiếu bình xét",
    NomineeStatus.passed: "Đạt thẩm định",
    NomineeStatus.failed: "Không đạt thẩm định",
    NomineeStatus.approved: "Hội đồng đề nghị khen thưởng",
    NomineeStatus.not_approved: "Hội đồng không đề nghị",
    NomineeStatus.awarded: "Được khen thưởng",
    NomineeStatus.suspended: "Tạm dừng xét (đang xem xét, xác minh)",
    NomineeStatus.disqualified: "Không đủ điều kiện khen thưởng",
}


@dataclass(frozen=True)
class Action:
    """Who may take an action, at which stages, and whether only on their own unit's dossier."""

    name: str  # as the history shows it
    roles: frozenset[Role]
    stages: frozenset[Stage]
    own_unit: bool = False


def _action(name: str, roles: set[Role], stages: set[Stage], own_unit: bool = False) -> Action:
    return Action(name, frozenset(roles), frozenset(stages), own_unit)


APPRAISERS = {Role.appraiser, Role.office_head}
ACTIONS: dict[str, Action] = {
    "create": _action("Lập hồ sơ", {Role.unit_head}, set(), own_unit=True),
    "add_nominee": _action("Thêm người được đề nghị", {Role.unit_head}, {Stage.draft}, own_unit=True),
    "record_minutes": _action(
        "Ghi biên bản họp bình xét", {Role.unit_head}, {Stage.draft, Stage.minutes_recorded}, own_unit=True
    ),
    "attach_document": _action(
        "Đính kèm tài liệu",
        {Role.unit_head},
        {Stage.draft, Stage.minutes_recorded, Stage.supplement_requested},
        own_unit=True,
    ),
    # From the draft only where the plan asks for no unit meeting (MeetingRule.required): the validator decides.
    "submit": _action("Nộp hồ sơ", {Role.unit_head}, {Stage.draft, Stage.minutes_recorded}, own_unit=True),
    "start_appraisal": _action("Tiếp nhận, bắt đầu thẩm định", APPRAISERS, {Stage.submitted}),
    # Also once appraised, until the council: for a nominee that resumed after a suspension.
    "appraise": _action("Thẩm định", APPRAISERS, {Stage.under_appraisal, Stage.appraised}),
    "request_supplement": _action("Yêu cầu bổ sung hồ sơ", APPRAISERS, {Stage.under_appraisal}),
    "link_person": _action("Đối chiếu hồ sơ cá nhân", APPRAISERS, {Stage.under_appraisal, Stage.appraised}),
    "supplement": _action("Bổ sung hồ sơ", {Role.unit_head}, {Stage.supplement_requested}, own_unit=True),
    # The unit corrects its work (workflows/dossier_corrections.py): its nominees until submission (in a
    # supplement, their achievement summary only), its files until submission and in a supplement.
    "edit_nominee": _action(
        "Sửa thông tin người được đề nghị",
        {Role.unit_head},
        {Stage.draft, Stage.minutes_recorded, Stage.supplement_requested},
        own_unit=True,
    ),
    "remove_nominee": _action(
        "Xóa người được đề nghị", {Role.unit_head}, {Stage.draft, Stage.minutes_recorded}, own_unit=True
    ),
    "remove_document": _action(
        "Gỡ bỏ tài liệu",
        {Role.unit_head},
        {Stage.draft, Stage.minutes_recorded, Stage.supplement_requested},
        own_unit=True,
    ),
    "replace_document": _action(
        "Thay tài liệu",
        {Role.unit_head},
        {Stage.draft, Stage.minutes_recorded, Stage.supplement_requested},
        own_unit=True,
    ),
    # Until the office starts the appraisal: the dossier goes back to the unit, to correct and submit again.
    "recall": _action("Rút lại hồ sơ đã nộp để sửa", {Role.unit_head}, {Stage.submitted}, own_unit=True),
    "withdraw": _action(
        "Rút hồ sơ",
        {Role.unit_head},
        {
            Stage.draft,
            Stage.minutes_recorded,
            Stage.submitted,
            Stage.under_appraisal,
            Stage.supplement_requested,
            Stage.appraised,
        },
        own_unit=True,
    ),
    # facts from the registry of records, and the checks the service runs
    "record_opened": _action("Ghi nhận vụ việc đang xem xét", set(), set(Stage)),
    "record_concluded": _action("Vụ việc đã có kết luận", set(), set(Stage)),
    "eligibility_check": _action("Kiểm tra điều kiện khen thưởng", set(), set(Stage)),
    # facts the campaign workflow sends
    "extend_deadline": _action("Gia hạn nộp hồ sơ", set(), {Stage.draft, Stage.minutes_recorded}),
    # A new version of the campaign's settings, or an event's date that moves the deadline: any stage before the end.
    "rules_changed": _action("Cấu hình đợt thi đua thay đổi", set(), set(Stage) - FINAL_STAGES),
    "council_opened": _action("Trình Hội đồng Thi đua - Khen thưởng", set(), {Stage.appraised}),
    "council_outcome": _action("Kết quả biểu quyết của Hội đồng", set(), {Stage.in_council}),
    "decision_signed": _action("Quyết định khen thưởng được ký", set(), {Stage.decided}),
    "recognised": _action("Công bố, tôn vinh", set(), {Stage.signed}),
    "lapse": _action("Quá hạn bổ sung", set(), {Stage.supplement_requested}),
}


def for_unit_by_office(action: str, role: Role, office_lodges: bool) -> bool:
    """Whether the office takes one of a unit's own actions in the unit's name, where the campaign lets it
    (EmulationPlan.office_lodges): the history names the officer who did."""
    return office_lodges and ACTIONS[action].own_unit and role in APPRAISERS


def check_actor(action: str, actor: "Actor", unit_id: int, office_lodges: bool) -> None:
    """Role, then unit, of whoever takes `action` on a dossier of `unit_id`: refused as the workflow's validators
    refuse (WRONG_ROLE, OTHER_UNIT), the office let through where it lodges in the unit's name."""
    rule = ACTIONS[action]
    if for_unit_by_office(action, actor.role, office_lodges):
        return
    if actor.role not in rule.roles:
        raise user_error("WRONG_ROLE", role=ROLE_NAMES[actor.role], action=rule.name)
    if rule.own_unit and actor.unit_id != unit_id:
        raise user_error("OTHER_UNIT")


def wrong_stage(action: str, stage: Stage, stages: set[Stage] | None = None) -> dict[str, str]:
    """The details of a WRONG_STAGE refusal: where the dossier is and where the action would apply (`stages`:
    where it applies for this dossier, when its plan narrows the action's stages)."""
    rule = ACTIONS[action]
    allowed = rule.stages if stages is None else stages
    return {
        "action": rule.name,
        "stage": stage.value,
        "stage_name": STAGE_NAMES[stage],
        "allowed": ", ".join(f"«{STAGE_NAMES[s]}»" for s in Stage if s in allowed),
    }


class Actor(BaseModel):
    """Who acts, as the API authenticated them: validators check role and unit against the stage."""

    user_id: int
    name: str
    role: Role
    unit_id: int | None = None
