"""What the service sends to Temporal is encrypted first: Temporal's database, UI and API hold only ciphertext.

Temporal's PayloadCodec pattern: every payload (workflow and activity arguments and results, Updates,
Signals, queries) is encrypted with AES-256-GCM by the client or worker that makes it, and decrypted by
the one that reads it; failures' messages and stack traces too, since a refusal can name a nominee. The
key's id travels in the payload's metadata, so that payloads under an older key of PAYLOAD_KEYS are still
read after a new one is put first (common/keys.py).
"""

import dataclasses
import os
from collections.abc import Sequence

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.api.common.v1 import Payload
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.converter import DataConverter, DefaultFailureConverterWithEncodedAttributes, PayloadCodec

from common.keys import KeyRing, payload_ring

ENCODING = b"binary/encrypted"
KEY_ID = "encryption-key-id"
NONCE_BYTES = 12


class EncryptionCodec(PayloadCodec):
    def __init__(self, ring: KeyRing) -> None:
        self.current = ring.current
        self.ciphers = {key_id: AESGCM(key) for key_id, key in ring.keys.items()}

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [self._encrypt(payload) for payload in payloads]

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        # A payload not encrypted is read as it is: histories written before the codec replay.
        return [self._decrypt(p) if p.metadata.get("encoding") == ENCODING else p for p in payloads]

    def _encrypt(self, payload: Payload) -> Payload:
        nonce = os.urandom(NONCE_BYTES)
        key_id = self.current.encode()
        # The key id is authenticated with the data: changed metadata fails the decryption.
        data = nonce + self.ciphers[self.current].encrypt(nonce, payload.SerializeToString(), key_id)
        return Payload(metadata={"encoding": ENCODING, KEY_ID: key_id}, data=data)

    def _decrypt(self, payload: Payload) -> Payload:
        key_id = payload.metadata.get(KEY_ID, b"").decode()
        cipher = self.ciphers.get(key_id)
        if cipher is None:
            raise ValueError(f"a payload is encrypted with the key «{key_id}», which PAYLOAD_KEYS does not have")
        data = payload.data
        return Payload.FromString(cipher.decrypt(data[:NONCE_BYTES], data[NONCE_BYTES:], key_id.encode()))


def data_converter(settings) -> DataConverter:
    """The converter of every client and worker: pydantic models as JSON (dates, enums, nested models), encrypted."""
    return dataclasses.replace(
        pydantic_data_converter,
        payload_codec=EncryptionCodec(payload_ring(settings)),
        failure_converter_class=DefaultFailureConverterWithEncodedAttributes,
    )
