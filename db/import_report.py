"""The report of a file imported row by row (nominees into a dossier, awards into the register): each row's
result and why, and whether the file was written: all of it or nothing."""

from dataclasses import dataclass, field


@dataclass
class ReportRow:
    row_number: int
    name: str | None
    status: str  # the import's own statuses: "added", "present", "refused", "not_written", …
    message: str


@dataclass
class ImportReport:
    filename: str
    rows: list[ReportRow] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def written(self) -> bool:
        """Every row added, or there already."""
        return all(r.status in ("added", "present") for r in self.rows)
