"""The reviews of a movement over several years (rounds): "Sơ kết 03 năm (2021 - 2023) vào quý IV/2023; tổng kết
vào năm 2025". Drafted only where the plan's period spans more than one year and names an interim review (sơ kết)
with its year: each round from the movement's start to the end of its year, the final one (tổng kết) the whole
period. A plan that only says it will "sơ kết, tổng kết" without a year drafts none."""

import re
from datetime import date

from plan_reader.draft import Draft
from plan_reader.rules import clean, value

REVIEW = re.compile(r"\b(?P<kind>s\w ket|t\wng ket)\b(?P<rest>[^;.]{0,80})")
YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")


def read_rounds(draft: Draft) -> None:
    period = draft.first("plan.period")
    if not period or period["start"][:4] == period["end"][:4]:
        return
    first, last = int(period["start"][:4]), int(period["end"][:4])
    rounds = []
    for paragraph in draft.document.paragraphs:
        for match in REVIEW.finditer(paragraph.folded):
            years = [int(y) for y in YEAR.findall(match.group("rest"))]
            final = match.group("kind").startswith("t")
            year = years[-1] if years else last if final else None
            if year is None or not first <= year <= last or final and year != last or not final and year == last:
                continue
            end = date(year, 12, 31).isoformat() if not final else period["end"]
            code = "tong-ket" if final else f"so-ket-{year}"
            if code in [r[1]["code"] for r in rounds]:
                continue
            stop = match.start("rest") + (YEAR.search(match.group("rest")).end() if years else 0)
            name = clean(paragraph.text[match.start():stop])[:200]
            item = {"code": code, "name": name, "review": "tong_ket" if final else "so_ket",
                    "period": {"start": period["start"], "end": end}}
            rounds.append((paragraph, item, match.start(), max(stop, match.end("kind"))))
    if not any(item["review"] == "so_ket" for _, item, _, _ in rounds):
        return
    for paragraph, item, start, stop in rounds:
        draft.add("rounds", value(paragraph, item, start, stop, 0.5))
    paragraph, _, start, stop = rounds[0]
    draft.add("recurrence", value(paragraph, "rounds", start, stop, 0.5))
