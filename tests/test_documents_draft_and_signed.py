"""The draft decision says what the signed one will: the same budget year, grounds and list; only the number, the
date and "DỰ THẢO" differ. A yearly campaign's documents say which year they are of, and cite the law in force
for it."""

import io
from datetime import date

import docx

from documents.achievement import achievement_report
from documents.decision import decision_document
from documents.inputs import DecisionText
from documents.text import day_month_year
from schemas.campaign_file import load_campaign
from tests.conftest import Service, today
from tests.dossier_steps import CHAIRMAN, campaign_post, ok
from tests.test_documents import ACHIEVEMENT, CAMPAIGNS, KE_SAT_UNIT, all_paragraphs, campaign_state, ke_sat_dossier
from tests.test_downloads import download, opened
from tests.test_office_numbers import decided
from tests.test_signed_decision_upload import OFFICE_HEAD

BLANK_NUMBER = "\u00a0" * 6
TAN_HUNG = [("Ủy ban nhân dân xã Tân Hưng", "collective", None, "Ủy ban nhân dân xã Tân Hưng", 7)]


def paragraphs(document: docx.Document) -> list[str]:
    return [p.text for p in all_paragraphs(document) if p.text]


async def test_the_draft_and_the_signed_decision_differ_only_in_number_date_and_draft_mark(running: Service):
    await decided(running)
    path = f"/api/campaigns/{running.campaign}/generated/decision"
    draft = paragraphs(opened(await download(running, path, OFFICE_HEAD)))
    signed_on = today()
    body = {"number": 7, "signed_on": signed_on.isoformat()}
    ok(await campaign_post(running, CHAIRMAN, running.campaign, "/decision/sign", json=body))
    signed = paragraphs(opened(await download(running, path, OFFICE_HEAD)))

    assert draft[0] == "DỰ THẢO" and "DỰ THẢO" not in signed
    day = day_month_year(signed_on)
    expected = [
        text.replace(f"Số: {BLANK_NUMBER}/QĐ-UBND", "Số: 07/QĐ-UBND")
        .replace("ngày … tháng … năm …", day)
        .replace(f"số {BLANK_NUMBER}/QĐ-UBND", "số 07/QĐ-UBND")
        for text in draft[1:]
    ]
    assert signed == expected
    # What both say: the budget year of the signing, the grounds in force that day, the same list and total.
    assert any(f"dự toán ngân sách năm {signed_on.year} của" in text for text in signed)
    assert "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết một số điều " \
           "của Luật Thi đua, khen thưởng;" in signed


def test_each_year_of_a_yearly_campaign_is_of_its_own_year_and_law():
    plan = load_campaign(CAMPAIGNS / "hon-quan-2024-2025.yaml")
    first, second = plan.periods()
    assert (first.plan.period.start, first.plan.period.end) == (date(2024, 7, 23), date(2024, 12, 31))
    assert (second.plan.period.start, second.plan.period.end) == (date(2025, 1, 1), date(2025, 12, 31))
    for year, (period, signed_on, decree, law) in {
        2024: (first, date(2025, 1, 15), "Nghị định số 98/2023/NĐ-CP", "số 77/2015/QH13"),
        2025: (second, date(2026, 1, 15), "Nghị định số 152/2025/NĐ-CP", "số 72/2025/QH15"),
    }.items():
        state = campaign_state(period, TAN_HUNG, "03/QĐ-UBND", signed_on)
        made = decision_document(period, state.decision, DecisionText(achievement=ACHIEVEMENT))
        decision = paragraphs(docx.Document(io.BytesIO(made)))
        grounds = [text for text in decision if text.startswith("Căn cứ")]
        assert grounds[0].startswith(f"Căn cứ Luật Tổ chức chính quyền địa phương {law}"), year
        assert grounds[2].startswith(f"Căn cứ {decree}"), year
        assert any(f"(năm {year})" in text for text in grounds), year  # the plan's title names the year
        assert any(f"dự toán ngân sách năm {signed_on.year}" in text for text in decision), year
        dossier = ke_sat_dossier().model_copy(update={"campaign_code": period.code})
        report = paragraphs(docx.Document(io.BytesIO(achievement_report(period, dossier, "N1", KE_SAT_UNIT, signed_on))))
        start, end = period.plan.period.start.strftime("%d/%m/%Y"), period.plan.period.end.strftime("%d/%m/%Y")
        assert any(f"(từ ngày {start} đến ngày {end}):" in text for text in report), year


def test_a_draft_cites_the_law_of_the_day_it_is_drafted():
    plan = load_campaign(CAMPAIGNS / "hon-quan-2024-2025.yaml").periods()[0]
    draft = campaign_state(plan, TAN_HUNG, "03/QĐ-UBND", None).decision
    for drafted_on, decree in ((date(2025, 1, 10), "98/2023"), (date(2025, 8, 1), "152/2025")):
        text = DecisionText(achievement=ACHIEVEMENT, drafted_on=drafted_on)
        said = paragraphs(docx.Document(io.BytesIO(decision_document(plan, draft, text))))
        assert said[0] == "DỰ THẢO"
        assert any(t.startswith(f"Căn cứ Nghị định số {decree}/NĐ-CP") for t in said), drafted_on
        assert any(f"dự toán ngân sách năm {drafted_on.year}" in t for t in said), drafted_on
