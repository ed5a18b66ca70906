"""A root like the Ban Cơ yếu Chính phủ's and a signer's certificate under it, made for the tests, and a PDF signed
with it by pyHanko as the province's e-office signs a decision."""

import io
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from asn1crypto import keys, x509
from cryptography import x509 as cx
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

USAGE = dict(key_encipherment=False, data_encipherment=False, key_agreement=False, encipher_only=False, decipher_only=False)


def _name(common_name: str, organization: str) -> cx.Name:
    return cx.Name([
        cx.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        cx.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
        cx.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def _certificate(subject, issuer, public_key, signing_key, serial: int, ca: bool) -> cx.Certificate:
    now = datetime.now(timezone.utc)
    usage = cx.KeyUsage(digital_signature=True, content_commitment=not ca, key_cert_sign=ca, crl_sign=ca, **USAGE)
    return (
        cx.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
        .serial_number(serial).not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=365))
        .add_extension(cx.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .sign(signing_key, hashes.SHA256())
    )


@dataclass
class SigningKit:
    root: x509.Certificate
    root_pem: bytes
    signer: signers.SimpleSigner

    def sign(self, pdf: bytes, field_name: str = "ChuTich") -> bytes:
        metadata = signers.PdfSignatureMetadata(field_name=field_name)
        return signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), metadata, signer=self.signer).getvalue()


def signing_kit(signer_name: str = "Phạm Thị Thu Hiền") -> SigningKit:
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = _name("Ban Cơ yếu Chính phủ (chứng thư thử)", "Ban Cơ yếu Chính phủ")
    root = _certificate(root_name, root_name, root_key.public_key(), root_key, 1, ca=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    leaf = _certificate(_name(signer_name, "UBND xã Kẻ Sặt"), root_name, key.public_key(), root_key, 2, ca=False)
    der = serialization.Encoding.DER
    root_asn1 = x509.Certificate.load(root.public_bytes(der))
    private = keys.PrivateKeyInfo.load(
        key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    signer = signers.SimpleSigner(
        signing_cert=x509.Certificate.load(leaf.public_bytes(der)), signing_key=private,
        cert_registry=SimpleCertificateStore.from_certs([root_asn1]),
    )
    return SigningKit(root_asn1, root.public_bytes(serialization.Encoding.PEM), signer)
