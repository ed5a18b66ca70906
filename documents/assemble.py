"""The documents built from what the service knows, stored in the file store and recorded as GeneratedDocument.

Each builder reads the read models (a dossier's saved workflow state, the campaign run, the campaign's
settings, units and users), runs the pure generator, stores the bytes under their SHA-256 and records a
row. The same data gives the same bytes (the generators date their files from the document, not the
clock), so building a document again finds its row and adds nothing.

The unit's tờ trình, the office's tờ trình and the proposal upward are numbered in their issuer's yearly
series, keyed by what they are for: building one again keeps its number and its date.
"""

from datetime import date, datetime

from sqlmodel import col, select

from common.text import VN_TZ, vn_date
from db import document_store, models
from db.award_codes import register_awards
from db.awards import past_awards, register_number_of
from db.directory import positions_on
from db.documents import GeneratedDocument
from db.numbers import appraisal_key, higher_key, proposal_key, take_number, taken_for
from db.queries import users_holding
from documents.achievement import achievement_report
from documents.appraisal import appraisal
from documents.appraised import appraised
from documents.certificate import Face
from documents.decision import decision_document
from documents.export import awardee_rows, nominee_rows, workbook
from documents.higher import higher_proposal
from documents.inputs import DecisionText, Issue, OfficeInfo, UnitInfo, Verification
from documents.minutes import minutes
from documents.print_file import certificate_files, print_file
from documents.proposal import proposal
from documents.stored import (  # noqa: F401  (DOCX, PDF, XLSX, ascii_name: the routes import them from here)
    APPRAISAL, CERTIFICATE, DECISION, DOCX, HIGHER, MINUTES, PDF, PRINT_FILE, PROPOSAL, REPORT, XLSX,
    DocumentError, Export, StoredDocuments, ascii_name, number_part,
)
from documents.text import BLANK
from schemas.campaign import EmulationPlan
from schemas.council import CampaignState, Decision
from schemas.dossier import DossierState
from schemas.dossier_actions import Role


class Documents(StoredDocuments):
    """Builds the documents of one database session from what the service knows; stores them as StoredDocuments."""

    # --- what the service knows -------------------------------------------------------------------

    def plan(self, code: str) -> EmulationPlan:
        campaign = self.session.exec(select(models.Campaign).where(models.Campaign.code == code)).first()
        if campaign is None:
            raise DocumentError("CAMPAIGN_NOT_FOUND", campaign=code)
        return EmulationPlan.model_validate(campaign.settings)

    def dossier(self, dossier_id: str) -> DossierState:
        row = self.session.get(models.Dossier, dossier_id)
        if row is None:
            raise DocumentError("DOSSIER_NOT_FOUND", dossier_id=dossier_id)
        self.session.refresh(row)
        return DossierState.model_validate(row.state)

    def campaign(self, code: str) -> CampaignState:
        run = self.session.get(models.CampaignRun, code)
        if run is None:
            raise DocumentError("CAMPAIGN_NOT_FOUND", campaign=code)
        self.session.refresh(run)
        return CampaignState.model_validate(run.state)

    def dossiers(self, code: str) -> list[DossierState]:
        """The campaign's dossiers, in the order they were made."""
        rows = self.session.exec(
            select(models.Dossier.state).where(models.Dossier.campaign_code == code).order_by(models.Dossier.created_at)
        ).all()
        return [DossierState.model_validate(state) for state in rows]

    def _issuer_id(self, campaign_code: str) -> int | None:
        """The id of the campaign's issuer, whose people sign its documents."""
        return self.session.exec(select(models.Campaign.issuer_id).where(models.Campaign.code == campaign_code)).first()

    def _head(self, campaign_code: str, role: Role, unit_id: int | None = None) -> tuple[str, str | None]:
        """The name and position of the campaign's issuer's user in the role (in the unit, if given); blanks if
        there is none: another issuer's office head never signs this campaign's documents."""
        issuer_id = self._issuer_id(campaign_code)
        if issuer_id is None:
            return "", None
        users = users_holding(self.session, [role], issuer_id=issuer_id)
        user = next((user for user in users if unit_id is None or user.unit_id == unit_id), None)
        if user is None:
            return "", None
        person = self.session.exec(
            select(models.Person).where(
                models.Person.issuer_id == issuer_id,
                models.Person.full_name == user.full_name,
                models.Person.unit_id == user.unit_id,
            )
        ).first()
        return user.full_name, person.position if person else None

    def unit(self, dossier: DossierState) -> UnitInfo:
        name, position = self._head(dossier.campaign_code, Role.unit_head, dossier.unit_id)
        unit = self.session.get(models.Unit, dossier.unit_id)
        code = self._symbol(unit)
        return UnitInfo(code=code, head_name=name, head_title=position or "Thủ trưởng đơn vị")

    def office(self, plan: EmulationPlan) -> OfficeInfo:
        name, position = self._head(plan.code, Role.office_head)
        return OfficeInfo(code=self.office_code(plan), head_name=name, head_title=position or "Trưởng phòng")

    def office_code(self, plan: EmulationPlan) -> str:
        """The receiving office's symbol, as the admin set it on its unit: "VHXH" in "12/TTr-VHXH"."""
        unit = self.session.exec(
            select(models.Unit).where(
                models.Unit.issuer_id == self._issuer_id(plan.code), models.Unit.name == plan.receiving_office
            )
        ).first()
        return self._symbol(unit)

    @staticmethod
    def _symbol(unit: models.Unit | None) -> str:
        """A unit's symbol on its documents as the admin set it (not made from its name: the office's register
        knows "VP", not "VPHĐNDUBND"); a blank for the clerk where none is set."""
        return unit.symbol if unit is not None and unit.symbol else BLANK

    # --- the unit's dossier -----------------------------------------------------------------------

    def proposal(self, dossier_id: str) -> GeneratedDocument:
        """The unit's tờ trình with its nominees, numbered in the unit's own yearly series of TTr."""
        dossier = self.dossier(dossier_id)
        plan = self.plan(dossier.campaign_code)
        unit = self.unit(dossier)
        # Numbered as it is sent, with the dossier (activities/dossier.py); before, a draft with the number blank.
        seq = taken_for(self.session, proposal_key(dossier_id))
        on = self._sent_on(dossier_id) if seq else self.today
        content = proposal(plan, dossier, unit, Issue(number=seq, on=on))
        number = f"{seq:02d}/TTr-{unit.code}" if seq else None
        filename = f"Tờ trình{number_part(number)} - {dossier.unit_name}.docx"
        return self._store(content, PROPOSAL, plan.code, filename, dossier_id=dossier_id, number=number, issued_on=on)

    def _sent_on(self, dossier_id: str) -> date:
        """The day the dossier was first submitted, in Vietnam."""
        first = self.session.exec(
            select(models.HistoryEntry.at)
            .where(models.HistoryEntry.dossier_id == dossier_id, models.HistoryEntry.action == "submit")
            .order_by(col(models.HistoryEntry.seq))
        ).first()
        return first.astimezone(VN_TZ).date() if first else self.today

    def _campaign_sent_on(self, code: str, action: str) -> date:
        """The day the campaign's step that sends a document was taken, in Vietnam; today before it."""
        first = self.session.exec(
            select(models.CampaignHistory.at)
            .where(models.CampaignHistory.campaign_code == code, models.CampaignHistory.action == action)
            .order_by(col(models.CampaignHistory.seq))
        ).first()
        return first.astimezone(VN_TZ).date() if first else self.today

    def minutes(self, dossier_id: str) -> GeneratedDocument:
        """The minutes of the unit's selection meeting, dated the day of the meeting."""
        dossier = self.dossier(dossier_id)
        if dossier.minutes is None:
            raise DocumentError("MINUTES_NOT_RECORDED", dossier_id=dossier_id)
        plan = self.plan(dossier.campaign_code)
        on = dossier.minutes.meeting_date
        content = minutes(plan, dossier, self.unit(dossier), Issue(on=on))
        filename = f"Biên bản họp bình xét - {dossier.unit_name}.docx"
        return self._store(content, MINUTES, plan.code, filename, dossier_id=dossier_id, issued_on=on)

    def achievement_report(self, dossier_id: str, nominee_key: str) -> GeneratedDocument:
        """A draft achievement report of one nominee, for the unit to complete."""
        dossier = self.dossier(dossier_id)
        nominee = dossier.nominee(nominee_key)
        if nominee is None:
            raise DocumentError("UNKNOWN_NOMINEE", nominee=nominee_key)
        plan = self.plan(dossier.campaign_code)
        on = self._first_issued_on(REPORT, plan.code, dossier_id, nominee_key)
        content = achievement_report(plan, dossier, nominee_key, self.unit(dossier), on)
        filename = f"Báo cáo thành tích - {nominee.name}.docx"
        return self._store(
            content, REPORT, plan.code, filename, dossier_id=dossier_id, subject_key=nominee_key, issued_on=on
        )

    # --- the campaign -----------------------------------------------------------------------------

    def appraisal(self, code: str) -> GeneratedDocument:
        """The office's tờ trình to the Chairman with the council's results, or with its appraisal's where the
        council does not sit, in the office's series of TTr."""
        plan, state = self.plan(code), self.campaign(code)
        if (state.session is None and plan.council.sits) or not state.results:
            raise DocumentError("NO_COUNCIL_RESULTS", campaign=code)
        office = self.office(plan)
        # Numbered and dated as it is sent with the council's results (activities/campaign.py), or the appraisal's;
        # a campaign closed before that keeps the date of its first download, and takes its number then.
        sent = "close_session" if plan.council.sits else "report_appraisal"
        on = self._first_issued_on(APPRAISAL, code, new=self._campaign_sent_on(code, sent))
        issuer = f"{plan.receiving_office} - {plan.issuer.name}"
        seq = take_number(self.session, issuer, on.year, "TTr", appraisal_key(code))
        number = f"{seq:02d}/TTr-{office.code}"
        issue = Issue(number=seq, on=on)
        filename = f"Tờ trình{number_part(number)} - {plan.receiving_office}.docx"
        found = appraised(self.dossiers(code))
        key = document_store.inputs_key(APPRAISAL, plan, state, office, issue, filename, found)
        build = lambda: appraisal(plan, state, office, issue, found)  # noqa: E731
        return self._built(key, build, APPRAISAL, code, filename, number=number, issued_on=on)

    def decision_text(self, plan: EmulationPlan) -> DecisionText:
        """The decision's own wording: the achievement, and the office's tờ trình it follows."""
        report = self.appraisal(plan.code)
        return DecisionText(
            achievement=plan.achievement_text(),
            proposal=f"Tờ trình số {report.number} ngày {vn_date(report.issued_on)}",
            office_code=self.office_code(plan),
        )

    def signed_decision(self, code: str) -> GeneratedDocument | None:
        """The decision as it was signed, recorded once at signing."""
        return self.session.exec(
            select(GeneratedDocument).where(
                GeneratedDocument.kind == DECISION,
                GeneratedDocument.campaign_code == code,
                col(GeneratedDocument.signed).is_(True),
            )
        ).first()

    def issue_decision(self, code: str) -> GeneratedDocument:
        """The signed decision stored and its hash recorded; once made, the same row ever after."""
        signed = self.signed_decision(code)
        if signed is not None:
            return signed
        plan, _, decision = self.signed(code)
        register_awards(self.session, code, [awardee.candidate.ref for awardee in decision.awardees])  # the award's day
        content = decision_document(plan, decision, self.decision_text(plan))
        filename = f"Quyết định{number_part(decision.number)} - {plan.issuer.name}.docx"
        return self._store(
            content, DECISION, code, filename, number=decision.number, issued_on=decision.signed_on, signed=True
        )

    def draft_decision(self, code: str) -> GeneratedDocument:
        """The decision before it is signed: marked draft, its number and date left blank."""
        plan, decision = self.plan(code), self._decision(code)
        text = self.decision_text(plan).model_copy(update={"drafted_on": self.today})  # as if signed today
        filename = f"Dự thảo Quyết định - {plan.issuer.name}.docx"
        key = document_store.inputs_key(DECISION, plan, decision, text, filename)
        return self._built(key, lambda: decision_document(plan, decision, text), DECISION, code, filename)

    def _decision(self, code: str) -> Decision:
        decision = self.campaign(code).decision
        if decision is None:
            raise DocumentError("NO_COUNCIL_RESULTS", campaign=code)
        return self._positions_on(decision, datetime.now(VN_TZ).date())

    def signed(self, code: str) -> tuple[EmulationPlan, CampaignState, Decision]:
        """What the documents made after signing need: the plan, the campaign, its signed decision."""
        plan, state = self.plan(code), self.campaign(code)
        decision = state.decision
        if decision is None or decision.number is None:
            raise DocumentError("DECISION_NOT_SIGNED", campaign=code)
        return plan, state, self._positions_on(decision, decision.signed_on)

    def _positions_on(self, decision: Decision, on: date) -> Decision:
        """The decision with each awardee tied to a person of the registry given the unit and position the
        registry has for them on `on`, the award's day: a document prints the position at the time of the
        award, whatever the person holds later. Awardees not tied to a person keep what the dossier says."""
        dossier_ids = {awardee.candidate.dossier_id for awardee in decision.awardees}
        nominees = self.session.exec(select(models.Nominee).where(col(models.Nominee.dossier_id).in_(dossier_ids)))
        person_of = {(n.dossier_id, n.key): n.person_id for n in nominees if n.person_id is not None}
        held_by = positions_on(self.session, set(person_of.values()), on)
        awardees = []
        for awardee in decision.awardees:
            candidate = awardee.candidate
            held = held_by.get(person_of.get((candidate.dossier_id, candidate.nominee_key)))
            if held is not None:
                unit = self.session.get(models.Unit, held.unit_id) if held.unit_id else None
                candidate = candidate.model_copy(
                    update={"position": held.position or candidate.position, "unit_name": unit.name if unit else candidate.unit_name}
                )
            awardees.append(awardee.model_copy(update={"candidate": candidate}))
        return decision.model_copy(update={"awardees": awardees})

    def faces(self, code: str, refs: set[str] | None = None) -> tuple[EmulationPlan, Decision, DecisionText, list[Face]]:
        """What the Giấy khen of each awardee (or of those of `refs`) prints, in the decision's order."""
        plan, _, decision = self.signed(code)
        text = DecisionText(achievement=plan.achievement_text())
        chosen = [a.candidate.ref for a in decision.awardees if refs is None or a.candidate.ref in refs]
        if refs is not None and len(chosen) < len(refs):
            raise DocumentError("UNKNOWN_AWARDEE", ref=sorted(refs - set(chosen))[0])
        codes = register_awards(self.session, code, chosen)
        self.session.commit()
        faces = []
        for index, awardee in enumerate(decision.awardees, start=1):
            ref = awardee.candidate.ref
            if refs is None or ref in refs:
                number = register_number_of(self.session, code, ref) or index  # the issuer's sổ vàng
                faces.append(Face.of(awardee, number, Verification.of(codes[ref], self.verify_base_url)))
        return plan, decision, text, faces

    def certificates(self, code: str, refs: set[str] | None = None) -> list[GeneratedDocument]:
        """One Giấy khen per awardee (or for those of `refs`), in the decision's order, each built once per
        change of what it prints and served from the store after."""
        plan, decision, text, faces = self.faces(code, refs)
        positions = {awardee.candidate.ref: index for index, awardee in enumerate(decision.awardees, start=1)}
        refs_of = [awardee.candidate.ref for awardee in decision.awardees if refs is None or awardee.candidate.ref in refs]
        filenames = [f"Giấy khen {positions[ref]:02d} - {face.name}.docx" for ref, face in zip(refs_of, faces)]
        keys = [
            document_store.inputs_key(CERTIFICATE, plan, decision.number, decision.signed_on, text, face, filename)
            for face, filename in zip(faces, filenames)
        ]
        found = document_store.built(self.session, keys)
        missing = [index for index, key in enumerate(keys) if key not in found]
        contents = certificate_files(plan, decision, text, [faces[index] for index in missing]) if missing else []
        made = {}
        for index, content in zip(missing, contents):
            made[keys[index]] = self._store(
                content, CERTIFICATE, code, filenames[index], subject_key=refs_of[index],
                number=decision.number, issued_on=decision.signed_on,
            )
        document_store.remember(self.session, made)
        return [found.get(key) or made[key] for key in keys]

    def certificate(self, code: str, ref: str) -> GeneratedDocument:
        [row] = self.certificates(code, {ref})
        return row

    def print_file(self, code: str) -> GeneratedDocument:
        """Every Giấy khen of the signed decision in one .docx, in the decision's order: the file to print."""
        plan, decision, text, faces = self.faces(code)
        filename = f"Giấy khen{number_part(decision.number)} - bản in tất cả.docx"
        key = document_store.inputs_key(PRINT_FILE, plan, decision.number, decision.signed_on, text, faces, filename)
        build = lambda: print_file(plan, decision, text, faces)  # noqa: E731
        return self._built(key, build, PRINT_FILE, code, filename, number=decision.number, issued_on=decision.signed_on)

    def higher_proposal(self, code: str) -> GeneratedDocument:
        """The Committee's tờ trình to the higher level, in the Committee's series of TTr."""
        plan, state, _ = self.signed(code)
        if plan.higher_award is None or not state.higher_proposal:
            raise DocumentError("NO_HIGHER_AWARD")
        on = self._first_issued_on(HIGHER, code, new=self._campaign_sent_on(code, "sign_decision"))  # as appraisal()
        seq = take_number(self.session, plan.issuer.name, on.year, "TTr", higher_key(code))
        number = f"{seq:02d}/TTr-{plan.issuer.body_code}"
        content = higher_proposal(plan, state, Issue(number=seq, on=on), office_code=self.office_code(plan),
                                  past_awards=past_awards(self.session, state))  # from the register (db/awards.py)
        filename = f"Tờ trình{number_part(number)} - đề nghị {plan.higher_award.name}.docx"
        return self._store(content, HIGHER, code, filename, number=number, issued_on=on)

    # --- lists ------------------------------------------------------------------------------------

    def export(self, code: str) -> Export:
        """The campaign's nominees (stage, outcome) and awardees (form, bonus) as .xlsx; not stored: a list
        of the moment, not a document anyone signs."""
        plan, state = self.plan(code), self.campaign(code)
        nominees = [row for dossier in self.dossiers(code) for row in nominee_rows(plan.plan.title, dossier)]
        decision = state.decision
        on = decision and (decision.signed_on or datetime.now(VN_TZ).date())
        awardees = awardee_rows(plan.plan.title, self._positions_on(decision, on)) if decision else []
        return Export(f"Danh sách khen thưởng - {code}.xlsx", workbook(nominees, awardees))
