"""The read model follows the unit's corrections (workflows/dossier_corrections.py), in the save of the
dossier's snapshot (activities/dossier.py):

- a nominee removed before submission: its row goes. It was never submitted, so nothing of the office's,
  the council's or the registry's (reports, quotas, records) may count it; the dossier's history keeps its
  removal, with its name;
- a file removed or replaced: its row stays, marked removed (when, by whom, by which document replaced), so
  the dossier's page can list it apart as evidence; its bytes stay in the file store, which keeps one copy per
  content (other documents may share it) and from which nothing the history names is taken away.
"""

from sqlmodel import Session, col, select

from db import models
from schemas.dossier import DossierState


def follow_corrections(session: Session, state: DossierState) -> None:
    if state.removed_nominees:
        removed = [n.key for n in state.removed_nominees]
        rows = session.exec(
            select(models.Nominee).where(models.Nominee.dossier_id == state.dossier_id, col(models.Nominee.key).in_(removed))
        )
        for row in rows:
            session.delete(row)
    if state.removed_documents:
        removed_documents = {d.id: d for d in state.removed_documents}
        rows = session.exec(
            select(models.Document).where(
                models.Document.dossier_id == state.dossier_id,
                col(models.Document.document_id).in_(list(removed_documents)),
            )
        )
        saved = set()
        for row in rows:
            saved.add(row.document_id)
            if row.removed_at is None:
                document = removed_documents[row.document_id]
                row.removed_at, row.removed_by, row.replaced_by = document.removed_at, document.removed_by, document.replaced_by
                session.add(row)
        for document_id in removed_documents.keys() - saved:  # attached and removed before a snapshot showed it
            fields = removed_documents[document_id].model_dump(exclude={"id", "title"})
            session.add(models.Document(dossier_id=state.dossier_id, document_id=document_id, **fields))
