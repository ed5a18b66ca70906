"""The register of awards as .xlsx (documents/list_export.py writes the cells): a search of the register, a
person's or a unit's history (quá trình khen thưởng), and the issuer's sổ vàng."""

from db.awards import KIND_NAMES, STATUS_NAMES, Award
from documents.list_export import workbook

HEADERS = ["STT", "Họ và tên / Tên tập thể", "Chức vụ khi được khen", "Đơn vị khi được khen", "Loại",
           "Danh hiệu / Hình thức khen thưởng", "Số quyết định", "Ngày quyết định", "Cơ quan ban hành", "Thành tích",
           "Tiền thưởng (đồng)", "Số sổ vàng", "Hiệu lực"]


def status_text(award: Award) -> str:
    if award.status == "revoked":
        return f"{STATUS_NAMES['revoked']} theo Quyết định số {award.revoked_number} ngày {award.revoked_on:%d/%m/%Y}"
    return STATUS_NAMES["in_force"]


def rows(awards: list[Award]) -> list[list]:
    return [
        [i, a.name, a.position, a.unit_name, KIND_NAMES[a.kind], a.award_name, a.decision_number, a.decision_date,
         a.issued_by, a.achievement, a.bonus_vnd, a.register_number, status_text(a)]
        for i, a in enumerate(awards, start=1)
    ]


def awards_workbook(title: str, awards: list[Award], note: str | None = None, cut: bool = False) -> bytes:
    return workbook(title, HEADERS, rows(awards), note, cut)
