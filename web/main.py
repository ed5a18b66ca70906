"""The HTTP app: the JSON API (OpenAPI at /docs) and the web pages."""

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from common.settings import Settings, get_settings
from db.engine import create_tables, make_engine
from web import errors, pages
from web.campaign_workflows import ensure_campaign_workflows
from web.routes import campaigns, directory, documents, dossiers, local_mail, outbox, public, records, reform
from worker import connect

def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        Path(settings.filestore_dir).mkdir(parents=True, exist_ok=True)
        app.state.settings = settings
        app.state.engine = make_engine(settings.database_url)
        create_tables(app.state.engine)
        app.state.temporal = await connect(settings)
        await ensure_campaign_workflows(app.state.temporal, app.state.engine, settings.temporal_task_queue)
        yield
        app.state.engine.dispose()

    app = FastAPI(
        title="Thi đua - Khen thưởng",
        description="Hồ sơ đề nghị khen thưởng của UBND cấp xã: lập, nộp, thẩm định, Hội đồng, ký, công bố.",
        lifespan=lifespan,
    )
    errors.install(app)
    for module in (dossiers, campaigns, documents, directory, public, reform, records, outbox, local_mail):
        app.include_router(module.router)
    pages.install(app)
    return app


app = create_app()
