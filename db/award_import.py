"""The office's import of awards made elsewhere (documents/award_sheet.py), all or nothing, with a report per row.

Every row is read and checked first: its cells, its person or collective found in the issuer's directory (the
registry's matching, db/record_matching.py: the ID-card number, or the name with the date of birth; a collective by its
name or code), the award not in the register already. A person the directory does not hold is recorded by name;
one the directory cannot tell apart from another refuses the row. A file with any refused row writes nothing;
otherwise every new row is written in one commit, and a row the register holds already is reported, not added
again (so a file sent twice adds nothing the second time).
"""

from sqlmodel import Session

from db.awards import Award, AwardInput, new_award, same_award
from db.import_report import ImportReport, ReportRow
from db.models import User
from db.record_matching import match_person, match_unit
from documents.award_sheet import SheetRow

STATUS_NAMES = {"added": "Đã ghi", "present": "Đã có trong sổ", "refused": "Không nhận", "not_written": "Chưa ghi"}


def _linked(session: Session, issuer_id: int, row: SheetRow) -> tuple[AwardInput | None, str]:
    """The row's award tied to its person or collective of the directory where one is found; None and why where
    the directory holds several that it could be."""
    award = row.award
    if award.subject_type == "person":
        match = match_person(session, award.name, row.birth_date, row.id_number, issuer_id)
        if match.status == "matched":
            return award.model_copy(update={"person_id": match.person_id}), match.message
    else:
        match = match_unit(session, award.name, issuer_id)
        if match.status == "matched":
            return award.model_copy(update={"unit_id": match.unit_id}), match.message
    if match.status == "ambiguous":
        return None, match.message + " Ghi thêm ngày sinh hoặc số CCCD để tìm đúng người."
    return award, "Không có trong danh sách của cơ quan: ghi theo tên."


def import_awards(session: Session, issuer_id: int, user: User, filename: str, rows: list[SheetRow]) -> ImportReport:
    report = ImportReport(filename)
    to_add: list[tuple[ReportRow, Award]] = []
    for row in rows:
        if row.award is None:
            report.rows.append(ReportRow(row.row_number, row.name, "refused", "; ".join(row.problems) + "."))
            continue
        award_input, note = _linked(session, issuer_id, row)
        if award_input is None:
            report.rows.append(ReportRow(row.row_number, row.name, "refused", note))
            continue
        award = new_award(session, issuer_id, award_input, "imported", user)
        present = same_award(session, issuer_id, award) or next(
            (a for _, a in to_add if (a.name_key, a.person_id, a.unit_id, a.decision_number, a.award_name)
             == (award.name_key, award.person_id, award.unit_id, award.decision_number, award.award_name)), None)
        if present is not None:
            report.rows.append(ReportRow(row.row_number, row.name, "present", "Sổ đã có khen thưởng này: không ghi lại."))
            continue
        entry = ReportRow(row.row_number, row.name, "not_written", note)
        report.rows.append(entry)
        to_add.append((entry, award))
    if any(r.status == "refused" for r in report.rows):
        return report
    for entry, award in to_add:
        session.add(award)
        entry.status, entry.message = "added", f"Đã ghi. {entry.message}"
    session.commit()
    return report
