"""The register's pages (web/pages/register.py): an award made elsewhere recorded by hand and imported from the
.xlsx template (all or nothing, a report per row), the search without diacritics, a person's history and its
.xlsx, revocation; and the eligibility check refusing a nominee the register shows already awarded."""

import io
import re
from datetime import date

import openpyxl
from sqlmodel import Session, select

from db import awards, models
from db.awards import Award, AwardInput
from documents.award_sheet import COLUMNS, template
from tests.conftest import Service
from tests.dossier_steps import APPRAISER, get
from tests.test_nominee_import import logged_in
from tests.test_suspension import NHUNG, dossier_in_appraisal

PROVINCE = "Ủy ban nhân dân tỉnh Hải Dương"


def person_id(service: Service, name: str) -> int:
    with Session(service.engine) as session:
        return session.exec(select(models.Person).where(models.Person.full_name == name)).one().id


def register_rows(service: Service) -> list[Award]:
    with Session(service.engine) as session:
        return list(session.exec(select(Award).order_by(Award.id)))


def filled(rows: list[dict]) -> bytes:
    """The template with these rows under its sample row."""
    book = openpyxl.load_workbook(io.BytesIO(template()))
    sheet = book.worksheets[0]
    codes = list(COLUMNS)
    for row in rows:
        sheet.append([row.get(code) for code in codes])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report(html: str) -> list[tuple[str, str]]:
    cells = re.findall(r'<td data-label="Tập thể, cá nhân">([^<]*)</td>\s*<td data-label="Kết quả">(?:<strong>)?([^<]*)', html)
    return [(name, status) for name, status in cells]


async def upload(service: Service, csrf: str, content: bytes):
    files = {"file": ("khen-thuong.xlsx", content, "application/octet-stream")}
    return await service.api.post("/register/import", data={"csrf_token": csrf}, files=files)


BY_HAND = {
    "subject_type": "person", "award_name": "Bằng khen của Chủ tịch UBND tỉnh", "decision_number": "1520/QĐ-UBND",
    "decision_date": "20/12/2024", "issued_by": PROVINCE, "achievement": "Hoàn thành xuất sắc nhiệm vụ năm 2024",
    "period_start": "01/01/2024", "period_end": "31/12/2024", "bonus_vnd": "1404000",
}


async def test_awards_recorded_by_hand_and_imported_make_the_history(service: Service):
    csrf = await logged_in(service, APPRAISER)
    nhung = person_id(service, "Phạm Thị Hồng Nhung")
    response = await service.api.post("/register/new", data=BY_HAND | {"person_id": str(nhung), "csrf_token": csrf})
    assert response.status_code == 303 and response.headers["location"].startswith("/register?recorded=")
    again = await service.api.post("/register/new", data=BY_HAND | {"person_id": str(nhung), "csrf_token": csrf})
    assert again.status_code == 409 and "Sổ khen thưởng đã có khen thưởng này" in again.text
    missing = await service.api.post("/register/new", data=BY_HAND | {"csrf_token": csrf})  # nobody chosen, no name
    assert missing.status_code == 422 and "Chọn người trong danh sách, hoặc ghi họ và tên." in missing.text
    [hand] = register_rows(service)
    assert (hand.person_id, hand.kind, hand.source, hand.unit_name, hand.register_number) == (
        nhung, "form", "recorded", "Phòng Kinh tế", None)

    # The import: a row refused refuses the file; nothing is written.
    rows = [
        {"subject_type": "Cá nhân", "name": "Lê Minh Đức", "birth_date": "23/11/1979", "award_name": "Chiến sĩ thi đua cơ sở",
         "decision_number": "45/QĐ-UBND", "decision_date": "15/01/2024", "issued_by": "Ủy ban nhân dân xã Kẻ Sặt"},
        {"subject_type": "Tập thể", "name": "Phòng Kinh tế", "award_name": "Tập thể lao động tiên tiến",
         "decision_number": "45/QĐ-UBND", "decision_date": "15/01/2024", "issued_by": "Ủy ban nhân dân xã Kẻ Sặt"},
        {"subject_type": "Cá nhân", "name": "Trần Văn Cũ", "award_name": "Giấy khen của Chủ tịch UBND huyện",
         "decision_number": "7/QĐ-UBND", "decision_date": "31/02/2019", "issued_by": "Ủy ban nhân dân huyện Cẩm Giàng"},
    ]
    refused = await upload(service, csrf, filled(rows))
    assert refused.status_code == 422 and "Chưa ghi dòng nào" in refused.text
    assert report(refused.text) == [("Lê Minh Đức", "Chưa ghi"), ("Phòng Kinh tế", "Chưa ghi"), ("Trần Văn Cũ", "Không nhận")]
    assert "Ngày quyết định «31/02/2019» không phải ngày hợp lệ" in refused.text
    assert len(register_rows(service)) == 1

    rows[2]["decision_date"] = "28/02/2019"
    taken = await upload(service, csrf, filled(rows))
    assert taken.status_code == 200 and report(taken.text) == [("Lê Minh Đức", "Đã ghi"), ("Phòng Kinh tế", "Đã ghi"),
                                                               ("Trần Văn Cũ", "Đã ghi")]
    duc, office, old = register_rows(service)[1:]
    assert (duc.person_id, duc.kind, duc.source) == (person_id(service, "Lê Minh Đức"), "title", "imported")
    assert (office.subject_type, office.unit_id is not None, office.kind) == ("unit", True, "title")
    assert (old.person_id, old.name, old.kind) == (None, "Trần Văn Cũ", "form")
    again = await upload(service, csrf, filled(rows))  # the same file again: nothing twice
    assert report(again.text) == [(r["name"], "Đã có trong sổ") for r in rows] and len(register_rows(service)) == 4

    # The search ignores diacritics; filters by kind and year.
    found = await service.api.get("/register", params={"q": "hong nhung"})
    assert "Phạm Thị Hồng Nhung" in found.text and "Lê Minh Đức" not in found.text
    titles = await service.api.get("/register", params={"kind": "title", "year": "2024"})
    assert "Lê Minh Đức" in titles.text and "Phạm Thị Hồng Nhung" not in titles.text and "Trần Văn Cũ" not in titles.text

    # Her history, on the page and in Excel; then revoked by a decision.
    history = await service.api.get(f"/register/people/{nhung}")
    assert history.status_code == 200 and "Quá trình khen thưởng" in history.text and "Số 1520/QĐ-UBND" in history.text
    book = openpyxl.load_workbook(io.BytesIO((await service.api.get(f"/register/people/{nhung}.xlsx")).content))
    values = list(book.active.iter_rows(values_only=True))
    assert values[0][:3] == ("STT", "Họ và tên / Tên tập thể", "Chức vụ khi được khen")
    assert values[1][1] == "Phạm Thị Hồng Nhung" and values[1][6] == "1520/QĐ-UBND" and values[1][10] == 1_404_000
    late = await service.api.post(f"/register/awards/{hand.id}/revoke",
                                  data={"number": "3/QĐ-UBND", "revoked_on": "01/12/2024", "csrf_token": csrf})
    assert late.status_code == 422 and "trước ngày của quyết định khen thưởng" in late.text
    revoked = await service.api.post(f"/register/awards/{hand.id}/revoke", data={
        "number": "3/QĐ-UBND", "revoked_on": "10/03/2025", "reason": "Kê khai thành tích không đúng", "csrf_token": csrf})
    assert revoked.status_code == 303
    history = " ".join((await service.api.get(f"/register/people/{nhung}")).text.split())
    assert "Đã hủy bỏ theo Quyết định số 3/QĐ-UBND ngày 10/03/2025" in history


async def test_the_export_for_the_national_database_has_its_fields_and_the_id_number_only_there(service: Service):
    csrf = await logged_in(service, APPRAISER)
    nhung = person_id(service, "Phạm Thị Hồng Nhung")
    with Session(service.engine) as session:
        person = session.get(models.Person, nhung)
        person.id_number = "030188004321"
        session.add(person)
        session.commit()
    ok = await service.api.post("/register/new", data=BY_HAND | {"person_id": str(nhung), "csrf_token": csrf})
    assert ok.status_code == 303
    await service.api.post("/register/new", data=BY_HAND | {"subject_type": "unit", "name": "Hội Nông dân xã",
                                                            "csrf_token": csrf})  # a collective: not in the export
    exported = (await service.api.get("/register/national.json")).json()["khen_thuong"]
    assert exported == [{
        "so_dinh_danh": "030188004321", "ho_ten": "Phạm Thị Hồng Nhung", "loai": "hinh_thuc_khen_thuong",
        "ten": "Bằng khen của Chủ tịch UBND tỉnh", "so_quyet_dinh": "1520/QĐ-UBND", "ngay_quyet_dinh": "2024-12-20",
        "nam": 2024, "co_quan_ban_hanh": PROVINCE, "chuc_vu": "Chuyên viên", "don_vi": "Phòng Kinh tế",
        "hieu_luc": "con_hieu_luc",
    }]
    assert (await service.api.get("/register/national.json", params={"year": 2023})).json() == {"khen_thuong": []}
    book = openpyxl.load_workbook(io.BytesIO((await service.api.get("/register/national.xlsx")).content))
    header, row = list(book.active.iter_rows(values_only=True))[:2]
    assert header[0] == "Số định danh cá nhân (CCCD)" and row[0] == "030188004321" and row[2] == "Hình thức khen thưởng"
    assert row[5].date() == date(2024, 12, 20)
    for path in ("/register", f"/register/people/{nhung}", "/register/so-vang"):  # the register's pages: no ID number
        assert "030188004321" not in (await service.api.get(path)).text
    service.api.cookies.clear()  # logged out: no export
    assert (await service.api.get("/register/national.json", follow_redirects=False)).status_code == 303


async def test_a_nominee_the_register_shows_awarded_for_the_same_achievement_is_refused(running: Service):
    with Session(running.engine) as session:
        nhung = session.exec(select(models.Person).where(models.Person.full_name == NHUNG["name"])).one()
        awards.record_award(session, nhung.issuer_id, AwardInput(
            subject_type="person", person_id=nhung.id, award_name="Bằng khen của Chủ tịch UBND tỉnh",
            decision_number="88/QĐ-UBND", decision_date=date(2025, 12, 20), issued_by=PROVINCE,
            period_start=date(2025, 1, 1), period_end=date(2025, 12, 31)), None)
    dossier = await dossier_in_appraisal(running, [NHUNG])
    nominee = (await get(running, dossier["id"]))["nominees"][0]
    [finding] = [f for f in nominee["findings"] if f["rule"] == "one_award_per_achievement"]
    assert finding["verdict"] == "block"
    assert "Bằng khen của Chủ tịch UBND tỉnh theo Quyết định số 88/QĐ-UBND ngày 20/12/2025" in finding["message"]
