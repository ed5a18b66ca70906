"""Actions signed by the service's own clients and checked by its workers: Temporal is no back door.

Whoever reaches Temporal's port can send an Update naming any actor. So each client of the service
(worker.client_options) puts a signature in a header of every Update, Signal and workflow start it sends:
HMAC-SHA256, under the current key of ACTION_KEYS, of the workflow id, the call's kind, name and update
id, and its arguments. The worker (worker.build_worker) checks it before anything else:
- an Update without a valid signature is refused with ACTION_NOT_SIGNED ahead of its validator, so nothing
  of it reaches the history (an Update without a validator only waits for a save: it changes nothing);
- a workflow started without one fails at once, before its first step;
- a Signal without one is dropped, and logged.
Nothing is checked again on replay: validators do not run then, and a start or Signal refused on its
first run left a marker that its replays read. So any key can leave ACTION_KEYS at any time, and
histories from before the signatures replay as they were.
"""

import hashlib
import hmac
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic_core import to_jsonable_python
from temporalio import client, worker, workflow
from temporalio.api.common.v1 import Payload

from common.keys import action_ring
from schemas.errors import user_error

HEADER = "thidua-signature"


class Signer:
    def __init__(self, settings) -> None:
        self.ring = action_ring(settings)

    def header(self, kind: str, workflow_id: str, name: str, call_id: str, args: Sequence[Any]) -> Payload:
        key_id = self.ring.current
        mac = self._mac(self.ring.keys[key_id], kind, workflow_id, name, call_id, args)
        return Payload(metadata={"encoding": b"binary/plain"}, data=f"{key_id}:{mac}".encode())

    def valid(
        self, headers: Mapping[str, Payload], kind: str, workflow_id: str, name: str, call_id: str, args: Sequence[Any]
    ) -> bool:
        header = headers.get(HEADER)
        key_id, _, mac = header.data.decode(errors="replace").partition(":") if header else ("", "", "")
        key = self.ring.keys.get(key_id)
        return key is not None and hmac.compare_digest(mac, self._mac(key, kind, workflow_id, name, call_id, args))

    @staticmethod
    def _mac(key: bytes, kind: str, workflow_id: str, name: str, call_id: str, args: Sequence[Any]) -> str:
        # The arguments as JSON values, keys sorted: the same for the model the client sent and the one the
        # workflow decoded from it.
        fields = [kind, workflow_id, name, call_id, to_jsonable_python(list(args))]
        message = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
        return hmac.new(key, message, hashlib.sha256).hexdigest()


def _signed(headers: Mapping[str, Payload], header: Payload) -> dict[str, Payload]:
    return {**headers, HEADER: header}


class SignActions(client.Interceptor):
    """On a client: signs each Update, Signal and start it sends."""

    def __init__(self, settings) -> None:
        self.signer = Signer(settings)

    def intercept_client(self, next: client.OutboundInterceptor) -> client.OutboundInterceptor:
        return _SigningClient(next, self.signer)


class _SigningClient(client.OutboundInterceptor):
    def __init__(self, next: client.OutboundInterceptor, signer: Signer) -> None:
        super().__init__(next)
        self.signer = signer

    async def start_workflow(self, input: client.StartWorkflowInput):
        input.headers = _signed(input.headers, self.signer.header("start", input.id, input.workflow, "", input.args))
        return await super().start_workflow(input)

    async def signal_workflow(self, input: client.SignalWorkflowInput) -> None:
        input.headers = _signed(input.headers, self.signer.header("signal", input.id, input.signal, "", input.args))
        await super().signal_workflow(input)

    async def start_workflow_update(self, input: client.StartWorkflowUpdateInput):
        input.update_id = input.update_id or str(uuid.uuid4())  # signed with it: made here, not by the SDK
        header = self.signer.header("update", input.id, input.update, input.update_id, input.args)
        input.headers = _signed(input.headers, header)
        return await super().start_workflow_update(input)

    async def start_update_with_start_workflow(self, input: client.StartWorkflowUpdateWithStartInput):
        start, update = input.start_workflow_input, input.update_workflow_input
        start.headers = _signed(start.headers, self.signer.header("start", start.id, start.workflow, "", start.args))
        update.update_id = update.update_id or str(uuid.uuid4())
        header = self.signer.header("update", start.id, update.update, update.update_id, update.args)
        update.headers = _signed(update.headers, header)
        return await super().start_update_with_start_workflow(input)


class CheckActions(worker.Interceptor):
    """On a worker: checks the signature of what reaches its workflows, and signs their continue-as-new."""

    def __init__(self, settings) -> None:
        self.inbound = type("CheckingWorkflow", (_CheckingWorkflow,), {"signer": Signer(settings)})

    def workflow_interceptor_class(self, input: worker.WorkflowInterceptorClassInput):
        return self.inbound


def _refused(marker: str, signed: Callable[[], bool]) -> bool:
    """Whether a start or Signal is refused: checked on its first run, which records a refusal as a marker
    (workflow.patched, true where its marker is in the history), and read from that marker on replay."""
    if workflow.unsafe.is_replaying():
        return workflow.patched(marker)
    return not signed() and workflow.patched(marker)


class _CheckingWorkflow(worker.WorkflowInboundInterceptor):
    signer: Signer
    signals = 0  # the Signals this run has taken, in the history's order: each refusal's marker is named by it

    def init(self, outbound: worker.WorkflowOutboundInterceptor) -> None:
        super().init(_SigningWorkflow(outbound, self.signer))

    async def execute_workflow(self, input: worker.ExecuteWorkflowInput) -> Any:
        info = workflow.info()
        signed = lambda: self.signer.valid(input.headers, "start", info.workflow_id, info.workflow_type, "", input.args)
        if _refused("unsigned-start", signed):
            workflow.logger.warning("Start of %s without a valid signature: refused", info.workflow_id)
            raise user_error("ACTION_NOT_SIGNED")
        return await super().execute_workflow(input)

    async def handle_signal(self, input: worker.HandleSignalInput) -> None:
        info = workflow.info()
        self.signals += 1
        signed = lambda: self.signer.valid(input.headers, "signal", info.workflow_id, input.signal, "", input.args)
        if _refused(f"unsigned-signal-{self.signals}", signed):
            workflow.logger.warning("Signal %s to %s without a valid signature: dropped", input.signal, info.workflow_id)
            return
        await super().handle_signal(input)

    def handle_update_validator(self, input: worker.HandleUpdateInput) -> None:
        info = workflow.info()
        if not self.signer.valid(input.headers, "update", info.workflow_id, input.update, input.id, input.args):
            workflow.logger.warning("Update %s to %s without a valid signature: refused", input.update, info.workflow_id)
            raise user_error("ACTION_NOT_SIGNED")
        super().handle_update_validator(input)


class _SigningWorkflow(worker.WorkflowOutboundInterceptor):
    def __init__(self, next: worker.WorkflowOutboundInterceptor, signer: Signer) -> None:
        super().__init__(next)
        self.signer = signer

    def continue_as_new(self, input: worker.ContinueAsNewInput):
        info = workflow.info()
        header = self.signer.header("start", info.workflow_id, input.workflow or info.workflow_type, "", input.args)
        input.headers = _signed(input.headers, header)
        return super().continue_as_new(input)
