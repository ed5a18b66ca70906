"""A decision signed in the e-office and uploaded as PDF: its signatures checked with pyHanko (signer, chain to
the loaded roots, signing time in both readings, intact or altered), its number and date read from its page."""

import io
import shutil
from datetime import timedelta

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from documents.pdf import to_pdf
from documents.signed_pdf import SignedPdfRefused, load_roots, read_signed_pdf
from tests.signing_certs import signing_kit
from tests.test_documents import generated

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


@pytest.fixture(scope="module")
def kit():
    return signing_kit()


@pytest.fixture(scope="module")
def decision_pdf() -> bytes:
    return to_pdf(generated("decision"))  # "Số: 05/QĐ-UBND", "Kẻ Sặt, ngày 05 tháng 02 năm 2026"


def with_text_added(signed: bytes) -> bytes:
    """A revision after the signature that writes on the page: what someone changing the decision would do."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    added = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 100 Td (02) Tj ET"))
    contents = page["/Contents"]
    page["/Contents"] = generic.ArrayObject([*(contents if isinstance(contents, generic.ArrayObject) else [contents]), added])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_signature_chained_to_a_loaded_root_is_valid_and_the_page_gives_number_and_date(kit, decision_pdf, tmp_path):
    (tmp_path / "bcy-root.pem").write_bytes(kit.root_pem)
    (tmp_path / "readme.txt").write_text("not a certificate: left aside by its name")
    signed = read_signed_pdf(kit.sign(decision_pdf), load_roots(tmp_path))
    assert (signed.number, signed.signed_on.isoformat()) == ("05/QĐ-UBND", "2026-02-05")
    [check] = signed.signatures
    assert check.valid and check.problems == []
    assert (check.field_name, check.signer, check.issuer) == (
        "ChuTich", "Phạm Thị Thu Hiền, UBND xã Kẻ Sặt", "Ban Cơ yếu Chính phủ (chứng thư thử), Ban Cơ yếu Chính phủ"
    )
    # Both readings of the time: as UTC (7 hours later in Vietnam), and the same clock taken as Vietnam's.
    assert check.signed_at_vn.utcoffset() == check.signed_at_if_local.utcoffset() == timedelta(hours=7)
    assert (check.signed_at_vn - check.signed_at_if_local).total_seconds() == 7 * 3600


def test_a_signer_outside_the_loaded_roots_is_not_trusted(kit, decision_pdf):
    [check] = read_signed_pdf(kit.sign(decision_pdf), [signing_kit().root]).signatures
    assert check.intact and not check.trusted and not check.valid
    assert any("chuỗi tin cậy" in problem for problem in check.problems)


def test_a_file_changed_after_signing_is_flagged(kit, decision_pdf):
    signed = kit.sign(decision_pdf)
    [check] = read_signed_pdf(with_text_added(signed), [kit.root]).signatures
    assert check.intact and not check.covers_file and not check.valid
    assert "Sau chữ ký, tệp có thêm nội dung không phải chữ ký số." in check.problems
    flipped = bytearray(signed)
    flipped[signed.index(b"stream", 2000) + 20] ^= 1  # a byte of the page itself
    [check] = read_signed_pdf(bytes(flipped), [kit.root]).signatures
    assert not check.intact and "Nội dung đã bị thay đổi sau khi ký." in check.problems


def test_an_unsigned_or_unreadable_file_is_refused_with_its_code(decision_pdf):
    for data, code in ((decision_pdf, "SIGNED_PDF_UNSIGNED"), (b"%PDF-1.7 not really", "SIGNED_PDF_UNREADABLE"),
                       (b"PK\x03\x04 a zip", "SIGNED_PDF_UNREADABLE")):
        with pytest.raises(SignedPdfRefused) as refused:
            read_signed_pdf(data, [])
        assert refused.value.code == code


def test_an_unreadable_root_file_is_an_error_naming_it(tmp_path):
    (tmp_path / "broken.cer").write_bytes(b"\x30\x03garbage")
    with pytest.raises(ValueError, match="broken.cer"):
        load_roots(tmp_path)
