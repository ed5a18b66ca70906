"""The bonus (tiền thưởng) a plan sets where it differs from the law in force: its base salary ("mức lương cơ sở
2.340.000 đồng"), its rounding ("làm tròn đến hàng nghìn đồng") and its multiples per group ("cá nhân … 0,15 lần
mức lương cơ sở"). A plan silent on them leaves the law's."""

import re

from plan_reader.draft import Draft
from plan_reader.rules import value

MONEY = r"(?P<n>[0-9]{1,3}(?:[.,\s][0-9]{3}){1,3})\s*(?:dong|d\b|vnd)"
BASE = re.compile(r"luong co so\s+(?:\w+\s+){0,6}?(?:la|bang|:)?\s*" + MONEY)
ROUNDING = re.compile(
    r"lam tron\s+(?:\w+\s+){0,6}?(?:den|len|toi)\s+(?:(?:so\s+)?hang\s+)?(?P<unit>tram nghin|chuc nghin|nghin|ngan|tram)\b"
    r"|lam tron\s+(?:\w+\s+){0,6}?(?:den|len|toi)\s+" + MONEY
)
UNITS = {"tram": 100, "nghin": 1000, "ngan": 1000, "chuc nghin": 10_000, "tram nghin": 100_000}
MULTIPLE = re.compile(r"(?P<who>ca nhan|tap the)\b[^.;]{0,80}?(?P<x>[0-9](?:[.,][0-9]{1,3})?)\s*lan\s+(?:muc\s+)?luong co so")


def amount(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def read_bonus(draft: Draft) -> None:
    for paragraph in draft.document.paragraphs:
        base = BASE.search(paragraph.folded)
        if base and 1 <= amount(base.group("n")) <= 1_000_000_000:
            draft.add("bonus.base_salary_vnd", value(paragraph, amount(base.group("n")), base.start(), base.end(), 0.7))
        rounding = ROUNDING.search(paragraph.folded)
        if rounding:
            step = UNITS[rounding.group("unit")] if rounding.group("unit") else amount(rounding.group("n"))
            if 1 <= step <= 1_000_000:
                draft.add("bonus.rounding_vnd", value(paragraph, step, rounding.start(), rounding.end(), 0.7))
        for match in MULTIPLE.finditer(paragraph.folded):
            group = "individual" if match.group("who") == "ca nhan" else "collective"
            multiple = float(match.group("x").replace(",", "."))
            if group not in [v.value["group"] for v in draft.get("bonus_multiple")] and 0 < multiple <= 100:
                item = {"group": group, "multiple": multiple}
                draft.add("bonus_multiple", value(paragraph, item, match.start(), match.end(), 0.6))
