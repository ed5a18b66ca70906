"""The application database's schema history: Alembic migrations, configured here in code.

`db.engine.create_tables` runs them at every start; `alembic` at the root of the repository (alembic.ini)
makes a new one: `alembic revision --autogenerate -m "what changes"`.
"""

from pathlib import Path

from alembic.config import Config
from sqlalchemy import Connection

HERE = Path(__file__).resolve().parent


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, found from this package wherever it is installed; env.py uses `connection`."""
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.attributes["connection"] = connection
    return config
