"""The decision signed in the e-office says its own number and date: where they differ from those it is filed
with (the clerk's), the decision's page warns, naming both values, and the decision is filed all the same."""

import asyncio
import shutil
from datetime import date, timedelta

import pytest

from documents.decision import decision_document
from documents.pdf import to_pdf
from documents.signed_pdf import differences
from tests.conftest import Service, today
from tests.dossier_steps import ok
from tests.signing_certs import signing_kit
from tests.test_documents import decision_text, generated, ke_sat_state, plan
from tests.test_office_numbers import decided
from tests.test_signed_decision_upload import OFFICE_HEAD, signed_by, trusting, upload
from tests.web_app import page_of

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


@pytest.fixture(scope="module")
def kit():
    return signing_kit()


def dated(number: str, on: date) -> bytes:
    """The Kẻ Sặt decision as the e-office issues it on `on`, numbered `number`."""
    decision = ke_sat_state().decision.model_copy(update={"number": number, "signed_on": on})
    return to_pdf(decision_document(plan("ke-sat-2025"), decision, decision_text()))


def test_a_file_saying_what_it_is_filed_with_gives_no_warning_and_one_saying_otherwise_names_both(kit):
    on = today()  # once: the test may run over midnight
    signed = kit.sign(dated("13/QĐ-UBND", on))
    assert differences(signed, "13/QĐ-UBND", on) == []
    assert differences(signed, " 13 / QĐ-UBND", on) == []  # the same number, however spaced
    day = on.strftime("%d/%m/%Y")
    found = differences(signed, "14/QĐ-UBND", on - timedelta(days=10))
    assert found[0] == "Số quyết định đã ghi là 14/QĐ-UBND, nhưng tệp PDF ghi «Số: 13/QĐ-UBND»."
    earlier = (on - timedelta(days=10)).strftime("%d/%m/%Y")
    assert found[1] == f"Ngày ký đã ghi là {earlier}, nhưng tệp PDF ghi ngày {day}."
    assert found[2].startswith(f"Ngày ký đã ghi là {earlier}, nhưng chữ ký số của Phạm Thị Thu Hiền, UBND xã Kẻ Sặt "
                               f"ghi thời điểm ký {day} ")
    assert found[2].endswith(" giờ Việt Nam.") and len(found) == 3


def test_a_file_dated_otherwise_than_its_signature_is_told():
    """The page printed 05/02/2026, the signature made today: the date the decision bears is not its signing day."""
    kit = signing_kit()
    signed = kit.sign(to_pdf(generated("decision")))
    [found] = differences(signed, "05/QĐ-UBND", date(2026, 2, 5))
    assert found.startswith("Ngày ký đã ghi là 05/02/2026, nhưng chữ ký số của Phạm Thị Thu Hiền")


async def test_the_decision_page_warns_where_the_clerk_typed_another_number_and_date(
    running: Service, kit, tmp_path
):
    await decided(running)
    trusting(running, kit, tmp_path)
    on = today()
    signed = await signed_by(kit, await asyncio.to_thread(dated, "13/QĐ-UBND", on))
    day = on.strftime("%d/%m/%Y")
    earlier = on - timedelta(days=10)  # neither reading of the signing time
    detail = ok(await upload(running, signed, number="14", signed_on=earlier.isoformat()))
    assert (detail["phase"], detail["run"]["decision"]["number"]) == ("signed", "14/QĐ-UBND")  # filed all the same
    shown = await page_of(running, OFFICE_HEAD, f"/decision/{running.campaign}")
    assert "Cần đối chiếu: số, ngày của quyết định khác với tệp đã ký số" in shown
    assert "Số quyết định đã ghi là 14/QĐ-UBND, nhưng tệp PDF ghi «Số: 13/QĐ-UBND»." in shown
    assert f"Ngày ký đã ghi là {earlier.strftime('%d/%m/%Y')}, nhưng tệp PDF ghi ngày {day}." in shown
    assert "chữ ký số của Phạm Thị Thu Hiền, UBND xã Kẻ Sặt ghi thời điểm ký" in shown


async def test_a_file_filed_as_it_says_shows_no_warning(running: Service, kit, tmp_path):
    await decided(running)
    trusting(running, kit, tmp_path)
    signed = await signed_by(kit, await asyncio.to_thread(dated, "13/QĐ-UBND", today()))
    ok(await upload(running, signed))  # number and date left to the page
    shown = await page_of(running, OFFICE_HEAD, f"/decision/{running.campaign}")
    assert "Chữ ký số trên quyết định" in shown and "Cần đối chiếu" not in shown
