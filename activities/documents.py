"""Activities that make documents: the signed decision, stored and its hash recorded at signing, or the PDF signed in
the e-office recorded as it."""

from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session
from temporalio import activity
from temporalio.exceptions import ApplicationError

from common.faults import crash_point
from common.filestore import FileStore
from common.text import VN_TZ
from db import models
from db.award_codes import register_awards
from db.documents import GeneratedDocument
from documents.assemble import DECISION, Documents


PDF = "application/pdf"


class DocumentActivities:
    def __init__(self, engine: Engine, files: FileStore) -> None:
        self.engine = engine
        self.files = files

    # Synchronous: python-docx and the database block, so it runs in the worker's thread pool.
    @activity.defn
    def issue_decision(self, campaign_code: str) -> str:
        """The campaign's signed decision as .docx in the file store, recorded with its SHA-256; returns it.

        Reads the campaign as the workflow saved it just before. A retry finds the row of the first attempt
        and returns the same hash, which the workflow's history then holds beside the database's record.
        """
        with Session(self.engine) as session:
            documents = Documents(session, self.files, datetime.now(VN_TZ).date())
            try:
                sha256 = documents.issue_decision(campaign_code).sha256
            except ValueError as error:  # python-docx refuses the text: made again, it would fail again
                raise ApplicationError(str(error), type="DOCUMENT_CANNOT_BE_MADE", non_retryable=True) from None
        crash_point("issue_decision")
        return sha256

    @activity.defn
    def file_signed_decision(self, campaign_code: str, sha256: str) -> str:
        """The decision signed in the e-office, its PDF already verified and in the file store, recorded as the
        signed decision (the row the service's own signing writes, with the number and date as saved just
        before); the awards' codes written, as at any signing. A retry finds the row and returns its hash."""
        with Session(self.engine) as session:
            documents = Documents(session, self.files, datetime.now(VN_TZ).date())
            signed = documents.signed_decision(campaign_code)
            if signed is not None:
                return signed.sha256
            plan, _, decision = documents.signed(campaign_code)
            try:
                size = len(self.files.get(sha256))
            except FileNotFoundError:
                raise ApplicationError("the uploaded decision is not in the file store", non_retryable=True) from None
            register_awards(session, campaign_code, [awardee.candidate.ref for awardee in decision.awardees])
            row = GeneratedDocument(
                kind=DECISION, campaign_code=campaign_code, signed=True, sha256=sha256, size=size,
                filename=f"Quyết định {decision.number.replace('/', '-')} - {plan.issuer.name}.pdf",
                content_type=PDF, number=decision.number, issued_on=decision.signed_on, created_at=models.utcnow(),
            )
            session.add(row)
            session.commit()
        crash_point("file_signed_decision")
        return sha256
