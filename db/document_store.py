"""Documents built once per change of their data, then served from the file store.

A document's key is the SHA-256 of the builders' code (every module of documents/) and of the document's
inputs as JSON (the plan, the decision, the awardee's texts, … : documents/inputs.py and the models they
come from). The first build stores its file (common/filestore.py, by the hash of its bytes) and its
GeneratedDocument row, and the key points at that row (BuiltDocument). The same inputs then serve the same
stored file without building it; a change of data (a name corrected before signing) or of the builders
gives a new key, so a new file.
"""

import hashlib
import json
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from db.documents import BuiltDocument, GeneratedDocument
from db.models import utcnow

_BUILDERS = Path(__file__).resolve().parent.parent / "documents"
BUILDERS_VERSION = hashlib.sha256(
    b"".join(path.read_bytes() for path in sorted(_BUILDERS.glob("*.py")))
).hexdigest()
_IN_LIST = 500  # keys asked for at once: PostgreSQL and SQLite take this many parameters easily


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def inputs_key(kind: str, *inputs: Any) -> str:
    """The key of a document of `kind` built from `inputs` (pydantic models, dataclasses, plain values)."""
    text = json.dumps([BUILDERS_VERSION, kind, _plain(list(inputs))], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def built(session: Session, keys: Iterable[str]) -> dict[str, GeneratedDocument]:
    """The rows already built from each of these keys, by key; a key not built yet is not there."""
    keys = list(dict.fromkeys(keys))
    found: dict[str, GeneratedDocument] = {}
    for start in range(0, len(keys), _IN_LIST):
        chunk = keys[start : start + _IN_LIST]
        rows = session.exec(
            select(BuiltDocument.key, GeneratedDocument)
            .join(GeneratedDocument, col(GeneratedDocument.id) == BuiltDocument.document_id)
            .where(col(BuiltDocument.key).in_(chunk))
        )
        found |= {key: row for key, row in rows}
    return found


def remember(session: Session, built_rows: dict[str, GeneratedDocument]) -> None:
    """Each key now names its row; a key another request remembered meanwhile keeps that one (the same file)."""
    for key, row in built_rows.items():
        session.add(BuiltDocument(key=key, document_id=row.id, created_at=utcnow()))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        for key, row in built_rows.items():
            if session.get(BuiltDocument, key) is None:
                session.add(BuiltDocument(key=key, document_id=row.id, created_at=utcnow()))
                session.commit()
