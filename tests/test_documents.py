"""The generated documents, reopened as a reader would: layout of NĐ 30/2020, contents, lists and totals.

Inputs are built from the Kẻ Sặt (the Chairman signs) and An Hải (a deputy signs "KT.") campaign files. A Giấy
khen decision and its certificates are the Chairman's own (Luật TĐKT 2022 Điều 80): "CHỦ TỊCH", no "TM." line; the
Committee's tờ trình upward is the body's: "TM. ỦY BAN NHÂN DÂN" above. tests/test_signature_forms.py has the rest.
"""

import io
import unicodedata
from datetime import date, datetime
from functools import cache
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from documents import pdf
from documents.achievement import achievement_report
from documents.appraisal import appraisal
from documents.certificate import certificates
from documents.decision import decision_document
from documents.export import awardee_rows, nominee_rows, workbook
from documents.higher import higher_proposal
from documents.inputs import DecisionText, Issue, OfficeInfo, UnitInfo
from documents.minutes import minutes
from documents.proposal import proposal
from documents.text import head_of, in_words, office_of_issuer, percent, vnd
from schemas.campaign import EmulationPlan
from schemas.signing import Capacity, Issuer, Signer
from schemas.campaign_file import load_campaign
from schemas.council import (
    Awardee,
    CampaignState,
    Candidate,
    CandidateResult,
    CouncilMember,
    Decision,
    Session,
)
from schemas.directory import IssuerKind
from schemas.dossier import DossierState, Minutes, Nominee
from schemas.dossier_actions import NomineeStatus, Stage

CAMPAIGNS = Path(__file__).resolve().parent.parent / "campaigns"
FONT = "Times New Roman"
ACHIEVEMENT = "đã có thành tích xuất sắc trong công tác cải cách hành chính 6 tháng cuối năm 2025"

# --- inputs --------------------------------------------------------------------------------------


@cache
def plan(name: str) -> EmulationPlan:
    return load_campaign(CAMPAIGNS / f"{name}.yaml")


def ke_sat_dossier() -> DossierState:
    """Phòng Kinh tế's dossier: its meeting selected three of four nominees (a majority of the 6 present)."""
    nominees = [
        ("N1", "collective", "phong_chuyen_mon", "Phòng Kinh tế", None, NomineeStatus.selected),
        ("N2", "individual", "can_bo_cong_chuc_vien_chuc", "Lê Minh Đức", "Trưởng phòng", NomineeStatus.selected),
        (
            "N3",
            "individual",
            "can_bo_cong_chuc_vien_chuc",
            "Phạm Thị Hồng Nhung",
            "Chuyên viên",
            NomineeStatus.selected,
        ),
        ("N4", "individual", "can_bo_cong_chuc_vien_chuc", "Vũ Quang Huy", "Chuyên viên", NomineeStatus.not_selected),
    ]
    return DossierState(
        dossier_id="ke-sat-2025-phong-kinh-te",
        title="Hồ sơ đề nghị khen thưởng của Phòng Kinh tế",
        campaign_code="ke-sat-2025",
        unit_id=2,
        unit_name="Phòng Kinh tế",
        stage=Stage.minutes_recorded,
        nominees=[
            Nominee(key=key, group=group, subject_kind=kind, name=name, position=position, status=status)
            for key, group, kind, name, position, status in nominees
        ],
        minutes=Minutes(
            meeting_date=date(2025, 12, 1), members=7, present=6, votes={"N1": 6, "N2": 5, "N3": 4, "N4": 2}
        ),
    )


KE_SAT_UNIT = UnitInfo(code="PKT", head_name="Lê Minh Đức")
KE_SAT_CANDIDATES = [  # name, group, position, unit, votes for (of 7)
    ("Phòng Kinh tế", "collective", None, "Phòng Kinh tế", 7),
    ("Lê Minh Đức", "individual", "Trưởng phòng", "Phòng Kinh tế", 6),
    ("Phạm Thị Hồng Nhung", "individual", "Chuyên viên", "Phòng Kinh tế", 6),
    ("Hoàng Văn Thắng", "individual", "Chuyên viên", "Phòng Văn hóa - Xã hội", 5),
    ("Đặng Thu Trang", "individual", "Viên chức", "Trung tâm Phục vụ hành chính công", 5),
    ("Mai Thị Yến", "individual", "Viên chức", "Trung tâm Văn hóa, Thể thao và Truyền thông", 3),
]
AN_HAI_CANDIDATES = [
    ("Văn phòng HĐND và UBND phường", "collective", None, "Văn phòng HĐND và UBND phường", 7),
    ("Trần Quốc Bảo", "individual", "Chánh Văn phòng", "Văn phòng HĐND và UBND phường", 7),
    ("Nguyễn Thị Ánh Tuyết", "individual", "Chuyên viên", "Phòng Văn hóa - Xã hội", 6),
    ("Phạm Đức Thắng", "individual", "Chuyên viên", "Phòng Kinh tế, Hạ tầng và Đô thị", 5),
    ("Lương Thị Huệ", "individual", "Công chức", "Trung tâm Phục vụ hành chính công", 5),
]


def campaign_state(
    settings: EmulationPlan, rows, number: str, signed_on: date | None, higher: int = 0
) -> CampaignState:
    """A campaign after the council: 7 members, 6 present, one written opinion; passed = more than half."""
    members = [CouncilMember(user_id=i, name=f"Thành viên {i}") for i in range(1, 8)]
    candidates = [
        Candidate(
            ref=f"d{i}/N1",
            dossier_id=f"d{i}",
            nominee_key="N1",
            name=name,
            group=group,
            position=position,
            unit_name=unit,
        )
        for i, (name, group, position, unit, _) in enumerate(rows, start=1)
    ]
    results = [
        CandidateResult(
            candidate=c,
            votes_for=row[4],
            voting=7,
            members=7,
            passed_threshold=row[4] > 3,
            awarded=row[4] > 3,
            reason=f"{row[4]}/7 phiếu đồng ý, "
            + ("đạt ngưỡng." if row[4] > 3 else "không đạt ngưỡng trên 1/2 số thành viên biểu quyết."),
        )
        for c, row in zip(candidates, rows, strict=True)
    ]
    form = settings.award_forms[0]
    awardees = [
        Awardee(
            candidate=r.candidate,
            award_form=form.name,
            bonus_vnd=settings.bonus_vnd(form, r.candidate.group, signed_on),
        )
        for r in results
        if r.awarded
    ]
    decision = Decision(
        awardees=awardees,
        total_bonus_vnd=sum(a.bonus_vnd for a in awardees),
        number=number if signed_on else None,
        signed_on=signed_on,
    )
    session = Session(
        session_date=date(2026, 1, 20),
        members=members,
        present=[1, 2, 3, 4, 5, 6],
        candidates=candidates,
        written_opinions={7: {c.ref: True for c in candidates}},
    )
    return CampaignState(
        code=settings.code,
        title=settings.plan.title,
        session=session,
        results=results,
        decision=decision,
        higher_proposal=[c.ref for c in candidates[:higher]],
    )


def ke_sat_state(signed: bool = True) -> CampaignState:
    return campaign_state(plan("ke-sat-2025"), KE_SAT_CANDIDATES, "05/QĐ-UBND", date(2026, 2, 5) if signed else None)


def an_hai_state() -> CampaignState:
    return campaign_state(plan("an-hai-2025"), AN_HAI_CANDIDATES, "12/QĐ-UBND", date(2026, 1, 21), higher=2)


def decision_text() -> DecisionText:
    return DecisionText(
        achievement=ACHIEVEMENT, proposal="Tờ trình số 12/TTr-VHXH ngày 02/02/2026", first_register_number=41
    )


# --- the documents -----------------------------------------------------------------------------------


@cache
def generated(name: str) -> bytes:
    ke_sat, an_hai = plan("ke-sat-2025"), plan("an-hai-2025")
    makers = {
        "proposal": lambda: proposal(
            ke_sat,
            ke_sat_dossier(),
            KE_SAT_UNIT,
            Issue(number=3, on=date(2025, 12, 2)),
            {"N1": "Hoàn thành 100% nhiệm vụ CCHC"},
        ),
        "minutes": lambda: minutes(
            ke_sat, ke_sat_dossier(), KE_SAT_UNIT, Issue(number=1, on=date(2025, 12, 1)), "Vũ Quang Huy"
        ),
        "report-collective": lambda: achievement_report(ke_sat, ke_sat_dossier(), "N1", KE_SAT_UNIT, date(2025, 12, 2)),
        "report-individual": lambda: achievement_report(ke_sat, ke_sat_dossier(), "N2", KE_SAT_UNIT, date(2025, 12, 2)),
        "appraisal": lambda: appraisal(
            ke_sat, ke_sat_state(), OfficeInfo(head_name="Đỗ Thị Thanh Hương"), Issue(number=12, on=date(2026, 2, 2))
        ),
        "decision": lambda: decision_document(ke_sat, ke_sat_state().decision, decision_text()),
        "decision-draft": lambda: decision_document(ke_sat, ke_sat_state(signed=False).decision, decision_text()),
        "decision-an-hai": lambda: decision_document(an_hai, an_hai_state().decision, decision_text()),
        "higher": lambda: higher_proposal(
            an_hai, an_hai_state(), Issue(number=3, on=date(2026, 1, 26)), ["Sở Nội vụ thành phố Hải Phòng"]
        ),
        "certificates": lambda: certificates(ke_sat, ke_sat_state().decision, decision_text()),
    }
    return makers[name]()


PORTRAIT = [
    "proposal",
    "minutes",
    "report-collective",
    "report-individual",
    "appraisal",
    "decision",
    "decision-an-hai",
    "higher",
]
ALL = [*PORTRAIT, "decision-draft", "certificates"]


def reopen(name: str):
    return docx.Document(io.BytesIO(generated(name)))


def cell_paragraphs(cell):
    yield from cell.paragraphs
    for table in cell.tables:
        yield from table_paragraphs(table)


def table_paragraphs(table):
    for row in table.rows:
        for cell in row.cells:
            yield from cell_paragraphs(cell)


def all_paragraphs(document):
    """Every paragraph: the body, its tables, the page headers."""
    yield from document.paragraphs
    for table in document.tables:
        yield from table_paragraphs(table)
    for section in document.sections:
        for part in (section.header, section.first_page_header):
            yield from part.paragraphs


def texts(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def paragraph_starting(document, start: str):
    return next(p for p in document.paragraphs if p.text.startswith(start))


def rule_length_mm(paragraph, width_mm: float) -> float:
    fmt = paragraph.paragraph_format
    return width_mm - fmt.left_indent.mm - fmt.right_indent.mm


def has_top_border(paragraph) -> bool:
    ppr = paragraph._p.pPr
    borders = ppr.find(qn("w:pBdr")) if ppr is not None else None
    return borders is not None and borders.find(qn("w:top")).get(qn("w:val")) == "single"


def header_cells(document):
    """The header table's cells: the issuer, the national title; then the number and the date line."""
    table = document.tables[0]
    return (*table.rows[0].cells, *table.rows[1].cells)


def signature_cell(document):
    """The right cell of the table that holds "Nơi nhận:"."""
    table = next(t for t in document.tables if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:")
    return table.rows[0].cells


def row_texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


# --- page and fonts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PORTRAIT)
def test_a4_portrait_with_the_decree_margins(name):
    section = reopen(name).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert section.orientation == WD_ORIENT.PORTRAIT
    margins = (section.top_margin.mm, section.bottom_margin.mm, section.left_margin.mm, section.right_margin.mm)
    assert [round(m) for m in margins] == [20, 20, 30, 15]


def test_certificates_are_a4_landscape():
    section = reopen("certificates").sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert section.orientation == WD_ORIENT.LANDSCAPE


@pytest.mark.parametrize("name", ALL)
def test_every_run_is_times_new_roman_for_every_script(name):
    document = reopen(name)
    runs = [run for p in all_paragraphs(document) for run in p.runs]
    assert len(runs) > 20
    for run in runs:
        fonts = run._r.rPr.find(qn("w:rFonts"))
        assert {fonts.get(qn(s)) for s in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")} == {FONT}, run.text
    assert document.styles["Normal"].font.name == FONT
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == FONT


@pytest.mark.parametrize("name", ALL)
def test_vietnamese_text_is_nfc_with_its_diacritics(name):
    document = reopen(name)
    text = "\n".join(p.text for p in all_paragraphs(document))
    assert unicodedata.is_normalized("NFC", text)
    assert "Kẻ Sặt" in text or "An Hải" in text
    assert "ỦY BAN NHÂN DÂN" in text or "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


# --- the header --------------------------------------------------------------------------------------


def test_header_left_issuer_rule_and_number():
    """A People's Committee heads its documents with its own name alone, as its plans do (issuers.yaml)."""
    left, _, number_cell, _ = header_cells(reopen("decision"))
    issuer, line = left.paragraphs
    (number,) = number_cell.paragraphs
    assert issuer.text == "ỦY BAN NHÂN DÂN\nXÃ KẺ SẶT"
    assert all(run.bold and run.font.size == Pt(13) for run in issuer.runs)
    assert has_top_border(line) and line.text == ""
    assert 15 <= rule_length_mm(line, 63) <= 32  # a short rule, centred under the issuer
    assert number.text == "Số: 05/QĐ-UBND"
    assert all(run.font.size == Pt(13) and not run.bold and not run.italic for run in number.runs)


def test_header_right_national_title_motto_rule_and_date():
    _, right, _, date_cell = header_cells(reopen("decision"))
    national, motto, line = right.paragraphs
    (dated,) = date_cell.paragraphs
    assert national.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert all(run.bold and run.font.size == Pt(13) for run in national.runs)
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert all(run.bold and run.font.size == Pt(14) for run in motto.runs)
    assert has_top_border(line)
    assert 55 <= rule_length_mm(line, 102) <= 65  # as long as the motto in bold 14
    assert dated.text == "Kẻ Sặt, ngày 05 tháng 02 năm 2026"
    assert all(run.italic and run.font.size == Pt(14) for run in dated.runs)


@pytest.mark.parametrize(
    "day, line",
    [
        (date(2026, 2, 5), "Kẻ Sặt, ngày 05 tháng 02 năm 2026"),
        (date(2025, 11, 21), "Kẻ Sặt, ngày 21 tháng 11 năm 2025"),
        (date(2025, 10, 9), "Kẻ Sặt, ngày 09 tháng 10 năm 2025"),
        (date(2026, 1, 15), "Kẻ Sặt, ngày 15 tháng 01 năm 2026"),
        (date(2026, 3, 7), "Kẻ Sặt, ngày 07 tháng 3 năm 2026"),
    ],
)
def test_date_line_leading_zeros_for_days_below_10_and_months_1_and_2(day, line):
    document = docx.Document(
        io.BytesIO(proposal(plan("ke-sat-2025"), ke_sat_dossier(), KE_SAT_UNIT, Issue(number=3, on=day)))
    )
    assert header_cells(document)[3].text == line


@pytest.mark.parametrize(
    "number, shown", [(3, "Số: 03/TTr-PKT"), (12, "Số: 12/TTr-PKT"), (None, "Số: " + "\u00a0" * 6 + "/TTr-PKT")]
)
def test_number_with_a_leading_zero_or_a_blank_to_fill(number, shown):
    document = docx.Document(
        io.BytesIO(
            proposal(plan("ke-sat-2025"), ke_sat_dossier(), KE_SAT_UNIT, Issue(number=number, on=date(2025, 12, 2)))
        )
    )
    assert header_cells(document)[2].text == shown


def test_unit_documents_are_headed_by_the_unit_under_the_committee():
    left, _, number, _ = header_cells(reopen("minutes"))
    assert (texts(left), number.text) == (["ỦY BAN NHÂN DÂN\nXÃ KẺ SẶT", "PHÒNG KINH TẾ"], "Số: 01/BB-PKT")
    left, _, number, _ = header_cells(reopen("appraisal"))
    assert (texts(left), number.text) == (["ỦY BAN NHÂN DÂN\nXÃ KẺ SẶT", "PHÒNG VĂN HÓA - XÃ HỘI"], "Số: 12/TTr-VHXH")
    left, _, number, dated = header_cells(reopen("report-individual"))
    assert (texts(left), number.text) == (["ỦY BAN NHÂN DÂN\nXÃ KẺ SẶT", "PHÒNG KINH TẾ"], "")  # reports: no number
    assert dated.text == "Kẻ Sặt, ngày 02 tháng 12 năm 2025"


# --- title, body, page numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, type_name",
    [
        ("decision", "QUYẾT ĐỊNH"),
        ("proposal", "TỜ TRÌNH"),
        ("minutes", "BIÊN BẢN"),
        ("report-collective", "BÁO CÁO THÀNH TÍCH"),
        ("appraisal", "TỜ TRÌNH"),
        ("higher", "TỜ TRÌNH"),
    ],
)
def test_type_name_and_subject_line_with_a_rule(name, type_name):
    document = reopen(name)
    paragraphs = document.paragraphs
    index = next(i for i, p in enumerate(paragraphs) if p.text == type_name)
    heading, subject, line = paragraphs[index : index + 3]
    assert heading.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(run.bold and run.font.size == Pt(14) for run in heading.runs)
    assert subject.text and all(run.bold for run in subject.runs)
    assert has_top_border(line)
    assert 20 <= rule_length_mm(line, 165) <= 60


@pytest.mark.parametrize("name", PORTRAIT)
def test_body_paragraphs_are_14_with_6_pt_after(name):
    justified = [p for p in reopen(name).paragraphs if p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and p.text]
    assert len(justified) >= 3
    for paragraph in justified:
        assert paragraph.paragraph_format.space_after >= Pt(6), paragraph.text
        assert all(run.font.size == Pt(14) for run in paragraph.runs), paragraph.text


@pytest.mark.parametrize("name", PORTRAIT)
def test_page_number_field_centred_at_the_top_from_page_2(name):
    section = reopen(name).sections[0]
    assert section.different_first_page_header_footer
    number = section.header.paragraphs[0]
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert [i.text.strip() for i in number._p.iter(qn("w:instrText"))] == ["PAGE"]
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert not list(first._element.iter(qn("w:instrText"))) and not "".join(p.text for p in first.paragraphs)


# --- signer and recipients -------------------------------------------------------------------------------


def test_signer_block_of_the_chairman_in_his_own_name():
    _, right = signature_cell(reopen("decision"))
    lines = [p for p in right.paragraphs if p.text]
    assert [p.text for p in lines] == ["CHỦ TỊCH", "Phạm Thị Thu Hiền"]  # his own power: no "TM." line
    assert all(run.bold for p in lines for run in p.runs)
    assert lines[-1].paragraph_format.space_before >= Pt(60)  # room for the signature and seal


def test_signer_block_of_a_deputy_kt():
    _, right = signature_cell(reopen("decision-an-hai"))
    assert texts(right) == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Thế Đức"]
    _, right = signature_cell(reopen("higher"))
    assert texts(right) == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Thế Đức"]


def test_office_and_unit_heads_sign_their_own_documents():
    _, right = signature_cell(reopen("appraisal"))
    assert texts(right) == ["TRƯỞNG PHÒNG", "Đỗ Thị Thanh Hương"]
    _, right = signature_cell(reopen("proposal"))
    assert texts(right) == ["TRƯỞNG PHÒNG", "Lê Minh Đức"]


def test_recipients_bold_italic_12_then_lines_in_11_ending_with_the_archive():
    left, _ = signature_cell(reopen("decision"))
    heading, *lines = [p for p in left.paragraphs if p.text]
    assert heading.text == "Nơi nhận:"
    assert all(run.bold and run.italic and run.font.size == Pt(12) for run in heading.runs)
    assert [p.text for p in lines] == [  # the issuer's own list (issuers.yaml), then the archive
        "- Như Điều 3;", "- Chủ tịch, các Phó Chủ tịch UBND xã;", "- Hội đồng Thi đua - Khen thưởng xã;",
        "- Phòng Kinh tế (tài chính);", "- Lưu: VT, VHXH.",
    ]
    assert all(run.font.size == Pt(11) and not run.bold for p in lines for run in p.runs)


# --- the lists and their totals -----------------------------------------------------------------------


def test_bonus_amounts_follow_the_campaign_settings():
    amounts = {(a.candidate.group, a.bonus_vnd) for a in ke_sat_state().decision.awardees}
    assert amounts == {("collective", 702_000), ("individual", 351_000)}
    assert ke_sat_state().decision.total_bonus_vnd == 2_106_000


def test_decision_articles_award_bonus_and_execution():
    document = reopen("decision")
    assert paragraph_starting(document, "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ KẺ SẶT").runs[0].bold
    article_1 = paragraph_starting(document, "Điều 1.")
    assert "Tặng Giấy khen của Chủ tịch UBND xã cho 01 tập thể và 04 cá nhân (có danh sách kèm theo)" in article_1.text
    assert article_1.runs[0].bold and not article_1.runs[1].bold
    article_2 = paragraph_starting(document, "Điều 2.").text
    assert "tổng số tiền: 2.106.000 đồng (Bằng chữ: Hai triệu một trăm linh sáu nghìn đồng)" in article_2
    assert "chịu trách nhiệm thi hành Quyết định này" in paragraph_starting(document, "Điều 3.").text
    assert (
        paragraph_starting(document, "Theo đề nghị của Trưởng phòng Văn hóa - Xã hội tại Tờ trình số 12/TTr-VHXH")
        .runs[0]
        .italic
    )


def test_decision_attached_list_on_its_own_page_with_rows_and_total():
    document = reopen("decision")
    heading = paragraph_starting(document, "DANH SÁCH")
    assert heading.paragraph_format.page_break_before
    assert paragraph_starting(document, "(Kèm theo Quyết định số 05/QĐ-UBND ngày 05 tháng 02 năm 2026").runs[0].italic
    rows = row_texts(document.tables[-1])
    assert rows[0] == [
        "STT",
        "Tên tập thể, họ và tên cá nhân",
        "Chức vụ, đơn vị",
        "Hình thức khen thưởng",
        "Số tiền thưởng (đồng)",
    ]
    assert rows[1][0] == "I. TẬP THỂ" and rows[3][0] == "II. CÁ NHÂN"
    assert rows[2] == ["1", "Phòng Kinh tế", "", "Giấy khen của Chủ tịch UBND xã", "702.000"]
    assert rows[4] == ["1", "Lê Minh Đức", "Trưởng phòng, Phòng Kinh tế", "Giấy khen của Chủ tịch UBND xã", "351.000"]
    assert [r[1] for r in rows[4:8]] == ["Lê Minh Đức", "Phạm Thị Hồng Nhung", "Hoàng Văn Thắng", "Đặng Thu Trang"]
    assert rows[-1] == ["", "Tổng cộng", "", "", "2.106.000"]
    assert len(rows) == 9  # header, 2 group headings, 5 awardees, total; Mai Thị Yến was not awarded


def test_draft_decision_leaves_number_and_date_blank():
    document = reopen("decision-draft")
    _, _, number, dated = header_cells(document)
    assert number.text == "Số: " + "\u00a0" * 6 + "/QĐ-UBND"
    assert dated.text == "Kẻ Sặt, ngày … tháng … năm …"
    mark = document.paragraphs[0]
    assert mark.text == "DỰ THẢO" and mark.runs[0].bold and mark.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert reopen("decision").paragraphs[0].text != "DỰ THẢO"


def test_proposal_lists_the_selected_nominees_with_totals():
    document = reopen("proposal")
    assert document.paragraphs[0].text == "Mẫu số 01, Nghị định 152/2025/NĐ-CP"
    assert (
        paragraph_starting(document, "Kính gửi:").text
        == "Kính gửi: Ủy ban nhân dân xã Kẻ Sặt (qua Phòng Văn hóa - Xã hội)."
    )
    rows = row_texts(document.tables[-2])
    assert rows[0] == [
        "STT",
        "Tên tập thể, họ và tên cá nhân",
        "Chức vụ, đơn vị",
        "Hình thức đề nghị",
        "Tóm tắt thành tích",
    ]
    assert rows[2] == ["1", "Phòng Kinh tế", "", "Giấy khen của Chủ tịch UBND xã", "Hoàn thành 100% nhiệm vụ CCHC"]
    assert [r[1] for r in rows[4:6]] == ["Lê Minh Đức", "Phạm Thị Hồng Nhung"]
    assert rows[5][4] == "…"
    assert "Vũ Quang Huy" not in "\n".join(p.text for p in all_paragraphs(document))
    assert rows[-1][1] == "Tổng cộng: 01 tập thể và 02 cá nhân"


def test_minutes_record_attendance_votes_shares_and_result():
    document = reopen("minutes")
    body = "\n".join(p.text for p in document.paragraphs)
    assert "ngày 01 tháng 12 năm 2025, tại …, Phòng Kinh tế họp" in body  # the place as entered; none here
    assert "- Tổng số thành viên: 07; có mặt: 06; vắng mặt: 01." in body
    rows = row_texts(document.tables[1])
    assert rows[2][1:] == ["Phòng Kinh tế", "", "6/6", "100%", "Đạt"]
    assert [r[3:] for r in rows[4:]] == [
        ["5/6", "83,33%", "Đạt"],
        ["4/6", "66,67%", "Đạt"],
        ["2/6", "33,33%", "Không đạt"],
    ]
    assert "cho 01 tập thể và 02 cá nhân có số phiếu đồng ý trên 1/2 số thành viên có mặt" in body
    secretary, chair = document.tables[-1].rows[0].cells
    assert texts(secretary) == ["THƯ KÝ", "Vũ Quang Huy"] and texts(chair) == ["CHỦ TRÌ", "Lê Minh Đức"]


def test_appraisal_lists_the_council_results():
    document = reopen("appraisal")
    assert paragraph_starting(document, "Kính gửi:").text == "Kính gửi: Chủ tịch Ủy ban nhân dân xã Kẻ Sặt."
    body = "\n".join(p.text for p in document.paragraphs)
    assert "phiên họp ngày 20 tháng 01 năm 2026" in body
    assert "Hội đồng có 07 thành viên; có mặt 06 thành viên, 01 thành viên vắng mặt gửi ý kiến bằng văn bản." in body
    assert "cho 01 tập thể và 04 cá nhân nêu trên, tổng số tiền thưởng 2.106.000 đồng" in body
    rows = row_texts(document.tables[1])
    assert rows[2][1:5] == ["Phòng Kinh tế", "", "7/7", "100%"]
    assert rows[-1][1] == "Mai Thị Yến" and rows[-1][3:5] == ["3/7", "42,86%"]
    assert rows[-1][5].startswith("Không đề nghị: 3/7 phiếu đồng ý")
    assert rows[-2][5] == "Đề nghị khen thưởng"


def test_higher_proposal_lists_those_proposed_for_the_city_award():
    document = reopen("higher")
    assert paragraph_starting(document, "Kính gửi:").text == "Kính gửi: Chủ tịch Ủy ban nhân dân thành phố Hải Phòng."
    assert header_cells(document)[2].text == "Số: 03/TTr-UBND"
    rows = row_texts(document.tables[1])
    award = "Bằng khen của Chủ tịch UBND thành phố Hải Phòng"
    assert rows[2] == ["1", "Văn phòng HĐND và UBND phường", "", award]
    assert rows[4] == ["1", "Trần Quốc Bảo", "Chánh Văn phòng, Văn phòng HĐND và UBND phường", award]
    assert rows[-1][1] == "Tổng cộng: 01 tập thể và 01 cá nhân"
    assert (
        "Căn cứ Quyết định số 12/QĐ-UBND ngày 21/01/2026 của Chủ tịch Ủy ban nhân dân phường An Hải"
        in paragraph_starting(document, "Căn cứ Quyết định").text
    )
    left, _ = signature_cell(document)
    assert [p.text for p in left.paragraphs if p.text][1:] == [
        "- Như trên;",
        "- Sở Nội vụ thành phố Hải Phòng;",
        "- Lưu: VT, VHXH.",
    ]


# --- achievement reports ---------------------------------------------------------------------------------


def test_collective_report_in_the_campaign_form_with_its_standards():
    document = reopen("report-collective")
    assert document.paragraphs[0].text == "Mẫu số 04, Nghị định 152/2025/NĐ-CP"
    assert document.paragraphs[0].runs[0].italic
    body = [p.text for p in document.paragraphs]
    assert "ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA CHỦ TỊCH UBND XÃ" in body
    assert "Tên tập thể: Phòng Kinh tế" in body and "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH" in body
    assert "I. SƠ LƯỢC LÝ LỊCH" not in body
    standards = [s.text for s in plan("ke-sat-2025").standards[0].groups[0].items]
    assert [f"- {s}: …" for s in standards] == [t for t in body if t.startswith("- ")]
    left, right = document.tables[-1].rows[0].cells
    assert texts(right) == ["THỦ TRƯỞNG ĐƠN VỊ", "(Ký, đóng dấu)", "Lê Minh Đức"]
    assert texts(left)[0] == "XÁC NHẬN CỦA CẤP TRÌNH KHEN"


def test_individual_report_fills_the_known_facts():
    document = reopen("report-individual")
    body = [p.text for p in document.paragraphs]
    assert "I. SƠ LƯỢC LÝ LỊCH" in body and "Tên tập thể: Phòng Kinh tế" not in body
    assert "- Họ và tên: Lê Minh Đức" in body
    assert "- Chức vụ (Đảng, chính quyền, đoàn thể): Trưởng phòng" in body
    assert "- Đơn vị công tác: Phòng Kinh tế" in body
    assert "- Năm đề nghị khen thưởng được đánh giá, xếp loại Hoàn thành tốt nhiệm vụ trở lên: …" in body
    left, right = document.tables[-1].rows[0].cells
    assert texts(right)[0] == "NGƯỜI BÁO CÁO THÀNH TÍCH" and texts(right)[-1] == "Lê Minh Đức"
    assert texts(left)[0] == "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ"


def test_report_follows_each_campaigns_form():
    hon_quan = plan("hon-quan-2024-2025")
    dossier = DossierState(
        dossier_id="hq-thanh-an",
        title="Hồ sơ",
        campaign_code=hon_quan.code,
        unit_id=1,
        unit_name="Ủy ban nhân dân xã Thanh An",
        nominees=[
            Nominee(key="N1", group="collective", subject_kind="ubnd_xa_thi_tran", name="Ủy ban nhân dân xã Thanh An")
        ],
    )
    document = docx.Document(
        io.BytesIO(
            achievement_report(
                hon_quan,
                dossier,
                "N1",
                UnitInfo(code="UBND", head_title="Chủ tịch", head_name="Nguyễn Văn Bình"),
                date(2024, 12, 20),
            )
        )
    )
    assert document.paragraphs[0].text == "Mẫu số 08, Nghị định 98/2023/NĐ-CP"
    assert texts(document.tables[0].rows[0].cells[0]) == [
        "ỦY BAN NHÂN DÂN\nHUYỆN HỚN QUẢN",
        "ỦY BAN NHÂN DÂN\nXÃ THANH AN",
    ]
    an_hai_dossier = ke_sat_dossier().model_copy(
        update={
            "nominees": [Nominee(key="N2", group="individual", subject_kind="can_bo_cong_chuc", name="Trần Quốc Bảo")]
        }
    )
    an_hai = docx.Document(
        io.BytesIO(achievement_report(plan("an-hai-2025"), an_hai_dossier, "N2", KE_SAT_UNIT, date(2025, 12, 2)))
    )
    assert not an_hai.paragraphs[0].text.startswith("Mẫu số")  # An Hải names no form
    assert "Đạt một trong các tiêu chuẩn sau:" in [p.text for p in an_hai.paragraphs]


# --- certificates --------------------------------------------------------------------------------------------


def test_one_certificate_page_per_awardee():
    document = reopen("certificates")
    starts = [p for p in document.paragraphs if p.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert len(starts) == 5
    assert [bool(p.paragraph_format.page_break_before) for p in starts] == [False, True, True, True, True]
    names = [p.text for p in document.paragraphs if p.runs and p.runs[0].font.size == Pt(22)]
    assert names == ["Phòng Kinh tế", "Lê Minh Đức", "Phạm Thị Hồng Nhung", "Hoàng Văn Thắng", "Đặng Thu Trang"]


def test_certificate_colours_and_emphasis():
    document = reopen("certificates")
    by_text = {p.text: p for p in document.paragraphs[:12]}
    for black in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"):
        assert all(r.bold and str(r.font.color.rgb) == "000000" for r in by_text[black].runs)
    for red in ("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ KẺ SẶT", "GIẤY KHEN"):
        assert all(r.bold and str(r.font.color.rgb) == "FF0000" for r in by_text[red].runs)
    assert by_text["TẶNG"].runs[0].bold
    assert "Đã có thành tích xuất sắc trong công tác cải cách hành chính 6 tháng cuối năm 2025" in by_text
    assert "Trưởng phòng, Phòng Kinh tế" in [p.text for p in document.paragraphs]


def test_certificate_footer_decision_register_and_signer():
    document = reopen("certificates")
    left, right = document.tables[1].rows[0].cells  # the second certificate
    lines = [p for p in left.paragraphs if p.text]
    assert [p.text for p in lines] == ["Quyết định số: 05/QĐ-UBND", "Ngày 05/02/2026", "Số sổ vàng: 42"]
    assert all(r.bold and r.italic for p in lines for r in p.runs)
    assert texts(right) == ["Kẻ Sặt, ngày 05 tháng 02 năm 2026", "CHỦ TỊCH", "Phạm Thị Thu Hiền"]


def test_certificates_need_a_signed_decision():
    with pytest.raises(ValueError, match="đã ký"):
        certificates(plan("ke-sat-2025"), ke_sat_state(signed=False).decision, decision_text())


# --- determinism and text helpers -----------------------------------------------------------------------------


def test_same_input_same_bytes_and_dates_from_the_document():
    again = decision_document(plan("ke-sat-2025"), ke_sat_state().decision, decision_text())
    assert again == generated("decision")
    props = reopen("decision").core_properties
    assert props.created.replace(tzinfo=None) == datetime(2026, 2, 5) == props.modified.replace(tzinfo=None)
    assert props.author == "Ủy ban nhân dân xã Kẻ Sặt" and props.language == "vi-VN"


@pytest.mark.parametrize(
    "amount, words",
    [
        (2_106_000, "Hai triệu một trăm linh sáu nghìn đồng"),
        (2_340_000, "Hai triệu ba trăm bốn mươi nghìn đồng"),
        (351_000, "Ba trăm năm mươi mốt nghìn đồng"),
        (702_000, "Bảy trăm linh hai nghìn đồng"),
        (1_015_000, "Một triệu không trăm mười lăm nghìn đồng"),
        (25_000_000, "Hai mươi lăm triệu đồng"),
    ],
)
def test_amounts_in_words(amount, words):
    assert in_words(amount) == words


def test_amounts_and_shares_as_written():
    assert vnd(2_106_000) == "2.106.000" and vnd(702_000) == "702.000" and vnd(500) == "500"
    assert percent(5, 6) == "83,33%" and percent(7, 7) == "100%" and percent(1, 2) == "50%"


# --- spreadsheet --------------------------------------------------------------------------------------


def test_workbook_of_nominees_and_awardees():
    state = ke_sat_state()
    data = workbook(nominee_rows("ke-sat-2025", ke_sat_dossier()), awardee_rows("ke-sat-2025", state.decision))
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Đề nghị khen thưởng", "Khen thưởng"]
    nominees = [list(r) for r in book["Đề nghị khen thưởng"].iter_rows(values_only=True)]
    assert nominees[0] == [
        "STT",
        "Đợt thi đua",
        "Đơn vị",
        "Tập thể/Cá nhân",
        "Tên tập thể, họ và tên",
        "Chức vụ",
        "Giai đoạn hồ sơ",
        "Kết quả",
    ]
    assert nominees[1] == [
        1,
        "ke-sat-2025",
        "Phòng Kinh tế",
        "Tập thể",
        "Phòng Kinh tế",
        None,
        "Đã có biên bản họp bình xét",
        "Được đơn vị bình xét",
    ]
    assert nominees[4][4:] == ["Vũ Quang Huy", "Chuyên viên", "Đã có biên bản họp bình xét", "Không đủ phiếu bình xét"]
    sheet = book["Khen thưởng"]
    awardees = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert awardees[0][-1] == "Số tiền thưởng (đồng)" and awardees[0][2] == "Số quyết định"
    assert awardees[1][2:4] == ["05/QĐ-UBND", datetime(2026, 2, 5)]
    assert [r[-1] for r in awardees[1:]] == [702_000, 351_000, 351_000, 351_000, 351_000, 2_106_000]
    assert awardees[-1][1] == "Tổng cộng"
    assert sheet["I2"].number_format == "#,##0" and sheet["I7"].number_format == "#,##0"
    assert sheet["D2"].number_format == "DD/MM/YYYY"


# --- PDF ----------------------------------------------------------------------------------------------------


def test_pdf_unavailable_without_libreoffice(monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(
        pdf.PdfUnavailable, match="Máy chủ chưa cài LibreOffice nên chưa xuất được PDF; hãy tải bản .docx."
    ):
        pdf.to_pdf(generated("decision"))


@pytest.mark.skipif(pdf.libreoffice() is None, reason="LibreOffice is not installed on this machine: no PDF to render")
def test_pdf_render_of_the_decision():
    data = pdf.to_pdf(generated("decision"))
    assert data.startswith(b"%PDF") and len(data) > 5_000


# --- issuers of every kind: a Sở, a ward ---------------------------------------------------------------------

SO_NOI_VU = Issuer(
    code="so-noi-vu-hai-phong",
    name="Sở Nội vụ",
    level=IssuerKind.so_ban_nganh,
    place="Hải Phòng",
    superior="Ủy ban nhân dân thành phố Hải Phòng",
    body_code="SNV",
    head_title="Giám đốc",
    recipients=["Ủy ban nhân dân thành phố (để báo cáo)", "Giám đốc, các Phó Giám đốc Sở"],
)


def so_plan(sign_as: str = "KT") -> EmulationPlan:
    """The Kẻ Sặt plan as a Sở's: its Giám đốc's Giấy khen, its Văn phòng receiving the dossiers."""
    ke_sat = plan("ke-sat-2025")
    signer = (
        Signer(sign_as="KT", title="PHÓ GIÁM ĐỐC", name="Trần Văn Bình")
        if sign_as == "KT"
        else Signer(sign_as="TM", title="GIÁM ĐỐC", name="Nguyễn Thị Hoa")
    )
    form = ke_sat.award_forms[0].model_copy(update={"name": "Giấy khen của Giám đốc Sở Nội vụ"})
    return ke_sat.model_copy(
        update={"issuer": SO_NOI_VU, "signer": signer, "receiving_office": "Văn phòng Sở", "award_forms": [form]}
    )


def so_documents(sign_as: str = "KT"):
    settings = so_plan(sign_as)
    state = campaign_state(settings, KE_SAT_CANDIDATES, "07/QĐ-SNV", date(2026, 2, 5))
    text = DecisionText(
        achievement=ACHIEVEMENT,
        proposal="Tờ trình số 04/TTr-VPS ngày 02/02/2026",
        recipients=["Giám đốc, các Phó Giám đốc Sở", "Công đoàn Sở"],
        office_code="VPS",
        first_register_number=1,
    )
    decision = docx.Document(io.BytesIO(decision_document(settings, state.decision, text)))
    awards = docx.Document(io.BytesIO(certificates(settings, state.decision, text)))
    return decision, awards


def test_a_so_decision_is_its_directors_with_no_committee_line():
    decision, _ = so_documents()
    superior, issuer, number, dated = header_cells(decision)
    assert texts(superior) == ["ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẢI PHÒNG", "SỞ NỘI VỤ"]
    assert issuer.paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert number.text == "Số: 07/QĐ-SNV" and dated.text == "Hải Phòng, ngày 05 tháng 02 năm 2026"
    assert paragraph_starting(decision, "GIÁM ĐỐC SỞ NỘI VỤ").runs[0].bold
    every = [p.text for p in all_paragraphs(decision)]
    assert not any("ỦY BAN NHÂN DÂN" in line and "TM." in line for line in every)
    assert not any("Chủ tịch" in line or "CHỦ TỊCH" in line for line in every)
    assert "Theo đề nghị của Chánh Văn phòng Sở tại Tờ trình số 04/TTr-VPS ngày 02/02/2026." in every
    article_3 = paragraph_starting(decision, "Điều 3.").text
    assert "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Sở, thủ trưởng các cơ quan" in article_3
    assert "HĐND" not in article_3
    assert paragraph_starting(decision, "(Kèm theo Quyết định số 07/QĐ-SNV ngày 05 tháng 02 năm 2026 của Giám đốc Sở Nội vụ)")


def test_a_so_deputy_signs_kt_giam_doc_and_the_director_in_his_own_name():
    decision, _ = so_documents("KT")
    _, right = signature_cell(decision)
    assert texts(right) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Văn Bình"]
    decision, awards = so_documents("TM")
    _, right = signature_cell(decision)
    assert texts(right) == ["GIÁM ĐỐC", "Nguyễn Thị Hoa"]
    _, right = awards.tables[0].rows[0].cells
    assert texts(right) == ["Hải Phòng, ngày 05 tháng 02 năm 2026", "GIÁM ĐỐC", "Nguyễn Thị Hoa"]


def test_a_so_decision_sends_to_its_own_recipients_first_each_once():
    decision, _ = so_documents()
    left, _ = signature_cell(decision)
    assert [p.text for p in left.paragraphs if p.text][1:] == [
        "- Như Điều 3;",
        "- Ủy ban nhân dân thành phố (để báo cáo);",
        "- Giám đốc, các Phó Giám đốc Sở;",
        "- Công đoàn Sở;",
        "- Lưu: VT, VPS.",
    ]


def test_a_so_certificate_is_given_by_its_director():
    _, awards = so_documents()
    lines = [p.text for p in awards.paragraphs[:8]]
    assert lines[3:5] == ["GIÁM ĐỐC SỞ NỘI VỤ", "TẶNG"]
    red = next(p for p in awards.paragraphs if p.text == "GIÁM ĐỐC SỞ NỘI VỤ")
    assert all(r.bold and str(r.font.color.rgb) == "FF0000" for r in red.runs)
    left, right = awards.tables[0].rows[0].cells
    assert texts(left) == ["Quyết định số: 07/QĐ-SNV", "Ngày 05/02/2026", "Số sổ vàng: 01"]
    assert texts(right) == ["Hải Phòng, ngày 05 tháng 02 năm 2026", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Văn Bình"]


def ward_documents():
    """An Hải's decision, signed by its Chairman, with the ward's own Nơi nhận."""
    an_hai = plan("an-hai-2025")
    issuer = an_hai.issuer.model_copy(update={"recipients": ["Thường trực Đảng ủy phường", "Thường trực HĐND phường"]})
    settings = an_hai.model_copy(
        update={"issuer": issuer, "signer": Signer(sign_as="TM", title="CHỦ TỊCH", name="Lê Văn Nam")}
    )
    state = campaign_state(settings, AN_HAI_CANDIDATES, "12/QĐ-UBND", date(2026, 1, 21))
    text = DecisionText(achievement=ACHIEVEMENT, recipients=["Thường trực HĐND phường", "Trang thông tin điện tử phường"])
    decision = docx.Document(io.BytesIO(decision_document(settings, state.decision, text)))
    awards = docx.Document(io.BytesIO(certificates(settings, state.decision, text)))
    return decision, awards


def test_a_ward_decision_is_its_committees():
    decision, _ = ward_documents()
    issuer, _, number, dated = header_cells(decision)
    assert texts(issuer) == ["ỦY BAN NHÂN DÂN\nPHƯỜNG AN HẢI"]  # its own name alone, as its plans head them
    assert number.text == "Số: 12/QĐ-UBND" and dated.text.startswith("An Hải, ngày 21 tháng 01 năm 2026")
    assert paragraph_starting(decision, "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG AN HẢI")
    article_3 = paragraph_starting(decision, "Điều 3.").text
    assert "Chánh Văn phòng HĐND và UBND phường, Trưởng phòng Văn hóa - Xã hội, thủ trưởng" in article_3
    left, right = signature_cell(decision)
    assert texts(right) == ["CHỦ TỊCH", "Lê Văn Nam"]
    assert [p.text for p in left.paragraphs if p.text][1:] == [
        "- Như Điều 3;",
        "- Thường trực Đảng ủy phường;",
        "- Thường trực HĐND phường;",
        "- Trang thông tin điện tử phường;",
        "- Lưu: VT, VHXH.",
    ]


def test_a_ward_certificate_is_given_by_its_chairman():
    _, awards = ward_documents()
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG AN HẢI" in [p.text for p in awards.paragraphs[:8]]
    _, right = awards.tables[0].rows[0].cells
    assert texts(right) == ["An Hải, ngày 21 tháng 01 năm 2026", "CHỦ TỊCH", "Lê Văn Nam"]


@pytest.mark.parametrize(
    ("kind", "office"),
    [
        (IssuerKind.xa, "Chánh Văn phòng HĐND và UBND xã"),
        (IssuerKind.phuong, "Chánh Văn phòng HĐND và UBND phường"),
        (IssuerKind.dac_khu, "Chánh Văn phòng HĐND và UBND đặc khu"),
        (IssuerKind.tinh, "Chánh Văn phòng UBND tỉnh"),
        (IssuerKind.thanh_pho_tw, "Chánh Văn phòng UBND thành phố"),
        (IssuerKind.so_ban_nganh, "Chánh Văn phòng Sở"),
        (IssuerKind.huyen, "Chánh Văn phòng HĐND và UBND huyện"),
        (IssuerKind.quan, "Chánh Văn phòng HĐND và UBND quận"),
        (IssuerKind.thi_xa, "Chánh Văn phòng HĐND và UBND thị xã"),
        (IssuerKind.thanh_pho_thuoc_tinh, "Chánh Văn phòng HĐND và UBND thành phố"),
    ],
)
def test_every_kind_of_issuer_names_its_office_and_signs_as_it_is(kind, office):
    name = "Sở Nội vụ" if kind == IssuerKind.so_ban_nganh else "Ủy ban nhân dân Nơi Đó"
    head = "Giám đốc" if kind == IssuerKind.so_ban_nganh else "Chủ tịch"
    issuer = Issuer(name=name, level=kind, place="Nơi Đó", head_title=head)
    assert office_of_issuer(issuer) == office
    deputy = Signer(sign_as="KT", title=f"PHÓ {head.upper()}", name="A")
    assert deputy.lines(issuer, Capacity.own) == [f"KT. {head.upper()}", f"PHÓ {head.upper()}"]
    chief = Signer(sign_as="TM", title=head.upper(), name="A")
    committee = [] if kind == IssuerKind.so_ban_nganh else ["TM. ỦY BAN NHÂN DÂN"]
    assert chief.lines(issuer, Capacity.body) == [*committee, head.upper()]
    assert chief.lines(issuer, Capacity.own) == [head.upper()]
    assert head_of(issuer) == f"{head} {name}"


def test_a_so_decision_renders_to_pdf(tmp_path):
    if pdf.libreoffice() is None:
        pytest.skip("LibreOffice is not installed on this machine: no PDF to render")
    settings = so_plan()
    state = campaign_state(settings, KE_SAT_CANDIDATES, "07/QĐ-SNV", date(2026, 2, 5))
    data = pdf.to_pdf(decision_document(settings, state.decision, decision_text()))
    assert data.startswith(b"%PDF") and len(data) > 5_000
