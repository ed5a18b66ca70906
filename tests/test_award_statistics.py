"""The yearly statistics (documents/award_statistics.py) of a scripted year, cell by cell against counts made here
from the script itself."""

import io
from datetime import date

import openpyxl
from sqlmodel import Session, select

from common.settings import ROOT
from db import awards, models
from db.awards import AwardInput, Revocation
from db.demo import load_demo
from documents.award_statistics import statistics_workbook

OUTPUT = ROOT / "test-output"

KE_SAT = "Ủy ban nhân dân xã Kẻ Sặt"
GIAY_KHEN = "Giấy khen của Chủ tịch UBND xã"
LDTT = "Lao động tiên tiến"
TTLDTT = "Tập thể lao động tiên tiến"
# (who, award, issued by, decision date, revoked): who is a person (sex, category) or a unit (its kind).
PEOPLE = {"An": ("nu", "lanh_dao"), "Bình": ("nam", "truc_tiep"), "Chi": ("nu", "truc_tiep"), "Dũng": ("nam", "khac"),
          "Hà": ("nu", None)}
UNITS = {"Công ty Cổ phần Kẻ Sặt": "doanh_nghiep", "Hộ ông Nguyễn Văn Tư": "ho_gia_dinh",
         "Phòng Văn hóa - Xã hội 2": "phong_chuyen_mon", "Hợp tác xã Thành Công": "hop_tac_xa"}
SCRIPT = [
    ("An", GIAY_KHEN, KE_SAT, date(2025, 3, 1), False), ("Bình", GIAY_KHEN, KE_SAT, date(2025, 3, 1), False),
    ("Chi", GIAY_KHEN, KE_SAT, date(2025, 3, 1), False), ("Dũng", GIAY_KHEN, KE_SAT, date(2025, 12, 30), False),
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
COLUMNS = ["total", "collective", "enterprise", "household", "individual", "women", "leader", "direct", "other"]


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
            row[{"lanh_dao": "leader", "truc_tiep": "direct"}.get(category, "other")] += 1
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
        for name, (sex, category) in PEOPLE.items():
            person = models.Person(full_name=f"Trần Thị {name}", sex=sex, category=category, issuer_id=issuer.id,
                                   name_key=name.lower())
            session.add(person)
            session.flush()
            people[name] = person.id
        for name, kind in UNITS.items():
            unit = models.Unit(code=f"u{len(units)}", name=name, kind=kind, issuer_id=issuer.id)
            session.add(unit)
            session.flush()
            units[name] = unit.id
        session.commit()
        for number, (who, award, issued_by, on, revoked) in enumerate(SCRIPT, start=1):
            subject = {"subject_type": "person", "person_id": people[who]} if who in PEOPLE else {
                "subject_type": "unit", "unit_id": units[who]}
            written = awards.record_award(session, issuer.id, AwardInput(
                **subject, award_name=award, decision_number=f"{number}/QĐ-UBND", decision_date=on, issued_by=issued_by,
                bonus_vnd=100_000), None)
            if revoked:
                awards.revoke(session, issuer.id, written.id, Revocation(number="99/QĐ-UBND", revoked_on=date(2025, 9, 1)))
        content = statistics_workbook(session, issuer.id, 2025)

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
    assert want[GIAY_KHEN] == {"total": 7, "collective": 2, "enterprise": 1, "household": 1, "individual": 4,
                               "women": 2, "leader": 1, "direct": 2, "other": 1}  # the script read by a person

    by_unit = list(book["Theo đơn vị"].iter_rows(min_row=2, values_only=True))
    assert by_unit[-1][1:] == ("Tổng cộng", 12, 1_200_000)  # 12 counted awards of 100.000 đ
