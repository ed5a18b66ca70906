"""The HTTP app: the JSON API (OpenAPI at /docs) and the web pages."""

import asyncio
import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from temporalio.service import RPCError

from common.settings import Settings, get_settings
from db.engine import create_tables, make_engine
from web import errors, pages, security
from web.campaign_workflows import ensure_campaign_workflows
from web.middleware import BodyLimit
from web.routes import accounts, campaigns, directory, documents, dossiers, local_mail, outbox, public, records, reform
from web.routes import issuers, registrations
from web.routes import council_ties, decision_numbers, signed_decision
from web.routes import campaign_settings
from web.routes import dossier_corrections
from web.pages import registration as registration_pages
from web.pages import campaign_settings as campaign_settings_pages
from web.pages import one_off as one_off_pages
from web.pages import register as register_pages
from web.pages import plan_reader as plan_reader_pages
from worker import RETRY_MAX_SECONDS, connect_retrying

log = logging.getLogger(__name__)


async def connect_temporal(app: FastAPI, settings: Settings, failing: asyncio.Event) -> None:
    """Connect to Temporal, start the workflows of any campaign loaded without them, then take actions.

    Until then app.state.temporal is None: actions answer 503 (web/deps.py), reads work from the database.
    `failing` is set at the first attempt that fails.
    """
    while True:
        client = await connect_retrying(settings, failing)
        try:
            await ensure_campaign_workflows(client, app.state.engine, settings.temporal_task_queue)
        except RPCError as error:
            log.warning("Temporal at %s: campaign workflows not started (%s); retrying", settings.temporal_address, error)
            failing.set()
            await asyncio.sleep(RETRY_MAX_SECONDS)
            continue
        app.state.temporal = client
        return


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        Path(settings.filestore_dir).mkdir(parents=True, exist_ok=True)
        app.state.settings = settings
        app.state.engine = make_engine(settings.database_url)
        create_tables(app.state.engine)
        # Temporal up, the app starts once it is connected; Temporal not up, at once, connecting meanwhile.
        app.state.temporal = None
        failing = asyncio.Event()
        app.state.connecting = asyncio.create_task(connect_temporal(app, settings, failing))
        first_failure = asyncio.create_task(failing.wait())
        await asyncio.wait({app.state.connecting, first_failure}, return_when=asyncio.FIRST_COMPLETED)
        first_failure.cancel()
        yield
        app.state.connecting.cancel()
        app.state.engine.dispose()

    app = FastAPI(
        title="Thi đua - Khen thưởng",
        description="Hồ sơ đề nghị khen thưởng của UBND cấp xã: lập, nộp, thẩm định, Hội đồng, ký, công bố.",
        lifespan=lifespan,
    )
    errors.install(app)
    app.add_middleware(BodyLimit, settings=settings)  # inside the security headers: a 413 has them too
    security.install(app, settings)
    for module in (dossiers, campaigns, accounts, documents, directory, public, reform, records, outbox, local_mail):
        app.include_router(module.router)
    app.include_router(issuers.router)
    app.include_router(council_ties.router)
    app.include_router(decision_numbers.router)  # the decision's number: proposed, checked, the series' start
    app.include_router(signed_decision.router)  # the decision signed in the e-office, its PDF uploaded and checked
    app.include_router(campaign_settings.router)  # a running campaign's event dates and settings' versions
    app.include_router(registrations.router)
    app.include_router(dossier_corrections.router)  # the unit corrects its dossier: nominees, files
    pages.install(app)
    app.include_router(registration_pages.router)  # the registration pages (đăng ký thi đua)
    app.include_router(campaign_settings_pages.router)  # a campaign's deadlines, events and settings' versions
    app.include_router(register_pages.router)  # the register of awards: histories, sổ vàng, awards made elsewhere
    app.include_router(one_off_pages.router)  # one-off awards (khen thưởng đột xuất), raised without a plan
    app.include_router(plan_reader_pages.router)  # a campaign drafted from its plan's text, confirmed by the admin
    return app


app = create_app()
