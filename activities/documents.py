"""Activities that make documents: the signed decision, stored and its hash recorded at signing."""

from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session
from temporalio import activity
from temporalio.exceptions import ApplicationError

from common.faults import crash_point
from common.filestore import FileStore
from common.text import VN_TZ
from documents.assemble import Documents


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
