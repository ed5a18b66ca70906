"""The messages of a read of the council's candidates taken in pages (db/council_reads.py)."""

from pydantic import BaseModel, Field


class CandidatesRead(BaseModel):
    """A read kept in the database: what the workflow's history holds of it."""

    read_id: int
    count: int = Field(ge=0)
    starts: list[int]  # where each page begins: each page weighs at most db.council_reads.PAGE_BYTES


class CandidatesPage(BaseModel):
    read_id: int
    start: int = Field(ge=0)
    stop: int = Field(ge=0)
