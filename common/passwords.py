"""Passwords, stored only as a scrypt hash with a salt of their own (hashlib: no extra dependency).

The stored form names its parameters, "scrypt$<n>$<r>$<p>$<salt>$<hash>", so they can be raised later
without locking anybody out.
"""

import hashlib
import hmac
import secrets

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
