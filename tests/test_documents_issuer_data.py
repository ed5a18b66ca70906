"""What the documents print of the issuer and its units is the admin's data, not made from names: a unit's
symbol in its numbers (a blank where none is set), the receiving office's in the office's; the superior line only
where the issuer prints it; the decision's Nơi nhận from the issuer's list; a deputy unit head signing "KT."; the
laws cited by number, date and full title, those in force on the document's day."""

import io
from datetime import date

import docx
from sqlmodel import Session, select

from db import models
from documents.decision import decision_document
from documents.inputs import DecisionText, Issue, UnitInfo
from documents.proposal import proposal
from documents.text import law_grounds
from schemas.campaign_file import issuer_settings, repository_issuers
from schemas.signing import Issuer
from tests.conftest import Service
from tests.dossier_steps import UNIT_HEAD, create
from tests.test_documents import (
    ACHIEVEMENT,
    KE_SAT_UNIT,
    all_paragraphs,
    header_cells,
    ke_sat_dossier,
    ke_sat_state,
    plan,
    signature_cell,
    texts,
)
from tests.test_downloads import download, header, opened

ADMIN = "quantri"


def set_symbol(service: Service, unit_name: str, symbol: str | None) -> None:
    with Session(service.engine) as session:
        unit = session.exec(select(models.Unit).where(models.Unit.name == unit_name)).one()
        unit.symbol = symbol
        session.add(unit)
        session.commit()


async def test_a_units_numbers_carry_the_symbol_its_admin_set_and_a_blank_where_none_is(running: Service):
    dossier = await create(running)
    path = f"/api/dossiers/{dossier['id']}/generated/proposal"
    units = (await running.api.get("/api/units", headers=running.as_user(ADMIN))).json()
    [unit] = [unit for unit in units if unit["name"] == "Phòng Kinh tế"]
    changed = await running.api.patch(f"/api/units/{unit['id']}", json={"symbol": "PKTế"}, headers=running.as_user(ADMIN))
    assert changed.status_code == 200, changed.text
    assert header(opened(await download(running, path, UNIT_HEAD)))[0] == "Số: " + "\u00a0" * 6 + "/TTr-PKTế"
    set_symbol(running, "Phòng Kinh tế", None)  # never set: the clerk writes it, the service does not make one up
    assert header(opened(await download(running, path, UNIT_HEAD)))[0] == "Số: " + "\u00a0" * 6 + "/TTr-…"


def test_a_deputy_unit_head_signs_for_the_head():
    deputy = UnitInfo(code="TTVH", head_title="Phó Giám đốc", head_name="Mai Thị Yến")
    document = docx.Document(io.BytesIO(proposal(plan("ke-sat-2025"), ke_sat_dossier(), deputy, _issue())))
    _, right = signature_cell(document)
    assert texts(right) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Mai Thị Yến"]
    head = docx.Document(io.BytesIO(proposal(plan("ke-sat-2025"), ke_sat_dossier(), KE_SAT_UNIT, _issue())))
    assert texts(signature_cell(head)[1]) == ["TRƯỞNG PHÒNG", "Lê Minh Đức"]


def _issue() -> Issue:
    return Issue(number=3, on=date(2025, 12, 2))


def _issuer(code: str, **changed) -> Issuer:
    """The issuer of issuers.yaml as a campaign keeps it, with the admin's changes."""
    [record] = [r for r in repository_issuers() if r["code"] == code]
    kept = issuer_settings(record | changed)
    kept.pop("receiving_office")  # the plan's, not the issuer's part of it
    return Issuer.model_validate(kept)


def _decision_of(issuer: Issuer) -> docx.Document:
    settings = plan("ke-sat-2025").model_copy(update={"issuer": issuer})
    text = DecisionText(achievement=ACHIEVEMENT)
    return docx.Document(io.BytesIO(decision_document(settings, ke_sat_state().decision, text)))


def test_the_superior_line_is_printed_only_where_the_issuer_wants_it():
    printed = _decision_of(_issuer("ke-sat", print_superior=True))
    assert texts(header_cells(printed)[0]) == ["ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG", "ỦY BAN NHÂN DÂN\nXÃ KẺ SẶT"]
    left_out = _decision_of(_issuer("ke-sat"))  # as issuers.yaml has it
    assert texts(header_cells(left_out)[0]) == ["ỦY BAN NHÂN DÂN\nXÃ KẺ SẶT"]


def test_the_decision_is_sent_to_the_issuers_list_then_the_archive():
    document = _decision_of(_issuer("hon-quan"))
    left, _ = signature_cell(document)
    assert [p.text for p in left.paragraphs if p.text][1:] == [
        "- Như Điều 3;",
        "- Sở Nội vụ tỉnh Bình Phước;",
        "- Chủ tịch, các Phó Chủ tịch UBND huyện;",
        "- Hội đồng Thi đua - Khen thưởng huyện;",
        "- Phòng Tài chính - Kế hoạch huyện;",
        "- Lưu: VT, VHXH.",
    ]


def test_the_grounds_cite_each_law_by_number_date_and_full_title():
    document = _decision_of(plan("ke-sat-2025").issuer)  # signed 05/02/2026
    grounds = [p.text for p in all_paragraphs(document) if p.text.startswith("Căn cứ")]
    assert grounds[:3] == [
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;",
        "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết một số điều "
        "của Luật Thi đua, khen thưởng;",
    ]
    # The day before NĐ 152/2025 took effect (its Điều 59: 01/7/2025), NĐ 98/2023 and the 2015 law were in force.
    before = law_grounds(date(2025, 6, 30))
    assert before[0].startswith("Luật Tổ chức chính quyền địa phương số 77/2015/QH13 ngày 19 tháng 6 năm 2015")
    assert before[2].startswith("Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ")
    assert law_grounds(date(2025, 7, 1))[2].startswith("Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025")
