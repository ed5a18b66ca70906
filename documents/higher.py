"""The Committee's proposal to the higher level (An Hải: to the city Chairman for Bằng khen), with its list: a
document of the Committee as a body, signed "TM. ỦY BAN NHÂN DÂN" above its Chairman or his deputy."""

from common.text import vn_date
from documents.inputs import Issue
from documents.layout import (
    CENTER,
    Body,
    Column,
    body,
    finish,
    grouped_rows,
    header,
    issuer_signature,
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
    doc_number,
    letter_references,
    locality,
    lower_first,
    plan_reference,
    position_unit,
)
from schemas.campaign import EmulationPlan
from schemas.council import Awardee, CampaignState

COLUMNS = [
    Column("STT", 14, CENTER),  # "STT" on one line, in bold 13 pt
    Column("Tên tập thể, họ và tên cá nhân", 46),
    Column("Chức vụ, đơn vị", 50),
    Column("Hình thức đề nghị", 55),
]


def proposed_upward(state: CampaignState) -> list[Awardee]:
    """The awardees the council proposed for the higher award, in the decision's order."""
    if state.decision is None:
        return []
    return [a for a in state.decision.awardees if a.candidate.ref in state.higher_proposal]


def higher_proposal(
    plan: EmulationPlan,
    state: CampaignState,
    issue: Issue,
    recipients: list[str] | None = None,
    office_code: str = "VHXH",
    past_awards: dict[str, list[str]] | None = None,
) -> bytes:
    """The tờ trình to the higher level as .docx; `recipients` are Nơi nhận between "Như trên" and the archive;
    `past_awards`, each proposed awardee's earlier awards as the register has them (db/awards.py past_awards)."""
    higher = plan.higher_award
    decision = state.decision
    if higher is None:
        raise ValueError("Kế hoạch không có hình thức khen thưởng cấp trên.")
    if decision is None or decision.number is None or decision.signed_on is None:
        raise ValueError("Chưa có Quyết định khen thưởng đã ký để làm căn cứ đề nghị cấp trên.")
    awardees = proposed_upward(state)
    if not awardees:
        raise ValueError("Hội đồng không đề nghị ai lên cấp trên.")
    issuer = plan.issuer
    document = new_document()
    page_numbers(document.sections[0])
    header(document, Body.of_issuer(issuer), doc_number(issue.number, "TTr", issuer.body_code), issue.on)
    title(document, "TỜ TRÌNH", f"Về việc đề nghị tặng {higher.name}")
    paragraph(document, f"Kính gửi: {higher.decided_by}.", after=12)
    body(document, f"Căn cứ {plan_reference(plan)} về việc {lower_first(plan.plan.title)};")
    for letter in letter_references(plan):
        body(document, f"Căn cứ {letter};")
    body(
        document,
        f"Căn cứ Quyết định số {decision.number} ngày {vn_date(decision.signed_on)} của {author_of(plan, 'decision')} "
        f"về việc tặng {plan.award_forms[0].name};",
    )
    body(document, f"Xét đề nghị của Hội đồng Thi đua - Khen thưởng {locality(issuer)},")
    collectives = sum(a.candidate.group == "collective" for a in awardees)
    how_many = counts(collectives, len(awardees) - collectives)
    body(
        document,
        f"{issuer.name} kính trình {higher.decided_by} xem xét, tặng {higher.name} cho {how_many} có thành tích "
        "xuất sắc, tiêu biểu (có báo cáo thành tích kèm theo), cụ thể như sau:",
    )
    rows = grouped_rows(
        awardees,
        lambda a: a.candidate.group,
        lambda a: [
            a.candidate.name,
            position_unit(a.candidate.name, a.candidate.position, a.candidate.unit_name),
            higher.name,
        ],
    )
    list_table(document, COLUMNS, rows, total=["", f"Tổng cộng: {how_many}", "", ""])
    if past_awards:
        body(document, "Quá trình khen thưởng của các tập thể, cá nhân được đề nghị (theo sổ khen thưởng):", before=6)
        for awardee in awardees:
            given = past_awards.get(awardee.candidate.ref) or ["chưa có khen thưởng nào khác trong sổ"]
            body(document, f"- {awardee.candidate.name}: {'; '.join(given)}.")
    body(document, f"Kính trình {higher.decided_by} xem xét, quyết định./.", before=6)
    signature = issuer_signature(plan, "higher_proposal")
    sign_off(document, signature, ["Như trên", *(recipients or [])], f"VT, {office_code}")
    return finish(document, issue.on, f"Tờ trình đề nghị tặng {higher.name}", issuer.name)
