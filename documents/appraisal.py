"""The receiving office's report to the Chairman (tờ trình of Phòng Văn hóa - Xã hội): what its appraisal found
(the dossiers and nominees received, passed, failed and why, held), then the council's session, its votes and the
rounds on its ties, and what it proposes."""

from documents.inputs import Appraised, Case, Issue, OfficeInfo
from documents.layout import (
    CENTER,
    Body,
    Column,
    Signature,
    body,
    finish,
    grouped_rows,
    header,
    list_table,
    new_document,
    page_numbers,
    paragraph,
    sign_off,
    title,
)
from documents.text import (
    author_of,
    counts,
    day_month_year,
    doc_number,
    letter_references,
    locality,
    lower_first,
    money,
    percent,
    plan_reference,
    position_unit,
)
from schemas.campaign import EmulationPlan
from schemas.council import CampaignState, CandidateResult, Session

COLUMNS = [
    Column("STT", 14, CENTER),  # "STT" on one line, in bold 13 pt
    Column("Tên tập thể, họ và tên cá nhân", 38),
    Column("Chức vụ, đơn vị", 36),
    Column("Số phiếu đồng ý", 22, CENTER),
    Column("Tỷ lệ", 20, CENTER),
    Column("Kết quả", 35),
]
# Where the council does not sit (CouncilRule.sits false), the list of those the appraisal passed.
APPRAISED_COLUMNS = [
    Column("STT", 14, CENTER),
    Column("Tên tập thể, họ và tên cá nhân", 52),
    Column("Chức vụ, đơn vị", 52),
    Column("Kết quả thẩm định", 47),
]
GROUP_NAMES = {"collective": "tập thể", "individual": "cá nhân"}


def _basis(plan: EmulationPlan, result: CandidateResult) -> int:
    """The number the council's threshold is counted against: those voting, or all members."""
    return result.voting if plan.council.denominator == "voting" else result.members


def _cells(plan: EmulationPlan, result: CandidateResult) -> list[str]:
    candidate = result.candidate
    basis = _basis(plan, result)
    outcome = "Đề nghị khen thưởng" if result.awarded else f"Không đề nghị: {result.reason}"
    return [
        candidate.name,
        position_unit(candidate.name, candidate.position, candidate.unit_name),
        f"{result.votes_for}/{basis}",
        percent(result.votes_for, basis),
        outcome,
    ]


def _cases(document, lead: str, cases: list[Case]) -> None:
    if cases:
        body(document, lead)
    for case in cases:
        why = "; ".join(case.reasons) or "không ghi lý do"
        body(document, f"- {case.name} ({case.unit_name}): {why.rstrip('.')}.")  # as recorded


def _appraisal(document, plan: EmulationPlan, found: Appraised) -> None:
    """What the office received and what its appraisal found."""
    body(
        document,
        f"{plan.receiving_office} đã tiếp nhận {found.dossiers:02d} hồ sơ của {found.units:02d} đơn vị, đề nghị khen "
        f"thưởng {counts(found.collectives, found.individuals) or 'không có trường hợp nào'}. Kết quả thẩm định: "
        f"{found.passed:02d} trường hợp đạt, {len(found.failed):02d} trường hợp không đạt"
        + (f", {len(found.held):02d} trường hợp tạm dừng xét." if found.held else "."),
    )
    _cases(document, "Các trường hợp không đạt và lý do:", found.failed)
    _cases(document, "Các trường hợp tạm dừng xét (đang xem xét, xác minh):", found.held)


def _ties(document, session: Session) -> None:
    """The rounds on ties at a quota's edge, as the council settled them."""
    names = {candidate.ref: candidate.name for candidate in session.candidates}
    for tie in session.ties:
        tied = ", ".join(names.get(ref, ref) for ref in tie.refs)
        said = f"Lần {tie.number}, {GROUP_NAMES[tie.group]}: {tied} bằng số phiếu cho {tie.places:02d} suất còn lại; "
        if tie.by_chair:
            chosen = ", ".join(names.get(ref, ref) for ref in tie.chosen or [])
            said += f"Chủ tịch Hội đồng quyết định chọn {chosen or '(chưa quyết định)'}"
            said += f"; lý do: {tie.reason.rstrip('.')}." if tie.reason else "."
        else:
            votes = {ref: sum(choices.get(ref, False) for choices in tie.ballots.values()) for ref in tie.refs}
            said += "các thành viên có mặt biểu quyết lại: " + ", ".join(
                f"{names.get(ref, ref)} {count:02d} phiếu" for ref, count in votes.items()
            ) + "."
        body(document, said)


def _council(document, plan: EmulationPlan, state: CampaignState, session: Session) -> None:
    """The council's session and each candidate's votes."""
    written = len(session.written_opinions)
    body(
        document,
        f"{plan.receiving_office} đã trình Hội đồng Thi đua - Khen thưởng {locality(plan.issuer)} xét các trường hợp "
        f"đạt thẩm định tại phiên họp {day_month_year(session.session_date)}. "
        f"Hội đồng có {len(session.members):02d} thành viên; có mặt {len(session.present):02d} thành viên"
        + (f", {written:02d} thành viên vắng mặt gửi ý kiến bằng văn bản." if written else "."),
    )
    share_of = "số thành viên biểu quyết" if plan.council.denominator == "voting" else "tổng số thành viên Hội đồng"
    body(document, f"Kết quả biểu quyết của Hội đồng (tỷ lệ tính trên {share_of}):")
    list_table(document, COLUMNS, grouped_rows(state.results, lambda r: r.candidate.group, lambda r: _cells(plan, r)))


def _without_council(document, plan: EmulationPlan, state: CampaignState) -> None:
    """Where the council does not sit: the standing rules that spare it, and those the appraisal passed."""
    body(
        document,
        f"Theo quy định thường trực về khen thưởng đột xuất của {plan.issuer.name}, đề nghị này không trình Hội đồng "
        f"Thi đua - Khen thưởng {locality(plan.issuer)}; {plan.receiving_office} trình kết quả thẩm định như sau:",
    )
    list_table(document, APPRAISED_COLUMNS, grouped_rows(
        state.results, lambda r: r.candidate.group,
        lambda r: [r.candidate.name, position_unit(r.candidate.name, r.candidate.position, r.candidate.unit_name),
                   "Đạt"],
    ))


def appraisal(
    plan: EmulationPlan, state: CampaignState, office: OfficeInfo, issue: Issue, found: Appraised | None = None
) -> bytes:
    """The office's tờ trình as .docx: the appraisal's findings (where given), the council session, each
    candidate's votes and result, the rounds on ties (or, where the council does not sit, those the appraisal
    passed), the proposal."""
    session, decision = state.session, state.decision
    if (session is None and plan.council.sits) or not state.results:
        raise ValueError("Hội đồng chưa họp xét: chưa có kết quả để trình.")
    issuer = plan.issuer
    award = plan.award_forms[0].name
    document = new_document()
    page_numbers(document.sections[0])
    office_body = Body.under_issuer(plan.receiving_office, office.code, issuer)
    header(document, office_body, doc_number(issue.number, "TTr", office.code), issue.on)
    title(document, "TỜ TRÌNH", f"Về việc đề nghị tặng {award} cho tập thể, cá nhân có thành tích xuất sắc")
    decides = author_of(plan, "decision")  # the Chairman, or the Committee where the plan has it decide as a body
    paragraph(document, f"Kính gửi: {decides}.", after=12)
    body(document, f"Thực hiện {plan_reference(plan)} về việc {lower_first(plan.plan.title)};")
    for letter in letter_references(plan):
        body(document, f"Thực hiện {letter};")
    if found is not None:
        _appraisal(document, plan, found)
    if session is None:
        _without_council(document, plan, state)
    else:
        _council(document, plan, state, session)
    if session is not None and session.ties:
        body(document, "Các trường hợp bằng số phiếu ở giới hạn chỉ tiêu của Kế hoạch:", before=6)
        _ties(document, session)
    if decision is not None and decision.awardees:
        collectives = sum(a.candidate.group == "collective" for a in decision.awardees)
        body(
            document,
            f"{plan.receiving_office} kính trình {decides} xem xét, quyết định tặng {award} cho "
            f"{counts(collectives, len(decision.awardees) - collectives)} nêu trên, tổng số tiền thưởng "
            f"{money(decision.total_bonus_vnd)} (có dự thảo Quyết định kèm theo).",
            before=6,
        )
        for group, reason in decision.over_quota_reasons.items():
            body(document, f"Số {GROUP_NAMES[group]} vượt chỉ tiêu của Kế hoạch, với lý do: {reason}")
    body(document, f"Kính trình {decides} xem xét, quyết định./.")
    sign_off(document, Signature([office.head_title], office.head_name), ["Như trên"], f"VT, {office.code}")
    return finish(document, issue.on, f"Tờ trình đề nghị tặng {award}", plan.receiving_office)
