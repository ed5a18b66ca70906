"""Activities of the campaign workflow: telling the dossiers, database writes and reads, number series.

Every write is idempotent: events by (campaign, seq), numbers by what they were taken for.
"""

import asyncio
import json

from sqlalchemy import Engine
from sqlalchemy.orm import defer
from sqlmodel import Session, select
from temporalio import activity
from temporalio.client import Client, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError, RPCStatusCode

from activities.dossier import refused_data_is_final
from activities.heartbeats import beating
from common.faults import crash_point
from common.settings import Settings
from common.text import VN_TZ
from common.workdays import WorkCalendar
from db import awards, campaigns, council_reads, models, numbers, queries
from db.history import append_event, claim_snapshot, saved_again_otherwise
from mail.events import EventMails
from schemas.campaign_changes import RulesNotice, SettingsFacts, SettingsVersionSave
from schemas.campaign import EmulationPlan
from schemas.council import ACTIONS, CampaignEvent, CampaignState, Candidate, DossierMessage, SaveCampaign, TellDossiers
from schemas.council_reads import CandidatesPage, CandidatesRead

# Dossiers told at once: each is an Update the server and this worker take in, so a campaign of thousands
# is told in a steady stream instead of one burst past the server's rate limits and the worker's slots.
TELL_AT_ONCE = 32


class CampaignActivities:
    def __init__(self, engine: Engine, client: Client, settings: Settings, calendar: WorkCalendar) -> None:
        self.engine = engine
        self.client = client
        self.settings = settings
        self.calendar = calendar

    @activity.defn
    async def tell_dossiers(self, tell: TellDossiers) -> list[str]:
        """Send the fact to every dossier, TELL_AT_ONCE at a time; returns the ids of those not at a stage to take it.

        Each dossier's update id is the fact's key with the dossier id: a retry, after a crash anywhere in
        here, applies the fact once to each dossier.
        """
        told = 0
        at_once = asyncio.Semaphore(TELL_AT_ONCE)

        async def tell_one(message: DossierMessage) -> str | None:
            nonlocal told
            async with at_once:
                try:
                    return await send(message)
                finally:
                    told += 1
                    crash_point(f"tell:{tell.update}:{told}")

        async def send(message: DossierMessage) -> str | None:
            handle = self.client.get_workflow_handle(f"dossier-{message.dossier_id}")
            args = [] if message.payload is None else [message.payload]
            try:
                await handle.execute_update(tell.update, args=args, id=f"{tell.key}-{message.dossier_id}")
            except WorkflowUpdateFailedError:  # its validator refused: the dossier has moved on (withdrawn, …)
                return message.dossier_id
            except RPCError as error:
                if error.status != RPCStatusCode.NOT_FOUND:
                    raise
                return message.dossier_id  # the dossier's workflow has ended
            return None

        results = await beating(asyncio.gather(*(tell_one(message) for message in tell.messages)))
        return [dossier_id for dossier_id in results if dossier_id]

    @activity.defn
    def save_campaign_run(self, save: SaveCampaign) -> list[str]:
        """Save the event and the state after it, and the mails it causes; returns the mails' keys."""
        state, event = save.state, save.event
        with refused_data_is_final(), Session(self.engine) as session:
            # Saves can arrive out of order, or at once: only the newest snapshot is written. The claim
            # comes first, so that what is read after it is what the newest save left.
            newest = claim_snapshot(session, models.CampaignRun, state.code, event.seq)
            # Its state is read only to compare with a save of the same event (a crash's), never to write over.
            run = session.get(models.CampaignRun, state.code, options=[defer(models.CampaignRun.state)])
            if run is None:
                run = models.CampaignRun(code=state.code, phase=state.phase, state={}, updated_at=event.at)
                session.add(run)
                newest = True
            conflict = not newest and saved_again_otherwise(run, state, event, f"campaign {state.code}")
            if newest or conflict:
                run.phase = state.phase
                run.state = json.loads(save.state_json)
                run.last_seq = event.seq
                run.updated_at = event.at
                # The deadline as the workflow resolved it (an event's date, a new version): what the pages show.
                campaign = session.exec(select(models.Campaign).where(models.Campaign.code == state.code)).first()
                if campaign is not None and campaign.submit_before != state.submit_before:
                    campaign.submit_before = state.submit_before
                    session.add(campaign)
            append_event(
                session, models.CampaignHistory, {"campaign_code": state.code}, event, ACTIONS[event.action].name,
                replace=conflict,
            )
            awards.record_event(session, state, event.action)  # the register of awards (db/awards.py)
            self._number_sent(session, state, event)
            mails = EventMails(session, self.settings, self.calendar).for_campaign(state, event)
            session.commit()
        crash_point(f"save_campaign_run:{event.action}")
        return mails

    def _number_sent(self, session: Session, state: CampaignState, event: CampaignEvent) -> None:
        """The office's tờ trình goes to the Chairman with the council's results, the proposal upward once the
        decision is signed: each takes its number in its series as it is sent, in the step's own save (the same
        again for a save repeated), whichever document is downloaded first (documents/assemble.py reads it)."""
        office = event.action == "close_session"
        if not office and not (event.action == "sign_decision" and state.higher_proposal):
            return
        settings = session.exec(select(models.Campaign.settings).where(models.Campaign.code == state.code)).one()
        plan = EmulationPlan.model_validate(settings)
        if office:  # in the office's series, as documents/assemble.py numbers it
            key, issuer = numbers.appraisal_key(state.code), f"{plan.receiving_office} - {plan.issuer.name}"
        else:
            key, issuer = numbers.higher_key(state.code), plan.issuer.name
        numbers.take_number(session, issuer, event.at.astimezone(VN_TZ).year, "TTr", key, commit=False)

    @activity.defn
    async def council_candidates(self, campaign_code: str) -> list[Candidate]:
        """The nominees that passed appraisal in the campaign's appraised dossiers, for the council.

        Run as a regular activity, so that its result is in the campaign's history before any dossier is
        told: a retry after a crash opens the session over the very same list.
        """

        candidates = await self._read(queries.council_candidates, campaign_code)
        crash_point("council_candidates")
        return candidates

    @activity.defn
    async def read_council_candidates(self, campaign_code: str) -> CandidatesRead:
        """The campaign's candidates read once and kept (db/council_reads.py); the workflow takes them in pages.

        A regular activity: its result is in the history before any dossier is told, so a retry after a crash
        takes the same kept read, whatever moved since.
        """
        kept = await self._read(council_reads.keep_candidates, campaign_code)
        crash_point("council_candidates")
        return kept

    @activity.defn
    async def council_candidates_page(self, page: CandidatesPage) -> list[Candidate]:
        candidates = await self._read(council_reads.read_page, page)
        if candidates is None:  # a database restored from before the read: retrying cannot bring it back
            raise ApplicationError(f"council read {page.read_id} not found", type="COUNCIL_READ_MISSING",
                                   non_retryable=True)
        return candidates

    @activity.defn
    async def approved_nominees(self, refs: list[str]) -> list[str]:
        """Of these candidate refs, the nominees whose dossier still has them approved by the council."""
        approved = await self._read(queries.approved_refs, refs)
        crash_point("approved_nominees")
        return approved

    async def _read(self, query, *args):
        """A database read in a thread, heartbeating meanwhile (see activities/heartbeats.py)."""

        def read():
            with Session(self.engine) as session:
                return query(session, *args)

        return await beating(asyncio.to_thread(read))

    @activity.defn
    def take_number(self, issuer: str, year: int, type_code: str, key: str) -> int:
        """The next number of the issuer's series for the year, or the one already taken for `key`."""
        with Session(self.engine) as session:
            number = numbers.take_number(session, issuer, year, type_code, key)
        crash_point("take_number")
        return number

    @activity.defn
    def claim_number(self, issuer: str, year: int, type_code: str, key: str, number: int) -> int:
        """The number the office took in its own register, held in the series for `key`: another document's
        number is a final refusal (DECISION_NUMBER_TAKEN, with the next free number)."""
        with Session(self.engine) as session:
            try:
                claimed = numbers.claim_number(session, issuer, year, type_code, key, number)
            except numbers.NumberTaken as taken:
                details = {"number": taken.number, "next_free": taken.next_free}
                raise ApplicationError(str(taken), details, type="DECISION_NUMBER_TAKEN", non_retryable=True) from None
        crash_point("claim_number")
        return claimed

    @activity.defn
    def units_not_submitted(self, campaign_code: str, unit_kinds: list[str]) -> list[str]:
        with Session(self.engine) as session:
            return [unit.name for unit in queries.units_not_submitted(session, campaign_code, unit_kinds)]

    @activity.defn
    def unit_dossiers(self, campaign_code: str, unit_id: int) -> list[str]:
        """The unit's dossiers in the campaign that are still being prepared."""
        with Session(self.engine) as session:
            return queries.unit_dossiers_in_preparation(session, campaign_code, unit_id)

    @activity.defn
    def dossiers_not_appraised(self, campaign_code: str) -> list[str]:
        """Submitted dossiers whose appraisal is not finished, as "<unit>: <title>"."""
        with Session(self.engine) as session:
            return [f"{d.unit_name}: {d.title}" for d in queries.dossiers_in_appraisal(session, campaign_code)]

    # --- a running campaign's settings and deadlines (schemas/campaign_changes.py) --------------------------

    @activity.defn
    def settings_facts(self, campaign_code: str) -> SettingsFacts:
        """What the campaign's dossiers have done that a change of its settings may not undo."""
        with Session(self.engine) as session:
            return campaigns.settings_facts(session, campaign_code)

    @activity.defn
    def save_settings_version(self, save: SettingsVersionSave) -> int:
        """Store the new version and make it the campaign's settings; returns how many fields changed."""
        with Session(self.engine) as session:
            count = campaigns.save_settings_version(
                session, save.campaign_code, save.version, save.settings, save.actor.user_id, save.actor.name,
                save.reason,
            )
        crash_point("save_settings_version")
        return count

    @activity.defn
    def campaign_dossiers(self, campaign_code: str) -> list[str]:
        """The campaign's dossiers not at an end."""
        with Session(self.engine) as session:
            return [dossier_id for dossier_id, _ in campaigns.campaign_dossiers(session, campaign_code)]

    @activity.defn
    def dossier_rules_now(self, campaign_code: str, unit_id: int) -> RulesNotice:
        """A dossier's rules as the campaign has them now (its dossier workflow reads them when told)."""
        with Session(self.engine) as session:
            return campaigns.dossier_rules_now(session, campaign_code, unit_id)
