"""Passwords, stored only as a scrypt hash with a salt of their own (hashlib: no extra dependency).

The stored form names its parameters, "scrypt$<n>$<r>$<p>$<salt>$<hash>", so they can be raised later
without locking anybody out.

The policy (`check_password`), the same for the pages, the API and `python -m db.accounts`: 10 to 200
characters; not one of the common passwords of common/common_passwords.txt, nor one of them with digits or
symbols added at its end ("matkhau2026!"); not the user name nor the full name (without case, spaces or
diacritics, and with digits or symbols added at the end too). Each refusal has a stable code
(schemas/errors.py) and a Vietnamese message that says what to change.
"""

import hashlib
import hmac
import re
import secrets
from functools import cache

from common.settings import ROOT
from common.text import fold
from schemas.errors import error_message

N, R, P = 2**15, 8, 1  # 32 MiB of memory a guess: above OWASP's minimum for scrypt


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, maxmem=2 * 128 * n * r * p, dklen=32)


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    return f"scrypt${N}${R}${P}${salt.hex()}${_scrypt(password, salt, N, R, P).hex()}"


def verify_password(password: str, stored: str | None) -> bool:
    """Whether `password` is the one `stored` was made from; False for no stored hash."""
    if not stored:
        hash_password(password)  # the same work either way: the time taken tells nothing about the user name
        return False
    scheme, n, r, p, salt, digest = stored.split("$")
    if scheme != "scrypt":
        return False
    computed = _scrypt(password, bytes.fromhex(salt), int(n), int(r), int(p))
    return hmac.compare_digest(computed, bytes.fromhex(digest))


# NIST SP 800-63B asks for at least 8 and a list of common passwords; 10 gives room for a passphrase's
# words at little cost to the people typing it. The upper bound keeps a pasted file out (scrypt hashes any).
MIN_LENGTH, MAX_LENGTH = 10, 200
COMMON_FILE = ROOT / "common" / "common_passwords.txt"
_TAIL = re.compile(r"[\W\d_]+$")  # digits and symbols added at the end


class PasswordRefused(ValueError):
    """A password the policy refuses: `code` for programs, the Vietnamese message as str()."""

    def __init__(self, code: str, **details: object) -> None:
        self.code = code
        self.details = details
        super().__init__(error_message(code, details))


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(_key(line) for line in lines if line.strip() and not line.startswith("#"))


def _key(text: str) -> str:
    """Compared without case, spaces or diacritics: "Mật Khẩu 123" is "matkhau123"."""
    return re.sub(r"\s+", "", fold(text).lower())


def check_password(password: str, username: str = "", full_name: str = "") -> None:
    """Raise PasswordRefused unless `password` meets the policy for the user `username` (`full_name`)."""
    if len(password) < MIN_LENGTH:
        raise PasswordRefused("PASSWORD_TOO_SHORT", min_length=MIN_LENGTH, max_length=MAX_LENGTH)
    if len(password) > MAX_LENGTH:
        raise PasswordRefused("PASSWORD_TOO_LONG", min_length=MIN_LENGTH, max_length=MAX_LENGTH)
    key = _key(password)
    stem = _TAIL.sub("", key)
    names = {_key(name) for name in (username, full_name) if name and name.strip()}
    names |= {_TAIL.sub("", name) for name in names}
    if key in names or (stem and stem in names):
        raise PasswordRefused("PASSWORD_IS_NAME")
    common = common_passwords()
    if key in common or (stem and stem in common):
        raise PasswordRefused("PASSWORD_TOO_COMMON")
