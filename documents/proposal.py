"""The unit's tờ trình proposing its nominees (Mẫu số 01, Nghị định 152/2025/NĐ-CP), with their list."""

from common.text import vn_date
from documents.inputs import Issue, UnitInfo
from documents.layout import (
    CENTER,
    Body,
    Column,
    Signature,
    body,
    finish,
    form_label,
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
    BLANK,
    counts,
    doc_number,
    form_of,
    letter_references,
    lower_first,
    plan_reference,
    position_unit,
    unit_head_titles,
)
from schemas.campaign import EmulationPlan
from schemas.dossier import DossierState, Nominee

COLUMNS = [
    Column("STT", 14, CENTER),  # "STT" on one line, in bold 13 pt
    Column("Tên tập thể, họ và tên cá nhân", 40),
    Column("Chức vụ, đơn vị", 36),
    Column("Hình thức đề nghị", 33),
    Column("Tóm tắt thành tích", 42),
]


# Not proposed: not selected by the unit's meeting, or barred while a record is under review (NĐ 152/2025
# Điều 4 khoản 4) or for good. Compared by value, as the statuses are strings.
NOT_PROPOSED = {"not_selected", "suspended", "disqualified"}


def proposed(dossier: DossierState) -> list[Nominee]:
    """The nominees the unit proposes, in the dossier's order."""
    return [n for n in dossier.nominees if n.status not in NOT_PROPOSED]


def proposal(
    plan: EmulationPlan,
    dossier: DossierState,
    unit: UnitInfo,
    issue: Issue,
    summaries: dict[str, str] | None = None,
) -> bytes:
    """The tờ trình as .docx; `summaries` maps a nominee key to the summary of its achievements, else the one the
    unit wrote for the nominee (Nominee.achievement_summary), else "…" for the unit to complete."""
    summaries = summaries or {}
    nominees = proposed(dossier)
    award = plan.award_forms[0].name
    document = new_document()
    page_numbers(document.sections[0])
    form_label(document, form_of(plan, "to_trinh"))
    header(
        document,
        Body.under_issuer(dossier.unit_name, unit.code, plan.issuer),
        doc_number(issue.number, "TTr", unit.code),
        issue.on,
    )
    title(document, "TỜ TRÌNH", f"Về việc đề nghị tặng {award}")
    paragraph(document, f"Kính gửi: {plan.issuer.name} (qua {plan.receiving_office}).", after=12)
    body(document, f"Căn cứ {plan_reference(plan)} về việc {lower_first(plan.plan.title)};")
    for letter in letter_references(plan):
        body(document, f"Căn cứ {letter};")
    if dossier.minutes:
        meeting = vn_date(dossier.minutes.meeting_date)
        body(document, f"Căn cứ kết quả họp bình xét khen thưởng của {dossier.unit_name} ngày {meeting},")
    collectives = sum(n.group == "collective" for n in nominees)
    body(
        document,
        f"{dossier.unit_name} kính trình {plan.issuer.name} xem xét, tặng {award} cho "
        f"{counts(collectives, len(nominees) - collectives)} có thành tích xuất sắc (có báo cáo thành tích kèm theo), "
        "cụ thể như sau:",
    )
    rows = grouped_rows(
        nominees,
        lambda n: n.group,
        lambda n: [n.name, position_unit(n.name, n.position, dossier.unit_name), award, summaries.get(n.key) or n.achievement_summary or BLANK],
    )
    total = ["", f"Tổng cộng: {counts(collectives, len(nominees) - collectives)}", "", "", ""]
    list_table(document, COLUMNS, rows, total)
    body(document, f"Kính trình {plan.issuer.name} xem xét, quyết định./.", before=6)
    sign_off(document, Signature(unit_head_titles(unit.head_title), unit.head_name), ["Như trên"], "VT")
    return finish(document, issue.on, f"Tờ trình đề nghị tặng {award}", dossier.unit_name)
