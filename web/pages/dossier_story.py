"""The story a dossier's page tells: its steps from the unit's nominees to the recognition (where it is, what is
done), the next action of its stage, a short help per section; and, before it is sent, what a submission would
find: the documents present and missing against the plan's list and each nominee's eligibility checks, read from
the database as the submission's check reads them (no workflow runs, nothing is written)."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from common.text import VN_TZ
from db import models
from db.record_facts import findings_by_nominee
from schemas.campaign import EmulationPlan
from schemas.dossier import DossierState, Nominee
from schemas.dossier_actions import STAGE_NAMES, NomineeStatus, Stage
from schemas.eligibility import Finding

MINUTES_DOCUMENT = "bien_ban_hop"  # as workflows/dossier_terms.py: a plan without a meeting asks none of it

# The steps, in order: (code, name). "minutes" only where the plan asks for the unit's meeting.
STEPS = [
    ("nominees", "Tập thể, cá nhân đề nghị"),
    ("minutes", "Biên bản họp bình xét"),
    ("documents", "Tài liệu"),
    ("submitted", "Nộp hồ sơ"),
    ("appraisal", "Thẩm định"),
    ("council", "Hội đồng xét"),
    ("decision", "Quyết định"),
    ("recognition", "Công bố"),
]
# The step each stage reached is the last one done at (the steps before it are done too).
DONE_AT = {
    Stage.submitted: "submitted",
    Stage.under_appraisal: "submitted",
    Stage.supplement_requested: "submitted",
    Stage.appraised: "appraisal",
    Stage.in_council: "appraisal",
    Stage.decided: "council",
    Stage.signed: "decision",
    Stage.recognised: "recognition",
}
ENDED = {Stage.rejected, Stage.withdrawn, Stage.lapsed}

# One or two plain sentences per section of the page: what it is, what to do.
HELP = {
    "steps": "Các bước của hồ sơ, từ lúc lập đến khi công bố khen thưởng. Bước đang làm được tô đậm.",
    "nominees": "Danh sách tập thể, cá nhân đơn vị đề nghị khen thưởng. Khi đang lập hồ sơ, thêm từng người ở khung «Thêm tập thể, cá nhân».",
    "checks": "Kết quả kiểm tra điều kiện và thành phần hồ sơ ngay trên bản đang lập, như khi nộp. Cảnh báo không chặn việc nộp, nhưng nên xem lại trước khi nộp.",
    "submit": "Khi đủ tài liệu, bấm «Nộp hồ sơ» để xem lại bản tóm tắt rồi xác nhận nộp.",
    "recall": "Cần sửa hồ sơ đã nộp? Đơn vị rút lại được cho đến khi cơ quan thẩm định tiếp nhận; ghi lý do, sửa xong thì nộp lại.",
    "supplement": "Cơ quan thẩm định yêu cầu bổ sung: đính kèm các tài liệu được yêu cầu, rồi bấm «Gửi bổ sung» trước hạn.",
    "start_appraisal": "Hồ sơ đơn vị đã nộp, chờ tiếp nhận. Tiếp nhận để bắt đầu thẩm định; từ đó đơn vị không rút lại được nữa.",
    "supplement_request": "Hồ sơ còn thiếu hoặc chưa đúng: ghi từng nội dung cần bổ sung, mỗi dòng một nội dung; đơn vị được báo qua thư.",
    "check_results": "Kết quả các lần kiểm tra điều kiện khen thưởng theo hồ sơ theo dõi (kỷ luật, vụ việc, chỉ tiêu).",
    "history": "Mọi việc đã làm trên hồ sơ, ai làm và lúc nào, theo thứ tự thời gian.",
}


@dataclass
class Step:
    code: str
    name: str
    state: str  # "done", "current", "todo", or "stopped" (the dossier ended there)
    note: str | None = None


@dataclass
class DocumentLine:
    kind: str
    title: str
    owner: str | None  # a nominee's name, or None for the whole dossier
    nominee_key: str | None = None
    files: list[str] = field(default_factory=list)


def _going_in(state: DossierState) -> list[Nominee]:
    """The nominees a submission sends now (as the workflow's _going_in): those selected at the meeting or, from a
    draft without one, those proposed; one held by a record counts where it was."""
    wanted = {NomineeStatus.selected, NomineeStatus.proposed} if state.stage == Stage.draft else {NomineeStatus.selected}
    return [
        n for n in state.nominees
        if n.status in wanted or (n.status == NomineeStatus.suspended and n.suspended_from in wanted)
    ]


def document_lines(plan: EmulationPlan, state: DossierState, documents: list) -> list[DocumentLine]:
    """Each document the plan asks of this dossier (per dossier, and per nominee going in), with its files: as the
    submission's check (workflows/dossier.py _check_documents) counts them."""
    attached: dict[tuple[str, str | None], list[str]] = {}
    for document in documents:
        attached.setdefault((document.kind, document.nominee_key), []).append(document.filename)
    no_minutes = not plan.unit_meeting.required and state.minutes is None
    before_meeting = state.stage == Stage.draft and plan.unit_meeting.required
    going_in = state.nominees if before_meeting else _going_in(state)  # before the meeting: all may go in
    lines = []
    for required in plan.required_documents:
        if no_minutes and required.kind == MINUTES_DOCUMENT:
            continue
        if required.per == "dossier":
            lines.append(DocumentLine(required.kind, required.title, None, None, attached.get((required.kind, None), [])))
            continue
        for nominee in going_in:
            if required.group in (None, nominee.group):
                files = attached.get((required.kind, nominee.key), [])
                lines.append(DocumentLine(required.kind, required.title, nominee.name, nominee.key, files))
    return lines


def draft_findings(session: Session, plan: EmulationPlan, state: DossierState, on: date) -> dict[str, list[Finding]]:
    """Each nominee's findings other than passes, as the submission's check would find them today: the same rules
    (schemas/eligibility.py evaluate) over the same records (db/record_facts.py). A read only."""
    found = findings_by_nominee(session, plan, state.nominees, on)
    return {key: [f for f in findings if f.verdict != "pass"] for key, findings in found.items()}


def steps(plan: EmulationPlan, state: DossierState, lines: list[DocumentLine], history: list) -> list[Step]:
    """The steps with their states, from the stage and the history (the furthest stage it reached, for one ended)."""
    codes = [(code, name) for code, name in STEPS if code != "minutes" or plan.unit_meeting.required]
    order = [code for code, _ in codes]
    stage = Stage(state.stage)
    note = None
    if stage in (Stage.draft, Stage.minutes_recorded):
        if not state.nominees:
            current = "nominees"
        elif stage == Stage.draft and plan.unit_meeting.required:
            current = "minutes"
        elif any(not line.files for line in lines):
            current = "documents"
        else:
            current = "submitted"
    elif stage in ENDED:
        reached = [Stage(entry.stage_after) for entry in history if Stage(entry.stage_after) in DONE_AT]
        done_at = max((order.index(DONE_AT[s]) for s in reached), default=order.index("documents") - 1)
        current = order[min(done_at + 1, len(order) - 1)]
        note = STAGE_NAMES[stage]
    else:
        done = order.index(DONE_AT[stage])
        current = order[done + 1] if done + 1 < len(order) else None
        if stage == Stage.supplement_requested:
            note = STAGE_NAMES[stage]
    result = []
    position = order.index(current) if current else len(order)
    for index, (code, name) in enumerate(codes):
        if index < position:
            state_ = "done"
        elif index == position:
            state_ = "stopped" if stage in ENDED else "current"
        else:
            state_ = "todo"
        result.append(Step(code, name, state_, note if index == position else None))
    return result


def next_action(area: str, stage: Stage, current: str | None) -> str | None:
    """The form the page styles as its next action (a CSS class on the page: .next-<action>)."""
    if area == "unit":
        if stage in (Stage.draft, Stage.minutes_recorded):
            return {"nominees": "nominee", "minutes": "minutes", "documents": "document", "submitted": "submit"}.get(current or "")
        if stage == Stage.supplement_requested:
            return "supplement"
        return None
    return {Stage.submitted: "start_appraisal", Stage.under_appraisal: "appraise"}.get(stage)


def story(session: Session, plan: EmulationPlan, row: models.Dossier, dossier: Any, area: str) -> dict[str, Any]:
    """What the dossier's page adds to tell its story (web/pages/dossier_view.py)."""
    state = DossierState.model_validate(row.state)
    lines = document_lines(plan, state, dossier.documents)
    shown = steps(plan, state, lines, dossier.history)
    current = next((s.code for s in shown if s.state == "current"), None)
    preparing = state.stage in (Stage.draft, Stage.minutes_recorded)
    today = datetime.now(VN_TZ).date()
    found = draft_findings(session, plan, state, today) if preparing and area == "unit" else {}
    for nominee in dossier.nominees:  # the page's copy: its table shows the checks of the draft as it is now
        if nominee.key in found:
            nominee.findings = [f.model_dump() for f in found[nominee.key]]
    return {
        "steps": shown,
        "next_action": next_action(area, Stage(state.stage), current),
        "help": HELP,
        "document_lines": lines,
        "missing_documents": [line for line in lines if not line.files],
        # the checks a submission would run, on the draft as it is now
        "draft_findings": found,
    }
