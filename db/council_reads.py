"""What the council was given: each read of a campaign's candidates, kept as it was read.

The campaign workflow reads its candidates once, into a row here, and then takes them in pages small enough
for its history (no event over 64 KB at 10,000 candidates); a retry reads the same row, so the session opens
over the very list first read, whatever moved since. The rows stay: the list each session was given.
"""

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, Session, SQLModel

from db import queries
from db.models import AwareDateTime, utcnow
from schemas.council import Candidate
from schemas.council_reads import CandidatesPage, CandidatesRead

# The most a page of candidates may weigh in the history, as JSON: well inside the 64 KB of an event.
PAGE_BYTES = 48_000


class CouncilRead(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    campaign_code: str = Field(index=True)
    candidates: list = Field(sa_column=Column(JSON, nullable=False))  # schemas.council.Candidate, in their order
    read_at: datetime = AwareDateTime(nullable=False)


def keep_candidates(session: Session, campaign_code: str) -> CandidatesRead:
    """Read the campaign's candidates (db.queries.council_candidates) and keep them; where each page starts."""
    candidates = queries.council_candidates(session, campaign_code)
    read = CouncilRead(campaign_code=campaign_code, candidates=[c.model_dump(mode="json") for c in candidates],
                       read_at=utcnow())
    session.add(read)
    session.commit()
    return CandidatesRead(read_id=read.id, count=len(candidates), starts=page_starts(candidates))


def page_starts(candidates: list[Candidate]) -> list[int]:
    """Where each page begins, each as many candidates as weigh at most PAGE_BYTES (one at least)."""
    starts, weight = [], PAGE_BYTES
    for number, candidate in enumerate(candidates):
        size = len(candidate.model_dump_json().encode()) + 1  # and its comma
        if weight + size > PAGE_BYTES:
            starts.append(number)
            weight = 0
        weight += size
    return starts


def read_page(session: Session, page: CandidatesPage) -> list[Candidate] | None:
    """The page's candidates of the kept read; None if it is not kept."""
    read = session.get(CouncilRead, page.read_id)
    if read is None:
        return None
    return [Candidate.model_validate(row) for row in read.candidates[page.start:page.stop]]
