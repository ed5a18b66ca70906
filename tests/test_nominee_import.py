"""The unit head's import of nominees from the campaign's .xlsx template (web/pages/nominee_import.py): good
rows added through the form's path, bad rows each reported with the column and the reason, nothing added
from a file with a bad row, a file sent again adding no one twice, the file's bounds."""

import io
import re

import openpyxl
import pytest

from db.demo import CAMPAIGN_FILE
from documents.nominee_sheet import COLUMNS, EXAMPLE_STT, VALUES_SHEET, template
from schemas.campaign_file import load_campaign
from tests.conftest import Service
from tests.dossier_steps import APPRAISER, NOMINEES, OTHER_UNIT_HEAD, UNIT_HEAD, create, get

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CODES = list(COLUMNS)
INDIVIDUAL = "Cá nhân: Cán bộ, công chức, viên chức"
COLLECTIVE = "Tập thể: Đơn vị sự nghiệp thuộc UBND xã"


def row(**cells) -> list:
    return [cells.get(code) for code in CODES]


DUC = row(stt=1, name="Lê Minh Đức", sex="Nam", birth_date="23/11/1979", position="Trưởng phòng", kind=INDIVIDUAL,
          award_form="Giấy khen của Chủ tịch UBND xã",
          summary="Hoàn thành xuất sắc nhiệm vụ năm 2025.\nDẫn đầu  phong trào cải cách hành chính.")
NHUNG = row(stt=2, name="Phạm Thị Hồng Nhung", sex="Nữ", birth_date="09/05/1988", position="Chuyên viên",
            unit="Bộ phận một cửa", kind="Cá nhân")
CENTRE = row(stt=3, name="Trung tâm Dịch vụ tổng hợp", kind=COLLECTIVE)


def sheet_file(rows: list[list], plan_template: bytes | None = None) -> bytes:
    """The campaign's template with `rows` written under its sample row, as a clerk fills it in."""
    book = openpyxl.load_workbook(io.BytesIO(plan_template or template(load_campaign(CAMPAIGN_FILE), "Kẻ Sặt")))
    sheet = book.worksheets[0]
    for number, cells in enumerate(rows, start=3):
        for column, value in enumerate(cells, start=1):
            sheet.cell(row=number, column=column, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def logged_in(service: Service, username: str) -> str:
    """The service's HTTP client logged in to the pages; gives the login's CSRF token."""
    service.api.cookies.clear()
    login = await service.api.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', login.text)[1]
    form = {"username": username, "password": f"demo-{username}", "csrf_token": token}
    home = await service.api.post("/login", data=form, follow_redirects=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', home.text)[1]


async def upload(service: Service, dossier_id: str, content: bytes, csrf: str, filename: str = "danh-sach.xlsx"):
    return await service.api.post(f"/unit/dossiers/{dossier_id}/nominees/import", data={"csrf_token": csrf},
                                  files={"file": (filename, content, XLSX)})


def report_rows(html: str) -> dict[int, str]:
    """Each reported row's text by its number in the file."""
    rows = re.findall(r'<td data-label="Dòng">(\d+)</td>(.*?)</tr>', html, re.S)
    return {int(number): " ".join(re.sub(r"<[^>]+>", " ", cells).split()) for number, cells in rows}


def names(dossier: dict) -> list[str]:
    return [n["name"] for n in dossier["nominees"]]


def test_the_template_lists_the_plan_s_own_choices():
    plan = load_campaign(CAMPAIGN_FILE)
    book = openpyxl.load_workbook(io.BytesIO(template(plan, plan.plan.title)))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == [COLUMNS[c] + (" *" if c in ("name", "kind") else "") for c in CODES]
    assert sheet["A2"].value == EXAMPLE_STT and "Dòng ví dụ" in sheet["A2"].comment.text
    values = book[VALUES_SHEET]
    lists = {str(v.sqref).split(":")[0][0]: v.formula1 for v in sheet.data_validations.dataValidation}
    column = {code: openpyxl.utils.get_column_letter(CODES.index(code) + 1) for code in ("kind", "sex", "award_form")}
    assert set(lists) == set(column.values())

    def listed(code: str) -> list[str]:
        area = lists[column[code]].split("!")[1].replace("$", "")
        return [c.value for (c,) in values[area]]

    assert listed("kind") == [f"{'Tập thể' if k.group == 'collective' else 'Cá nhân'}: {k.name}" for k in plan.subject_kinds]
    assert listed("sex") == ["Nam", "Nữ"]
    assert listed("award_form") == [f.name for f in plan.award_forms]


async def test_good_rows_are_added_as_the_form_adds_them_and_a_second_upload_adds_no_one(running: Service):
    dossier = await create(running, NOMINEES[:1])
    csrf = await logged_in(running, UNIT_HEAD)
    page = await running.api.get(f"/unit/dossiers/{dossier['id']}")
    assert f'href="/unit/dossiers/{dossier["id"]}/nominees/import"' in page.text  # offered on the draft's page
    form_page = await running.api.get(f"/unit/dossiers/{dossier['id']}/nominees/import")
    assert form_page.status_code == 200 and "Tải tệp mẫu danh sách đề nghị" in form_page.text
    got = await running.api.get(f"/unit/dossiers/{dossier['id']}/nominees/template.xlsx")
    assert got.status_code == 200 and got.headers["content-type"] == XLSX, got.text[-2000:]
    content = sheet_file([DUC, NHUNG, CENTRE], got.content)

    response = await upload(running, dossier["id"], content, csrf)
    assert response.status_code == 200, response.text
    assert "Đã thêm 3 tập thể, cá nhân vào hồ sơ" in response.text
    assert set(report_rows(response.text)) == {3, 4, 5}  # the sample row (2) is not imported
    saved = await get(running, dossier["id"])
    assert names(saved) == ["Phòng Kinh tế", "Lê Minh Đức", "Phạm Thị Hồng Nhung", "Trung tâm Dịch vụ tổng hợp"]
    duc, nhung, centre = saved["nominees"][1:]
    assert (duc["group"], duc["subject_kind"], duc["position"], duc["birth_date"]) == (
        "individual", "can_bo_cong_chuc_vien_chuc", "Trưởng phòng", "1979-11-23")
    assert duc["person_id"] is not None  # matched in the registry by the name and the date of birth, as the form's
    assert nhung["position"] == "Chuyên viên, Bộ phận một cửa"  # the unit written after the position
    assert (centre["group"], centre["subject_kind"]) == ("collective", "don_vi_su_nghiep")
    assert duc["achievement_summary"] == "Hoàn thành xuất sắc nhiệm vụ năm 2025.\nDẫn đầu phong trào cải cách hành chính."
    assert nhung["achievement_summary"] is None

    again = await upload(running, dossier["id"], content, csrf)
    assert again.status_code == 200
    assert all("Đã có trong hồ sơ" in text for text in report_rows(again.text).values())
    assert names(await get(running, dossier["id"])) == names(saved)

    # The same rows in another file, with one more: only that one is added.
    more = row(stt=4, name="Vũ Quang Huy", birth_date="30/01/1993", kind=INDIVIDUAL)
    third = await upload(running, dossier["id"], sheet_file([more, DUC, NHUNG]), csrf, "lan-3.xlsx")
    assert third.status_code == 200
    assert report_rows(third.text)[3].startswith("Vũ Quang Huy Đã thêm")
    assert names(await get(running, dossier["id"])) == names(saved) + ["Vũ Quang Huy"]


async def test_each_bad_row_is_reported_with_its_column_and_nothing_is_added(running: Service):
    dossier = await create(running, NOMINEES[:1])
    csrf = await logged_in(running, UNIT_HEAD)
    rows = [
        DUC,
        row(stt=2, name=None, kind=INDIVIDUAL),
        row(stt=3, name="Vũ Quang Huy", birth_date="31/02/1993", kind=INDIVIDUAL),
        row(stt=4, name="Nguyễn Văn B", kind="Hộ gia đình"),
        row(stt=5, name="Lê Minh Đức", kind=INDIVIDUAL),
        row(stt=6, name="phòng kinh tế", position="Phòng chuyên môn", kind="Tập thể: Phòng chuyên môn thuộc UBND xã"),
        row(stt=7, name="Trần Văn C", kind=INDIVIDUAL, award_form="Bằng khen của Thủ tướng Chính phủ"),
        row(stt=8, name="Trung tâm Văn hóa", kind=COLLECTIVE, birth_date="01/01/2000"),
        row(stt=9, name="Đ" * 201, kind=INDIVIDUAL),
        row(stt=10, name="Trần Văn D", sex="Không rõ", kind=INDIVIDUAL),
        row(stt=11, name="Trần Văn E", kind=None),
    ]
    response = await upload(running, dossier["id"], sheet_file(rows), csrf)
    assert response.status_code == 422
    assert "Chưa thêm dòng nào: 10 dòng không nhận được" in response.text
    report = report_rows(response.text)
    assert "Dòng này đúng, nhưng chưa thêm vì tệp có dòng sai" in report[3]
    expected = {
        4: "Họ và tên / Tên tập thể: thiếu",
        5: "Ngày sinh «31/02/1993» không phải ngày hợp lệ (dd/mm/yyyy)",
        6: "Tập thể/Cá nhân «Hộ gia đình» không phải đối tượng của kế hoạch",
        7: "Họ và tên / Tên tập thể: «Lê Minh Đức» đã có trong hồ sơ.",  # twice in the file
        8: "Họ và tên / Tên tập thể: «phòng kinh tế» đã có trong hồ sơ.",  # in the dossier already
        9: "Hình thức đề nghị «Bằng khen của Thủ tướng Chính phủ» không có trong kế hoạch",
        10: "Ngày sinh: chỉ ghi cho cá nhân, không ghi cho tập thể",
        11: "Họ và tên / Tên tập thể: dài quá 200 ký tự",
        12: "Giới tính «Không rõ» không có trong danh sách",
        13: "Tập thể/Cá nhân: thiếu",
    }
    for number, text in expected.items():
        assert "Không nhận" in report[number] and text in report[number], (number, report[number])
    assert names(await get(running, dossier["id"])) == ["Phòng Kinh tế"]  # nothing of the file added


async def test_the_file_s_bounds(running: Service):
    dossier = await create(running, NOMINEES[:1])
    csrf = await logged_in(running, UNIT_HEAD)

    async def refused(content: bytes, why: str, filename: str = "danh-sach.xlsx") -> None:
        response = await upload(running, dossier["id"], content, csrf, filename)
        assert response.status_code == 422 and why in response.text, response.text[-3000:]

    await refused(b"PK\x03\x04" + b"0" * (1024 * 1024), "tệp lớn hơn 1 MB")
    await refused("STT,Họ và tên\n1,A\n".encode(), "không phải tệp Excel .xlsx", "danh-sach.csv")
    await refused(sheet_file([row(stt=i, name=f"Người {i}", kind=INDIVIDUAL) for i in range(101)]),
                  "tệp có hơn 100 dòng dữ liệu")
    await refused(sheet_file([]), "tệp không có dòng nào ngoài dòng tiêu đề và dòng ví dụ")
    book = openpyxl.Workbook()
    book.active.append(["STT", "Họ và tên", "Tập thể/Cá nhân", "Lương"])
    book.active.append([1, "A", "Cá nhân", 1])
    out = io.BytesIO()
    book.save(out)
    await refused(out.getvalue(), "cột không rõ: Lương")

    # A cell longer than any text the form takes; a formula, read as the value Excel saved (none here).
    long_unit = row(stt=1, name="Trần Văn F", kind=INDIVIDUAL, unit="x" * 2001)
    formula = row(stt=2, name='=HYPERLINK("http://evil.example","Xem")', kind=INDIVIDUAL)
    long_summary = row(stt=3, name="Trần Văn G", kind=INDIVIDUAL, summary="x" * 1001)
    response = await upload(running, dossier["id"], sheet_file([long_unit, formula, long_summary]), csrf)
    assert response.status_code == 422
    report = report_rows(response.text)
    assert "Đơn vị: dài quá 2000 ký tự" in report[3]
    assert "Họ và tên / Tên tập thể: thiếu" in report[4]
    assert "Tóm tắt thành tích: dài quá 1000 ký tự" in report[5]
    assert names(await get(running, dossier["id"])) == ["Phòng Kinh tế"]


@pytest.mark.parametrize("user", [OTHER_UNIT_HEAD, APPRAISER])
async def test_only_the_dossier_s_unit_imports_into_it(running: Service, user: str):
    dossier = await create(running, NOMINEES[:1])
    csrf = await logged_in(running, user)
    response = await upload(running, dossier["id"], sheet_file([DUC]), csrf)
    assert response.status_code in (403, 404)
    assert (await running.api.get(f"/unit/dossiers/{dossier['id']}/nominees/template.xlsx")).status_code in (403, 404)
    assert names(await get(running, dossier["id"])) == ["Phòng Kinh tế"]
