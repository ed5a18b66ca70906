"""The unit corrects its work (a part of workflows/dossier.py's DossierWorkflow): a nominee edited or removed
until submission (in a supplement the office asked for, the achievement summary only), a file removed or
replaced until submission and in a supplement. What happens to recorded minutes: schemas/corrections.py.

New Updates, with refusals in their validators only: the commands of the histories from before are unchanged.
A removed nominee or file leaves the dossier's lists but not its history: the state keeps them apart
(removed_nominees, removed_documents) and the save follows it in the read model (db/corrections.py). Each
Update answers with the number of its event, not the state: the API reads the dossier from the database.
"""

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from common.text import vn_date
    from schemas.corrections import FIELD_NAMES, EditNominee, RemoveDocument, RemoveNominee, ReplaceDocument
    from schemas.dossier import Document, LinkedNominee, Nominee, RemovedDocument, RemovedNominee
    from schemas.dossier_actions import STAGE_NAMES, NomineeStatus, Stage
    from schemas.errors import user_error

# What the unit's meeting decided: set aside with the minutes.
MEETING_STATUSES = {NomineeStatus.selected, NomineeStatus.not_selected}
MEETING_REASON = "Họp bình xét ngày "  # the start of the reason record_minutes gives each nominee


class Corrections:
    """Nominees edited or removed, files removed or replaced, by the unit."""

    # --- nominees ---------------------------------------------------------------------------------

    @workflow.update
    async def edit_nominee(self, request: EditNominee) -> int:
        nominee = self._nominee(request.nominee_key)
        changed = self._changed(nominee, request.nominee)
        if not changed:  # nothing to change (a form sent again as it was): no event
            await workflow.wait_condition(lambda: self.saved_seq >= self.state.seq)
            return self.state.seq
        before, old_name = self.state.stage, nominee.name
        for field in LinkedNominee.model_fields:
            setattr(nominee, field, getattr(request.nominee, field))
        detail = f"{old_name}" + (f" → {nominee.name}" if nominee.name != old_name else "")
        detail += ": sửa " + ", ".join(name for field, name in FIELD_NAMES.items() if field in changed)  # in order
        if self._voids_minutes_by_edit(changed):
            detail += ". " + self._set_minutes_aside("đổi đối tượng của " + nominee.name)
        await self._record("edit_nominee", request.actor, before, detail)
        return self.state.seq

    @edit_nominee.validator
    def check_edit_nominee(self, request: EditNominee) -> None:
        self._check("edit_nominee", request.actor)
        nominee = self._nominee(request.nominee_key)
        new = request.nominee
        if new.group != nominee.group:
            raise user_error("NOMINEE_GROUP_FIXED", name=nominee.name)
        changed = self._changed(nominee, new)
        if self.state.stage == Stage.supplement_requested and changed - {"achievement_summary"}:
            raise user_error("NOMINEE_LOCKED", name=nominee.name, stage_name=STAGE_NAMES[self.state.stage])
        if changed & {"name", "subject_kind"}:
            others = [(n.group, n.name) for n in self.state.nominees if n.key != nominee.key]
            self.rules.check_nominee(new.group, new.subject_kind, new.name, others)
        if self._voids_minutes_by_edit(changed) and not request.void_minutes:
            raise self._minutes_would_lapse(f"Đổi đối tượng được đề nghị của «{nominee.name}»")

    @workflow.update
    async def remove_nominee(self, request: RemoveNominee) -> int:
        nominee = self._nominee(request.nominee_key)
        before = self.state.stage
        voids = self._voids_minutes_by_removal(nominee)
        self.state.nominees.remove(nominee)
        by = request.actor.name
        self.state.removed_nominees.append(
            RemovedNominee(key=nominee.key, name=nominee.name, removed_at=workflow.now(), removed_by=by)
        )
        files = [d for d in self.state.documents if d.nominee_key == nominee.key]
        for document in files:  # its own files go with it
            self._set_document_aside(document, by)
        if self.state.minutes is not None:
            self.state.minutes.votes.pop(nominee.key, None)
        detail = nominee.name + (f"; gỡ bỏ {len(files)} tài liệu của người này" if files else "")
        if voids:
            detail += ". " + self._set_minutes_aside(f"xóa {nominee.name}, người được bình xét cuối cùng")
        await self._record("remove_nominee", request.actor, before, detail)
        return self.state.seq

    @remove_nominee.validator
    def check_remove_nominee(self, request: RemoveNominee) -> None:
        self._check("remove_nominee", request.actor)
        nominee = self._nominee(request.nominee_key)
        if self._voids_minutes_by_removal(nominee) and not request.void_minutes:
            raise self._minutes_would_lapse(f"Xóa «{nominee.name}», người được bình xét cuối cùng")

    # --- files ------------------------------------------------------------------------------------

    @workflow.update
    async def remove_document(self, request: RemoveDocument) -> int:
        document = self._document(request.document_id)
        self._set_document_aside(document, request.actor.name)
        await self._record("remove_document", request.actor, self.state.stage, self._document_named(document))
        return self.state.seq

    @remove_document.validator
    def check_remove_document(self, request: RemoveDocument) -> None:
        self._check("remove_document", request.actor)
        self._document(request.document_id)

    @workflow.update
    async def replace_document(self, request: ReplaceDocument) -> int:
        old = self._document(request.document_id)
        new = Document(
            id=f"D{self.state.seq + 1}",  # named after the event that attaches it, as attach_document's
            kind=old.kind,
            title=old.title,
            nominee_key=old.nominee_key,
            description=old.description,
            uploaded_at=workflow.now(),
            uploaded_by=request.actor.name,
            **request.model_dump(include={"filename", "sha256", "size", "content_type"}),
        )
        place = self.state.documents.index(old)
        self._set_document_aside(old, request.actor.name, replaced_by=new.id)
        self.state.documents.insert(place, new)
        detail = f"{self._document_named(old)}: {old.filename} → {new.filename}"
        await self._record("replace_document", request.actor, self.state.stage, detail)
        return self.state.seq

    @replace_document.validator
    def check_replace_document(self, request: ReplaceDocument) -> None:
        self._check("replace_document", request.actor)
        self._document(request.document_id)

    # --- shared -----------------------------------------------------------------------------------

    @staticmethod
    def _changed(nominee: Nominee, new: LinkedNominee) -> set[str]:
        return {f for f in LinkedNominee.model_fields if getattr(nominee, f) != getattr(new, f)}

    def _voids_minutes_by_edit(self, changed: set[str]) -> bool:
        """Another award form than the meeting voted on: its minutes no longer stand."""
        return self.state.stage == Stage.minutes_recorded and "subject_kind" in changed

    def _voids_minutes_by_removal(self, nominee: Nominee) -> bool:
        """No one the meeting selected would be left: its minutes no longer propose anyone."""
        if self.state.stage != Stage.minutes_recorded:
            return False
        return not any(self._meeting_status(n) == NomineeStatus.selected for n in self.state.nominees if n is not nominee)

    @staticmethod
    def _meeting_status(nominee: Nominee) -> NomineeStatus:
        return nominee.suspended_from if nominee.status == NomineeStatus.suspended else nominee.status

    def _minutes_would_lapse(self, what: str):
        minutes = self.state.minutes
        return user_error("MINUTES_WOULD_LAPSE", what=what, meeting_date=vn_date(minutes.meeting_date) if minutes else "")

    def _set_minutes_aside(self, why: str) -> str:
        """The minutes no longer stand: the dossier is back in its draft, each nominee proposed again."""
        meeting = vn_date(self.state.minutes.meeting_date)
        self.state.minutes = None
        self.state.stage = Stage.draft
        for nominee in self.state.nominees:
            if nominee.status in MEETING_STATUSES:
                nominee.status = NomineeStatus.proposed
            elif nominee.status == NomineeStatus.suspended and nominee.suspended_from in MEETING_STATUSES:
                nominee.suspended_from = NomineeStatus.proposed
            nominee.reasons = [r for r in nominee.reasons if not r.startswith(MEETING_REASON)]
        return f"Biên bản họp ngày {meeting} không còn hiệu lực ({why}): cần ghi lại biên bản"

    def _document(self, document_id: str) -> Document:
        document = next((d for d in self.state.documents if d.id == document_id), None)
        if document is not None:
            return document
        if any(d.id == document_id for d in self.state.removed_documents):
            raise user_error("DOCUMENT_REMOVED", document_id=document_id)
        raise user_error("DOCUMENT_NOT_FOUND", document_id=document_id)

    def _set_document_aside(self, document: Document, by: str, replaced_by: str | None = None) -> None:
        self.state.documents.remove(document)
        removed = RemovedDocument(
            **document.model_dump(), removed_at=workflow.now(), removed_by=by, replaced_by=replaced_by
        )
        self.state.removed_documents.append(removed)

    def _document_named(self, document: Document) -> str:
        owner = self.state.nominee(document.nominee_key) if document.nominee_key else None
        named = next((n.name for n in self.state.removed_nominees if n.key == document.nominee_key), None)
        owner_name = owner.name if owner else named
        return f"{document.id} «{document.title}»" + (f" của {owner_name}" if owner_name else "")
