"""The plan's text made readable by rules: NFC, a folded key for matching (no diacritics, lower case, the OCR's
usual confusions undone), broken lines joined into paragraphs, and the diacritics of known phrases restored."""

import re
import unicodedata
from plan_reader.phrases import PHRASES

# One character for one: a folded text has the same length as its source, so a match in it is a span of the source.
_OCR = str.maketrans({"w": "u", "đ": "d", "ð": "d", "¢": "c", "ø": "o", "|": "i", "€": "e", "¥": "y", "’": "'", "‘": "'",
                      "“": '"', "”": '"'})


def fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base.translate(_OCR) if len(base) == 1 else " "


def fold(text: str) -> str:
    """The matching key of a text, as long as the text: "Phòng Văn hóa" → "phong van hoa", "thwéng" → "thueng"."""
    return "".join(fold_char(ch) for ch in text)


def words_of(text: object) -> set[str]:
    """The text's words, folded: how texts are compared where OCR loses diacritics."""
    return set(re.findall(r"[a-z0-9]+", fold(str(text or ""))))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\t", " ")


# A line that starts a new paragraph: a heading (I., 1., 1.1., a), a bullet, a "Căn cứ".
HEADING = re.compile(r"^\s*(?:#+\s*)?(?:\*\*)?\s*(?P<marker>(?:[IVXLivxl|1]{1,5}|[0-9]{1,2}(?:\.[0-9]{1,2}){0,3})[.)]|[a-zđ¢]\)|[-–+•*])\s+")
# "3.1. Đối với tập thể", "a) Đối với cá nhân: …", "1.2. Đối với Ủy ban Mặt trận Tổ quốc …": whom what follows is for.
FOR_WHOM = re.compile(r"^\W*(?:[0-9.]+[.)]?|[a-z¢]\))?\s*[dp]\S{0,2}i\s*v\S{1,2}i\s+(?:cac\s+)?(?P<who>[^:]{3,160})")
_ROMAN = re.compile(r"^(?:i{1,3}|iv|v|vi{1,3}|ix|x)$")
_ENDS = (".", ";", ":", "!", "?", "./.")


def marker_of(line: str) -> str | None:
    """The heading marker a line starts with ("II", "3.2", "a", "-"), or None."""
    match = HEADING.match(line)
    if not match:
        return None
    marker = match.group("marker").rstrip(".)")
    folded = fold(marker).replace("|", "i").replace("l", "i")
    if re.search(r"[ivx]", folded) and re.fullmatch(r"[ivx1]+", folded):
        folded = folded.replace("1", "i")
    if _ROMAN.match(folded) and line[match.end():match.end() + 1].isupper():
        return folded.upper()
    if re.fullmatch(r"[ivx]+", folded) and not _ROMAN.match(folded):
        return None
    return marker if marker else "-"


def capitals(text: str) -> bool:
    """A line in capitals: a letterhead's, a heading's."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and sum(ch.isupper() for ch in letters) > 0.6 * len(letters)


def starts_paragraph(line: str) -> bool:
    """A heading, a bullet, or a preamble's "Căn cứ", "Thực hiện", "Nhằm", "Nơi nhận" written with its capital: in
    lower case the words run on from the line before ("… tham mưu tổ chức / thực hiện công tác CCHC")."""
    line = line.strip()
    lead = line[:1].isupper() and re.match(r"(?:can c|cin c|th[uy]c hien|nh[a-z]m |noi nhan)", fold(line))
    return capitals(line) or marker_of(line) is not None or bool(lead)


def _word_spans(folded: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[a-z0-9]+", folded)]


def _phrase_keys(extra: tuple[str, ...]) -> list[tuple[str, list[str]]]:
    """The phrases to restore, each as its folded words: the plan's own names (`extra`) first, then the longest."""
    keys = []
    for rank, phrases in enumerate((extra, PHRASES)):
        for phrase in phrases:
            words = re.findall(r"[a-z0-9]+", fold(phrase))
            if words:
                keys.append((rank, phrase, words))
    return [(phrase, words) for _, phrase, words in sorted(keys, key=lambda k: (k[0], -len(" ".join(k[2]))))]


# Short words OCR misreads the same way in every plan, written back: "x4" is "xã", "cta" is "của".
OCR_WORDS = {
    "x4": "xã", "x&": "xã", "x3": "xã", "xA": "xã", "X4": "Xã", "X&": "Xã", "S6": "Số", "s6": "số", "sb": "số",
    "sé": "số", "cta": "của", "ctia": "của", "cia": "của", "caa": "của", "ciia": "của", "cua": "của",
    "ngay": "ngày", "thang": "tháng", "ndm": "năm", "nim": "năm", "vé": "về", "va": "và", "dé": "để", "c6": "có", "C6": "Có",
    "thudc": "thuộc", "thuéc": "thuộc", "thugc": "thuộc", "dugc": "được", "duogc": "được",
}
_OCR_WORD = re.compile(r"(?<![\w&])(" + "|".join(re.escape(w) for w in OCR_WORDS) + r")(?![\w&])")


def restore(text: str, extra: tuple[str, ...] = ()) -> str:
    """The text with every known phrase found in it, diacritic-insensitively and with a little OCR noise,
    written as the phrase writes it ("phong Vin hda - X4 hoi" → "Phòng Văn hóa - Xã hội"); the rest as it was."""
    text = _OCR_WORD.sub(lambda m: OCR_WORDS[m.group(1)], text)
    folded = fold(text)
    spans = _word_spans(folded)
    words = [folded[a:b] for a, b in spans]
    taken = [False] * len(words)
    replacements: list[tuple[int, int, str]] = []
    for phrase, key in _phrase_keys(extra):
        n = len(key)
        anchors = {w for w in key if len(w) >= 3} or set(key)
        i = 0
        while i + n <= len(words):
            window = words[i:i + n]
            if any(taken[i:i + n]) or not anchors & set(window) or not alike(window, key):
                i += 1
                continue
            start, end = spans[i][0], spans[i + n - 1][1]
            replacements.append((start, end, _cased(text[start:end], phrase)))
            taken[i:i + n] = [True] * n
            i += n
    out = text
    for start, end, phrase in sorted(replacements, reverse=True):
        out = out[:start] + phrase + out[end:]
    return out


def _near(word: str, target: str, dropped: bool = False) -> bool:
    """One word as OCR may have misread it: one letter changed (two in a long word), or where `dropped`, one letter
    dropped or added in a word of four letters or more ("cch" for "cách", "Vian" for "Văn"); "ir" read for "ư"
    ("chirc"), which no Vietnamese word spells; a digit never read for a letter of a number ("100" is not "tot")."""
    word = word.replace("ir", "u")
    if (word[:1], target[:1]) == ("p", "d"):  # "Đ" is often read "P": "Pang", "Pai"
        word = "d" + word[1:]
    if word == target:
        return True
    if len(word) < 2 or word[:1] != target[:1] or word.isdigit() or target.isdigit():
        return False
    if len(word) == len(target):
        return sum(a != b for a, b in zip(word, target)) <= (2 if len(word) >= 6 else 1)
    shorter, longer = sorted((word, target), key=len)
    return dropped and len(longer) - len(shorter) == 1 and len(longer) >= 4 and any(
        longer[:i] + longer[i + 1:] == shorter for i in range(1, len(longer)))


def alike(window: list[str], key: list[str]) -> bool:
    """A run of words that is the phrase: all its words alike, and a phrase of one word exactly; at most half
    of a longer phrase's words misread, one of its long words read right."""
    if window == key:
        return True
    # A letter dropped or added only in a phrase of three words or more: "Thu Hiền" is not "Thực hiện".
    if len(key) < 2 or not all(_near(w, k, dropped=len(key) >= 3) for w, k in zip(window, key)):
        return False
    misread = sum(w != k for w, k in zip(window, key))
    return misread <= (len(key) + 1) // 2 and any(w == k and len(k) >= 3 for w, k in zip(window, key))


def _cased(original: str, phrase: str) -> str:
    """The phrase in the original's case: an upper-case heading stays upper case."""
    letters = [ch for ch in original if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters) and len(letters) > 3:
        return phrase.upper()
    if original[:1].isupper() and phrase[:1].islower():
        return phrase[:1].upper() + phrase[1:]
    return phrase
