"""Passwords are kept only as a salted scrypt hash."""

from common.passwords import hash_password, verify_password


def test_a_password_is_checked_against_its_hash_and_never_stored_as_is():
    first, second = hash_password("demo-thamdinh"), hash_password("demo-thamdinh")
    assert "demo-thamdinh" not in first
    assert first != second  # a salt of its own each time
    assert first.startswith("scrypt$32768$8$1$")
    assert verify_password("demo-thamdinh", first) and verify_password("demo-thamdinh", second)
    assert not verify_password("demo-thamdin", first)
    assert not verify_password("demo-thamdinh", None)
