"""The registry of records over the API: adding, matching people, resolving, concluding, importing files."""

import io
from datetime import date, datetime

from openpyxl import Workbook
from sqlmodel import Session, func, select

from common.text import VN_TZ, fold
from db.demo import CAMPAIGN_FILE
from db.models import Person, Unit
from db.record_facts import read_registry
from db.records import Record, records_for
from schemas.campaign_file import load_campaign
from schemas.eligibility import SubjectFacts, evaluate
from tests.conftest import Service

APPRAISER, OFFICE_HEAD, UNIT_HEAD, CHAIRMAN = "thamdinh", "truongphong.vhxh", "truongphong.kinhte", "chutich"
NHUNG_CCCD = "001188012345"


def today() -> date:
    return datetime.now(VN_TZ).date()


def person(service: Service, full_name: str, born: date | None = None) -> Person:
    with Session(service.engine) as session:
        query = select(Person).where(Person.full_name == full_name)
        if born:
            query = query.where(Person.birth_date == born)
        return session.exec(query).one()


def unit(service: Service, code: str) -> Unit:
    with Session(service.engine) as session:
        return session.exec(select(Unit).where(Unit.code == code)).one()


def give_id_number(service: Service, full_name: str, number: str) -> int:
    with Session(service.engine) as session:
        found = session.exec(select(Person).where(Person.full_name == full_name)).one()
        found.id_number = number
        session.add(found)
        session.commit()
        return found.id


def add_namesake(service: Service) -> int:
    """A second "Nguyễn Văn An", born another day, in another unit."""
    with Session(service.engine) as session:
        centre = unit(service, "tt-vhttt")
        other = Person(
            issuer_id=centre.issuer_id, full_name="Nguyễn Văn An", name_key=fold("Nguyễn Văn An"),
            birth_date=date(1995, 6, 1), position="Viên chức", unit_id=centre.id,
        )
        session.add(other)
        session.commit()
        return other.id


def count_records(service: Service) -> int:
    with Session(service.engine) as session:
        return session.exec(select(func.count()).select_from(Record)).one()


async def post(service: Service, body: dict, user: str = APPRAISER):
    return await service.api.post("/api/records", json=body, headers=service.as_user(user))


def refused(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == code, body
    return body


async def test_add_records_matching_people_and_units(running: Service):
    nhung = give_id_number(running, "Phạm Thị Hồng Nhung", NHUNG_CCCD)
    # Exact on the ID-card number, written with spaces.
    response = await post(running, {
        "subject_type": "person", "subject_name": "Phạm Thị Hồng Nhung", "id_number": "001 188 012 345",
        "kind": "complaint", "opened_on": "2025-10-01", "note": "Đơn của công dân ngày 01/10/2025",
    })
    assert response.status_code == 201, response.text
    complaint = response.json()
    assert (complaint["match_status"], complaint["match_rule"], complaint["person_id"]) == ("matched", "id_number", nhung)
    assert complaint["status"] == "open" and complaint["id_number"] == NHUNG_CCCD
    assert complaint["summary"] == "Khiếu nại, tố cáo đang xác minh (từ 01/10/2025)"
    assert complaint["kind_name"] == "Khiếu nại, tố cáo"

    # By name and date of birth, ignoring diacritics and case.
    an = person(running, "Nguyễn Văn An")
    response = await post(running, {
        "subject_type": "person", "subject_name": "nguyen van an", "birth_date": "1982-03-14",
        "kind": "rating", "year": 2025, "rating": "hoan_thanh_tot",
    }, user=OFFICE_HEAD)
    assert response.status_code == 201, response.text
    rating = response.json()
    assert (rating["match_status"], rating["match_rule"], rating["person_id"]) == ("matched", "name_birth_date", an.id)
    assert rating["subject_label"] == "Nguyễn Văn An (14/03/1982), Văn phòng HĐND và UBND xã"
    assert rating["summary"] == "Xếp loại năm 2025: Hoàn thành tốt nhiệm vụ"
    # An ID number not in the directory, but the name and date of birth find one person: said so.
    response = await post(running, {
        "subject_type": "person", "subject_name": "NGUYỄN VĂN AN", "birth_date": "1982-03-14",
        "id_number": "099999999999", "kind": "initiative", "initiative_title": "Số hóa hồ sơ một cửa",
        "recognised_by": "Hội đồng Sáng kiến xã",
    })
    assert (response.json()["match_status"], response.json()["match_rule"]) == ("matched", "name_birth_date")

    # A unit by its name without diacritics.
    economy = unit(running, "phong-kinh-te")
    response = await post(running, {
        "subject_type": "unit", "subject_name": "phong kinh te", "kind": "par_index", "year": 2025, "value": 91.5,
    })
    assert response.status_code == 201, response.text
    assert (response.json()["unit_id"], response.json()["match_status"]) == (economy.id, "matched")
    assert response.json()["summary"] == "Chỉ số cải cách hành chính năm 2025: 91,5%"

    # A name alone is never applied: with a namesake in the directory, both are candidates.
    namesake = add_namesake(running)
    response = await post(running, {"subject_type": "person", "subject_name": "Nguyen Van An", "kind": "press_issue"})
    assert response.status_code == 201, response.text
    ambiguous = response.json()
    assert ambiguous["match_status"] == "ambiguous" and ambiguous["person_id"] is None
    assert sorted(ambiguous["candidates"]) == sorted([an.id, namesake])
    assert {c["birth_date"] for c in ambiguous["candidate_details"]} == {"1982-03-14", "1995-06-01"}
    assert ambiguous["subject_label"] == "Nguyen Van An (chưa xác định)"
    # Even one person of that name is only a candidate.
    response = await post(running, {"subject_type": "person", "subject_name": "Vũ Quang Huy", "kind": "complaint"})
    assert (response.json()["match_status"], response.json()["candidates"]) == ("ambiguous", [person(running, "Vũ Quang Huy").id])
    # Nobody of that name.
    response = await post(running, {"subject_type": "person", "subject_name": "Trần Văn Không Có", "kind": "complaint"})
    assert (response.json()["match_status"], response.json()["candidates"]) == ("unmatched", [])

    # Unresolved records reach no rule.
    with Session(running.engine) as session:
        assert [r.kind for r in records_for(session, person_ids={an.id})] == ["rating", "initiative"]
        assert records_for(session, person_ids={namesake}) == []

    # The appraiser resolves: only a candidate may be chosen.
    url = f"/api/records/{ambiguous['id']}/match"
    refused(await running.api.post(url, json={"person_id": nhung}, headers=running.as_user(APPRAISER)), 422,
            "MATCH_NOT_A_CANDIDATE")
    response = await running.api.post(url, json={"person_id": namesake}, headers=running.as_user(APPRAISER))
    assert response.status_code == 200, response.text
    assert (response.json()["match_status"], response.json()["match_rule"], response.json()["person_id"]) == (
        "matched", "appraiser", namesake)
    assert response.json()["subject_label"] == "Nguyễn Văn An (01/06/1995), Trung tâm Văn hóa, Thể thao và Truyền thông"
    response = await running.api.post(url, json={"person_id": an.id}, headers=running.as_user(APPRAISER))
    assert response.status_code == 409 and response.json()["code"] == "MATCH_ALREADY_RESOLVED"
    with Session(running.engine) as session:
        assert [r.kind for r in records_for(session, person_ids={namesake})] == ["press_issue"]

    # Reading, with filters.
    async def listed(**params) -> list[int]:
        response = await running.api.get("/api/records", params=params, headers=running.as_user(APPRAISER))
        assert response.status_code == 200, response.text
        return [r["id"] for r in response.json()]

    assert len(await listed()) == 7
    assert await listed(person_id=nhung) == [complaint["id"]]
    assert await listed(unit_id=economy.id, kind="par_index") != []
    assert len(await listed(kind="complaint")) == 3
    assert len(await listed(match_status="ambiguous")) == 1
    assert len(await listed(match_status="unmatched")) == 1
    response = await running.api.get("/api/records", headers=running.as_user(CHAIRMAN))
    assert response.status_code == 200


async def test_refusals_change_nothing(running: Service):
    body = {"subject_type": "person", "subject_name": "Lê Minh Đức", "birth_date": "1979-11-23", "kind": "complaint"}
    # Unit heads neither write nor read the registry.
    refused(await post(running, body, user=UNIT_HEAD), 403, "WRONG_ROLE")
    refused(await running.api.get("/api/records", headers=running.as_user(UNIT_HEAD)), 403, "WRONG_ROLE")
    response = await running.api.post(
        "/api/records/import", files={"file": ("so.csv", b"loai;ho_ten\ncomplaint;A\n", "text/csv")},
        headers=running.as_user(UNIT_HEAD),
    )
    refused(response, 403, "WRONG_ROLE")
    refused(await running.api.post("/api/records", json=body), 401, "NOT_AUTHENTICATED")
    # A kind the registry does not know, a record missing what its kind needs, a contradiction.
    refused(await post(running, {**body, "kind": "gossip"}), 422, "INVALID_INPUT")
    problem = refused(await post(running, {**body, "kind": "discipline"}), 422, "RECORD_INVALID")
    assert "cần hình thức kỷ luật" in problem["message"]
    problem = refused(await post(running, {**body, "kind": "rating", "year": 2025, "rating": "hoan_thanh", "subject_type": "unit"}),
                      422, "RECORD_INVALID")
    assert "xếp loại là của cá nhân" in problem["message"]
    refused(await post(running, {**body, "outcome": "founded", "status": "open"}), 422, "RECORD_INVALID")
    refused(await post(running, {**body, "kind": "discipline", "discipline_form": "khien_trach",
                                 "period_start": "2025-09-01", "period_end": "2025-03-01"}), 422, "RECORD_INVALID")
    refused(await post(running, {"subject_type": "person", "person_id": 9999, "kind": "complaint"}), 422, "PERSON_NOT_FOUND")
    refused(await post(running, {"subject_type": "unit", "unit_id": 9999, "kind": "complaint"}), 422, "UNIT_NOT_FOUND")
    refused(await running.api.patch("/api/records/9999", json={"note": "x"}, headers=running.as_user(APPRAISER)), 404,
            "RECORD_NOT_FOUND")
    assert count_records(running) == 0

    # The same fact twice: the second is refused.
    rating = {**body, "kind": "rating", "year": 2025, "rating": "hoan_thanh_tot"}
    assert (await post(running, rating)).status_code == 201
    refused(await post(running, {**rating, "rating": "hoan_thanh"}), 409,
            "RECORD_DUPLICATE")
    assert count_records(running) == 1


async def test_concluding_cases(running: Service):
    an = person(running, "Nguyễn Văn An")
    response = await post(running, {"subject_type": "person", "person_id": an.id, "kind": "complaint", "opened_on": "2025-10-01"})
    complaint = response.json()
    assert (complaint["match_rule"], complaint["subject_name"]) == ("person_id", "Nguyễn Văn An")
    url = f"/api/records/{complaint['id']}"

    # Concluded needs its conclusion; nothing is changed by the refusal.
    problem = refused(await running.api.patch(url, json={"status": "concluded"}, headers=running.as_user(APPRAISER)),
                      422, "RECORD_INVALID")
    assert "có căn cứ hay không có căn cứ" in problem["message"]
    response = await running.api.patch(url, json={"status": "concluded", "outcome": "unfounded"}, headers=running.as_user(OFFICE_HEAD))
    assert response.status_code == 200, response.text
    concluded = response.json()
    assert (concluded["status"], concluded["outcome"], concluded["concluded_on"]) == ("concluded", "unfounded", today().isoformat())
    assert concluded["summary"] == f"Khiếu nại, tố cáo: đã kết luận ngày {today():%d/%m/%Y}: không có căn cứ, không vi phạm"
    refused(await running.api.patch(url, json={"note": "x"}, headers=running.as_user(UNIT_HEAD)), 403, "WRONG_ROLE")

    # A discipline under consideration, concluded with a form and a period: a discipline from then on.
    response = await post(running, {"subject_type": "person", "person_id": an.id, "kind": "discipline_pending",
                                    "opened_on": "2025-02-10"})
    pending = response.json()
    assert pending["summary"] == "Đang xem xét thi hành kỷ luật (từ 10/02/2025)"
    response = await running.api.patch(
        f"/api/records/{pending['id']}",
        json={"status": "concluded", "discipline_form": "khien_trach", "period_start": "2025-03-01", "period_end": "2025-08-31"},
        headers=running.as_user(APPRAISER),
    )
    assert response.status_code == 200, response.text
    assert response.json()["outcome"] == "founded"
    assert response.json()["summary"] == "Kỷ luật khiển trách (01/03/2025 – 31/08/2025)"

    # What the rules read from the registry.
    plan = load_campaign(CAMPAIGN_FILE)
    subject = SubjectFacts(group="individual", subject_kind="can_bo_cong_chuc_vien_chuc", name=an.full_name, person_id=an.id)
    with Session(running.engine) as session:
        facts = read_registry(session, [subject]).facts(subject)
    findings = evaluate(plan, subject, facts, date(2025, 12, 1))
    by_rule = {f.rule: f for f in findings}
    assert by_rule["pending_records"].verdict == "pass"
    assert by_rule["concluded_records"].verdict == "pass"
    assert by_rule["discipline_period"].verdict == "block"
    assert "01/09/2025" in by_rule["discipline_period"].message
    assert by_rule["rating_bar"].verdict == "warn"

    # A key leader's discipline reaches the unit's check.
    office = unit(running, "vp-hdnd-ubnd")
    collective = SubjectFacts(group="collective", subject_kind="phong_chuyen_mon", name=office.name, unit_id=office.id,
                              leader_person_id=an.id)
    with Session(running.engine) as session:
        assert {f.subject for f in read_registry(session, [collective]).facts(collective)} == {"leader"}


def csv_file(rows: list[list[str]], delimiter: str = ";", bom: bool = True) -> bytes:
    text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


async def upload(service: Service, name: str, content: bytes, user: str = APPRAISER):
    return await service.api.post(
        "/api/records/import", files={"file": (name, content, "application/octet-stream")}, headers=service.as_user(user)
    )


async def test_import_csv_row_by_row(running: Service):
    give_id_number(running, "Phạm Thị Hồng Nhung", NHUNG_CCCD)
    namesake = add_namesake(running)
    header = ["STT", "Loại", "Họ và tên", "Ngày sinh", "Số CCCD", "Đơn vị", "Trạng thái", "Kết luận", "Hình thức kỷ luật",
              "Từ ngày", "Đến ngày", "Ngày phát sinh", "Năm", "Xếp loại", "Giá trị", "Ghi chú"]
    rows = [
        header,
        # 2: by ID-card number
        ["1", "Khiếu nại, tố cáo", "Phạm Thị Hồng Nhung", "", NHUNG_CCCD, "", "đang xác minh", "", "", "", "", "01/10/2025", "", "", "", ""],
        # 3: by name and date of birth, without diacritics
        ["2", "xếp loại", "nguyen van an", "14/03/1982", "", "", "", "", "", "", "", "", "2025", "HTTNV", "", ""],
        # 4: a name alone, shared by two people: stored, not applied
        ["3", "kỷ luật", "Nguyễn Văn An", "", "", "", "", "", "khiển trách", "01/03/2025", "31/08/2025", "", "", "", "", ""],
        # 5: a kind not known
        ["4", "tin đồn", "Vũ Quang Huy", "30/01/1993", "", "", "", "", "", "", "", "", "", "", "", ""],
        # 6: a date that is not one
        ["5", "complaint", "Vũ Quang Huy", "31/02/1993", "", "", "", "", "", "", "", "", "", "", "", ""],
        # 7: nobody with that ID number
        ["6", "complaint", "Người Lạ", "", "012345678901", "", "", "", "", "", "", "", "", "", "", ""],
        # 8: a discipline without its form
        ["7", "kỷ luật", "Vũ Quang Huy", "30/01/1993", "", "", "", "", "", "01/03/2025", "", "", "", "", "", ""],
        # 9: blank
        ["", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        # 10: a unit's PAR index, decimal comma
        ["8", "chỉ số CCHC", "", "", "", "Phòng Kinh tế", "", "", "", "", "", "", "2025", "", "91,5", ""],
        # 11: the same rating as row 3 again
        ["9", "xếp loại", "Nguyễn Văn An", "14/03/1982", "", "", "", "", "", "", "", "", "2025", "HTXSNV", "", ""],
        # 12: a concluded complaint needs its conclusion
        ["10", "khiếu nại", "Vũ Quang Huy", "30/01/1993", "", "", "đã kết luận", "", "", "", "", "", "", "", "", ""],
        # 13: concluded, unfounded
        ["11", "khiếu nại", "Vũ Quang Huy", "30/01/1993", "", "", "đã kết luận", "không có căn cứ", "", "", "", "", "", "", "", "Đơn nặc danh"],
    ]
    response = await upload(running, "so-theo-doi.csv", csv_file(rows))
    assert response.status_code == 200, response.text
    report = response.json()
    statuses = {row["row_number"]: row["status"] for row in report["rows"]}
    assert statuses == {2: "taken", 3: "taken", 4: "ambiguous", 5: "refused", 6: "refused", 7: "refused", 8: "refused",
                        10: "taken", 11: "refused", 12: "refused", 13: "taken"}
    assert (report["taken"], report["refused"], report["ambiguous"]) == (4, 6, 1)
    messages = {row["row_number"]: row["message"] for row in report["rows"]}
    assert "Loại «tin đồn» không hợp lệ" in messages[5]
    assert "Ngày sinh «31/02/1993» không phải ngày hợp lệ" in messages[6]
    assert "Không có ai mang số CCCD 012345678901" in messages[7]
    assert "cần hình thức kỷ luật" in messages[8]
    assert "đã có trong sổ" in messages[11]
    assert "có căn cứ hay không có căn cứ" in messages[12]
    assert "Khớp theo số CCCD" in messages[2] and "Khiếu nại, tố cáo đang xác minh (từ 01/10/2025)" in messages[2]
    assert "Cần chọn đúng người" in messages[4]

    # Only the rows reported as stored are in the registry; a refused row left nothing.
    by_row = {row["row_number"]: row["record_id"] for row in report["rows"]}
    assert all(by_row[n] is None for n, status in statuses.items() if status == "refused")
    assert count_records(running) == 5
    with Session(running.engine) as session:
        ambiguous = session.get(Record, by_row[4])
        assert ambiguous.match_status == "ambiguous"
        assert sorted(ambiguous.candidates) == sorted([person(running, "Nguyễn Văn An", date(1982, 3, 14)).id, namesake])
        assert session.get(Record, by_row[10]).unit_id == unit(running, "phong-kinh-te").id
        assert session.get(Record, by_row[10]).value == 91.5
        assert session.get(Record, by_row[3]).rating == "hoan_thanh_tot"
        assert session.get(Record, by_row[13]).outcome == "unfounded"

    # The same file, comma-separated and without a BOM, with code headers: every row is now a duplicate or refused.
    codes = ["stt", "loai", "ho_ten", "ngay_sinh", "so_cccd", "don_vi", "trang_thai", "ket_luan", "hinh_thuc",
             "tu_ngay", "den_ngay", "ngay_phat_sinh", "nam", "xep_loai", "gia_tri", "ghi_chu"]
    again = [[cell.replace(",", ".") for cell in row] for row in [codes, rows[2], rows[9]]]
    report = (await upload(running, "lai.csv", csv_file(again, delimiter=",", bom=False))).json()
    assert [(row["row_number"], row["status"]) for row in report["rows"]] == [(2, "refused"), (3, "refused")]
    assert count_records(running) == 5

    # A file the import cannot read as a whole is refused, and nothing of it is taken.
    bad_header = csv_file([["loai", "ho_ten", "so_ccdd"], ["complaint", "Vũ Quang Huy", "1"]])
    problem = refused(await upload(running, "sai.csv", bad_header), 422, "IMPORT_FILE_INVALID")
    assert "so_ccdd" in problem["message"]
    refused(await upload(running, "latin1.csv", "loai;ho_ten\ncomplaint;Vũ".encode("utf-16")), 422, "IMPORT_FILE_INVALID")
    refused(await upload(running, "rong.csv", b""), 422, "IMPORT_FILE_INVALID")
    assert count_records(running) == 5


async def test_import_xlsx(running: Service):
    nhung = give_id_number(running, "Phạm Thị Hồng Nhung", NHUNG_CCCD)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["loai", "doi_tuong", "ho_ten", "ngay_sinh", "so_cccd", "don_vi", "hinh_thuc_khen", "so_quyet_dinh",
                  "ngay_quyet_dinh", "thanh_tich", "tu_ngay", "den_ngay", "nam", "gia_tri"])
    # A number cell: the ID number's leading zero is lost and restored; dates as date cells.
    sheet.append(["khen thưởng", "cá nhân", "Phạm Thị Hồng Nhung", None, int(NHUNG_CCCD), None, "Giấy khen của Chủ tịch UBND xã",
                  "45/QĐ-UBND", datetime(2025, 9, 15), "Chuyển đổi số", datetime(2025, 1, 1), datetime(2025, 8, 31), None, None])
    sheet.append(["par_index", "tập thể", None, None, None, "Trung tâm Phục vụ hành chính công", None, None, None, None,
                  None, None, 2025, 88])
    sheet.append(["par_index", "tập thể", None, None, None, "Phòng không có", None, None, None, None, None, None, 2025, 95])
    sheet.append(["par_index", "tập thể", None, None, None, "Phòng Kinh tế", None, None, None, None, None, None, 2025, 120])
    sheet.append(["khen thưởng", "cá nhân", "Vũ Quang Huy", datetime(1993, 1, 30), None, None, "Giấy khen", None, None,
                  None, None, None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = await upload(running, "so-theo-doi.xlsx", buffer.getvalue(), user=OFFICE_HEAD)
    assert response.status_code == 200, response.text
    report = response.json()
    assert [(row["row_number"], row["status"]) for row in report["rows"]] == [
        (2, "taken"), (3, "taken"), (4, "refused"), (5, "refused"), (6, "refused")
    ]
    messages = [row["message"] for row in report["rows"]]
    assert "Giấy khen của Chủ tịch UBND xã theo Quyết định số 45/QĐ-UBND ngày 15/09/2025" in messages[0]
    assert "Không có đơn vị «Phòng không có»" in messages[2]
    assert "Chỉ số cải cách hành chính tính bằng %, không quá 100" in messages[3]
    assert "cần số và ngày của quyết định khen thưởng" in messages[4]
    with Session(running.engine) as session:
        award = session.get(Record, report["rows"][0]["record_id"])
        assert (award.person_id, award.id_number, award.period_start) == (nhung, NHUNG_CCCD, date(2025, 1, 1))
    assert count_records(running) == 2

    # An old .xls is refused as a whole.
    refused(await upload(running, "cu.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100), 422, "IMPORT_FILE_INVALID")
