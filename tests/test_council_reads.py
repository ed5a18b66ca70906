"""The council's candidates kept once and taken in pages (db/council_reads.py): each page light enough for an
event of the campaign's history, the pages together the whole read in its order, on SQLite and PostgreSQL."""

from sqlmodel import Session

from db.council_reads import PAGE_BYTES, CouncilRead, page_starts, read_page
from db.models import utcnow
from schemas.council import Candidate
from schemas.council_reads import CandidatesPage

MANY = 10_000


def candidate(number: int) -> Candidate:
    long = "Trường Trung học cơ sở Nguyễn Bỉnh Khiêm, xã Kẻ Sặt " * (1 + number % 4)  # names of every length
    return Candidate(ref=f"D-2026-{number:05d}/N1", dossier_id=f"D-2026-{number:05d}", nominee_key="N1",
                     name=f"Nguyễn Thị Hồng Nhung {number}", group="individual", position="Giáo viên",
                     unit_name=long.strip(), woman=number % 2 == 0)


def test_ten_thousand_candidates_come_back_whole_in_pages_none_over_the_bound(engine):
    candidates = [candidate(number) for number in range(MANY)]
    starts = page_starts(candidates)
    assert starts[0] == 0 and starts == sorted(set(starts)) and len(starts) > 1
    with Session(engine) as session:
        read = CouncilRead(campaign_code="ke-sat-2026", candidates=[c.model_dump(mode="json") for c in candidates],
                           read_at=utcnow())
        session.add(read)
        session.commit()
        pages = [read_page(session, CandidatesPage(read_id=read.id, start=start, stop=stop))
                 for start, stop in zip(starts, [*starts[1:], MANY])]
        assert read_page(session, CandidatesPage(read_id=read.id + 1, start=0, stop=1)) is None
    for page in pages:
        assert page and len(("[" + ",".join(c.model_dump_json() for c in page) + "]").encode()) <= PAGE_BYTES
    assert [c for page in pages for c in page] == candidates


def test_no_candidates_no_pages_and_one_heavy_candidate_a_page_of_its_own():
    assert page_starts([]) == []
    heavy = candidate(1).model_copy(update={"unit_name": "Đ" * PAGE_BYTES})
    assert page_starts([candidate(0), heavy, candidate(2)]) == [0, 1, 2]
