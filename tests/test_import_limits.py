"""An import of the registry is bounded: what a file declares is not trusted, and a file past the limits
(size, unpacked size, rows, columns) is refused whole with nothing taken."""

import io
import re
import subprocess
import sys
import textwrap
import zipfile

import httpx
from openpyxl import Workbook
from openpyxl.styles import PatternFill
from sqlmodel import Session, func, select

from common.settings import ROOT
from db.records import Record
from tests.conftest import Service

APPRAISER = "thamdinh"
HEADER = ["loai", "ho_ten", "ngay_sinh", "ghi_chu"]
ROW = ["complaint", "Vũ Quang Huy", "30/01/1993", "Đơn nặc danh"]


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def patched(content: bytes, part: str, change) -> bytes:
    """The .xlsx with one part's XML changed (`change(text) -> text`), or added when it has none."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, change(data.decode()).encode() if name == part else data)
        if part not in source.namelist():
            target.writestr(part, change(""))
    return out.getvalue()


def declaring_the_whole_sheet(content: bytes, far_row: bool) -> bytes:
    """The sheet declares A1:XFD1048576 (16,384 columns by 1,048,576 rows); with `far_row`, it has a cell in
    its last row too, so that a reader that trusts the declaration makes a billion and a half cells."""

    def change(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]+"/>', '<dimension ref="A1:XFD1048576"/>', xml)
        last = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>complaint</t></is></c></row>'
        return xml.replace("</sheetData>", f"{last}</sheetData>") if far_row else xml

    return patched(content, "xl/worksheets/sheet1.xml", change)


async def upload(service: Service, name: str, content: bytes) -> httpx.Response:
    files = {"file": (name, content, "application/octet-stream")}
    return await service.api.post("/api/records/import", files=files, headers=service.as_user(APPRAISER))


def record_count(service: Service) -> int:
    with Session(service.engine) as session:
        return session.exec(select(func.count()).select_from(Record)).one()


def refused(response: httpx.Response, *words: str) -> None:
    body = response.json()
    assert (response.status_code, body["code"]) == (422, "IMPORT_FILE_INVALID"), response.text
    for word in words:
        assert word in body["message"], body["message"]


def csv_file(rows: list[list[str]]) -> bytes:
    return "".join(";".join(row) + "\r\n" for row in rows).encode()


def test_a_sheet_declaring_a_million_rows_is_read_as_it_is_in_little_memory():
    """Run apart, in a process held to 1.5 GB, so that a failure cannot harm the suite."""
    bomb = declaring_the_whole_sheet(xlsx([HEADER, ROW]), far_row=True)
    assert len(bomb) < 8_000
    script = textwrap.dedent(f"""
        import resource, time
        resource.setrlimit(resource.RLIMIT_AS, (3 * 2**29, 3 * 2**29))
        from db.tables import ImportLimits, read_table
        started = time.monotonic()
        rows = read_table({bomb!r}, "bom.xlsx", ImportLimits(rows=5000, columns=50, unpacked_bytes=20 * 2**20))
        print(round(time.monotonic() - started, 3), [(number, len(cells)) for number, cells in rows])
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    seconds, rows = done.stdout.split(" ", 1)
    assert rows.strip() == "[(1, 4), (2, 4), (1048576, 1)]"
    assert float(seconds) < 10


async def test_a_sheet_declaring_more_than_it_has_gives_the_row_report_of_what_it_has(running: Service):
    rows = [HEADER, ROW, ["tin đồn", *ROW[1:]]]
    response = await upload(running, "khai-khong.xlsx", declaring_the_whole_sheet(xlsx(rows), far_row=False))
    assert response.status_code == 200, response.text
    report = response.json()
    assert [(row["row_number"], row["status"]) for row in report["rows"]] == [(2, "taken"), (3, "refused")]
    assert "Loại «tin đồn» không hợp lệ" in report["rows"][1]["message"]
    assert record_count(running) == 1


async def test_a_file_with_more_rows_than_the_limit_is_refused_whole(running: Service):
    running.settings.import_max_rows = 3
    blank = ["", "", "", ""]
    three = [HEADER, ROW, blank, [*ROW[:3], "Đơn thứ hai"], [*ROW[:3], "Đơn thứ ba"]]
    refused(await upload(running, "bon.csv", csv_file([*three, [*ROW[:3], "Đơn thứ tư"]])),
            "tệp có hơn 3 dòng dữ liệu; hãy chia thành nhiều tệp")
    refused(await upload(running, "bon.xlsx", xlsx([*three, [*ROW[:3], "Đơn thứ tư"]])), "tệp có hơn 3 dòng dữ liệu")
    assert record_count(running) == 0
    # Blank rows do not count: three records are taken.
    report = (await upload(running, "ba.csv", csv_file(three))).json()
    assert [row["row_number"] for row in report["rows"]] == [2, 4, 5] and report["taken"] == 3
    assert record_count(running) == 3


async def test_a_file_with_data_past_the_columns_read_is_refused_whole(running: Service):
    wide = xlsx([HEADER, ROW])
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(ROW)
    book.active.cell(row=2, column=51, value="thừa")
    buffer = io.BytesIO()
    book.save(buffer)
    refused(await upload(running, "rong.xlsx", buffer.getvalue()), "dòng 2 có dữ liệu quá cột thứ 50")
    refused(await upload(running, "rong.csv", csv_file([HEADER, ROW + [""] * 46 + ["thừa"]])), "dòng 2 có dữ liệu quá cột thứ 50")
    assert record_count(running) == 0
    # A cell past them that holds nothing (a colour) is no data.
    book.active.cell(row=2, column=51).value = None
    book.active.cell(row=2, column=80).fill = PatternFill("solid", start_color="FFFF00")
    buffer = io.BytesIO()
    book.save(buffer)
    assert wide != buffer.getvalue()
    assert (await upload(running, "mau.xlsx", buffer.getvalue())).json()["taken"] == 1


async def test_a_file_larger_than_the_limit_is_refused_unread(running: Service):
    running.settings.import_max_bytes = 1_000
    refused(await upload(running, "lon.csv", csv_file([HEADER] + [ROW] * 40)), "tệp lớn hơn 1 KB")
    assert record_count(running) == 0


async def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_read(running: Service):
    zeros = patched(xlsx([HEADER, ROW]), "xl/media/khong.bin", lambda _: "\0" * (21 * 2**20))
    assert len(zeros) < 200_000
    refused(await upload(running, "nen.xlsx", zeros), "tệp Excel giải nén ra hơn 20 MB")
    assert record_count(running) == 0


async def test_a_workbook_with_xml_entities_is_refused(running: Service):
    entities = '<!DOCTYPE worksheet [<!ENTITY a "cười"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'

    def change(xml: str) -> str:
        return xml.replace("<worksheet", f"{entities}<worksheet", 1).replace("<t>Vũ Quang Huy</t>", "<t>&b;</t>")

    content = patched(xlsx([HEADER, ROW]), "xl/worksheets/sheet1.xml", change)
    refused(await upload(running, "thuc-the.xlsx", content), "tệp Excel có khai báo DOCTYPE")
    assert record_count(running) == 0


async def test_a_row_of_more_cells_than_excel_has_is_refused(running: Service):
    def change(xml: str) -> str:
        return xml.replace("</row></sheetData>", "<c/>" * 16_385 + "</row></sheetData>")

    content = patched(xlsx([HEADER, ROW]), "xl/worksheets/sheet1.xml", change)
    refused(await upload(running, "o.xlsx", content), "một dòng của tệp Excel có hơn 16384 ô")
    assert record_count(running) == 0


async def test_a_csv_cell_longer_than_the_reader_takes_is_refused(running: Service):
    refused(await upload(running, "dai.csv", csv_file([HEADER, [*ROW[:3], "x" * 200_000]])),
            "tệp CSV không đọc được ở dòng 2")
    assert record_count(running) == 0


async def test_invisible_characters_are_removed_from_a_files_cells_and_the_row_says_so(running: Service):
    rows = [HEADER, ["complaint", "Vũ Quang\x01 Huy", "30/01/1993", "Đơn nặc\u202e danh\x7f"]]
    [row] = (await upload(running, "an.csv", csv_file(rows))).json()["rows"]
    assert row["status"] == "taken", row
    assert row["message"].endswith(
        "Đã xóa ký tự không được phép (U+0001) ở cột Họ và tên. "
        "Đã xóa ký tự không được phép (U+007F, U+202E) ở cột Ghi chú."
    )
    with Session(running.engine) as session:
        record = session.get(Record, row["record_id"])
        assert (record.subject_name, record.note, record.person_id is not None) == ("Vũ Quang Huy", "Đơn nặc danh", True)
    # The same in a workbook (which cannot hold control characters, but can bidi overrides).
    [row] = (await upload(running, "an.xlsx", xlsx([HEADER, ["complaint", "Vũ Quang Huy\u202e", "30/01/1993", "Đơn khác"]]))).json()["rows"]
    assert row["status"] == "taken" and row["message"].endswith("(U+202E) ở cột Họ và tên."), row
