"""Temporal is no back door: what it stores is encrypted, and it takes only actions the service signed.

The attacker here reaches Temporal's port with a client of their own, and even holds the payload key to
read the refusals: no action key, or one of their own.
"""

import base64

import pytest
from pydantic import ValidationError
from sqlmodel import Session, select
from temporalio.api.common.v1 import Payload
from temporalio.client import Client, WorkflowFailureError, WorkflowUpdateFailedError
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.exceptions import ApplicationError
from temporalio.worker import Replayer
from temporalio.workflow import _Definition

from activities.mail import delivery_id
from common.codec import EncryptionCodec, data_converter
from common.keys import DEVELOPMENT_ACTION_KEYS, new_key, parse_ring, payload_ring
from common.settings import Settings
from common.signing import CheckActions, SignActions, Signer
from schemas.council import SignDecision
from db.outbox import OutboxMail
from schemas.dossier import RecordNotice
from schemas.dossier_actions import Actor, Role
from tests.campaign_steps import appraised_dossier, collective
from tests.conftest import Service
from tests.dossier_steps import CHAIRMAN, SECRETARY, UNIT_HEAD, campaign_post, create, ok, open_session, submitted, vote
from tests.test_campaigns import service_plan
from web.campaign_workflows import campaign_workflow_id
from workflows.campaign import CampaignWorkflow
from workflows.dossier import DossierWorkflow
from workflows.mail import MailDeliveryWorkflow
from workflows.reminders import RemindersWorkflow

IMPOSTOR = Actor(user_id=999, name="Chủ tịch giả", role=Role.chairman)
SECRET_NOMINEE = {
    "group": "individual", "subject_kind": "can_bo_cong_chuc_vien_chuc", "name": "Đỗ Thị Bí Mật",
    "position": "Chuyên viên", "birth_date": "1985-03-14", "id_number": "001185012345",
}


async def plain_client(service: Service, **options) -> Client:
    """A client of the attacker's: the SDK's own converter, no codec, no signing, unless given."""
    options.setdefault("data_converter", pydantic_data_converter)
    return await Client.connect(service.settings.temporal_address, namespace=service.settings.temporal_namespace, **options)


async def forging_client(service: Service, **options) -> Client:
    """A client with the payload key (it reads what it is answered), and no action key unless given."""
    return await plain_client(service, data_converter=data_converter(service.settings), **options)


async def event_count(client: Client, workflow_id: str) -> int:
    return len((await client.get_workflow_handle(workflow_id).fetch_history()).events)


def refusal_code(error: BaseException) -> str | None:
    cause = error.cause
    return cause.type if isinstance(cause, ApplicationError) else None


async def test_a_forged_update_is_refused_with_nothing_in_the_history(running: Service):
    await appraised_dossier(running, service_plan(running), UNIT_HEAD, [collective("phong_chuyen_mon", "Phòng Kinh tế")])
    await vote(running, await open_session(running))
    ok(await campaign_post(running, SECRETARY, running.campaign, "/session/close", json={}))
    workflow_id = campaign_workflow_id(running.campaign)
    before = await event_count(running.client, workflow_id)

    # Decided: a chairman's signature is what the campaign waits for. The impostor has no key, then a key
    # of their own.
    foreign_keys = Settings(action_keys=new_key("x"))
    attackers = [await forging_client(running), await forging_client(running, interceptors=[SignActions(foreign_keys)])]
    for attacker in attackers:
        handle = attacker.get_workflow_handle(workflow_id)
        with pytest.raises(WorkflowUpdateFailedError) as refused:
            await handle.execute_update(CampaignWorkflow.sign_decision, SignDecision(actor=IMPOSTOR), id="sign-forged")
        print(f"forged sign_decision refused: {refusal_code(refused.value)}")
        assert refusal_code(refused.value) == "ACTION_NOT_SIGNED"
    assert await event_count(running.client, workflow_id) == before
    campaign = ok(await running.api.get(f"/api/campaigns/{running.campaign}", headers=running.as_user(CHAIRMAN)))
    assert campaign["phase"] == "decided" and campaign["run"]["decision"]["number"] is None

    # The chairman, through the service, signs.
    signed = ok(await campaign_post(running, CHAIRMAN, running.campaign, "/decision/sign", json={}))
    assert signed["phase"] == "signed"


async def test_a_forged_signal_is_dropped_and_a_forged_start_fails_before_any_step(running: Service):
    # Names of this test's own: other tests wait for the mails a hold sends about theirs.
    nominees = [SECRET_NOMINEE | {"name": name, "birth_date": None, "id_number": None} for name in ("Trần Văn Giả", "Hoàng Thị Thật")]
    dossier = await create(running, nominees)
    handle = running.client.get_workflow_handle(f"dossier-{dossier['id']}")
    attacker = await forging_client(running)
    forged = RecordNotice(record_id=1, nominee_keys=["N1"], summary="Tố cáo bịa đặt")
    await attacker.get_workflow_handle(handle.id).signal(DossierWorkflow.record_opened, forged)
    await handle.signal(DossierWorkflow.record_opened, RecordNotice(record_id=2, nominee_keys=["N2"], summary="Tố cáo"))
    # An Update after both Signals is answered once they were taken; the query then reads the state.
    await handle.execute_update(DossierWorkflow.created)
    state = await handle.query(DossierWorkflow.current)
    statuses = {n.key: n.status for n in state.nominees}
    assert (statuses["N1"], statuses["N2"]) == ("proposed", "suspended")
    # Replayed with the same outcome, even once the key that signed has left ACTION_KEYS.
    rotated = Settings(action_keys=new_key("later"))
    replayer = Replayer(workflows=[DossierWorkflow], data_converter=data_converter(running.settings),
                        interceptors=[CheckActions(rotated)])
    await replayer.replay_workflow(await handle.fetch_history(), raise_on_replay_failure=True)

    with pytest.raises(WorkflowFailureError) as failed:
        await attacker.execute_workflow(
            RemindersWorkflow.run, running.campaign, id=f"forged-{dossier['id']}", task_queue=running.settings.temporal_task_queue
        )
    assert refusal_code(failed.value) == "ACTION_NOT_SIGNED"
    history = await attacker.get_workflow_handle(f"forged-{dossier['id']}").fetch_history()
    kinds = {event.WhichOneof("attributes") for event in history.events}
    assert not any("activity" in kind or kind.startswith("timer") for kind in kinds), kinds


async def test_temporal_holds_no_personal_data_in_clear(running: Service):
    dossier = await submitted(running, [SECRET_NOMINEE])
    workflow_id = f"dossier-{dossier['id']}"
    history = await (await plain_client(running)).get_workflow_handle(workflow_id).fetch_history()
    raw = b"".join(event.SerializeToString() for event in history.events)
    for secret in (SECRET_NOMINEE["name"], SECRET_NOMINEE["id_number"], SECRET_NOMINEE["birth_date"], "14/03/1985"):
        assert secret.encode() not in raw, secret
    # The data is there, encrypted: the service's key reads it back.
    start = history.events[0].workflow_execution_started_event_attributes.input.payloads
    [decoded] = await EncryptionCodec(payload_ring(running.settings)).decode(start)
    assert SECRET_NOMINEE["id_number"].encode() in decoded.data and start[0].metadata["encryption-key-id"] == b"dev"

    # The mails its submission sent, each delivered by a workflow named after its outbox row: no address.
    with Session(running.engine) as session:
        mails = session.exec(select(OutboxMail)).all()
    assert mails and all("@" in mail.key for mail in mails)
    for mail in mails:
        described = await running.client.get_workflow_handle(delivery_id(mail)).describe()
        assert described.workflow_type == "MailDeliveryWorkflow" and "@" not in described.id


def test_every_update_that_changes_something_has_a_validator():
    """The signature is checked ahead of the validator: an Update without one must only wait for a save."""
    waits = {("DossierWorkflow", "created"), ("CampaignWorkflow", "started")}
    for workflow in (DossierWorkflow, CampaignWorkflow, MailDeliveryWorkflow, RemindersWorkflow):
        definition = _Definition.from_class(workflow)
        for name, update in definition.updates.items():
            assert update.validator is not None or (definition.name, name) in waits, (definition.name, name)


def test_a_signature_covers_the_workflow_the_call_and_its_arguments():
    signer = Signer(Settings())
    args = [SignDecision(actor=IMPOSTOR)]
    header = signer.header("update", "campaign-x", "sign_decision", "u1", args)
    assert signer.valid({"thidua-signature": header}, "update", "campaign-x", "sign_decision", "u1", args)
    # The model the workflow decodes is the dict the client sent: the same signature.
    sent = [args[0].model_dump(mode="json")]
    assert signer.valid({"thidua-signature": header}, "update", "campaign-x", "sign_decision", "u1", sent)
    other_actor = [SignDecision(actor=IMPOSTOR.model_copy(update={"user_id": 1}))]
    for changed in (
        ("update", "campaign-y", "sign_decision", "u1", args),
        ("update", "campaign-x", "recognise", "u1", args),
        ("update", "campaign-x", "sign_decision", "u2", args),
        ("update", "campaign-x", "sign_decision", "u1", other_actor),
        ("signal", "campaign-x", "sign_decision", "u1", args),
    ):
        assert not signer.valid({"thidua-signature": header}, *changed), changed
    assert not signer.valid({}, "update", "campaign-x", "sign_decision", "u1", args)
    # An older key still checks what it signed, once a new one is put first.
    rotated = Signer(Settings(action_keys=f"{new_key('new')},{DEVELOPMENT_ACTION_KEYS}"))
    assert rotated.valid({"thidua-signature": header}, "update", "campaign-x", "sign_decision", "u1", args)
    assert rotated.header("update", "campaign-x", "sign_decision", "u1", args).data.startswith(b"new:")


async def test_payloads_are_read_under_every_key_of_the_ring_and_in_clear_from_before():
    old, new = new_key("old"), new_key("new")
    sealed = await EncryptionCodec(parse_ring(old, "PAYLOAD_KEYS")).encode([Payload(metadata={"encoding": b"json/plain"}, data=b'"x"')])
    assert sealed[0].metadata["encryption-key-id"] == b"old" and b'"x"' not in sealed[0].data
    both = EncryptionCodec(parse_ring(f"{new},{old}", "PAYLOAD_KEYS"))
    assert [p.data for p in await both.decode(sealed)] == [b'"x"']
    assert (await both.encode(sealed))[0].metadata["encryption-key-id"] == b"new"
    plain = Payload(metadata={"encoding": b"json/plain"}, data=b"1")
    assert await both.decode([plain]) == [plain]  # histories from before the codec
    with pytest.raises(ValueError, match="«old», which PAYLOAD_KEYS does not have"):
        await EncryptionCodec(parse_ring(new, "PAYLOAD_KEYS")).decode(sealed)
    tampered = Payload(metadata={**sealed[0].metadata}, data=sealed[0].data[:-1] + bytes([sealed[0].data[-1] ^ 1]))
    with pytest.raises(Exception, match="InvalidTag|^$"):
        await both.decode([tampered])


def test_production_settings_need_keys_of_their_own():
    with pytest.raises(ValidationError, match="PAYLOAD_KEYS must be set in production"):
        Settings(environment="production", action_keys=new_key("a"))
    with pytest.raises(ValidationError, match="ACTION_KEYS must be set in production"):
        Settings(environment="production", payload_keys=new_key("p"))
    short = "k:" + base64.b64encode(b"short").decode()
    with pytest.raises(ValidationError, match="PAYLOAD_KEYS: the key «k» has 5 bytes, not 32"):
        Settings(payload_keys=short)
    Settings(environment="production", payload_keys=new_key("p"), action_keys=new_key("a"))
