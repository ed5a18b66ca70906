"""The indicator a measured standard names, among the registry's catalogue (schemas/indicators.py): the one whose
name's distinctive words the standard's text holds ("Mức độ hài lòng của người dân … đạt 90% trở lên":
satisfaction_pct). A standard that names none of them closely enough gets no code, for the office to name."""

import re
from collections import Counter
from functools import cache

from plan_reader.normalise import fold
from schemas.indicators import CATALOGUE

# Abbreviations plans write for the words of a name.
SHORT = {"tthc": "thu tuc hanh chinh", "cchc": "cai cach hanh chinh", "dvc": "dich vu cong"}


def pairs(folded: str) -> set[str]:
    syllables = re.findall(r"[a-z0-9]+", folded)
    return {f"{a} {b}" for a, b in zip(syllables, syllables[1:])}


# The pairs of the abbreviated phrases, which nearly every standard of a reform plan holds: they tell nothing.
COMMON = set().union(*(pairs(long) for long in SHORT.values()))


def words(text: str) -> set[str]:
    """The text's pairs of syllables side by side, which is how most Vietnamese words are made ("hài lòng",
    "thủ tục"), without the common ones, and its abbreviations in capitals ("SIPAS", "DTI")."""
    abbreviations = {fold(w) for w in re.findall(r"\b[A-Z]{3,}\b", text)}
    folded = fold(text)
    for short, long in SHORT.items():
        folded = re.sub(rf"\b{short}\b", long, folded)
    return (pairs(folded) - COMMON) | abbreviations


@cache
def distinctive() -> dict[str, tuple[set[str], set[str]]]:
    """Each catalogue code's pairs that fewer than three of the catalogue's names share, and the abbreviations its
    name gives in brackets ("(PAR INDEX)": par, index)."""
    names = {code: re.split(r"\(", indicator.name, maxsplit=1) for code, indicator in CATALOGUE.items()}
    found = {code: pairs(fold(name[0])) - COMMON for code, name in names.items()}
    shared = Counter(w for ws in found.values() for w in ws)
    return {code: ({w for w in found[code] if shared[w] < 3},
                   set(re.findall(r"[a-z0-9]{3,}", fold(name[1]))) if len(name) > 1 else set())
            for code, name in names.items()}


def indicator_of(text: str) -> str | None:
    """The catalogue's code whose distinctive pairs the text holds best, at least half of them (two at least, where
    the name has two), or whose abbreviation it writes ("SIPAS", "DTI")."""
    have = words(text)
    best, best_share = None, 0.0
    for code, (key, abbreviations) in distinctive().items():
        found = len(key & have)
        share = 1.0 if abbreviations & have else found / len(key) if key else 0.0
        if (share == 1.0 or found >= min(2, len(key)) and share >= 0.5) and share > best_share:
            best, best_share = code, share
    return best
