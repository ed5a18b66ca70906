"""The indicator a measured standard names, among the registry's catalogue (schemas/indicators.py): the one whose
name's distinctive words the standard's text holds ("Mức độ hài lòng của người dân … đạt 90% trở lên":
satisfaction_pct). A standard that names none of them closely enough gets no code, for the office to name."""

import re
from collections import Counter
from functools import cache

from plan_reader.normalise import alike, fold
from schemas.indicators import CATALOGUE

# Abbreviations plans write for the words of a name.
SHORT = {"tthc": "thu tuc hanh chinh", "cchc": "cai cach hanh chinh", "dvc": "dich vu cong"}


def pairs(folded: str) -> set[str]:
    syllables = re.findall(r"[a-z0-9]+", folded)
    return {f"{a} {b}" for a, b in zip(syllables, syllables[1:])}


# The pairs of the abbreviated phrases, which nearly every standard of a reform plan holds: they tell nothing.
COMMON = set().union(*(pairs(long) for long in SHORT.values()))
# A name "Tỷ lệ …" is a share, which a plan writes as its figure: "Hoàn thành 100% nhiệm vụ …" for "Tỷ lệ hoàn
# thành nhiệm vụ …". The share's words and the figures are left out of the pairs, so that the words around a
# figure pair up as the name's do.
SHARE = re.compile(r"^\s*ty le\s+")
PERCENT = re.compile(r"[0-9]+(?:[.,][0-9]+)?\s*%")
# What a figure counts: "100% nhiệm vụ", "30% cơ quan", "98% tỷ lệ hồ sơ", "100% các văn bản".
COUNTED = re.compile(r"[0-9]+(?:[.,][0-9]+)?\s*%\s+(?:(?:cac|so|s6)\s+)?(?:ty le\s+)?(?P<noun>[a-z]+ [a-z]+)")


def expanded(folded: str) -> str:
    for short, long in SHORT.items():
        folded = re.sub(rf"\b{short}\b", long, folded)
    return folded


def words(text: str) -> set[str]:
    """The text's pairs of syllables side by side, which is how most Vietnamese words are made ("hài lòng",
    "thủ tục"), without the common ones and the figures, and its abbreviations in capitals ("SIPAS", "DTI")."""
    abbreviations = {fold(w) for w in re.findall(r"\b[A-Z]{3,}\b", text)}
    return (pairs(PERCENT.sub(" ", expanded(fold(text)))) - COMMON) | abbreviations


@cache
def names() -> dict[str, tuple[str, bool]]:
    """Each catalogue code's name before its bracket, folded and without its "Tỷ lệ", and whether it is a share."""
    out = {}
    for code, indicator in CATALOGUE.items():
        name = fold(re.split(r"\(", indicator.name, maxsplit=1)[0])
        out[code] = (SHARE.sub("", name), bool(SHARE.match(name)))
    return out


@cache
def distinctive() -> dict[str, tuple[set[str], set[str]]]:
    """Each catalogue code's pairs that fewer than three of the catalogue's names share, and the abbreviations its
    name gives in brackets ("(PAR INDEX)": par, index)."""
    found = {code: pairs(name) - COMMON for code, (name, _) in names().items()}
    shared = Counter(w for ws in found.values() for w in ws)
    brackets = {code: re.split(r"\(", indicator.name, maxsplit=1) for code, indicator in CATALOGUE.items()}
    return {code: ({w for w in found[code] if shared[w] < 3},
                   set(re.findall(r"[a-z0-9]{3,}", fold(brackets[code][1]))) if len(brackets[code]) > 1 else set())
            for code in found}


def held(key: set[str], have: set[str]) -> int:
    """How many of the name's pairs the text holds, each as OCR may have misread it ("theo dõi" read "theo ddi")."""
    return sum(1 for k in key if k in have or any(alike(h.split(), k.split()) for h in have))


# The committee a name or a text says gave the tasks: "được UBND thành phố giao".
GIVER = re.compile(r"(?:ubnd|uy ban nhan dan)\s+(thanh pho|tinh|huyen|quan|thi xa|xa|phuong|thi tran)\b")


def counts_other(folded: str, code: str) -> bool:
    """A share whose figure counts something its name does not: "100% chỉ tiêu thu ngân sách … được UBND thành
    phố giao" is not the share of the tasks the city gave ("Tỷ lệ hoàn thành nhiệm vụ được UBND thành phố giao"),
    nor are the tasks "được UBND xã giao"."""
    name, share = names()[code]
    givers = GIVER.search(name), GIVER.search(folded)
    if all(givers) and givers[0].group(1) != givers[1].group(1):
        return True
    counted = COUNTED.search(folded)
    if not share or not counted or counted.group("noun") in ("tro len", "tro xuong"):
        return False
    return not any(alike(counted.group("noun").split(), pair.split()) for pair in pairs(name))


def indicator_of(text: str) -> str | None:
    """The catalogue's code whose distinctive pairs the text holds best, at least half of them (two at least, where
    the name has two), or whose abbreviation it writes ("SIPAS", "DTI"); not a share of what the figure does
    not count."""
    have = words(text)
    folded = expanded(fold(text))
    best, best_share = None, 0.0
    for code, (key, abbreviations) in distinctive().items():
        found = held(key, have)
        share = 1.0 if abbreviations & have else found / len(key) if key else 0.0
        if (share == 1.0 or found >= min(2, len(key)) and share >= 0.5) and share > best_share and not counts_other(folded, code):
            best, best_share = code, share
    return best
