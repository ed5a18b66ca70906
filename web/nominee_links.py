"""A nominee sent by a unit, tied by the service to the registry of people and units (db/record_matching.py), so
that the records about them reach the eligibility checks: for the dossier's creation, an added nominee, an
edited one and a list imported from a file."""

from sqlmodel import Session

from db.record_matching import identify_person, match_unit
from db.records import RecordRefused
from schemas.dossier import LinkedNominee, NomineeInput, SubjectLink
from web.errors import ServiceError

LINK_BASES = {"id_number": "id_number", "name_birth_date": "name_and_birth_date", "unit_name": "unit_name"}


def linked(session: Session, nominee: NomineeInput, issuer_id: int) -> LinkedNominee:
    """The nominee tied by the service to the registry, with the basis, so that its records reach it.

    An individual by the exact ID number, or by the name with the date of birth (a name alone matches
    nobody); a collective by the unit's name or code. A `person_id` or `unit_id` sent is not taken: it is
    refused unless it is the one matched, so that no one's clean record can stand in for another's.
    """
    individual = nominee.group == "individual"
    field = "person_id" if individual else "unit_id"
    try:
        match = (
            identify_person(session, nominee.name, nominee.birth_date, nominee.id_number, issuer_id=issuer_id)
            if individual else match_unit(session, nominee.name, issuer_id=issuer_id)
        )
    except RecordRefused as refusal:
        raise ServiceError(refusal.code, **refusal.details) from None
    sent, found = getattr(nominee, field), getattr(match, field)
    if sent is not None and sent != found:
        basis = "họ tên với ngày sinh hoặc số CCCD" if individual else "tên đơn vị"
        raise ServiceError("NOMINEE_LINK_REFUSED", name=nominee.name, field=field, sent=sent, basis=basis)
    if match.status == "matched":
        link = SubjectLink(basis=LINK_BASES[match.rule])
    else:  # no record, or several that fit: the appraiser chooses among these, or confirms there is none
        link = SubjectLink(basis="unmatched", candidates=match.candidates)
    return LinkedNominee(**nominee.model_dump(exclude={"person_id", "unit_id"}), **{field: found}, link=link)
