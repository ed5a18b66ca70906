"""Two saves of one workflow at once (a Signal's and an Update's): the older never writes over the newer."""

from datetime import datetime, timezone

from sqlmodel import Session

from db import models
from db.history import claim_snapshot


def test_an_older_save_that_read_first_does_not_overwrite_a_newer_one(engine):
    now = datetime.now(timezone.utc)
    with Session(engine) as session:
        issuer = models.Issuer(code="x", name="UBND xã", kind="xa", place="Xã", receiving_office="Phòng VHXH")
        session.add(issuer)
        session.flush()
        session.add(models.Campaign(code="c", issuer_id=issuer.id, title="Đợt thi đua", issuer_name="UBND xã",
                                    receiving_office="Phòng VHXH", settings={}, loaded_at=now))
        session.add(models.CampaignRun(code="c", phase="open", state={"seen": 5}, last_seq=5, updated_at=now))
        session.commit()

    with Session(engine) as older, Session(engine) as newer:
        stale = older.get(models.CampaignRun, "c")  # the older save reads first: last_seq 5
        assert stale.last_seq == 5
        assert claim_snapshot(newer, models.CampaignRun, "c", 7)
        newer.get(models.CampaignRun, "c").state = {"seen": 7}
        newer.commit()
        assert not claim_snapshot(older, models.CampaignRun, "c", 6)  # 6 < 7: not written
        older.commit()

    with Session(engine) as session:
        run = session.get(models.CampaignRun, "c")
        assert (run.last_seq, run.state) == (7, {"seen": 7})
        assert claim_snapshot(session, models.CampaignRun, "c", 8)
