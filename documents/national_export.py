"""The register's awards of civil servants in the shape the national database of cadres, civil servants and
public employees takes (CSDL quốc gia về cán bộ, công chức, viên chức): one entry per award of a person of the
directory, with the person's ID number, the title or the award form (kept apart), the decision, its year, the
issuing body, the position and unit at the time. As .xlsx and JSON, in the register's pages only (logged in,
the office): the ID number is personal data, never in a log or a public page.

The fields are those the issue lists for that database; its own data dictionary was not at hand, so the keys
are this service's (see README, "The register of awards").
"""

from datetime import date

from sqlmodel import Session, col, select

from db.awards import KIND_NAMES, Award
from db.models import Person
from documents.list_export import workbook

FIELDS = {  # key → the file's header
    "so_dinh_danh": "Số định danh cá nhân (CCCD)",
    "ho_ten": "Họ và tên",
    "loai": "Loại (danh hiệu thi đua / hình thức khen thưởng)",
    "ten": "Danh hiệu / hình thức khen thưởng",
    "so_quyet_dinh": "Số quyết định",
    "ngay_quyet_dinh": "Ngày quyết định",
    "nam": "Năm",
    "co_quan_ban_hanh": "Cơ quan ban hành",
    "chuc_vu": "Chức vụ khi được khen",
    "don_vi": "Đơn vị khi được khen",
    "hieu_luc": "Hiệu lực",
}
KIND_CODES = {"title": "danh_hieu_thi_dua", "form": "hinh_thuc_khen_thuong"}


def entries(session: Session, issuer_id: int, year: int | None = None) -> list[dict]:
    """Each award of a person of the issuer's directory, oldest first; revoked ones marked so."""
    query = select(Award, Person).join(Person, col(Award.person_id) == Person.id).where(Award.issuer_id == issuer_id)
    rows = session.exec(query.order_by(col(Award.decision_date), col(Award.id)))
    return [
        {
            "so_dinh_danh": person.id_number, "ho_ten": person.full_name, "loai": KIND_CODES[award.kind],
            "ten": award.award_name, "so_quyet_dinh": award.decision_number,
            "ngay_quyet_dinh": award.decision_date.isoformat(), "nam": award.decision_date.year,
            "co_quan_ban_hanh": award.issued_by, "chuc_vu": award.position, "don_vi": award.unit_name,
            "hieu_luc": "da_huy_bo" if award.status == "revoked" else "con_hieu_luc",
        }
        for award, person in rows
        if year is None or award.decision_date.year == year
    ]


def national_workbook(items: list[dict]) -> bytes:
    kinds = {code: KIND_NAMES[kind] for kind, code in KIND_CODES.items()}
    shown = {"loai": kinds.get, "ngay_quyet_dinh": date.fromisoformat}
    rows = [[shown.get(key, lambda value: value)(item[key]) for key in FIELDS] for item in items]
    return workbook("CSDL quốc gia", list(FIELDS.values()), rows)
