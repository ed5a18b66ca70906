"""Documents the service generates (tờ trình, minutes, reports, the decision, certificates), one row each.

The file itself is in the file store under the SHA-256 of its bytes; the row says what it is, for which
dossier or campaign, its number and date. A document regenerated from unchanged data has the same bytes,
so it finds its row and adds nothing. The signed decision's row is written once, at signing: its hash is
the one a later copy of the file is checked against.

BuiltDocument: which row was built from which inputs (db/document_store.py), so the same inputs serve that
file again without building it. BlankLayout: where each text goes on a pre-printed Giấy khen blank of the
issuer (db/blanks.py, documents/blank_print.py).
"""

from datetime import date, datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from db.models import AwareDateTime, VnTimes


class GeneratedDocumentBase(SQLModel):
    kind: str = Field(index=True)  # a documents.assemble kind: "to_trinh", "decision", "certificate", …
    campaign_code: str = Field(foreign_key="campaign.code", index=True)
    dossier_id: str | None = Field(default=None, foreign_key="dossier.id", index=True)
    subject_key: str | None = None  # the nominee key, or the awardee's candidate ref "<dossier>/<key>"
    number: str | None = None  # "03/TTr-KT" for a numbered document
    issued_on: date | None = None  # the date the document bears; None for a draft left blank
    signed: bool = False  # True for the decision as the Chairman signed it
    sha256: str = Field(index=True)  # the file store's reference to the bytes
    size: int
    filename: str
    content_type: str


class GeneratedDocument(GeneratedDocumentBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = AwareDateTime(nullable=False)


class GeneratedDocumentPublic(GeneratedDocumentBase, VnTimes):
    id: int
    created_at: datetime


class BuiltDocument(SQLModel, table=True):
    key: str = Field(primary_key=True, max_length=64)  # SHA-256 of the builders' version and the document's inputs
    document_id: int = Field(foreign_key="generateddocument.id", index=True)
    created_at: datetime = AwareDateTime(nullable=False)


class BlankLayout(SQLModel, table=True):
    """A type of pre-printed Giấy khen blank (phôi) an issuer buys: its paper and each field's box in mm."""

    __table_args__ = (UniqueConstraint("issuer_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    issuer_id: int = Field(foreign_key="issuer.id", index=True)
    name: str
    width_mm: int
    height_mm: int
    fields: dict = Field(sa_column=Column(JSON, nullable=False))  # db/blanks.py FIELDS → {x, y, width, height, size}
    updated_at: datetime = AwareDateTime(nullable=False)
