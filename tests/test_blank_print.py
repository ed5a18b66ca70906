"""Printing on pre-printed Giấy khen blanks: the admin sets each field's box in millimetres per type of blank
(a box outside the paper, or a number out of bounds, refused beside its field with nothing saved), prints a
test page of the boxes, then every certificate of the signed decision on the blank, in the decision's order.
Each text is found in the PDF (pdfplumber) inside the box the admin set, centred in its width."""

import io
import re
from contextlib import asynccontextmanager

import httpx
import pdfplumber
import pytest
from sqlmodel import Session, func, select

from db.blanks import DEFAULT_BOXES, FIELDS, form_values, read_form
from db.documents import BlankLayout
from documents.blank_print import on_blanks, texts, trial_page
from documents.certificate import Face
from tests.conftest import Service
from tests.dossier_steps import CHAIRMAN, COMMUNICATIONS, ok
from tests.test_document_store import closed_council
from tests.test_documents import decision_text, ke_sat_state, plan
from tests.test_pdf_fonts import LIBERATION_SERIF, pdf_fonts
from web.pages.deps import LOGIN_CSRF_COOKIE
from tests.dossier_steps import campaign_post

MM = 72 / 25.4  # PDF points in a millimetre
ADMIN = "quantri"
TOLERANCE_MM = 0.6


def layout_of(form: dict[str, str]) -> BlankLayout:
    body = read_form(form)
    return BlankLayout(issuer_id=1, name=body.name, width_mm=297, height_mm=210,
                       fields={field: box.model_dump() for field, box in body.boxes.items()})


def boxes_hold_their_texts(pdf_page, layout: BlankLayout, values: dict[str, str]) -> None:
    """Every word of each field's text lies inside the field's box, the lines centred in its width."""
    words = pdf_page.extract_words(keep_blank_chars=False, use_text_flow=True)
    for field, value in values.items():
        if not value:
            continue
        box = layout.fields[field]
        inside = [
            w for w in words
            if box["x"] - TOLERANCE_MM <= w["x0"] / MM and w["x1"] / MM <= box["x"] + box["width"] + TOLERANCE_MM
            and box["y"] - TOLERANCE_MM <= w["top"] / MM and w["bottom"] / MM <= box["y"] + box["height"] + TOLERANCE_MM
        ]
        assert " ".join(w["text"] for w in inside).split() == value.split(), (field, value, inside)
        for top in {round(w["top"], 1) for w in inside}:  # each line centred in the box's width
            line = [w for w in inside if round(w["top"], 1) == top]
            centre = (min(w["x0"] for w in line) + max(w["x1"] for w in line)) / 2 / MM
            assert abs(centre - (box["x"] + box["width"] / 2)) < 1, (field, centre)


def test_each_text_prints_inside_its_box_on_every_certificate():
    moved = form_values(None) | {"name": "Phôi 2026", "paper": "A4-ngang", "name_x": "30", "name_y": "80,5",
                                 "register_x": "200", "register_y": "20", "register_width": "40"}
    layout = layout_of(moved)
    decision = ke_sat_state().decision
    faces = [Face.of(awardee, 41 + index) for index, awardee in enumerate(decision.awardees)]
    pdf = on_blanks(layout, plan("ke-sat-2025"), decision, decision_text(), faces)
    assert pdf_fonts(pdf) <= LIBERATION_SERIF
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == len(faces)
        assert (document.pages[0].width / MM, document.pages[0].height / MM) == pytest.approx((297, 210), abs=0.1)
        for page, face in zip(document.pages, faces, strict=True):
            boxes_hold_their_texts(page, layout, texts(plan("ke-sat-2025"), decision, decision_text(), face))


def test_the_test_page_draws_the_frame_and_each_box_with_its_name():
    layout = layout_of(form_values(None) | {"name": "Phôi 2026"})
    with pdfplumber.open(io.BytesIO(trial_page(layout))) as document:
        [page] = document.pages
        boxes_hold_their_texts(page, layout, FIELDS)
        rectangles = {(round(r["x0"] / MM), round(r["top"] / MM), round(r["width"] / MM), round(r["height"] / MM))
                      for r in page.rects}
    assert (1, 1, 295, 208) in rectangles  # the paper's frame
    for x, y, width, height, _ in DEFAULT_BOXES.values():
        assert (x, y, width, height) in rectangles


@asynccontextmanager
async def admin_pages(service: Service, username: str = ADMIN):
    transport = httpx.ASGITransport(app=service.api._transport.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://thidua.test") as browser:
        await browser.get("/login")
        form = {"username": username, "password": f"demo-{username}", "csrf_token": browser.cookies[LOGIN_CSRF_COOKIE]}
        assert (await browser.post("/login", data=form)).status_code == 303
        yield browser


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def layouts_saved(service: Service) -> int:
    with Session(service.engine) as session:
        return session.exec(select(func.count()).select_from(BlankLayout)).one()


async def test_the_admin_sets_a_blank_prints_a_test_page_then_the_decision_on_it(running: Service):
    async with admin_pages(running) as browser:
        start = await browser.get("/admin/blanks")
        assert start.status_code == 200 and "Phôi Giấy khen" in start.text
        form = form_values(None) | {"name": "Phôi Giấy khen Chủ tịch xã 2026", "csrf_token": csrf_of(start.text)}

        # Outside the paper, and a type size out of bounds: refused beside the fields, nothing saved.
        bad = form | {"name_x": "100", "name_width": "217", "signer_name_size": "90", "register_y": "abc"}
        refused = await browser.post("/admin/blanks", data=bad)
        assert refused.status_code == 422
        page = " ".join(refused.text.split())
        assert "Chưa lưu: có ô chưa hợp lệ" in page
        assert "Ô vượt ra ngoài khổ giấy: lề trái + rộng phải không quá 297 mm." in page
        assert "Phải không quá 48." in page and "Cần một số, ví dụ 25 hoặc 25,5." in page
        assert 'id="blank-name_width"' in page and 'value="217"' in page  # what was typed, kept
        assert layouts_saved(running) == 0

        saved = await browser.post("/admin/blanks", data=form, follow_redirects=False)
        assert saved.status_code == 303, saved.text
        listed = await browser.get(saved.headers["location"])
        assert "Đã lưu loại phôi" in listed.text and "Phôi Giấy khen Chủ tịch xã 2026" in listed.text
        [layout_id] = re.findall(r"/admin/blanks/(\d+)/in-thu\.pdf", listed.text)[:1]
        trial = await browser.get(f"/admin/blanks/{layout_id}/in-thu.pdf")
        assert trial.status_code == 200 and trial.headers["content-type"] == "application/pdf"
        twice = await browser.post("/admin/blanks", data=form | {"csrf_token": csrf_of(listed.text)})
        assert twice.status_code == 422 and "Đã có loại phôi mang tên này" in twice.text
        assert layouts_saved(running) == 1

    await closed_council(running)
    ok(await campaign_post(running, CHAIRMAN, running.campaign, "/decision/sign", json={}))
    async with admin_pages(running, COMMUNICATIONS) as browser:
        decision_page = await browser.get(f"/decision/{running.campaign}")
        link = f"/downloads/campaigns/{running.campaign}/blanks/{layout_id}"
        assert link in decision_page.text and "In trên phôi «Phôi Giấy khen Chủ tịch xã 2026»" in decision_page.text
        printed = await browser.get(link)
        assert printed.status_code == 200, printed.text
    with Session(running.engine) as session:
        from db.models import CampaignRun

        awardees = [a["candidate"]["name"] for a in session.get(CampaignRun, running.campaign).state["decision"]["awardees"]]
    with pdfplumber.open(io.BytesIO(printed.content)) as document:
        assert [awardee in (page.extract_text() or "") for page, awardee in zip(document.pages, awardees)] == [True] * len(awardees)
        assert len(document.pages) == len(awardees)
