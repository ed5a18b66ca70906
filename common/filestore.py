"""Files kept on disk by the SHA-256 of their content: the same bytes are stored once."""

import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

CHUNK = 1024 * 1024


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, content: bytes) -> str:
        """Store the bytes and return their hash; storing them again changes nothing."""
        sha256 = hashlib.sha256(content).hexdigest()
        target = self.path(sha256)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_suffix(".partial")
            partial.write_bytes(content)
            partial.replace(target)  # atomic: a reader never sees half a file
        return sha256

    def put_file(self, source: BinaryIO) -> tuple[str, bool]:
        """Store a file read from its start, a chunk at a time; its hash, and whether it is new to the store."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        source.seek(0)
        # Written under a name of its own first: its hash, and so its place, is known only at the end.
        handle, partial = tempfile.mkstemp(dir=self.root, suffix=".partial")
        try:
            with os.fdopen(handle, "wb") as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            target = self.path(digest.hexdigest())
            if target.exists():
                return digest.hexdigest(), False
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(partial, target)  # atomic: a reader never sees half a file
            return digest.hexdigest(), True
        finally:
            Path(partial).unlink(missing_ok=True)

    def remove(self, sha256: str) -> None:
        """Forget a file no record uses (the caller knows none does)."""
        self.path(sha256).unlink(missing_ok=True)

    def get(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()
