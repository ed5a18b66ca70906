"""The unit correcting its work before the office weighs it: a nominee edited or removed, a file removed or
replaced, a "Tài liệu khác" beside the plan's list (workflows/dossier_corrections.py takes them).

What a clerk expects of the minutes (biên bản họp bình xét) once they are recorded:
- a typing error put right (a name's spelling, a position, a date of birth, the ID number) or the achievement
  summary written: the meeting voted on the same person for the same award, its minutes stand;
- another award form (đối tượng, hình thức đề nghị) for a nominee, or the removal of the last nominee the
  meeting selected: what the meeting voted on is no longer what the dossier proposes, so its minutes no longer
  stand. The unit is told so first and must agree (`void_minutes`); then the minutes are set aside (the history
  keeps them), the dossier is back in its draft, and the minutes are recorded again;
- another nominee removed: the others' votes stand (each is selected by their own votes); the removed one's
  votes leave the summary.
"""

from pydantic import BaseModel, Field, field_validator

from common.bounds import Day
from common.text import InputModel, nfc
from schemas.campaign import DossierRules, RequiredDocument
from schemas.dossier import ACHIEVEMENT_MAX, LinkedNominee, nfc_lines
from schemas.dossier_actions import Actor

OTHER_DOCUMENT_KIND = "tai_lieu_khac"
DESCRIPTION_MAX = 300  # characters of what a "Tài liệu khác" is
# A document no plan lists and every plan takes: for the dossier or for one of its nominees, never required.
OTHER_DOCUMENT = RequiredDocument(kind=OTHER_DOCUMENT_KIND, title="Tài liệu khác", per="dossier")


def document_rule(rules: DossierRules, kind: str) -> RequiredDocument | None:
    """The plan's document of this kind; "Tài liệu khác" where the plan does not list that kind itself."""
    return rules.document(kind) or (OTHER_DOCUMENT if kind == OTHER_DOCUMENT_KIND else None)


def is_other(rules: DossierRules, kind: str) -> bool:
    return rules.document(kind) is None and kind == OTHER_DOCUMENT_KIND


class DocumentNote(InputModel):
    """What a "Tài liệu khác" is, as the unit writes it (one line)."""

    description: str | None = Field(None, max_length=DESCRIPTION_MAX)

    @field_validator("description")
    @classmethod
    def normalise(cls, value: str | None) -> str | None:
        return nfc(value) or None if value else None


class NomineeChange(InputModel):
    """A PATCH of a nominee: the fields sent replace the nominee's (null clears an optional one); those not
    sent stay as they are."""

    multiline = frozenset({"achievement_summary"})
    subject_kind: str | None = Field(None, max_length=100)
    name: str | None = Field(None, min_length=1, max_length=200)
    position: str | None = Field(None, max_length=200)
    birth_date: Day | None = None
    id_number: str | None = Field(None, max_length=20)
    achievement_summary: str | None = Field(None, max_length=ACHIEVEMENT_MAX)
    # The unit agrees that the change sets the recorded minutes aside (they are recorded again).
    void_minutes: bool = False

    @field_validator("name", "position")
    @classmethod
    def normalise(cls, value: str | None) -> str | None:
        return nfc(value) or None if value else value

    @field_validator("achievement_summary")
    @classmethod
    def normalise_lines(cls, value: str | None) -> str | None:
        return nfc_lines(value)


class NomineeRemoval(InputModel):
    void_minutes: bool = False  # as NomineeChange's


class EditNominee(BaseModel):
    actor: Actor
    nominee_key: str
    nominee: LinkedNominee  # the whole nominee after the change, tied to the registry again by the API
    void_minutes: bool = False


class RemoveNominee(BaseModel):
    actor: Actor
    nominee_key: str
    void_minutes: bool = False


class RemoveDocument(BaseModel):
    actor: Actor
    document_id: str


class ReplaceDocument(BaseModel):
    """Another file in a document's place: the same kind, for the same nominee."""

    actor: Actor
    document_id: str
    filename: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int
    content_type: str


# The nominee's fields as a clerk names them, for the history ("Sửa: họ tên, chức vụ"): no values, which
# may be personal data (a date of birth, an ID number).
FIELD_NAMES = {
    "subject_kind": "đối tượng",
    "name": "tên",
    "position": "chức vụ",
    "birth_date": "ngày sinh",
    "id_number": "số CCCD",
    "achievement_summary": "tóm tắt thành tích",
}
