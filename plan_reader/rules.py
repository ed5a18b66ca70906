"""What every rule shares: find a pattern in the folded paragraphs and make a sourced value of the match."""

import re
from collections.abc import Iterable

from plan_reader.document import Paragraph
from plan_reader.draft import Source, Value

LEVELS = {"xa": "xa", "phuong": "phuong", "thi tran": "thi_tran", "huyen": "huyen", "quan": "quan",
          "thi xa": "thi_xa", "thanh pho": "thanh_pho", "tinh": "tinh"}
LEVEL_NAMES = {"xa": "xã", "phuong": "phường", "thi_tran": "thị trấn", "huyen": "huyện", "quan": "quận",
               "thi_xa": "thị xã", "thanh_pho": "thành phố", "tinh": "tỉnh"}


def value(paragraph: Paragraph, found, start: int, end: int, confidence: float) -> Value:
    return Value(found, Source.of(paragraph, start, end), confidence)


def search(paragraphs: Iterable[Paragraph], pattern: str | re.Pattern) -> tuple[Paragraph, re.Match] | None:
    rule = re.compile(pattern) if isinstance(pattern, str) else pattern
    for paragraph in paragraphs:
        match = rule.search(paragraph.folded)
        if match:
            return paragraph, match
    return None


def clean(text: str) -> str:
    """A value cut from a sentence: no bullet, no heading number, no closing punctuation, spaces single."""
    text = re.sub(r"^\s*(?:[-–+•*]|[0-9.]+[.)]|[a-zđ]\))\s*", "", text)
    text = re.sub(r"\s+", " ", text).strip(" .;:,")
    return text[:1].upper() + text[1:] if text else text


def number(text: str) -> int | None:
    match = re.search(r"[0-9]{1,4}", text)
    return int(match.group()) if match else None
