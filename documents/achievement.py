"""A draft achievement report (báo cáo thành tích) per nominee, in the form the campaign names.

The known facts are filled (name, unit, position, the campaign's standards for the nominee's kind); "…"
marks what the unit completes. A collective reports on its situation and tasks, an individual on their
record; both state their achievements against each standard, then the awards already received.
"""

from datetime import date

from common.text import vn_date
from documents.inputs import UnitInfo
from documents.layout import (
    CENTER,
    Body,
    Column,
    Signature,
    body,
    finish,
    form_label,
    header,
    list_table,
    new_document,
    page_numbers,
    paragraph,
    title,
    two_signatures,
)
from documents.text import BLANK, plan_reference, report_form, upper
from schemas.campaign import EmulationPlan
from schemas.standards import StandardGroup
from schemas.dossier import DossierState, Nominee

AWARDS_COLUMNS = [
    Column("Năm", 25, CENTER),
    Column("Hình thức khen thưởng", 60),
    Column("Số, ngày, tháng, năm của quyết định; cơ quan ban hành", 80),
]


def _standards(plan: EmulationPlan, subject_kind: str) -> list[StandardGroup]:
    return [
        group for standards in plan.standards if subject_kind in standards.subject_kinds for group in standards.groups
    ]


def _achievements(document, plan: EmulationPlan, nominee: Nominee, number: int) -> None:
    """The standards the nominee is judged against, each with room for what was achieved."""
    period = plan.plan.period
    body(
        document,
        f"{number}. Thành tích đạt được theo tiêu chuẩn của {plan_reference(plan)} "
        f"(từ ngày {vn_date(period.start)} đến ngày {vn_date(period.end)}):",
    )
    groups = _standards(plan, nominee.subject_kind)
    if nominee.achievement_summary:  # the unit's summary (tóm tắt thành tích), then the standards to complete
        for line in nominee.achievement_summary.splitlines():
            if line.strip():
                body(document, line.strip())
    elif not groups:
        body(document, f"- {BLANK}")
    for group in groups:
        if group.mode == "one_of":
            body(document, "Đạt một trong các tiêu chuẩn sau:", italic=True)
        for standard in group.items:
            body(document, f"- {standard.text}: {BLANK}")


def _awards_received(document, number: str) -> None:
    body(document, f"{number}. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐƯỢC TẶNG", bold=True, indent=False)
    list_table(document, AWARDS_COLUMNS, [[BLANK, BLANK, BLANK]])


def _collective(document, plan: EmulationPlan, nominee: Nominee, unit: UnitInfo) -> None:
    body(document, nominee.name, lead="Tên tập thể:", indent=False)
    body(document, "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", bold=True, indent=False)
    body(document, f"1. Đặc điểm, tình hình (trụ sở, tổng số cán bộ, công chức, viên chức, tổ chức bộ máy): {BLANK}")
    body(document, f"2. Chức năng, nhiệm vụ được giao: {BLANK}")
    body(document, "II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True, indent=False)
    _achievements(document, plan, nominee, 1)
    body(document, f"2. Các biện pháp, nguyên nhân đạt được thành tích: {BLANK}")
    _awards_received(document, "III")
    two_signatures(
        document,
        Signature(["Xác nhận của cấp trình khen"], None, "(Ký, đóng dấu)"),
        Signature(["Thủ trưởng đơn vị"], unit.head_name, "(Ký, đóng dấu)"),
    )


def _individual(document, plan: EmulationPlan, nominee: Nominee, dossier: DossierState, unit: UnitInfo) -> None:
    body(document, "I. SƠ LƯỢC LÝ LỊCH", bold=True, indent=False)
    for label, value in (
        ("Họ và tên", nominee.name),
        ("Sinh ngày, tháng, năm", f"{BLANK}; Giới tính: {BLANK}"),
        ("Quê quán", BLANK),
        ("Nơi thường trú", BLANK),
        ("Đơn vị công tác", dossier.unit_name),
        ("Chức vụ (Đảng, chính quyền, đoàn thể)", nominee.position or BLANK),
        ("Trình độ chuyên môn, nghiệp vụ", BLANK),
        ("Học hàm, học vị, danh hiệu, giải thưởng", BLANK),
    ):
        body(document, f"- {label}: {value}")
    body(document, "II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True, indent=False)
    body(document, f"1. Quyền hạn, nhiệm vụ được giao hoặc đảm nhận: {BLANK}")
    _achievements(document, plan, nominee, 2)
    _awards_received(document, "III")
    two_signatures(
        document,
        Signature(["Xác nhận của thủ trưởng đơn vị"], unit.head_name, "(Ký, đóng dấu)"),
        Signature(["Người báo cáo thành tích"], nominee.name, "(Ký, ghi rõ họ và tên)"),
    )


def achievement_report(plan: EmulationPlan, dossier: DossierState, nominee_key: str, unit: UnitInfo, on: date) -> bytes:
    """The report of one nominee as .docx, dated `on`, headed by the unit, with the form the campaign names."""
    nominee = dossier.nominee(nominee_key)
    if nominee is None:
        raise ValueError(f"Hồ sơ không có người được đề nghị {nominee_key}.")
    award = plan.award_forms[0].name
    document = new_document()
    page_numbers(document.sections[0])
    form_label(document, report_form(plan, nominee.group))
    header(document, Body.under_issuer(dossier.unit_name, unit.code, plan.issuer), None, on)
    title(document, "BÁO CÁO THÀNH TÍCH", f"ĐỀ NGHỊ TẶNG {upper(award)}")
    kind = "tập thể" if nominee.group == "collective" else "cá nhân"
    paragraph(document, f"(Dùng cho {kind})", italic=True, after=6)
    if nominee.group == "collective":
        _collective(document, plan, nominee, unit)
    else:
        _individual(document, plan, nominee, dossier, unit)
    return finish(document, on, f"Báo cáo thành tích của {nominee.name}", dossier.unit_name)
