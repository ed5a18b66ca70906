"""The yearly statistics (documents/award_statistics.py) of a scripted year, cell by cell against counts made here
from the script itself: the awards by form and kind of subject, the campaigns by level, method and duration, the
office's awards by unit and form, and the bonuses against the fund."""

import io
from datetime import date

import openpyxl
from sqlmodel import Session, select

from common.settings import ROOT
from db import awards, models
from db.awards import AwardInput, Revocation
from db.demo import load_demo
from db.campaigns import save_campaign
from schemas.campaign import EmulationPlan
from documents.award_statistics import statistics_workbook
from tests.campaign_steps import plan_of
from tests.test_nominee_import import logged_in

OUTPUT = ROOT / "test-output"

KE_SAT = "Ủy ban nhân dân xã Kẻ Sặt"
GIAY_KHEN = "Giấy khen của Chủ tịch UBND xã"
LDTT = "Lao động tiên tiến"
TTLDTT = "Tập thể lao động tiên tiến"
# (who, award, issued by, decision date, revoked): who is a person (sex, category) or a unit (its kind).
PEOPLE = {"An": ("nu", "lanh_dao"), "Bình": ("nam", "truc_tiep"), "Chi": ("nu", "truc_tiep"), "Dũng": ("nam", "khac"),
          "Hà": ("nu", None), "Giang": ("nam", "doanh_nhan")}
# The unit each person works in (their award counts in it in the office's table); none: "(không ghi đơn vị)".
WORKS_IN = {"An": "Phòng Văn hóa - Xã hội 2", "Bình": "Phòng Văn hóa - Xã hội 2", "Giang": "Công ty Cổ phần Kẻ Sặt"}
NO_UNIT = "(không ghi đơn vị)"
UNITS = {"Công ty Cổ phần Kẻ Sặt": "doanh_nghiep", "Hộ ông Nguyễn Văn Tư": "ho_gia_dinh",
         "Phòng Văn hóa - Xã hội 2": "phong_chuyen_mon", "Hợp tác xã Thành Công": "hop_tac_xa"}
SCRIPT = [
    ("An", GIAY_KHEN, KE_SAT, date(2025, 3, 1), False), ("Bình", GIAY_KHEN, KE_SAT, date(2025, 3, 1), False),
    ("Chi", GIAY_KHEN, KE_SAT, date(2025, 3, 1), False), ("Dũng", GIAY_KHEN, KE_SAT, date(2025, 12, 30), False),
    ("Giang", GIAY_KHEN, KE_SAT, date(2025, 8, 19), False),
    ("Hà", GIAY_KHEN, KE_SAT, date(2025, 6, 1), True),  # revoked: not counted
    ("An", LDTT, KE_SAT, date(2025, 1, 10), False), ("Chi", LDTT, KE_SAT, date(2025, 1, 10), False),
    ("Hà", LDTT, KE_SAT, date(2025, 1, 10), False),
    ("Bình", LDTT, KE_SAT, date(2024, 12, 31), False),  # another year
    ("Dũng", "Bằng khen của Chủ tịch UBND tỉnh", "Ủy ban nhân dân tỉnh Hải Dương", date(2025, 5, 5), False),  # not ours
    ("Công ty Cổ phần Kẻ Sặt", GIAY_KHEN, KE_SAT, date(2025, 3, 1), False),
    ("Hộ ông Nguyễn Văn Tư", GIAY_KHEN, KE_SAT, date(2025, 3, 1), False),
    ("Phòng Văn hóa - Xã hội 2", GIAY_KHEN, KE_SAT, date(2025, 3, 1), False),
    ("Hợp tác xã Thành Công", TTLDTT, KE_SAT, date(2025, 1, 10), False),
    ("Phòng Văn hóa - Xã hội 2", TTLDTT, KE_SAT, date(2025, 1, 10), False),
]
COLUMNS = ["total", "collective", "enterprise", "household", "individual", "women", "leader", "direct", "business",
           "other"]
CATEGORIES = {"lanh_dao": "leader", "truc_tiep": "direct", "doanh_nhan": "business"}
FUND = 5_000_000


def bonus(number: int) -> int:
    """The bonus of the script's award of this number: each its own, so that a sum tells which were added."""
    return 100_000 + number * 1_000


def counted_script(year: int) -> list[tuple[int, str, str]]:
    """(number, who, award) of the script's awards the statistics count."""
    return [(number, who, award) for number, (who, award, issued_by, on, revoked) in enumerate(SCRIPT, start=1)
            if not revoked and issued_by == KE_SAT and on.year == year]


# Campaigns of the year: (code, recurrence, period start, end), and what the sheet should count of them.
CAMPAIGNS = [
    ("cchc-6-thang", "once", date(2025, 7, 1), date(2025, 12, 31)),  # by round, under a year
    ("ca-nam-2025", "yearly", date(2025, 1, 1), date(2025, 12, 31)),  # regular, a year
    ("giai-doan", "once", date(2024, 1, 1), date(2026, 12, 31)),  # by theme, three years, meets 2025
    ("nam-2024", "once", date(2024, 1, 1), date(2024, 12, 31)),  # another year: not counted
    ("dot-xuat-1-20250301-abcdef", "once", date(2025, 3, 1), date(2025, 3, 1)),  # a one-off award: not a campaign
]


def expected(year: int) -> dict[str, dict[str, int]]:
    """Counts of the script, by award name, as the form wants them."""
    table: dict[str, dict[str, int]] = {}
    for who, award, issued_by, on, revoked in SCRIPT:
        if revoked or issued_by != KE_SAT or on.year != year:
            continue
        row = table.setdefault(award, dict.fromkeys(COLUMNS, 0))
        row["total"] += 1
        if who in PEOPLE:
            sex, category = PEOPLE[who]
            row["individual"] += 1
            row["women"] += sex == "nu"
            row[CATEGORIES.get(category, "other")] += 1
        elif UNITS[who] == "ho_gia_dinh":
            row["household"] += 1
        else:
            row["collective"] += 1
            row["enterprise"] += UNITS[who] in ("doanh_nghiep", "hop_tac_xa")
    return table


def test_the_statistics_of_a_scripted_year_cell_by_cell(engine):
    with Session(engine) as session:
        load_demo(session, date(2026, 1, 10))
        issuer = session.exec(select(models.Issuer).where(models.Issuer.code == "ke-sat")).one()
        people, units = {}, {}
        for name, kind in UNITS.items():
            unit = models.Unit(code=f"u{len(units)}", name=name, kind=kind, issuer_id=issuer.id)
            session.add(unit)
            session.flush()
            units[name] = unit.id
        for name, (sex, category) in PEOPLE.items():
            person = models.Person(full_name=f"Trần Thị {name}", sex=sex, category=category, issuer_id=issuer.id,
                                   name_key=name.lower(), unit_id=units.get(WORKS_IN.get(name)))
            session.add(person)
            session.flush()
            people[name] = person.id
        session.commit()
        # The demo's own campaign of the issuer (its rehearsal) is in the year too.
        demo = [(c.code, EmulationPlan.model_validate(c.settings)) for c in session.exec(
            select(models.Campaign).where(models.Campaign.issuer_id == issuer.id))]
        script = [(code, p.recurrence, p.plan.period.start, p.plan.period.end) for code, p in demo] + CAMPAIGNS
        for code, recurrence, start, end in CAMPAIGNS:
            plan = plan_of("ke-sat-2025.yaml").with_deadline(code, None)
            plan.recurrence, plan.plan.period.start, plan.plan.period.end = recurrence, start, end
            save_campaign(session, plan)
        for number, (who, award, issued_by, on, revoked) in enumerate(SCRIPT, start=1):
            subject = {"subject_type": "person", "person_id": people[who]} if who in PEOPLE else {
                "subject_type": "unit", "unit_id": units[who]}
            written = awards.record_award(session, issuer.id, AwardInput(
                **subject, award_name=award, decision_number=f"{number}/QĐ-UBND", decision_date=on, issued_by=issued_by,
                bonus_vnd=bonus(number)), None)
            if revoked:
                awards.revoke(session, issuer.id, written.id, Revocation(number="99/QĐ-UBND", revoked_on=date(2025, 9, 1)))
        content = statistics_workbook(session, issuer.id, 2025, FUND)

    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "thong-ke-khen-thuong-2025.xlsx").write_bytes(content)  # to open and look at
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet = book["Số lượng khen thưởng"]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    want = expected(2025)
    titles = {LDTT, TTLDTT}
    groups = {"DANH HIỆU THI ĐUA": sorted(n for n in want if n in titles),
              "HÌNH THỨC KHEN THƯỞNG": sorted(n for n in want if n not in titles)}
    at = 0
    for group, names in groups.items():
        total = [sum(want[n][c] for n in names) for c in COLUMNS]
        assert rows[at][1] == group and list(rows[at][2:]) == total
        for number, name in enumerate(names, start=1):
            at += 1
            assert rows[at][:2] == (number, name)
            assert list(rows[at][2:]) == [want[name][c] for c in COLUMNS], name
        at += 1
    assert len(rows) == at
    assert want[GIAY_KHEN] == {"total": 8, "collective": 2, "enterprise": 1, "household": 1, "individual": 5,
                               "women": 2, "leader": 1, "direct": 2, "business": 1, "other": 1}  # the script read by a person

    # The campaigns of 2025: three (not the one of 2024, nor the one-off award), all of the commune.
    campaigns = dict(book["Phong trào thi đua"].iter_rows(min_row=2, values_only=True))
    of_year = [c for c in script if c[2].year <= 2025 <= c[3].year and not c[0].startswith("dot-xuat-")]
    long = [c for c in of_year if (c[3] - c[2]).days >= 364]
    assert campaigns == {
        "Tổng số phong trào thi đua": len(of_year), "Cấp UBND xã": len(of_year),
        "Thi đua thường xuyên (hằng năm, nhiều đợt)": sum(1 for c in of_year if c[1] != "once"),
        "Thi đua theo đợt, chuyên đề": sum(1 for c in of_year if c[1] == "once"),
        "Thời gian dưới 1 năm": len(of_year) - len(long), "Thời gian từ 1 năm trở lên": len(long),
    }
    assert len(demo) == 1 and list(campaigns.values()) == [4, 4, 1, 3, 2, 2]  # the script read by a person

    # The office's table: each unit's awards by award name, their total and bonuses.
    counted = counted_script(2025)
    unit_of = {who: who if who in UNITS else WORKS_IN.get(who, NO_UNIT) for _, who, _ in counted}
    names = sorted({award for _, _, award in counted})
    sheet = book["Theo đơn vị"]
    assert [c.value for c in sheet[1]] == ["STT", "Đơn vị", *names, "Tổng số khen thưởng", "Tiền thưởng (đồng)"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    for number, unit in enumerate(sorted(set(unit_of.values())), start=1):
        mine = [(n, award) for n, who, award in counted if unit_of[who] == unit]
        assert rows[number - 1] == (number, unit, *(sum(1 for _, a in mine if a == name) for name in names),
                                    len(mine), sum(bonus(n) for n, _ in mine)), unit
    assert rows[-1] == (None, "Tổng cộng", *(sum(1 for _, _, a in counted if a == name) for name in names),
                        len(counted), sum(bonus(n) for n, _, _ in counted))
    assert len(rows) == len(set(unit_of.values())) + 1 and rows[-1][-2:] == (13, 1_300_000 + 1_000 * sum(
        n for n, _, _ in counted))

    # The bonuses by award name against the fund.
    fund = list(book["Tiền thưởng và quỹ"].iter_rows(min_row=2, values_only=True))
    paid = sum(bonus(n) for n, _, _ in counted)
    assert fund == [*((name, sum(1 for _, _, a in counted if a == name), sum(bonus(n) for n, _, a in counted if a == name))
                      for name in names),
                    ("Tổng cộng", len(counted), paid), ("Quỹ thi đua, khen thưởng của năm", None, FUND),
                    ("Còn lại của quỹ", None, FUND - paid)]


async def test_the_download_takes_the_fund_or_none_and_refuses_anything_else(service):
    await logged_in(service, "thamdinh")
    for fund, left in (("", None), ("2000000", 2_000_000)):
        response = await service.api.get(f"/register/statistics.xlsx?year=2026&fund_vnd={fund}")
        assert response.status_code == 200
        rows = list(openpyxl.load_workbook(io.BytesIO(response.content))["Tiền thưởng và quỹ"].iter_rows(values_only=True))
        assert rows[-2:] == [("Quỹ thi đua, khen thưởng của năm", None, left), ("Còn lại của quỹ", None, left)]
    assert (await service.api.get("/register/statistics.xlsx?year=2026&fund_vnd=2e6")).status_code == 422
