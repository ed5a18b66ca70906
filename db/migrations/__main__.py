"""`python -m db.migrations`: upgrade the database of the settings (DATABASE_URL) to the newest revision.

The service does it at every start too; docker-compose runs this once, before the web app and the worker.
"""

from common.settings import get_settings
from db.engine import create_tables, make_engine, newest_revision

engine = make_engine(get_settings().database_url)
create_tables(engine)
engine.dispose()
print(f"The database is at revision {newest_revision()}.")
