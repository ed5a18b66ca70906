"""The campaign tells its dossiers in batches (workflows/dossier_telling.py): by count, as the campaigns before
the change replay, and, from it on, by size as well, so that a batch of large dossiers (twenty nominees told the
council's outcome) stays well within an event of 64 KB; every message once, in its order."""

from schemas.council import DossierMessage
from workflows.dossier_telling import TELL_BATCH, TELL_BATCH_BYTES, in_batches


def outcome(dossier: int, nominees: int) -> DossierMessage:
    reasons = [{"nominee_key": f"N{n}", "approved": True, "reason": "Đạt ngưỡng: 5/5 phiếu đồng ý (100%)"}
               for n in range(1, nominees + 1)]
    return DossierMessage(dossier_id=f"{dossier:012x}", payload={"outcomes": reasons})


def test_batches_by_count_as_before_and_by_size_from_the_change():
    small = [DossierMessage(dossier_id=f"{n:012x}") for n in range(450)]
    assert [len(b) for b in in_batches(small, by_size=False)] == [TELL_BATCH, TELL_BATCH, 50]
    assert [len(b) for b in in_batches(small, by_size=True)] == [TELL_BATCH, TELL_BATCH, 50]

    large = [outcome(n, 20) for n in range(450)]
    assert [len(b) for b in in_batches(large, by_size=False)] == [TELL_BATCH, TELL_BATCH, 50]
    batches = in_batches(large, by_size=True)
    assert [m for batch in batches for m in batch] == large
    sizes = [sum(len(m.model_dump_json()) for m in batch) for batch in batches]
    assert max(sizes) <= TELL_BATCH_BYTES and len(batches) > 10

    alone = [outcome(0, 2), outcome(1, 1000), outcome(2, 2)]  # a message larger than a batch is a batch alone
    assert [len(b) for b in in_batches(alone, by_size=True)] == [1, 1, 1]
