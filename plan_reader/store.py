"""Drafts kept until the office has confirmed them: a JSON file each in the file store's folder plan-drafts/,
named by a random id, holding the plan's paragraphs, the drafted values with their sources, and what the office
confirmed or typed field by field. A draft belongs to its issuer; another issuer's reads as absent."""

import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from common.text import VN_TZ
from plan_reader.draft import Draft

MAX_DRAFTS = 50  # an issuer's drafts kept; the oldest go first


@dataclass
class Stored:
    id: str
    issuer: str
    filename: str
    created_at: str
    paragraphs: list[dict]  # page, line, text
    drafted: dict[str, list[dict]]  # path → [{value, source, confidence}]
    confirmed: dict[str, object] = field(default_factory=dict)  # path → the value the office confirmed
    problems: dict[str, str] = field(default_factory=dict)  # path → the loader's problem at that field
    loaded: list[str] = field(default_factory=list)  # the campaigns loaded from it
    kind: str = "emulation"  # the kind of plan the reader told it is: its fields (plan_reader.draft.FIELDS_OF)

    def sources(self) -> dict[str, str]:
        """Each field's first source, for the settings file's comments: "trang 1, dòng 4: «…»"."""
        notes = {}
        for path, items in self.drafted.items():
            if items:
                s = items[0]["source"]
                notes[path] = f"trang {s['page']}, dòng {s['line']}: «{s['sentence'][s['start']:s['end']][:120]}»"
        for path in self.confirmed:
            if path not in notes:
                notes[path] = "điền tay, kế hoạch không ghi"
        return notes


class DraftStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root) / "plan-drafts"

    def _path(self, draft_id: str) -> Path:
        if not draft_id.isalnum() or len(draft_id) > 40:
            raise KeyError(draft_id)
        return self.root / f"{draft_id}.json"

    def add(self, issuer: str, filename: str, draft: Draft) -> Stored:
        stored = Stored(
            id=secrets.token_hex(12), issuer=issuer, filename=filename[:200],
            created_at=datetime.now(VN_TZ).isoformat(timespec="seconds"),
            paragraphs=[{"page": p.page, "line": p.line, "text": p.text} for p in draft.document.paragraphs],
            drafted=draft.as_dict(), kind=draft.kind,
        )
        self.save(stored)
        for old in self.list(issuer)[MAX_DRAFTS:]:
            self._path(old.id).unlink(missing_ok=True)
        return stored

    def save(self, stored: Stored) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        path = self._path(stored.id)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(asdict(stored), ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)  # whole or not at all

    def get(self, issuer: str, draft_id: str) -> Stored:
        try:
            stored = Stored(**json.loads(self._path(draft_id).read_text(encoding="utf-8")))
        except (OSError, ValueError):
            raise KeyError(draft_id) from None
        if stored.issuer != issuer:
            raise KeyError(draft_id)
        return stored

    def list(self, issuer: str) -> list[Stored]:
        if not self.root.exists():
            return []
        drafts = []
        for path in self.root.glob("*.json"):
            try:
                stored = Stored(**json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError, TypeError):
                continue
            if stored.issuer == issuer:
                drafts.append(stored)
        return sorted(drafts, key=lambda d: d.created_at, reverse=True)


def paragraph_segments(stored: Stored) -> list[dict]:
    """The plan's paragraphs for the page, each cut into plain text and the parts that are a field's source."""
    marks: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
    for path, items in stored.drafted.items():
        for item in items:
            s = item["source"]
            marks.setdefault((s["page"], s["line"]), []).append((s["start"], s["end"], path))
    out = []
    for p in stored.paragraphs:
        text, cuts, at, parts = p["text"], sorted(marks.get((p["page"], p["line"]), [])), 0, []
        for start, end, path in cuts:
            if start < at:
                continue
            parts += [{"text": text[at:start], "field": None}, {"text": text[start:end], "field": path}]
            at = end
        parts.append({"text": text[at:], "field": None})
        out.append({"page": p["page"], "line": p["line"], "parts": [x for x in parts if x["text"]],
                    "fields": sorted({path for _, _, path in cuts})})
    return out

