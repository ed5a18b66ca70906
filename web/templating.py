"""The Jinja2 templates of the web pages, with the filters they share."""

from fastapi.templating import Jinja2Templates

from common.settings import ROOT
from common.text import vn_date

templates = Jinja2Templates(directory=ROOT / "templates")
templates.env.filters["vn_date"] = vn_date
