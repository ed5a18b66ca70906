"""Vietnamese text as data, and demo data that loads once however often it is loaded."""

import unicodedata
from datetime import date, datetime

from sqlmodel import Session, func, select

from common.text import fold, nfc, vn_date
from db import models
from db.demo import CAMPAIGN_FILE, STAFF, USERS, load_demo, rehearsal
from schemas.campaign_file import load_campaign
from schemas.dossier_actions import Role


def test_text_is_stored_nfc_and_searched_without_diacritics():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Ánh")
    assert decomposed != "Nguyễn Văn Ánh"
    assert nfc(f"  {decomposed}  ") == "Nguyễn Văn Ánh"
    assert fold("Nguyễn Văn Ánh") == "nguyen van anh"
    assert fold(decomposed) == "nguyen van anh"
    assert fold("ĐỖ THỊ ĐÀO") == "do thi dao"


def test_dates_are_dd_mm_yyyy_in_vietnam_time():
    assert vn_date(date(2025, 12, 5)) == "05/12/2025"
    # 20:00 UTC on 4 December is already 5 December in Hà Nội.
    assert vn_date(datetime.fromisoformat("2025-12-04T20:00:00+00:00")) == "05/12/2025"


def test_demo_loads_once(engine):
    for _ in range(2):
        with Session(engine) as session:
            load_demo(session, date(2026, 11, 22))
    with Session(engine) as session:
        count = lambda table: session.exec(select(func.count()).select_from(table)).one()  # noqa: E731
        assert count(models.Person) == count(models.PersonPosition) == len(STAFF) == 12
        assert count(models.Issuer) == 5  # those of the repository's plans
        assert count(models.User) == len(USERS) + 1 + 4  # the super-admin, and the admin of each other issuer
        assert count(models.Campaign) == 1
        roles = {role for user in session.exec(select(models.User)) for role in user.roles}
        assert roles == {role.value for role in Role}
        ke_sat = session.exec(select(models.Issuer).where(models.Issuer.code == "ke-sat")).one()
        for table in (models.Unit, models.Person, models.Campaign):
            assert {row.issuer_id for row in session.exec(select(table))} == {ke_sat.id}


def test_demo_campaign_is_the_plan_or_its_rehearsal():
    plan = load_campaign(CAMPAIGN_FILE)
    assert plan.deadlines.submit_before == date(2025, 12, 5)
    assert rehearsal(plan, date(2025, 11, 30)) == plan
    moved = rehearsal(plan, date(2026, 11, 22))
    assert (moved.code, moved.deadlines.submit_before) == ("ke-sat-2025-dien-tap", date(2026, 12, 5))
    assert rehearsal(plan, date(2026, 12, 5)).deadlines.submit_before == date(2027, 12, 5)
