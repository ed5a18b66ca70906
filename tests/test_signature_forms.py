"""The signature forms of NĐ 30/2020/NĐ-CP (Điều 13, Phụ lục I Mục II khoản 7) as the documents print them, for a
commune and a Sở; a plan's later letter (Công văn) in the grounds; the paper copies a plan asks for.

The documents are made and opened again as a reader would (python-docx). A Giấy khen decision and its certificates
are the head's own power (Luật Thi đua, khen thưởng 2022 Điều 80): "CHỦ TỊCH", "GIÁM ĐỐC", "KT. … / PHÓ …", "Q. …";
the Committee's tờ trình to the level above is the body's: "TM. ỦY BAN NHÂN DÂN" above its signer. The Sở is added
to the database as an admin would (db.models.Issuer), its plan read from tests/data/plans/so-noi-vu-2025.yaml.
"""

import io
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import docx
import pytest
import yaml
from sqlmodel import Session

from db import models
from db.issuers import issuers_for_files
from documents.certificate import certificates
from documents.decision import decision_document
from documents.higher import higher_proposal
from documents.inputs import DecisionText, Issue
from documents.proposal import proposal
from documents.text import office_head
from schemas.campaign import EmulationPlan, RequiredDocument
from schemas.campaign_file import CampaignFileError, parse_campaign, repository_issuer_settings
from schemas.directory import IssuerKind
from schemas.signing import Capacity, Issuer, Signatures, Signer
from tests.campaign_steps import add_unit, appraised_dossier, collective, individual, run_plan
from tests.conftest import Service, today
from tests.dossier_steps import CHAIRMAN, SECRETARY, campaign_post, ok, open_session, vote
from tests.test_documents import (
    ACHIEVEMENT,
    AN_HAI_CANDIDATES,
    KE_SAT_CANDIDATES,
    KE_SAT_UNIT,
    all_paragraphs,
    campaign_state,
    decision_text,
    ke_sat_dossier,
    plan,
    signature_cell,
    texts,
)
from tests.web_app import log_in

SO_PLAN = Path(__file__).resolve().parent / "data" / "plans" / "so-noi-vu-2025.yaml"
SO_RECORD = {  # as the super-admin enters the Sở on the issuers' page
    "code": "so-noi-vu-hai-phong",
    "name": "Sở Nội vụ",
    "kind": "so_ban_nganh",
    "superior": "Ủy ban nhân dân thành phố Hải Phòng",
    "symbol": "SNV",
    "place": "Hải Phòng",
    "head_title": "Giám đốc",
    "receiving_office": "Văn phòng Sở",
    "recipients": ["Ủy ban nhân dân thành phố (để báo cáo)"],
}
LETTER = (
    "Căn cứ Công văn số 812/SNV-VP ngày 20/10/2025 của Sở Nội vụ về việc hướng dẫn xét khen thưởng phong trào thi "
    "đua chuyển đổi số năm 2025;"
)
SO_TEXT = DecisionText(
    achievement=ACHIEVEMENT, proposal="Tờ trình số 04/TTr-VPS ngày 02/02/2026", office_code="VPS", first_register_number=1
)
COMMUNE = Issuer(name="Ủy ban nhân dân xã Kẻ Sặt", level=IssuerKind.xa, place="Kẻ Sặt")
SO = Issuer(name="Sở Nội vụ", level=IssuerKind.so_ban_nganh, place="Hải Phòng", head_title="Giám đốc")


def reopened(data: bytes) -> docx.Document:
    return docx.Document(io.BytesIO(data))


def every_text(document) -> list[str]:
    return [p.text for p in all_paragraphs(document)]


def certificate_signature(document) -> list[str]:
    """The first certificate's signer: the lines under its date line."""
    _, right = document.tables[0].rows[0].cells
    return texts(right)[1:]


# --- the forms, as data ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signer", "issuer", "capacity", "lines"),
    [
        (Signer(sign_as="TM", title="CHỦ TỊCH", name="A"), COMMUNE, Capacity.own, ["CHỦ TỊCH"]),
        (Signer(sign_as="head", name="A"), COMMUNE, Capacity.own, ["CHỦ TỊCH"]),
        (Signer(sign_as="TM", title="CHỦ TỊCH", name="A"), COMMUNE, Capacity.body, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
        (Signer(sign_as="KT", title="PHÓ CHỦ TỊCH", name="A"), COMMUNE, Capacity.own, ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
        (
            Signer(sign_as="KT", title="PHÓ CHỦ TỊCH", name="A"), COMMUNE, Capacity.body,
            ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        ),
        (Signer(sign_as="Q", name="A"), COMMUNE, Capacity.body, ["TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH"]),
        (Signer(sign_as="TL", title="Chánh Văn phòng", name="A"), COMMUNE, Capacity.body, ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"]),
        (Signer(sign_as="head", name="A"), SO, Capacity.own, ["GIÁM ĐỐC"]),
        (Signer(sign_as="head", name="A"), SO, Capacity.body, ["GIÁM ĐỐC"]),  # a Sở has no collective line
        (Signer(sign_as="KT", title="PHÓ GIÁM ĐỐC", name="A"), SO, Capacity.body, ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
        (Signer(sign_as="Q", name="A"), SO, Capacity.own, ["Q. GIÁM ĐỐC"]),
        (
            Signer(sign_as="TUQ", title="Giám đốc Trung tâm Lưu trữ lịch sử", name="A"), SO, Capacity.own,
            ["TUQ. GIÁM ĐỐC", "GIÁM ĐỐC TRUNG TÂM LƯU TRỮ LỊCH SỬ"],
        ),
    ],
    ids=lambda value: getattr(value, "sign_as", None) or getattr(value, "level", None) or str(value),
)
def test_each_form_prints_its_lines(signer: Signer, issuer: Issuer, capacity: Capacity, lines: list[str]):
    assert signer.lines(issuer, capacity) == lines


def test_the_workflows_record_of_the_signer_stays_as_it_was():
    """What a running campaign workflow records at signing (Signer.titles) must not change under its history."""
    chairman, deputy = Signer(sign_as="TM", title="CHỦ TỊCH", name="A"), Signer(sign_as="KT", title="PHÓ CHỦ TỊCH", name="A")
    assert chairman.titles(COMMUNE) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert deputy.titles(COMMUNE) == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert deputy.titles(COMMUNE, for_body=True) == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert Signer(sign_as="TM", title="GIÁM ĐỐC", name="A").titles(SO) == ["GIÁM ĐỐC"]


def test_the_plans_capacities_default_to_the_law_and_may_be_changed():
    assert [Signatures().of(d) for d in ("decision", "certificate", "higher_proposal")] == ["own", "own", "body"]
    changed = Signatures(decision="body", higher_proposal="own")
    assert [changed.of(d) for d in ("decision", "certificate", "higher_proposal")] == ["body", "body", "own"]


VALID = SO_PLAN.read_text(encoding="utf-8").replace("issuer: so-noi-vu-hai-phong", "issuer: ke-sat")


@pytest.mark.parametrize(
    ("old", "new", "path", "words"),
    [
        ("  sign_as: Q\n", "  sign_as: KT\n", "emulation.signer", "cần chức vụ của người ký"),
        ("  sign_as: Q\n", "  sign_as: Q\n  title: PHÓ GIÁM ĐỐC\n", "emulation.signer", "không ghi chức vụ riêng"),
        ("  sign_as: Q\n", "  sign_as: TT\n", "emulation.signer.sign_as", ""),
        ("      date: 2025-10-20\n", "      date: 2025-03-09\n", "emulation.plan", "trước ngày kế hoạch 10/03/2025"),
        ("    copies: 2 ", "    copies: 0 ", "emulation.required_documents.0.copies", ""),
        ("    copies: 2 ", "    copies: 11 ", "emulation.required_documents.0.copies", ""),
        ("\nachievement: ", "\nsignatures: {decision: collective}\nachievement: ", "emulation.signatures.decision", ""),
    ],
)
def test_a_plan_with_a_form_letter_or_copies_out_of_bounds_is_refused(old: str, new: str, path: str, words: str):
    assert old in VALID
    with pytest.raises(CampaignFileError) as refused:
        parse_campaign(VALID.replace(old, new, 1), "so.yaml", repository_issuer_settings())
    [(where, message)] = refused.value.problems
    assert where == path and words in message, refused.value.problems


class NoAliases(yaml.SafeDumper):
    """Every item written out, as the loader refuses YAML aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


def test_eleven_letters_are_refused_and_copies_default_to_one():
    data = yaml.safe_load(VALID)
    data["plan"]["letters"] *= 11
    text = yaml.dump(data, Dumper=NoAliases, allow_unicode=True)
    with pytest.raises(CampaignFileError) as refused:
        parse_campaign(text, "so.yaml", repository_issuer_settings())
    assert refused.value.problems[0][0] == "emulation.plan.letters"
    assert RequiredDocument(kind="to_trinh", title="Tờ trình", per="dossier").copies == 1
    assert all(doc.copies == 1 for name in ("ke-sat-2025", "an-hai-2025") for doc in plan(name).required_documents)


@pytest.mark.parametrize(
    ("office", "head"),
    [
        ("Phòng Văn hóa - Xã hội", "Trưởng phòng Văn hóa - Xã hội"),
        ("Văn phòng Sở", "Chánh Văn phòng Sở"),
        ("Văn phòng HĐND và UBND xã", "Chánh Văn phòng HĐND và UBND xã"),
        ("Thanh tra Sở", "Chánh Thanh tra Sở"),
        ("Ban Thi đua - Khen thưởng", "Trưởng ban Thi đua - Khen thưởng"),
        ("Trung tâm Phục vụ hành chính công", "Giám đốc Trung tâm Phục vụ hành chính công"),
        ("Chi cục Văn thư - Lưu trữ", "Chi cục trưởng Văn thư - Lưu trữ"),
    ],
)
def test_the_receiving_office_is_named_by_its_heads_title(office: str, head: str):
    assert office_head(office) == head


def test_a_letters_subject_over_300_characters_is_refused():
    text = VALID.replace("subject: Hướng dẫn xét khen thưởng", "subject: " + "x" * 300 + " Hướng dẫn", 1)
    with pytest.raises(CampaignFileError) as refused:
        parse_campaign(text, "so.yaml", repository_issuer_settings())
    assert [where for where, _ in refused.value.problems] == ["emulation.plan.letters.0.subject"]


# --- a Sở's plan, its issuer in the database -------------------------------------------------------------------


def so_plan(engine, signer: Signer | None = None) -> EmulationPlan:
    """The Sở's plan read as the service reads an uploaded file: the issuer from the directory's record."""
    with Session(engine) as session:
        session.add(models.Issuer(**SO_RECORD))
        session.commit()
        issuers = issuers_for_files(session)
    settings = parse_campaign(SO_PLAN.read_text(encoding="utf-8"), SO_PLAN.name, issuers)
    return settings.model_copy(update={"signer": signer}) if signer else settings


def so_documents(settings: EmulationPlan):
    state = campaign_state(settings, KE_SAT_CANDIDATES, "07/QĐ-SNV", date(2026, 2, 5))
    decision = reopened(decision_document(settings, state.decision, SO_TEXT))
    awards = reopened(certificates(settings, state.decision, SO_TEXT))
    return decision, awards


def test_a_so_decision_and_certificates_signed_by_its_acting_director(engine):
    settings = so_plan(engine)
    assert (settings.issuer.code, settings.issuer.level, settings.receiving_office) == (
        "so-noi-vu-hai-phong", IssuerKind.so_ban_nganh, "Văn phòng Sở",
    )
    decision, awards = so_documents(settings)
    _, right = signature_cell(decision)
    assert texts(right) == ["Q. GIÁM ĐỐC", "Trần Văn Bình"]
    assert certificate_signature(awards) == ["Q. GIÁM ĐỐC", "Trần Văn Bình"]
    lines = every_text(decision) + every_text(awards)
    assert "GIÁM ĐỐC SỞ NỘI VỤ" in lines
    assert not any("TM." in line or "CHỦ TỊCH" in line or "Chủ tịch" in line for line in lines)
    # The letter in the grounds, after the plan and before the office's proposal.
    grounds = [p.text for p in decision.paragraphs if p.text.startswith(("Căn cứ", "Theo đề nghị"))]
    assert grounds[-3:] == [
        "Căn cứ Kế hoạch số 45/KH-SNV ngày 10/03/2025 của Sở Nội vụ về việc phát động phong trào thi đua thực hiện "
        "nhiệm vụ chuyển đổi số năm 2025;",
        LETTER,
        "Theo đề nghị của Chánh Văn phòng Sở tại Tờ trình số 04/TTr-VPS ngày 02/02/2026.",
    ]
    assert all(run.italic for p in decision.paragraphs if p.text == LETTER for run in p.runs)


@pytest.mark.parametrize(
    ("signer", "lines"),
    [
        (Signer(sign_as="KT", title="PHÓ GIÁM ĐỐC", name="Lê Thị Mai"), ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Thị Mai"]),
        (Signer(sign_as="head", name="Nguyễn Thị Hoa"), ["GIÁM ĐỐC", "Nguyễn Thị Hoa"]),
    ],
)
def test_a_so_decision_and_certificates_signed_by_its_director_or_a_deputy(engine, signer: Signer, lines: list[str]):
    decision, awards = so_documents(so_plan(engine, signer))
    _, right = signature_cell(decision)
    assert texts(right) == lines
    assert certificate_signature(awards) == lines
    assert decision.paragraphs[[p.text for p in decision.paragraphs].index("GIÁM ĐỐC SỞ NỘI VỤ")].runs[0].bold


# --- a commune: the Chairman's own decision, the Committee's tờ trình --------------------------------------------


def commune_documents(settings: EmulationPlan, rows=KE_SAT_CANDIDATES, higher: int = 0):
    state = campaign_state(settings, rows, "05/QĐ-UBND", date(2026, 2, 5), higher=higher)
    decision = reopened(decision_document(settings, state.decision, decision_text()))
    awards = reopened(certificates(settings, state.decision, decision_text()))
    return state, decision, awards


def test_a_communes_giay_khen_decision_is_signed_chu_tich_without_tm():
    _, decision, awards = commune_documents(plan("ke-sat-2025"))
    _, right = signature_cell(decision)
    assert texts(right) == ["CHỦ TỊCH", "Phạm Thị Thu Hiền"]
    assert certificate_signature(awards) == ["CHỦ TỊCH", "Phạm Thị Thu Hiền"]
    assert not any("TM." in line for line in every_text(decision) + every_text(awards))
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ KẺ SẶT" in every_text(decision) and "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ KẺ SẶT" in every_text(awards)


def test_the_committees_proposal_upward_is_signed_tm_uy_ban_nhan_dan():
    an_hai = plan("an-hai-2025")
    for signer, lines in (
        (an_hai.signer, ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Thế Đức"]),
        (Signer(sign_as="TM", title="CHỦ TỊCH", name="Lê Văn Nam"), ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn Nam"]),
    ):
        settings = an_hai.model_copy(update={"signer": signer})
        state, decision, _ = commune_documents(settings, AN_HAI_CANDIDATES, higher=2)
        _, right = signature_cell(decision)
        assert texts(right) == lines[1:]  # the decision, the Chairman's own: no "TM." line
        upward = reopened(higher_proposal(settings, state, Issue(number=3, on=date(2026, 2, 6))))
        _, right = signature_cell(upward)
        assert texts(right) == lines
        assert any(line.startswith("Căn cứ Quyết định số 05/QĐ-UBND ngày 05/02/2026 của Chủ tịch Ủy ban nhân dân phường An Hải")
                   for line in every_text(upward))


def test_a_plan_that_has_its_committee_decide_as_a_body_prints_tm_and_the_committee():
    ke_sat = plan("ke-sat-2025")
    settings = ke_sat.model_copy(update={"signatures": Signatures(decision=Capacity.body)})
    _, decision, awards = commune_documents(settings)
    _, right = signature_cell(decision)
    assert texts(right) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Phạm Thị Thu Hiền"]
    assert certificate_signature(awards) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Phạm Thị Thu Hiền"]
    lines = every_text(decision)
    assert "ỦY BAN NHÂN DÂN XÃ KẺ SẶT" in lines and "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ KẺ SẶT" not in lines
    assert any(line.endswith("của Ủy ban nhân dân xã Kẻ Sặt)") and line.startswith("(Kèm theo Quyết định số 05/QĐ-UBND")
               for line in lines)


def test_a_plan_signed_by_order_tl_prints_the_heads_title_then_the_office_heads():
    ke_sat = plan("ke-sat-2025")
    signer = Signer(sign_as="TL", title="CHÁNH VĂN PHÒNG", name="Đỗ Văn Hải")
    _, decision, awards = commune_documents(ke_sat.model_copy(update={"signer": signer}))
    _, right = signature_cell(decision)
    assert texts(right) == ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Đỗ Văn Hải"]
    assert certificate_signature(awards) == ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "Đỗ Văn Hải"]


def test_the_letter_is_cited_in_the_units_tờ_trình_after_the_plan(engine):
    settings = so_plan(engine)
    document = reopened(proposal(settings, ke_sat_dossier(), KE_SAT_UNIT, Issue(number=3, on=date(2025, 12, 2))))
    lines = [p.text for p in document.paragraphs if p.text.startswith("Căn cứ")]
    assert lines[:2] == [
        "Căn cứ Kế hoạch số 45/KH-SNV ngày 10/03/2025 của Sở Nội vụ về việc phát động phong trào thi đua thực hiện "
        "nhiệm vụ chuyển đổi số năm 2025;",
        LETTER,
    ]


# --- through the service: the unit's checklist, the decision downloaded ---------------------------------------


async def test_the_units_checklist_shows_the_copies_and_the_signed_decision_the_letter(running: Service):
    settings = await run_plan(running, SO_PLAN, today() + timedelta(days=30))  # run under Kẻ Sặt, its users
    head = add_unit(running, "Phòng Chuyển đổi số", "phong_thuoc_so")
    dossier = await appraised_dossier(running, settings, head, [
        collective("phong_thuoc_so", "Phòng Chuyển đổi số"), individual("cong_chuc_vien_chuc", "Ngô Thị Lan", "Chuyên viên"),
    ])

    log_in(SimpleNamespace(state=SimpleNamespace(engine=running.engine)), running.api, head)
    page = await running.api.get(f"/unit/dossiers/{dossier['id']}")
    assert page.status_code == 200, page.text
    text = " ".join(page.text.split())
    assert "gửi bản giấy (bản chính) tới Văn phòng Sở với số bản kế hoạch yêu cầu" in text  # the plan's own office
    assert "Tờ trình đề nghị khen thưởng (kèm danh sách), theo Mẫu số 01, Nghị định 152/2025/NĐ-CP: <strong>02 bản giấy</strong>" in text
    assert "Biên bản họp xét khen thưởng của đơn vị: <strong>01 bản giấy</strong>" in text
    assert "Báo cáo thành tích (mỗi tập thể, cá nhân): <strong>03 bản giấy</strong>; đã đính kèm 2 tệp." in text

    campaign = await open_session(running, code=settings.code)
    await vote(running, campaign, code=settings.code)
    ok(await campaign_post(running, SECRETARY, settings.code, "/session/close", json={}))
    ok(await campaign_post(running, CHAIRMAN, settings.code, "/decision/sign", json={}))
    path = f"/api/campaigns/{settings.code}/generated/decision"
    response = await running.api.get(path, headers=running.as_user(CHAIRMAN))
    assert response.status_code == 200, response.text
    decision = reopened(response.content)
    lines = [p.text for p in decision.paragraphs]
    plan_line = next(i for i, line in enumerate(lines) if line.startswith("Căn cứ Kế hoạch số 45/KH-SNV"))
    assert lines[plan_line + 1] == LETTER.replace("của Sở Nội vụ", "của Ủy ban nhân dân xã Kẻ Sặt")  # the plan's issuer
    _, right = signature_cell(decision)
    assert texts(right) == ["Q. CHỦ TỊCH", "Trần Văn Bình"]  # the head's title is the issuer's: Kẻ Sặt's Chairman


async def test_a_signed_decision_records_its_signer_as_the_decision_prints_it(running: Service):
    """Kẻ Sặt's Chairman signs the Giấy khen decision in his own power: the campaign (and so its page and the mail,
    tests/test_event_mails.py) says "CHỦ TỊCH", as the document does, not the "TM. ỦY BAN NHÂN DÂN" of decisions
    signed before."""
    settings = await run_plan(running, "ke-sat-2025.yaml", today() + timedelta(days=30))
    head = add_unit(running, "Phòng Kinh tế", "phong_chuyen_mon")
    await appraised_dossier(running, settings, head, [collective("phong_chuyen_mon", "Phòng Kinh tế")])
    campaign = await open_session(running, code=settings.code)
    await vote(running, campaign, code=settings.code)
    ok(await campaign_post(running, SECRETARY, settings.code, "/session/close", json={}))
    signed = ok(await campaign_post(running, CHAIRMAN, settings.code, "/decision/sign", json={}))
    assert signed["run"]["decision"]["signer"] == "CHỦ TỊCH / Phạm Thị Thu Hiền"
    response = await running.api.get(f"/api/campaigns/{settings.code}/generated/decision", headers=running.as_user(CHAIRMAN))
    _, right = signature_cell(reopened(response.content))
    assert texts(right) == ["CHỦ TỊCH", "Phạm Thị Thu Hiền"]
