"""The minutes of the unit's selection meeting, filled from the minutes the unit recorded.

No national template exists for them (domain.md §3); the layout is that of a BIÊN BẢN under NĐ 30/2020.
"""

from documents.inputs import Issue, UnitInfo
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
    title,
    two_signatures,
)
from documents.text import (
    BLANK,
    counts,
    day_month_year,
    doc_number,
    percent,
    plan_reference,
    position_unit,
    two_digits,
)
from schemas.campaign import EmulationPlan
from schemas.dossier import DossierState, Minutes, Nominee

COLUMNS = [
    Column("STT", 14, CENTER),  # "STT" on one line, in bold 13 pt
    Column("Tên tập thể, họ và tên cá nhân", 41),
    Column("Chức vụ, đơn vị", 38),
    Column("Số phiếu đồng ý", 24, CENTER),
    Column("Tỷ lệ", 22, CENTER),
    Column("Kết quả", 26, CENTER),
]


def _basis(plan: EmulationPlan, record: Minutes) -> int:
    """The number the unit's majority is counted against: those present, or all members."""
    return record.present if plan.unit_meeting.majority_of == "present" else record.members


def _selected(plan: EmulationPlan, record: Minutes, nominee: Nominee) -> bool:
    return plan.unit_meeting.is_selected(record.votes.get(nominee.key, 0), record.present, record.members)


def minutes(
    plan: EmulationPlan, dossier: DossierState, unit: UnitInfo, issue: Issue, secretary: str | None = None
) -> bytes:
    """The BIÊN BẢN as .docx: the meeting's time, place, chair and secretary as the unit entered them (blanks to
    fill where it did not; `secretary` for minutes that name none), attendance, each nominee's votes with its
    share, the result; signed by the secretary and the chair (by default the unit's head)."""
    record = dossier.minutes
    if record is None:
        raise ValueError("Hồ sơ chưa có biên bản họp bình xét.")
    rule = plan.unit_meeting
    basis = _basis(plan, record)
    award = plan.award_forms[0].name
    document = new_document()
    page_numbers(document.sections[0])
    header(
        document,
        Body.under_issuer(dossier.unit_name, unit.code, plan.issuer),
        doc_number(issue.number, "BB", unit.code),
        issue.on,
    )
    title(document, "BIÊN BẢN", f"Họp bình xét đề nghị tặng {award}")
    hour, minute = record.meeting_time.split(":") if record.meeting_time else (BLANK, BLANK)
    body(
        document,
        f"Vào hồi {hour} giờ {minute} phút, {day_month_year(record.meeting_date)}, tại {record.place or BLANK}, "
        f"{dossier.unit_name} họp bình xét các tập thể, cá nhân đề nghị tặng {award} theo {plan_reference(plan)}.",
    )
    chair = record.chair or ", ".join(part for part in (unit.head_name, unit.head_title) if part)
    secretary = record.secretary or secretary
    body(document, "I. THÀNH PHẦN", bold=True, indent=False)
    body(document, f"- Chủ trì: {chair or BLANK}.")
    body(document, f"- Thư ký: {secretary or BLANK}.")
    body(
        document,
        f"- Tổng số thành viên: {two_digits(record.members)}; có mặt: {two_digits(record.present)}; "
        f"vắng mặt: {two_digits(record.members - record.present)}.",
    )
    body(document, "II. NỘI DUNG", bold=True, indent=False)
    share_of = "số thành viên có mặt" if rule.majority_of == "present" else "tổng số thành viên"
    body(
        document,
        "Chủ trì quán triệt đối tượng, tiêu chuẩn khen thưởng của Kế hoạch; các thành viên thảo luận, nhận xét thành "
        f"tích của từng tập thể, cá nhân và biểu quyết. Kết quả (tỷ lệ tính trên {share_of}):",
    )
    rows = grouped_rows(
        dossier.nominees,
        lambda n: n.group,
        lambda n: [
            n.name,
            position_unit(n.name, n.position, dossier.unit_name),
            f"{record.votes.get(n.key, 0)}/{basis}",
            percent(record.votes.get(n.key, 0), basis) if basis else BLANK,
            "Đạt" if _selected(plan, record, n) else "Không đạt",
        ],
    )
    list_table(document, COLUMNS, rows)
    body(document, "III. KẾT LUẬN", bold=True, indent=False, before=6)
    chosen = [n for n in dossier.nominees if _selected(plan, record, n)]
    if chosen:
        collectives = sum(n.group == "collective" for n in chosen)
        how_many = counts(collectives, len(chosen) - collectives)
        body(
            document,
            f"Cuộc họp thống nhất đề nghị tặng {award} cho {how_many} có số phiếu đồng ý trên {rule.majority} "
            f"{share_of}: {', '.join(n.name for n in chosen)}.",
        )
    else:
        body(document, f"Không có tập thể, cá nhân nào có số phiếu đồng ý trên {rule.majority} {share_of}.")
    body(
        document,
        f"Cuộc họp kết thúc vào hồi {BLANK} giờ {BLANK} phút cùng ngày. Biên bản đã được đọc lại trước cuộc họp "
        "và các thành viên dự họp nhất trí thông qua./.",
    )
    chair_name = record.chair.split(",")[0] if record.chair else unit.head_name  # the name, not the position
    two_signatures(document, Signature(["Thư ký"], secretary), Signature(["Chủ trì"], chair_name))
    return finish(document, issue.on, f"Biên bản họp bình xét đề nghị tặng {award}", dossier.unit_name)
