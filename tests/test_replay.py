"""Today's workflow code replays every saved history: running dossiers survive a deploy."""

import pytest
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer

from common.codec import data_converter
from common.settings import Settings
from common.signing import CheckActions
from tests.save_histories import HISTORIES
from workflows.campaign import CampaignWorkflow
from workflows.dossier import DossierWorkflow
from workflows.mail import MailDeliveryWorkflow
from workflows.reminders import RemindersWorkflow

SAVED = sorted(HISTORIES.glob("*.json"))


def test_histories_are_saved():
    # Before the eligibility checks (replayed without them, by workflow.patched), and with them; a campaign
    # signed before its decision was stored as a document, and one signed after; dossiers and a campaign
    # from before their events sent mail, and after; a campaign's reminders; a dossier whose last nominee
    # without a verdict was held; a campaign whose council steps read and tell the dossiers durably; a dossier
    # whose unmatched nominees an appraiser linked to a person record, or confirmed as without one.
    assert {path.stem for path in SAVED} >= {
        "dossier-recognised", "dossier-lapsed",
        "dossier-recognised-checked", "dossier-lapsed-checked", "campaign-recognised-checked",
        "campaign-recognised-documents",
        "dossier-recognised-mailed", "dossier-lapsed-mailed", "campaign-recognised-mailed", "reminders-tet-2026",
        "dossier-held-last-nominee", "campaign-recognised-durable", "dossier-person-linked",
        "campaign-event-deadlines", "dossier-rules-changed", "campaign-settings-version",
        "campaign-signed-uploaded",  # its decision signed in the e-office, the PDF filed (file_signed_decision)
        "campaign-recognised-batched",  # its dossiers told in batches (TELL_IN_BATCHES)
        "reminders-tet-2026-counted",  # its rounds' mails read from the outbox, counted (COUNTED_ROUND)
        "campaign-one-off-without-council",  # a one-off award reported by the appraisers, no council sitting
        "campaign-candidates-in-pages",  # its candidates kept and taken in pages, its refs checked in batches
        "dossier-opened-with-its-check",  # the council's opening saved with its check (OPENING_SAVED_WITH_CHECK)
    }


@pytest.mark.parametrize("path", SAVED, ids=[path.stem for path in SAVED])
async def test_replays(path):
    history = WorkflowHistory.from_json(path.stem, path.read_text(encoding="utf-8"))
    # The service's converter and checks: histories saved before payloads were encrypted and actions signed
    # are read as they are.
    replayer = Replayer(
        workflows=[DossierWorkflow, CampaignWorkflow, MailDeliveryWorkflow, RemindersWorkflow],
        data_converter=data_converter(Settings()),
        interceptors=[CheckActions(Settings())],
    )
    await replayer.replay_workflow(history, raise_on_replay_failure=True)
