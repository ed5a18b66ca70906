"""Search and paging in SQL, for the lists of the pages.

A search ignores diacritics and case as the API's search of nominees does (common.text.fold of what is typed,
`contains(..., autoescape=True)` on a column stored folded: a % or _ typed is itself, not a wildcard). Any other
text column is compared folded too, by the database: PostgreSQL maps each Vietnamese letter to its base letter
(translate) and lowers the case; SQLite, whose lower() knows only ASCII and whose parser does not take a hundred
nested replace(), matches a GLOB pattern in which each letter of the search is the class of every letter that
folds to it ("d" is [dDđĐ]) and *, ? and [ are themselves. Vietnamese text is stored composed (common.text.nfc on
the way in), so the letters to map are the precomposed ones.
"""

import unicodedata
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, literal, or_
from sqlmodel import Session, select

from common.text import fold

_VOWELS = "aăâeêioôơuưy"
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng


def _letters() -> tuple[str, str]:
    """Every precomposed Vietnamese letter, lower and upper case, and its base letter as fold gives it."""
    letters = set("ăâêôơưđ")
    for vowel in _VOWELS:
        letters |= {unicodedata.normalize("NFC", vowel + tone) for tone in _TONES}
    letters |= {letter.upper() for letter in letters}
    ordered = sorted(letters)
    return "".join(ordered), "".join(fold(letter) for letter in ordered)


FROM_LETTERS, TO_LETTERS = _letters()
assert len(FROM_LETTERS) == len(TO_LETTERS) and TO_LETTERS.isascii()
# For SQLite's GLOB: each base letter, the letters that fold to it, in both cases.
_CLASSES = {base: base + base.upper() for base in "abcdefghijklmnopqrstuvwxyz"}
for _letter, _base in zip(FROM_LETTERS, TO_LETTERS):
    _CLASSES[_base] += _letter


def search_key(q: str | None) -> str:
    """What a search looks for: the text folded, its spaces made single ("" : no search)."""
    return " ".join(fold(q or "").split())


def glob_pattern(key: str) -> str:
    """SQLite's GLOB pattern of text containing the (folded) key, whatever its diacritics and case."""
    parts = []
    for char in key:
        if char in _CLASSES:
            parts.append(f"[{_CLASSES[char]}]")
        elif char in "*?[":
            parts.append(f"[{char}]")
        else:
            parts.append(char)
    return "*" + "".join(parts) + "*"


def contains_folded(dialect: str, column: Any, key: str) -> Any:
    """The condition that the text column, folded, contains the folded key."""
    if dialect == "sqlite":
        return column.op("GLOB")(literal(glob_pattern(key)))
    return func.lower(func.translate(column, FROM_LETTERS, TO_LETTERS)).contains(key, autoescape=True)


def matching(
    session: Session, key: str, folded_columns: Sequence[Any] = (), text_columns: Sequence[Any] = (),
    more: Sequence[Any] = (),
) -> Any:
    """The condition that one of the columns contains the search key: `folded_columns` hold text stored folded
    (name_key), `text_columns` any text, compared folded; `more`, conditions of the caller's (an EXISTS)."""
    dialect = session.get_bind().dialect.name
    conditions = [column.contains(key, autoescape=True) for column in folded_columns]
    conditions += [contains_folded(dialect, column, key) for column in text_columns]
    return or_(*conditions, *more)


def page_of(
    session: Session, query: Any, order: Sequence[Any], page: int, size: int, counted: Any = None,
) -> tuple[list[Any], int, int]:
    """One page of the query's rows in this order, how many rows the query has in all, and the page's number (a
    page past the last is the last): a COUNT and the page with LIMIT/OFFSET, so that a long list is never read
    whole. `counted`, a query of as many rows as `query` that reads less (its ids, without the joins that only
    add columns), is what is counted where given."""
    counted = query if counted is None else counted
    total = session.exec(select(func.count()).select_from(counted.order_by(None).subquery())).one()
    page = max(1, min(page, -(-total // size)))
    rows = list(session.exec(query.order_by(*order).offset((page - 1) * size).limit(size)))
    return rows, total, page
