"""Key rings: the keys that encrypt what Temporal stores (PAYLOAD_KEYS) and sign the actions (ACTION_KEYS).

A ring is written "id:base64,id:base64,…", 32 random bytes a key (`python -m common.keys ID` makes one).
The first key is the current one: it encrypts and signs. The others are older ones, still read and
checked, so that a key is replaced without losing what it protected (docs/production.md, rotation).
"""

import base64
import binascii
import re
import secrets
import sys
from dataclasses import dataclass

KEY_BYTES = 32
KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")

# For development only (make run, the tests): written here for anyone to read, so production settings
# refuse to start without keys of their own (common/settings.py).
DEVELOPMENT_PAYLOAD_KEYS = "dev:" + base64.b64encode(b"thidua development payload key 1").decode()
DEVELOPMENT_ACTION_KEYS = "dev:" + base64.b64encode(b"thidua development action key 01").decode()


@dataclass(frozen=True)
class KeyRing:
    current: str  # the id of the key that encrypts or signs
    keys: dict[str, bytes]  # every key read or checked, by id


def parse_ring(text: str, name: str) -> KeyRing:
    """The ring written in `text`; a ValueError naming the setting `name` and what is wrong with it."""
    keys: dict[str, bytes] = {}
    for item in text.split(","):
        key_id, colon, encoded = item.strip().partition(":")
        if not colon or not KEY_ID.fullmatch(key_id):
            raise ValueError(f"{name}: each key is written «id:base64», the id of letters, digits, - or _")
        if key_id in keys:
            raise ValueError(f"{name}: the key id «{key_id}» is given twice")
        try:
            key = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            raise ValueError(f"{name}: the key «{key_id}» is not base64") from None
        if len(key) != KEY_BYTES:
            raise ValueError(f"{name}: the key «{key_id}» has {len(key)} bytes, not {KEY_BYTES}")
        keys[key_id] = key
    return KeyRing(current=next(iter(keys)), keys=keys)


def payload_ring(settings) -> KeyRing:
    return parse_ring(settings.payload_keys or DEVELOPMENT_PAYLOAD_KEYS, "PAYLOAD_KEYS")


def action_ring(settings) -> KeyRing:
    return parse_ring(settings.action_keys or DEVELOPMENT_ACTION_KEYS, "ACTION_KEYS")


def new_key(key_id: str) -> str:
    """A new key, as a ring's item: put it first in the ring to make it the current one."""
    return f"{key_id}:{base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()}"


if __name__ == "__main__":
    if len(sys.argv) != 2 or not KEY_ID.fullmatch(sys.argv[1]):
        sys.exit("usage: python -m common.keys ID   (ID: letters, digits, - or _, e.g. 2026-01)")
    print(new_key(sys.argv[1]))
