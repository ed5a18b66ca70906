"""A draft's confirmed values as a settings file: the mapping the loader (schemas/campaign_file.py) reads, and its
YAML with each field's source written as a comment beside it, like the files in campaigns/."""

import re
from datetime import date

import yaml

from plan_reader.draft import FIELDS_OF, SPECS
from plan_reader.normalise import fold
from plan_reader.subjects import code_of


def settings_of(values: dict[str, object], code: str, source: str, kind: str = "emulation") -> dict:
    """The settings mapping of confirmed field values (path → value as the draft holds it) of a plan of `kind`."""
    data: dict = {"kind": kind, "code": code, "source": source}
    kinds = values.get("subject_kinds") or []
    for spec in FIELDS_OF[kind]:
        if spec.path not in values or values[spec.path] is None or values[spec.path] in ([], "") and not spec.required:
            continue  # a required list stays, even empty: "required_documents: []" where the plan names no dossier
        item = values[spec.path]
        if spec.path == "issuer":
            data["issuer"] = item["code"] if isinstance(item, dict) else item
        elif spec.path == "standards":
            data["standards"] = standards_of(item, kinds)
        elif spec.path in ("quotas", "bonus_multiple"):
            continue  # written with the award forms
        elif spec.path == "award_forms":
            forms = [dict(form) for form in item]
            if forms and values.get("quotas"):
                forms[0]["quotas"] = list(values["quotas"])
            if forms and values.get("bonus_multiple"):
                forms[0]["bonus_multiple"] = {m["group"]: m["multiple"] for m in values["bonus_multiple"]}
            data["award_forms"] = forms
        else:
            _put(data, spec.path, item)
    return data


def standards_of(items: list[dict], kinds: list[dict]) -> list[dict]:
    """The standards drafted per group as the settings' lists per subject kinds, in all-of and one-of groups."""
    out = []
    for group in ("collective", "individual"):
        codes = [k["code"] for k in kinds if k.get("group") == group]
        mine = [s for s in items if s.get("group") == group]
        if not codes or not mine:
            continue
        groups = []
        for mode in ("all_of", "one_of"):
            chosen = [s for s in mine if s.get("mode", "all_of") == mode]
            if chosen:
                groups.append({"mode": mode, "items": [standard_of(s, i) for i, s in enumerate(chosen, start=1)]})
        out.append({"subject_kinds": codes, "groups": groups})
    return out


def standard_of(item: dict, number: int) -> dict:
    """A standard as the settings hold it: a claim, or a measured indicator once the admin has named its code
    (`indicator:` added to the drafted item, whose threshold the reader drafted)."""
    standard = {"code": f"{code_of(fold(item['text']))[:30]}_{number}", "text": item["text"]}
    if item.get("indicator") and item.get("threshold") is not None:
        standard |= {"kind": "indicator", "indicator": item["indicator"], "threshold": item["threshold"],
                     "compare": item.get("compare", "at_least")}
    return standard


def _put(data: dict, path: str, item: object) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = item


def _plain(value):
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return date.fromisoformat(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def settings_yaml(values: dict[str, object], sources: dict[str, str], code: str, source: str, kind: str = "emulation") -> str:
    """The settings file: the header comment, then each top-level field with the sources of the fields under it
    as comments ("# plan.number — trang 1, dòng 4: «Số: 101/KH-UBND …»")."""
    data = _plain(settings_of(values, code, source, kind))
    lines = [f"# Bản thảo đọc từ kế hoạch {source}; mỗi mục ghi câu nguồn trong kế hoạch, đã được xác nhận.", ""]
    for key, item in data.items():
        for path, note in sources.items():
            if (path.split(".")[0] == key or (key == "award_forms" and path in ("quotas", "bonus_multiple"))) and SPECS.get(path):
                lines.append(f"# {SPECS[path].label}: {note}")
        lines.append(yaml.safe_dump({key: item}, allow_unicode=True, sort_keys=False, width=200).rstrip())
    return "\n".join(lines) + "\n"
