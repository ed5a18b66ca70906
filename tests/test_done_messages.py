"""Every form a page takes says what it did on the page the browser goes back to (web/pages/done.py): one
?done= code per form, each with its message, on every page (the directory, registration, records and settings
as well as the dossier's)."""

import ast
from pathlib import Path

from types import SimpleNamespace

from tests.conftest import Service
from tests.web_app import log_in
from web.pages.done import DONE_MESSAGES

PAGES = Path(__file__).parent.parent / "web" / "pages"


def codes_in_pages() -> dict[str, str]:
    """The codes the pages pass to see_other(url, code) and take_form(..., done=code), with where."""
    codes = {}
    for path in sorted(PAGES.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            given = []
            if node.func.id == "see_other" and len(node.args) > 1:
                given.append(node.args[1])
            given += [keyword.value for keyword in node.keywords if keyword.arg == "done"]
            for value in given:
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    codes[value.value] = f"{path.name}:{node.lineno}"
                elif isinstance(value, ast.JoinedStr):  # f"{what}_saved": each directory list's own code
                    tail = "".join(part.value for part in value.values if isinstance(part, ast.Constant))
                    for what in ("units", "people", "users"):
                        codes[what + tail] = f"{path.name}:{node.lineno}"
    return codes


def test_every_code_a_page_redirects_with_has_its_message():
    codes = codes_in_pages()
    assert len(codes) > 20  # the scan finds the pages' codes
    assert {code: where for code, where in codes.items() if code not in DONE_MESSAGES} == {}


async def test_the_directory_says_what_was_saved_once(service: Service):
    csrf = log_in(SimpleNamespace(state=SimpleNamespace(engine=service.engine)), service.api, "quantri")
    unit = {"code": "van-hoa", "name": "Phòng Văn hóa - Thông tin", "kind": "phong_ban_don_vi", "csrf_token": csrf}
    saved = await service.api.post("/admin/units", data=unit)
    assert saved.status_code == 303 and saved.headers["location"] == "/admin/units?done=units_saved"
    shown = (await service.api.get(saved.headers["location"])).text
    assert '<p class="done" role="status">Đã lưu đơn vị.</p>' in shown and "Phòng Văn hóa - Thông tin" in shown
    assert "Đã lưu đơn vị." not in (await service.api.get("/admin/units")).text  # said once, not on every visit
