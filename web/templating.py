"""The Jinja2 templates of the web pages, with the filters they share."""

import uuid
from datetime import datetime, timezone

from fastapi.templating import Jinja2Templates

from common.settings import ROOT
from common.text import VN_TZ, vn_date
from documents.text import money


def vn_time(moment: datetime) -> str:
    """dd/mm/yyyy hh:mm in Vietnam time (a moment without its zone, as SQLite gives it back, is UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return f"{aware.astimezone(VN_TZ):%d/%m/%Y %H:%M}"


templates = Jinja2Templates(directory=ROOT / "templates")
templates.env.filters["vn_date"] = vn_date
templates.env.filters["vn_time"] = vn_time
templates.env.filters["money"] = money
templates.env.globals["new_request_id"] = lambda: uuid.uuid4().hex  # a form's own id: posted twice, applied once
