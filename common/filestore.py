"""Files kept on disk by the SHA-256 of their content: the same bytes are stored once."""

import hashlib
from pathlib import Path


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

    def get(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()
