"""How many each unit may propose (unit_quotas): "Mỗi phòng chuyên môn đề nghị không quá 01 tập thể và 02 cá nhân",
"mỗi thôn 01 trường hợp (tập thể hoặc cá nhân)", "mỗi đơn vị đề xuất ít nhất 01 tập thể", "số cá nhân không quá
15% tổng số cán bộ, công chức của đơn vị". One rule per kind of unit a clause names after "mỗi" (each); a clause
that names no count per unit gives nothing."""

import re

from plan_reader.draft import Draft
from plan_reader.rules import clean, value
from plan_reader.subjects import code_of

# "mỗi <units>" up to the verb or the count: the units the clause is for.
EACH = re.compile(r"\bm\w{1,2}i\s+(?P<who>[a-z][a-z ,]{1,60}?)\s*:?\s*(?=(?:chi\s+)?(?:duoc|de nghi|de xuat|gioi thieu|chon|"
                  r"xet|dang ky|khong qua|khong vuot qua|toi da|nhieu nhat|it nhat|toi thieu|[0-9]))")
COUNT = re.compile(
    r"(?P<bound>khong qua|khong vuot qua|toi da|nhieu nhat|it nhat|toi thieu|chi)?\s*(?:la\s+)?(?P<n>[0-9]{1,3})\s+"
    r"(?P<what>tap the|ca nhan|nguoi|truong hop|ho so)\b"
)
STAFF = re.compile(
    r"(?P<who>ca nhan|tap the)?[^;%]{0,60}?(?:khong qua|khong vuot qua|toi da)\s+(?P<p>[0-9]{1,2}(?:[.,][0-9]{1,2})?)\s*%\s+"
    r"(?:(?:tren\s+)?tong\s+)?so\s+(?:can bo|cong chuc|vien chuc|nguoi|nhan vien|thanh vien)"
)
AT_LEAST = re.compile(r"(?:duoi|it hon)\s+(?P<n>[0-9]{1,3})\s+(?:nguoi|can bo)\D{0,40}?(?P<k>[0-9]{1,3})\s+ca nhan")
WHAT = {"tap the": "collectives", "ca nhan": "individuals", "nguoi": "individuals", "truong hop": "total", "ho so": "total"}
# "mỗi năm", "mỗi đợt", "mỗi cá nhân": not a unit.
NOT_UNITS = re.compile(r"^(?:nam|quy|thang|dot|lan|ky|tuan|ngay|ca nhan|tap the|nguoi|hinh thuc|thanh tich|ho so|truong hop)\b")
EVERY_UNIT = re.compile(r"^(?:co quan|don vi|co quan,? don vi|phong,? ban,? don vi|dia phuong|co quan,? don vi,? dia phuong)$")


def ratio(percent: str) -> str:
    """ "15" → "15/100", "12,5" → "125/1000"."""
    whole, _, part = percent.replace(",", ".").partition(".")
    return f"{whole}{part}/{100 * 10 ** len(part)}"


def rule_of(folded: str, text: str, who: re.Match | None) -> dict:
    """The numbers a clause sets for its units."""
    rule: dict = {}
    if who:
        name = who.group("who").strip(" ,")
        if not EVERY_UNIT.match(name):
            rule["unit_kinds"] = [code_of(name)]
            rule["unit_kinds_name"] = clean(text[who.start("who"):who.start("who") + len(name)])
    for match in COUNT.finditer(folded, who.end()) if who else ():
        what = WHAT[match.group("what")]
        if what == "total" and re.match(r"\s*\(?\s*(?:ca nhan|tap the)\s+(?:va|,)", folded[match.end():]):
            continue  # "02 trường hợp (tập thể và cá nhân)" counts both, like "hoặc"
        bound = "min" if match.group("bound") in ("it nhat", "toi thieu") else "max"
        rule.setdefault(f"{bound}_{what}", int(match.group("n")))
    staff = STAFF.search(folded)
    if staff:
        share = {"share": ratio(staff.group("p"))}
        if staff.group("who") == "tap the":
            share["group"] = "collective"
        least = AT_LEAST.search(folded)
        if least:
            share["at_least"] = int(least.group("k"))
        rule["staff_share"] = share
    return rule


def read_unit_quotas(draft: Draft) -> None:
    """A rule per clause (between ";" and ".") that names the units ("mỗi …") and counts for them, or a share of a
    unit's staff ("… của đơn vị", "… của mỗi đơn vị")."""
    for paragraph in draft.document.paragraphs:
        for clause in re.finditer(r"[^;.]+", paragraph.folded):
            folded, start = clause.group(), clause.start()
            who = EACH.search(folded)
            who = who if who and not NOT_UNITS.match(who.group("who")) else None
            per_unit = who or re.search(r"cua (?:moi |tung )?(?:co quan,? )?don vi", folded)
            if not per_unit:
                continue
            rule = rule_of(folded, paragraph.text[start:clause.end()], who)
            if not any(k.startswith(("max_", "min_")) or k == "staff_share" for k in rule):
                continue
            if not who and "staff_share" not in rule:
                continue  # counts without "mỗi" are the campaign's (quotas), not each unit's
            draft.add("unit_quotas", value(paragraph, rule, start + (who.start() if who else 0), clause.end(), 0.6))
