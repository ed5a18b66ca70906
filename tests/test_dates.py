"""Dates in the pages' forms read and written dd/mm/yyyy whatever the browser's language: the date field is a
text field showing dd/mm/yyyy; the server reads dd/mm/yyyy (and yyyy-mm-dd) for every form a model validates,
and refuses anything else beside the field, writing nothing."""

import re
from contextlib import asynccontextmanager
from datetime import date

import httpx
import pytest
from sqlmodel import Session, select

from db import models
from tests.conftest import Service
from tests.dossier_steps import UNIT_HEAD, create, get
from web.pages.dates import DATE_MESSAGE, form_dates, read_date
from web.pages.deps import LOGIN_CSRF_COOKIE
from web.templating import templates

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
ADMIN = "quantri"


@pytest.mark.parametrize("text, day", [
    ("05/03/2026", date(2026, 3, 5)),
    ("5/3/2026", date(2026, 3, 5)),
    (" 05-03-2026 ", date(2026, 3, 5)),
    ("05.03.2026", date(2026, 3, 5)),
    ("2026-03-05", date(2026, 3, 5)),
    ("29/02/2028", date(2028, 2, 29)),
    ("31/02/2026", None),
    ("29/02/2027", None),
    ("05/13/2026", None),
    ("2026-13-05", None),
    ("05/03/26", None),
    ("1772668800", None),  # a timestamp, which pydantic alone would take for a date
    ("05/03/0026", None),
    ("ngày 5 tháng 3", None),
])
def test_a_date_is_read_day_month_year_or_iso(text, day):
    assert read_date(text) == day


def test_only_the_models_date_fields_are_read_as_dates():
    from schemas.dossier import NomineeInput

    data, problems = form_dates(NomineeInput, {"name": "05/03/2026", "birth_date": "23/11/1979"})
    assert data == {"name": "05/03/2026", "birth_date": "1979-11-23"} and problems == {}
    data, problems = form_dates(NomineeInput, {"name": "A", "birth_date": "23/13/1979"})
    assert problems == {"birth_date": DATE_MESSAGE} and data["birth_date"] == "23/13/1979"


def test_the_date_field_is_a_text_field_written_day_month_year():
    for default in ("2026-03-05", date(2026, 3, 5)):
        html = " ".join(templates.env.from_string(
            '{% import "pages/_forms.html" as f with context %}'
            '{{ f.input("x", "day", "Ngày họp", type="date", default=d, hint="Ngày họp của Hội đồng.") }}'
        ).render(failure=None, d=default).split())
        assert 'type="text"' in html and 'type="date"' not in html
        assert 'inputmode="numeric"' in html and 'placeholder="dd/mm/yyyy"' in html
        assert 'value="05/03/2026"' in html
        assert 'aria-describedby="x-day-hint"' in html and '<small id="x-day-hint">Ngày/tháng/năm: dd/mm/yyyy' in html
        assert "Ngày họp của Hội đồng." in html


@asynccontextmanager
async def browser_of(service: Service, username: str):
    transport = httpx.ASGITransport(app=service.api._transport.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://thidua.test") as browser:
        await browser.get("/login")
        form = {"username": username, "password": f"demo-{username}", "csrf_token": browser.cookies[LOGIN_CSRF_COOKIE]}
        assert (await browser.post("/login", data=form)).status_code == 303
        yield browser


async def csrf_of(browser: httpx.AsyncClient, path: str) -> str:
    page = await browser.get(path)
    assert page.status_code == 200, page.text
    return CSRF.search(page.text).group(1)


def people_named(service: Service, name: str) -> list[models.Person]:
    with Session(service.engine) as session:
        return list(session.exec(select(models.Person).where(models.Person.full_name == name)))


async def test_the_admins_person_form_takes_dd_mm_yyyy_and_iso_and_refuses_a_bad_date(service: Service):
    async with browser_of(service, ADMIN) as browser:
        csrf = await csrf_of(browser, "/admin/people")
        added = await browser.post("/admin/people", data={"csrf_token": csrf, "full_name": "Đỗ Thị Ngày", "birth_date": "05/03/1980"})
        assert added.status_code == 303, added.text
        [person] = people_named(service, "Đỗ Thị Ngày")
        assert person.birth_date == date(1980, 3, 5)
        # Shown back as the clerk wrote it.
        edit = await browser.get(f"/admin/people/{person.id}")
        assert 'value="05/03/1980"' in edit.text

        added = await browser.post("/admin/people", data={"csrf_token": csrf, "full_name": "Đỗ Văn Iso", "birth_date": "1981-04-06"})
        assert added.status_code == 303, added.text
        assert people_named(service, "Đỗ Văn Iso")[0].birth_date == date(1981, 4, 6)

        for bad in ("31/02/1980", "1980/02/03", "12345"):
            refused = await browser.post("/admin/people", data={"csrf_token": csrf, "full_name": "Đỗ Sai Ngày", "birth_date": bad})
            assert refused.status_code == 422, refused.text
            assert DATE_MESSAGE in refused.text
            assert f'value="{bad}"' in refused.text  # what was typed is kept, to correct
        assert people_named(service, "Đỗ Sai Ngày") == []


async def test_the_units_nominee_form_takes_dd_mm_yyyy_and_refuses_a_bad_date(running: Service):
    dossier = await create(running, nominees=[])
    path = f"/unit/dossiers/{dossier['id']}"
    individual = {"subject_kind": "can_bo_cong_chuc_vien_chuc", "position": "Chuyên viên"}
    async with browser_of(running, UNIT_HEAD) as browser:
        csrf = await csrf_of(browser, path)
        refused = await browser.post(f"{path}/nominees", data={"csrf_token": csrf, "name": "Trần Sai Ngày", "birth_date": "30/02/1990"} | individual)
        assert refused.status_code == 422, refused.text
        assert DATE_MESSAGE in refused.text and 'value="30/02/1990"' in refused.text
        assert (await get(running, dossier["id"], UNIT_HEAD))["nominees"] == []

        added = await browser.post(f"{path}/nominees", data={"csrf_token": csrf, "name": "Trần Đúng Ngày", "birth_date": "09/05/1988"} | individual)
        assert added.status_code == 303, added.text
        [nominee] = (await get(running, dossier["id"], UNIT_HEAD))["nominees"]
        assert (nominee["name"], nominee["birth_date"]) == ("Trần Đúng Ngày", "1988-05-09")
