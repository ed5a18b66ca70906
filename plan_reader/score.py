"""A draft scored against a reference settings file, field by field: right, wrong (drafted but not the
reference's, or drafted where the reference has nothing) and missing (the reference's, not drafted); each list
item counts as one field. Texts compare by their folded words, since OCR loses diacritics."""

import re
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from plan_reader.draft import Draft
from plan_reader.normalise import fold, words_of
from schemas.settings_base import LAW_RECORD_KINDS


def overlap(a: object, b: object) -> float:
    x, y = words_of(a), words_of(b)
    return len(x & y) / min(len(x), len(y)) if x and y else 0.0


def jaccard(a: object, b: object) -> float:
    x, y = words_of(a), words_of(b)
    return len(x & y) / len(x | y) if x | y else 0.0


def iso(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: iso(v) for k, v in value.items()}
    return value


@dataclass
class Score:
    right: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unsourced: int = 0

    def count(self, path: str, ref: object, got: object, same) -> None:
        if ref in (None, [], "") and got in (None, [], ""):
            return
        if got in (None, [], ""):
            self.missing.append(path)
        elif ref in (None, [], "") or not same(ref, got):
            self.wrong.append(path)
        else:
            self.right.append(path)

    def items(self, path: str, refs: list, gots: list, same) -> None:
        """Each reference item matched to one drafted item at most; the drafted items left over are wrong."""
        left = list(gots)
        for ref in refs:
            match = next((g for g in left if same(ref, g)), None)
            if match is None:
                self.missing.append(path)
            else:
                left.remove(match)
                self.right.append(path)
        self.wrong.extend(path for _ in left)

    @property
    def total(self) -> int:
        return len(self.right) + len(self.wrong) + len(self.missing)

    def share(self) -> float:
        return len(self.right) / self.total if self.total else 0.0


def _ref_standards(reference: dict) -> list[dict]:
    groups = {k["code"]: k["group"] for k in reference.get("subject_kinds", [])}
    out = []
    for standards in reference.get("standards", []):
        group = groups.get(standards["subject_kinds"][0])
        for block in standards["groups"]:
            out += [{**item, "group": group, "mode": block["mode"]} for item in block["items"]]
    return out


def _same_standard(ref: dict, got: dict) -> bool:
    if ref["group"] != got["group"] or overlap(ref["text"], got["text"]) < 0.6:
        return False
    if "threshold" in ref and float(ref["threshold"]) != float(got.get("threshold", -1)):
        return False
    return ref.get("indicator") == got.get("indicator") if ref.get("kind") == "indicator" else True


def _same_document(ref: dict, got: dict) -> bool:
    return ref["kind"] == got["kind"] and ref.get("form") == got.get("form")


def _same_appraisal(ref: dict, got: dict) -> bool:
    """The same deadline in any of the ways the format writes one: a day (fixed, by, before), or days before an
    event (before_event, or event with days and direction before)."""
    for key in ("fixed", "by", "before"):
        if ref.get(key):
            days = (got.get("fixed"), got.get("by")) if key != "before" else (got.get("before"),)
            return iso(ref[key]) in days
    a = ref.get("before_event")
    if not a and ref.get("event") and ref.get("direction") == "before":
        a = {"event": ref["event"], "event_name": ref["event"], "days_before": ref.get("days", 0)}
    b = got.get("before_event")
    if not a or not b or a["days_before"] != b["days_before"]:
        return False
    return a["event"] == b.get("event") or overlap(a["event_name"], b.get("event_name")) >= 0.7


UNIT_NUMBERS = ("max_collectives", "max_individuals", "max_total", "min_collectives", "min_individuals", "min_total")


def _same_unit_quota(ref: dict, got: dict) -> bool:
    if any(ref.get(k) != got.get(k) for k in UNIT_NUMBERS):
        return False
    if (ref.get("staff_share") or {}).get("share") != (got.get("staff_share") or {}).get("share"):
        return False
    return set(ref.get("unit_kinds", [])) == set(got.get("unit_kinds", [])) or overlap(ref.get("unit_kinds_name"), got.get("unit_kinds_name")) >= 0.7


def _same_round(ref: dict, got: dict) -> bool:
    return ref["review"] == got.get("review") and iso(ref["period"]) == got.get("period")


def _same_letter(ref: dict, got: dict) -> bool:
    return fold(ref["number"]) == fold(got.get("number", "")) and iso(ref["date"]) == got.get("date")


def _eligibility(s: "Score", draft: Draft, reference: dict) -> None:
    """The bars; a reference silent on one holds its default (the law's record kinds, one award per achievement), so
    a draft that says the default is not counted, and one that says otherwise is wrong."""
    ref = reference.get("eligibility") or {}
    kinds = [v.value for v in draft.get("eligibility.record_kinds")]
    if "record_kinds" in ref:
        s.items("eligibility.record_kinds", ref["record_kinds"], kinds, lambda a, b: a == b)
    else:
        s.wrong += ["eligibility.record_kinds" for kind in kinds if kind not in LAW_RECORD_KINDS]
    for name in ("individual_rating_at_least", "key_leader_discipline_bar", "award_interval_years"):
        s.count(f"eligibility.{name}", ref.get(name), draft.first(f"eligibility.{name}"), lambda a, b: a == b)
    one = draft.first("eligibility.one_award_per_achievement")
    if "one_award_per_achievement" in ref or one is False:
        s.count("eligibility.one_award_per_achievement", ref.get("one_award_per_achievement", True), one, lambda a, b: a == b)
    s.items("eligibility.earlier_awards", ref.get("earlier_awards", []), [v.value for v in draft.get("eligibility.earlier_awards")],
            _same_earlier)


def _same_earlier(ref: dict, got: dict) -> bool:
    return (fold(got["award"]).startswith(fold(ref["award"])) and ref.get("count", 1) == got["count"]
            and ref.get("within_years") == got["within_years"])


def _bonus(s: "Score", draft: Draft, reference: dict) -> None:
    bonus, forms = reference.get("bonus") or {}, reference.get("award_forms") or [{}]
    s.count("bonus.base_salary_vnd", bonus.get("base_salary_vnd"), draft.first("bonus.base_salary_vnd"), lambda a, b: a == b)
    rounding = draft.first("bonus.rounding_vnd")
    if "rounding_vnd" in bonus or rounding not in (None, 1000):
        s.count("bonus.rounding_vnd", bonus.get("rounding_vnd", 1000), rounding, lambda a, b: a == b)
    multiples = [{"group": g, "multiple": m} for g, m in (forms[0].get("bonus_multiple") or {}).items()]
    s.items("bonus_multiple", multiples, [v.value for v in draft.get("bonus_multiple")],
            lambda a, b: a["group"] == b["group"] and float(a["multiple"]) == float(b["multiple"]))


def _same_target(ref: dict, got: dict) -> bool:
    if overlap(ref["text"], got.get("text")) < 0.6 or ref.get("threshold") != got.get("threshold"):
        return False
    return ref.get("indicator") == got.get("indicator") if ref.get("indicator") else True


def _reform(s: "Score", draft: Draft, reference: dict) -> None:
    """A reform plan's targets, tasks and reports; a draft of an emulation plan's fields is wrong."""
    many = lambda path: [v.value for v in draft.get(path)]  # noqa: E731
    s.items("targets", reference.get("targets", []), many("targets"), _same_target)
    s.items("tasks", reference.get("tasks", []), many("tasks"),
            lambda a, b: overlap(a["area"], b["area"]) >= 0.6 and jaccard(a["owner"], b["owner"]) >= 0.6)
    reports, defaults = reference.get("reports") or {}, {"quarterly": True, "yearly": True, "due_before_day": 10}
    s.count("reports.to_office", reports.get("to_office"), draft.first("reports.to_office"), lambda a, b: jaccard(a, b) >= 0.8)
    for name, default in defaults.items():
        got = draft.first(f"reports.{name}")
        if name in reports or got not in (None, default):
            s.count(f"reports.{name}", reports.get(name, default), got, lambda a, b: a == b)
    s.wrong += [p for p in draft.values if p.split(".")[0] not in ("issuer", "plan", "targets", "tasks", "reports")]


def _signatures(s: "Score", draft: Draft, reference: dict) -> None:
    ref = reference.get("signatures") or {}
    decision = draft.first("signatures.decision")
    if ref.get("decision") or decision not in (None, "own"):
        s.count("signatures.decision", ref.get("decision") or "own", decision, lambda a, b: a == b)
    proposal = draft.first("signatures.higher_proposal")
    if ref.get("higher_proposal") or proposal not in (None, "body"):
        s.count("signatures.higher_proposal", ref.get("higher_proposal") or "body", proposal, lambda a, b: a == b)


# The votes' rules and their defaults (schemas/campaign.py MeetingRule, CouncilRule).
VOTES = {"unit_meeting": {"required": True, "quorum": "2/3", "majority": "1/2", "majority_of": "present"},
         "council": {"quorum": "2/3", "threshold": "1/2", "threshold_inclusive": False, "denominator": "voting"}}


def _same_vote(a: object, b: object) -> bool:
    """Shares compare by their value ("70/100" is "7/10"), the rest as they are."""
    if all(isinstance(x, str) and re.fullmatch(r"\d+/\d+", x) for x in (a, b)):
        return Fraction(a) == Fraction(b)
    return a == b


def _votes(s: "Score", draft: Draft, reference: dict) -> None:
    """The unit's meeting and the council; a reference silent on a part holds its default, so a draft that says the
    default is not counted, one that says otherwise is wrong. The council's ranking is not drafted: missing."""
    for body, defaults in VOTES.items():
        ref = reference.get(body) or {}
        for name, default in defaults.items():
            got = draft.first(f"{body}.{name}")
            if name in ref or got not in (None, default):
                s.count(f"{body}.{name}", ref.get(name, default), got, _same_vote)
        s.missing += [f"{body}.{name}" for name in ref if name not in defaults]


# The reference's keys the score compares; any other it holds (indicators, …) is a field the reader does not draft,
# counted missing.
SCORED = {"kind", "code", "source", "issuer", "plan", "recurrence", "rounds", "receiving_office", "subject_kinds",
          "standards", "eligibility", "award_forms", "unit_quotas", "higher_award", "registration", "required_documents",
          "deadlines", "signer", "signatures", "unit_meeting", "council", "bonus", "publicised_by", "achievement",
          "targets", "tasks", "reports"}


def score(draft: Draft, reference: dict) -> Score:
    """The draft against a reference settings file's data (yaml.safe_load of a file like those in campaigns/)."""
    s = Score(unsourced=len(draft.unsourced()))
    s.missing += [key for key in reference if key not in SCORED]
    plan = reference.get("plan", {})
    first, many = draft.first, lambda path: [v.value for v in draft.get(path)]
    equal = lambda a, b: iso(a) == iso(b)  # noqa: E731
    folded_equal = lambda a, b: jaccard(a, b) >= 0.8  # noqa: E731
    issuer = first("issuer")
    s.count("issuer", reference.get("issuer"), issuer and issuer["code"], equal)
    s.count("plan.number", plan.get("number"), first("plan.number"), lambda a, b: fold(a) == fold(b))
    s.count("plan.date", iso(plan.get("date")), first("plan.date"), equal)
    s.count("plan.title", plan.get("title"), first("plan.title"), folded_equal)
    s.count("plan.period", iso(plan.get("period")), first("plan.period"), equal)
    numbers = lambda text: set(re.findall(r"\b[0-9]{2,5}(?=\s*/)", str(text)))  # noqa: E731
    s.items("plan.grounds", plan.get("grounds", []), many("plan.grounds"), lambda a, b: bool(numbers(a) & numbers(b)))
    s.items("plan.letters", plan.get("letters", []), many("plan.letters"), _same_letter)
    if reference.get("kind", "emulation") == "reform_plan":
        _reform(s, draft, reference)
        return s
    s.count("recurrence", reference.get("recurrence"), first("recurrence"), equal)
    s.items("rounds", reference.get("rounds", []), many("rounds"), _same_round)
    s.count("receiving_office", reference.get("receiving_office"), first("receiving_office"), folded_equal)
    s.items("subject_kinds", reference.get("subject_kinds", []), many("subject_kinds"),
            lambda a, b: a["group"] == b["group"] and jaccard(a["name"], b["name"]) >= 0.5)
    s.items("standards", _ref_standards(reference), many("standards"), _same_standard)
    _eligibility(s, draft, reference)
    forms = reference.get("award_forms", [])
    s.items("award_forms", forms, many("award_forms"), lambda a, b: folded_equal(a["name"], b["name"]))
    s.items("quotas", [q for f in forms for q in f.get("quotas", [])], many("quotas"),
            lambda a, b: (a["group"], a.get("max"), a["kind"]) == (b["group"], b.get("max"), b["kind"]))
    s.items("unit_quotas", reference.get("unit_quotas", []), many("unit_quotas"), _same_unit_quota)
    s.count("higher_award", reference.get("higher_award"), first("higher_award"), lambda a, b: overlap(a["name"], b["name"]) >= 0.7)
    s.count("registration", iso(reference.get("registration")), first("registration"), equal)
    s.items("required_documents", reference.get("required_documents", []), many("required_documents"), _same_document)
    deadlines = reference.get("deadlines", {})
    s.count("deadlines.submit_before", iso(deadlines.get("submit_before")), first("deadlines.submit_before"), equal)
    s.count("deadlines.appraisal", deadlines.get("appraisal"), first("deadlines.appraisal"), _same_appraisal)
    signer = reference.get("signer", {})
    for name in ("sign_as", "title", "name"):
        s.count(f"signer.{name}", signer.get(name) or None, first(f"signer.{name}"), lambda a, b: fold(a) == fold(b))
    _signatures(s, draft, reference)
    _votes(s, draft, reference)
    _bonus(s, draft, reference)
    s.count("publicised_by", reference.get("publicised_by"), first("publicised_by"), folded_equal)
    s.count("achievement", reference.get("achievement"), first("achievement"), lambda a, b: overlap(a, b) >= 0.7)
    return s
