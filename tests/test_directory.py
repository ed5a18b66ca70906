"""The directory an issuer's admin keeps (units, people, users), the issuers the super-admin keeps, the
ID-number checks, who sees personal data, and the all-or-nothing import from .xlsx."""

import io
import logging
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import Session, select

from common.idnumber import PROVINCES, IdNumberInvalid, check_id_number
from db import models
from db.api_tokens import add_token
from db.outbox import OutboxMail
from tests.conftest import Service, today

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ADMIN = "quantri"  # Kẻ Sặt's admin in the demo data


# --- the ID number ---------------------------------------------------------------------------------


def test_the_63_province_codes_run_from_ha_noi_to_ca_mau():
    assert len(PROVINCES) == 63
    assert PROVINCES["001"] == "Hà Nội" and PROVINCES["096"] == "Cà Mau" and PROVINCES["079"] == "Hồ Chí Minh"


@pytest.mark.parametrize(
    ("number", "sex", "born"),
    [
        ("001085000123", "nam", date(1985, 3, 14)),  # Hà Nội, 0: a man born in the 1900s
        ("001185000123", "nu", date(1985, 3, 14)),  # 1: a woman
        ("096203000001", "nam", date(2003, 1, 1)),  # Cà Mau, 2: a man born in the 2000s
        ("079 305 000 001", "nu", date(2005, 6, 1)),  # spaces are left out
        ("037153000257", None, None),  # neither sex nor date given: only the number's own structure
    ],
)
def test_a_well_formed_number_that_agrees_with_sex_and_birth_is_taken(number, sex, born):
    assert check_id_number(number, sex, born) == number.replace(" ", "")


@pytest.mark.parametrize(
    ("number", "sex", "born", "reason"),
    [
        ("00108500012", None, None, "đúng 12 chữ số"),
        ("00108500012a", None, None, "đúng 12 chữ số"),
        ("003085000123", None, None, "ba số đầu «003» không phải mã tỉnh"),  # 003 is no province's
        ("097085000123", None, None, "không phải mã tỉnh"),
        ("001085000123", "nu", None, "người nam, không khớp với giới tính"),
        ("001185000123", "nam", None, "người nữ"),
        ("001085000123", "nam", date(2005, 3, 14), "sinh từ 1900 đến 1999, không khớp với năm sinh 2005"),
        ("001085000123", "nam", date(1986, 3, 14), "thứ 5 và 6 của số CCCD (85) không khớp với năm sinh 1986"),
    ],
)
def test_a_number_that_is_malformed_or_disagrees_is_refused_with_the_reason(number, sex, born, reason):
    with pytest.raises(IdNumberInvalid, match=reason.replace("(", r"\(").replace(")", r"\)")):
        check_id_number(number, sex, born)


# --- helpers ---------------------------------------------------------------------------------------


def new_token(service: Service, username: str) -> dict[str, str]:
    """An API token for a user made by the tests (a new user has none until they make one)."""
    with Session(service.engine) as session:
        user = session.exec(select(models.User).where(models.User.username == username)).one()
        _, token = add_token(session, user, "Kiểm thử")
        session.commit()
    return {"Authorization": f"Bearer {token}"}


async def second_issuer(service: Service) -> dict[str, str]:
    """Issuer B, made by the super-admin with its first admin: B's admin's headers."""
    boss = service.as_user("quantri.hethong")
    created = await service.api.post("/api/issuers", headers=boss, json={
        "code": "xa-b", "name": "Ủy ban nhân dân xã B", "kind": "xa", "superior": "Ủy ban nhân dân tỉnh Hải Phòng",
        "place": "B", "receiving_office": "Phòng Văn hóa - Xã hội", "recipients": ["Như Điều 3", "Lưu: VT"],
    })
    assert created.status_code == 201, created.text
    issuer = created.json()
    admin = await service.api.post(f"/api/issuers/{issuer['id']}/admins", headers=boss, json={
        "username": "quantri.xa-b", "full_name": "Quản trị xã B", "email": "quantri@xa-b.example",
    })
    assert admin.status_code == 201, admin.text
    assert admin.json()["roles"] == ["admin"] and admin.json()["issuer_id"] == issuer["id"]
    return new_token(service, "quantri.xa-b")


async def unit_id(service: Service, code: str, headers: dict[str, str]) -> int:
    units = (await service.api.get("/api/units", headers=headers)).json()
    return next(unit["id"] for unit in units if unit["code"] == code)


# --- units, people, users --------------------------------------------------------------------------


async def test_the_admin_creates_edits_and_deactivates_units_and_a_deactivated_unit_cannot_be_chosen(service: Service):
    api, admin = service.api, service.as_user(ADMIN)
    parent = await unit_id(service, "phong-kinh-te", admin)
    made = await api.post("/api/units", headers=admin, json={
        "code": "To-Nong-Nghiep", "name": "  Tổ Nông nghiệp ", "kind": "phong_ban_don_vi", "parent_id": parent,
    })
    assert made.status_code == 201, made.text
    unit = made.json()
    assert (unit["code"], unit["name"], unit["parent_id"], unit["active"]) == ("to-nong-nghiep", "Tổ Nông nghiệp", parent, True)

    again = await api.post("/api/units", headers=admin, json={"code": "to-nong-nghiep", "name": "X", "kind": "thon_xom"})
    assert (again.status_code, again.json()["code"]) == (409, "UNIT_CODE_TAKEN")
    bad_kind = await api.post("/api/units", headers=admin, json={"code": "x", "name": "X", "kind": "khong_co"})
    assert bad_kind.status_code == 422 and bad_kind.json()["details"]["fields"][0]["field"] == "kind"
    loop = await api.patch(f"/api/units/{parent}", headers=admin, json={"parent_id": unit["id"]})
    assert (loop.status_code, loop.json()["code"]) == (422, "UNIT_PARENT_INVALID")

    renamed = await api.patch(f"/api/units/{unit['id']}", headers=admin, json={"name": "Tổ Nông nghiệp và Môi trường"})
    assert renamed.json()["name"] == "Tổ Nông nghiệp và Môi trường"
    gone = await api.post(f"/api/units/{unit['id']}/deactivate", headers=admin)
    assert gone.status_code == 200 and gone.json()["active"] is False
    assert unit["id"] in [u["id"] for u in (await api.get("/api/units", headers=admin)).json()]  # kept
    assert unit["id"] not in [u["id"] for u in (await api.get("/api/units?active=true", headers=admin)).json()]

    person = await api.post("/api/people", headers=admin, json={"full_name": "Lò Văn Pá", "unit_id": unit["id"]})
    assert (person.status_code, person.json()["code"]) == (422, "UNIT_INACTIVE")
    assert person.json()["details"]["fields"][0]["field"] == "unit_id"
    user = await api.post("/api/users", headers=admin, json={
        "username": "lo.van.pa", "full_name": "Lò Văn Pá", "roles": ["unit_head"], "unit_id": unit["id"],
        "email": "pa@kesat.example",
    })
    assert (user.status_code, user.json()["code"]) == (422, "UNIT_INACTIVE")


async def test_a_change_of_unit_or_position_adds_a_position_from_the_day_given(service: Service):
    api, admin = service.api, service.as_user(ADMIN)
    economy, culture = await unit_id(service, "phong-kinh-te", admin), await unit_id(service, "phong-vhxh", admin)
    made = await api.post("/api/people", headers=admin, json={
        "full_name": "Nguyễn Thị Hoa", "sex": "nu", "birth_date": "1985-03-14", "id_number": "001185000123",
        "position": "Chuyên viên", "unit_id": economy, "category": "truc_tiep", "email": "hoa@kesat.example",
        "since": "2020-01-01",
    })
    assert made.status_code == 201, made.text
    person = made.json()
    assert person["id_number"] == "001185000123" and person["birth_date"] == "1985-03-14"
    assert person["positions"] == [{"unit_id": economy, "position": "Chuyên viên", "since": "2020-01-01"}]

    moved = await api.patch(f"/api/people/{person['id']}", headers=admin, json={
        "unit_id": culture, "position": "Phó Trưởng phòng", "since": "2025-07-01",
    })
    assert moved.status_code == 200, moved.text
    assert moved.json()["positions"][-1] == {"unit_id": culture, "position": "Phó Trưởng phòng", "since": "2025-07-01"}
    email_only = await api.patch(f"/api/people/{person['id']}", headers=admin, json={"email": "hoa2@kesat.example"})
    assert len(email_only.json()["positions"]) == 2  # no move, no new position
    promoted = await api.patch(f"/api/people/{person['id']}", headers=admin, json={"position": "Trưởng phòng"})
    assert promoted.json()["positions"][-1]["since"] == today().isoformat()  # today in Vietnam by default

    wrong_sex = await api.patch(f"/api/people/{person['id']}", headers=admin, json={"sex": "nam"})
    assert (wrong_sex.status_code, wrong_sex.json()["code"]) == (422, "ID_NUMBER_INVALID")
    assert "giới tính" in wrong_sex.json()["message"] and "001185000123" not in wrong_sex.text
    twin = await api.post("/api/people", headers=admin, json={"full_name": "Người Khác", "id_number": "001185000123"})
    assert (twin.status_code, twin.json()["code"]) == (409, "ID_NUMBER_TAKEN")
    future = await api.post("/api/people", headers=admin, json={"full_name": "X", "birth_date": "2200-01-01"})
    assert future.status_code == 422
    control = await api.post("/api/people", headers=admin, json={"full_name": "Nguyễn\u202eVăn"})
    assert control.status_code == 422 and control.json()["details"]["fields"][0]["code"] == "forbidden_character"

    gone = await api.post(f"/api/people/{person['id']}/deactivate", headers=admin)
    assert gone.json()["active"] is False
    with Session(service.engine) as session:
        assert session.get(models.Person, person["id"]) is not None  # never deleted
        assert len(session.exec(select(models.PersonPosition).where(models.PersonPosition.person_id == person["id"])).all()) == 3


async def test_a_new_user_gets_a_password_link_by_mail_and_a_token_no_one_knows(service: Service):
    api, admin = service.api, service.as_user(ADMIN)
    culture = await unit_id(service, "phong-vhxh", admin)
    made = await api.post("/api/users", headers=admin, json={
        "username": "Thamdinh.2", "full_name": "Vương Thị Lựu", "roles": ["appraiser", "council_member", "appraiser"],
        "unit_id": culture, "email": "luu@kesat.example",
    })
    assert made.status_code == 201, made.text
    user = made.json()
    assert user["username"] == "thamdinh.2" and user["roles"] == ["appraiser", "council_member"]
    assert "token_hash" not in user and "password_hash" not in user
    with Session(service.engine) as session:
        row = session.get(models.User, user["id"])
        assert row.password_hash is None
        assert session.exec(select(models.ApiToken).where(models.ApiToken.user_id == row.id)).first() is None
        mails = session.exec(select(OutboxMail).where(OutboxMail.recipient == "luu@kesat.example")).all()
        assert [mail.kind for mail in mails] == ["password_link"]

    taken = await api.post("/api/users", headers=admin, json={
        "username": "thamdinh", "full_name": "X", "roles": ["appraiser"], "email": "x@kesat.example",
    })
    assert (taken.status_code, taken.json()["code"]) == (409, "USERNAME_TAKEN")
    boss = await api.post("/api/users", headers=admin, json={
        "username": "sieu.quantri", "full_name": "X", "roles": ["super_admin"], "email": "x@kesat.example",
    })
    assert (boss.status_code, boss.json()["code"]) == (422, "ROLE_NOT_ALLOWED")
    none = await api.post("/api/users", headers=admin, json={
        "username": "khong.vai.tro", "full_name": "X", "roles": [], "email": "x@kesat.example",
    })
    assert none.status_code == 422

    edited = await api.patch(f"/api/users/{user['id']}", headers=admin, json={"roles": ["office_head"], "unit_id": None})
    assert edited.json()["roles"] == ["office_head"] and edited.json()["unit_id"] is None
    token = new_token(service, "thamdinh.2")
    assert (await api.get("/api/me", headers=token)).status_code == 200
    gone = await api.post(f"/api/users/{user['id']}/deactivate", headers=admin)
    assert gone.json()["active"] is False
    assert (await api.get("/api/me", headers=token)).status_code == 401  # its token no longer works
    me = (await api.get("/api/me", headers=admin)).json()
    itself = await api.post(f"/api/users/{me['id']}/deactivate", headers=admin)
    assert (itself.status_code, itself.json()["code"]) == (409, "CANNOT_DEACTIVATE_SELF")

    head = service.as_user("truongphong.kinhte")
    refused = await api.post("/api/units", headers=head, json={"code": "x", "name": "X", "kind": "thon_xom"})
    assert (refused.status_code, refused.json()["code"]) == (403, "WRONG_ROLE")
    assert (await api.get("/api/users", headers=head)).status_code == 403


async def test_an_admin_never_sees_or_changes_another_issuers_rows(service: Service):
    api, admin_a = service.api, service.as_user(ADMIN)
    admin_b = await second_issuer(service)
    assert (await api.get("/api/units", headers=admin_b)).json() == []
    assert (await api.get("/api/people", headers=admin_b)).json() == []
    assert [u["username"] for u in (await api.get("/api/users", headers=admin_b)).json()] == ["quantri.xa-b"]
    b_unit = (await api.post("/api/units", headers=admin_b, json={"code": "phong-kinh-te", "name": "Phòng Kinh tế xã B",
                                                                  "kind": "phong_chuyen_mon"})).json()  # the same code: per issuer

    a_unit = await unit_id(service, "phong-kinh-te", admin_a)
    a_person = (await api.get("/api/people", headers=admin_a)).json()[0]["id"]
    a_user = (await api.get("/api/users", headers=admin_a)).json()[0]["id"]
    for method, path, body in [
        ("PATCH", f"/api/units/{a_unit}", {"name": "Đổi"}),
        ("POST", f"/api/units/{a_unit}/deactivate", None),
        ("GET", f"/api/people/{a_person}", None),
        ("PATCH", f"/api/people/{a_person}", {"position": "Đổi"}),
        ("POST", f"/api/people/{a_person}/deactivate", None),
        ("PATCH", f"/api/users/{a_user}", {"full_name": "Đổi"}),
        ("POST", f"/api/users/{a_user}/deactivate", None),
    ]:
        answer = await api.request(method, path, headers=admin_b, json=body)
        assert answer.status_code == 404, (path, answer.text)
        assert answer.json()["code"].startswith("DIRECTORY_")
    into_a = await api.post("/api/people", headers=admin_b, json={"full_name": "X", "unit_id": a_unit})
    assert (into_a.status_code, into_a.json()["code"]) == (404, "DIRECTORY_UNIT_NOT_FOUND")
    under_a = await api.patch(f"/api/units/{b_unit['id']}", headers=admin_b, json={"parent_id": a_unit})
    assert under_a.status_code == 404
    assert b_unit["id"] not in [u["id"] for u in (await api.get("/api/units", headers=admin_a)).json()]
    assert "quantri.xa-b" not in [u["username"] for u in (await api.get("/api/users", headers=admin_a)).json()]
    with Session(service.engine) as session:
        assert session.get(models.Unit, a_unit).name == "Phòng Kinh tế" and session.get(models.Unit, a_unit).active


async def test_only_the_super_admin_creates_and_edits_issuers(service: Service):
    api, boss = service.api, service.as_user("quantri.hethong")
    for user in (ADMIN, "chutich"):
        refused = await api.post("/api/issuers", headers=service.as_user(user), json={
            "code": "x", "name": "X", "kind": "xa", "place": "X", "receiving_office": "X"})
        assert (refused.status_code, refused.json()["code"]) == (403, "WRONG_ROLE")
    bad_kind = await api.post("/api/issuers", headers=boss, json={
        "code": "x", "name": "X", "kind": "thon", "place": "X", "receiving_office": "X"})
    assert bad_kind.status_code == 422
    taken = await api.post("/api/issuers", headers=boss, json={
        "code": "ke-sat", "name": "X", "kind": "xa", "place": "X", "receiving_office": "X"})
    assert (taken.status_code, taken.json()["code"]) == (409, "ISSUER_CODE_TAKEN")
    await second_issuer(service)
    issuer = next(i for i in (await api.get("/api/issuers", headers=boss)).json() if i["code"] == "xa-b")
    assert (issuer["kind"], issuer["symbol"], issuer["head_title"]) == ("xa", "UBND", "Chủ tịch")
    edited = await api.patch(f"/api/issuers/{issuer['id']}", headers=boss, json={"name": "UBND xã B mới", "print_superior": False})
    assert (edited.json()["name"], edited.json()["print_superior"]) == ("UBND xã B mới", False)
    so = await api.post("/api/issuers", headers=boss, json={
        "code": "so-noi-vu", "name": "Sở Nội vụ", "kind": "so_ban_nganh", "symbol": "SNV", "place": "Hải Phòng",
        "receiving_office": "Văn phòng Sở"})
    assert (so.status_code, so.json()["head_title"]) == (201, "Giám đốc")  # a Sở's head, where none is given
    missing = await api.patch("/api/issuers/999999", headers=boss, json={"name": "X"})
    assert (missing.status_code, missing.json()["code"]) == (404, "ISSUER_NOT_FOUND")
    units = await api.get("/api/units", headers=boss)
    assert (units.status_code, units.json()["code"]) == (403, "NO_OWN_ISSUER")
    with Session(service.engine) as session:
        mails = session.exec(select(OutboxMail).where(OutboxMail.recipient == "quantri@xa-b.example")).all()
        assert [mail.kind for mail in mails] == ["password_link"]


async def test_id_numbers_and_dates_of_birth_are_shown_only_to_admin_and_appraisers(service: Service, caplog):
    api, admin = service.api, service.as_user(ADMIN)
    caplog.set_level(logging.DEBUG)
    made = await api.post("/api/people", headers=admin, json={
        "full_name": "Trần Văn Bình", "sex": "nam", "birth_date": "1990-05-05", "id_number": "038090001234"})
    assert made.status_code == 201
    for user, personal in [("truongphong.kinhte", False), ("chutich", False), ("thamdinh", True),
                           ("truongphong.vhxh", True), (ADMIN, True)]:
        people = (await api.get("/api/people", headers=service.as_user(user))).json()
        binh = next(p for p in people if p["full_name"] == "Trần Văn Bình")
        assert (binh["id_number"] == "038090001234") is personal, user
        assert (binh["birth_date"] == "1990-05-05") is personal, user
        assert all(p["id_number"] is None and p["birth_date"] is None for p in people) or personal
    assert "038090001234" not in caplog.text


# --- the import ------------------------------------------------------------------------------------


def workbook(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def upload(service: Service, content: bytes, name: str = "danh-sach.xlsx", user: str = ADMIN):
    return await service.api.post("/api/directory/import", headers=service.as_user(user),
                                  files={"file": (name, content, XLSX)})


UNIT_HEADER = ["Mã đơn vị *", "Tên đơn vị *", "Loại đơn vị *", "Ký hiệu trên văn bản", "Mã đơn vị cấp trên", "Thư điện tử"]
PEOPLE_HEADER = ["STT", "Họ và tên *", "Giới tính", "Ngày sinh", "Số CCCD", "Chức vụ", "Mã đơn vị", "Phân loại", "Thư điện tử"]


async def test_the_templates_have_vietnamese_headers_an_example_and_the_allowed_values(service: Service):
    for kind, first in (("units", "Mã đơn vị *"), ("people", "Họ và tên *")):
        answer = await service.api.get(f"/api/directory/template/{kind}", headers=service.as_user(ADMIN))
        assert answer.status_code == 200 and answer.headers["content-type"] == XLSX
        book = load_workbook(io.BytesIO(answer.content))
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        assert rows[0][0] == first and len(rows) == 2
        assert book.sheetnames[1] == "Giá trị được nhận"
    values = [row for row in book.worksheets[1].iter_rows(values_only=True)]
    assert ("Nam", "Lãnh đạo (từ cấp phó trưởng phòng trở lên)") == values[1]
    # The people's template, as it is, imports its example person.
    report = await upload(service, answer.content, "mau.xlsx")
    assert report.status_code == 200, report.text
    assert report.json()["created"] == 1


async def test_an_import_creates_and_updates_rows_matched_by_code_and_by_id_number_or_name_and_birth(service: Service):
    units = workbook([UNIT_HEADER,
                      ["to-dan-pho-1", "Tổ dân phố số 1", "Thôn, xóm, tổ dân phố", None, None, None],
                      ["to-dan-pho-1a", "Tổ dân phố số 1A", "thon_xom", None, "to-dan-pho-1", None],
                      ["phong-kinh-te", "Phòng Kinh tế", "Phòng chuyên môn", "KT", None, "kt@kesat.example"]])
    report = (await upload(service, units)).json()
    assert (report["kind"], report["written"], report["created"], report["updated"]) == ("units", True, 2, 1)
    assert [row["status"] for row in report["rows"]] == ["created", "created", "updated"]

    people = workbook([PEOPLE_HEADER,
                       [1, "Nguyễn Văn An", "Nam", "14/03/1982", None, "Chánh Văn phòng", "vp-hdnd-ubnd", "Lãnh đạo (từ cấp phó trưởng phòng trở lên)", None],
                       [2, "Hà Thị Mơ", "Nữ", date(1999, 9, 9), 1199000111, "Tổ trưởng", "to-dan-pho-1", "Khác", None]])
    report = (await upload(service, people)).json()
    assert (report["written"], report["created"], report["updated"]) == (True, 1, 1), report
    assert report["rows"][0]["message"].startswith("Đã cập nhật")
    assert "001199000111" not in str(report)  # the number that lost its leading zero, restored, not reported
    with Session(service.engine) as session:
        mo = session.exec(select(models.Person).where(models.Person.full_name == "Hà Thị Mơ")).one()
        assert (mo.id_number, mo.sex, mo.category) == ("001199000111", "nu", "khac")
    again = workbook([PEOPLE_HEADER, [1, "Ha Thi Mo", None, None, "001199000111", "Tổ phó", None, None, None]])
    report = (await upload(service, again)).json()
    assert report["updated"] == 1  # matched by the ID number, though written without diacritics


async def test_a_file_with_a_refused_row_writes_nothing_and_says_why_for_each_row(service: Service):
    with Session(service.engine) as session:
        before = len(session.exec(select(models.Person)).all())
    people = workbook([PEOPLE_HEADER,
                       [1, "Người Tốt", "Nam", "01/01/1990", "001090000001", None, "phong-kinh-te", None, None],
                       [2, "Sai Giới Tính", "Nữ", "01/01/1990", "001090000002", None, None, None, None],
                       [3, "Sai Đơn Vị", None, None, None, None, "khong-co", None, None],
                       [4, None, None, "32/01/1990", None, None, None, "Giám đốc", None]])
    answer = await upload(service, people)
    assert (answer.status_code, answer.json()["code"]) == (422, "DIRECTORY_IMPORT_REFUSED")
    assert "chưa ghi dòng nào" in answer.json()["message"]
    report = answer.json()["details"]["report"]
    assert (report["written"], report["refused"]) == (False, 3)
    statuses = [(row["row_number"], row["status"]) for row in report["rows"]]
    assert statuses == [(2, "created"), (3, "refused"), (4, "refused"), (5, "refused")]
    messages = [row["message"] for row in report["rows"]]
    assert "giới tính" in messages[1] and "001090000002" not in messages[1]
    assert "khong-co" in messages[2]
    assert "Ngày sinh" in messages[3] and "Phân loại «Giám đốc»" in messages[3] and "Họ và tên" in messages[3]
    with Session(service.engine) as session:
        assert len(session.exec(select(models.Person)).all()) == before  # not even the good row

    unknown = await upload(service, workbook([["Họ và tên", "Lương"], ["A", 1]]))
    assert (unknown.status_code, unknown.json()["code"]) == (422, "IMPORT_FILE_INVALID")
    too_many = workbook([PEOPLE_HEADER] + [[i, f"Người {i}"] for i in range(service.settings.import_max_rows + 1)])
    many = await upload(service, too_many)
    assert many.status_code == 422 and "hơn 5.000 dòng" in many.json()["message"]
    not_excel = await upload(service, b"PK\x03\x04 not a zip")
    assert not_excel.json()["code"] == "IMPORT_FILE_INVALID"
    head = await upload(service, workbook([PEOPLE_HEADER]), user="truongphong.kinhte")
    assert head.status_code == 403


async def test_a_person_named_twice_with_the_same_birth_is_refused_in_an_import_without_an_id_number(service: Service):
    admin = service.as_user(ADMIN)
    for _ in range(2):
        await service.api.post("/api/people", headers=admin, json={"full_name": "Lê Văn Trùng", "birth_date": "1980-02-02"})
    answer = await upload(service, workbook([PEOPLE_HEADER, [1, "Lê Văn Trùng", None, "02/02/1980", None, "Chuyên viên"]]))
    assert answer.status_code == 422
    assert "2 cán bộ cùng họ tên và ngày sinh" in answer.json()["details"]["report"]["rows"][0]["message"]
