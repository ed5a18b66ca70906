"""What every list page reads from its query string, bounded, and the links of its pages.

A list page names its filters (each a fixed set of choices) and its sort keys; `read` takes the search text, the
chosen filters, the sort, the page and its size from the address. A value not among the choices is dropped (the
list is then not filtered by it), a sort not offered falls back to the first, a page past the last shows the last,
a size not offered is the smallest: nothing typed in the address makes a query run unbounded. The partial
templates/pages/_listing.html shows the form (a GET, with labels) and the pager from a Listing.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from starlette.requests import Request

from common.text import remove_invisible
from db.search import search_key

SIZES = (25, 50, 100)
MAX_QUERY = 100  # characters of a search
MAX_PAGE = 10_000


@dataclass
class Filter:
    name: str  # the query string's parameter
    label: str
    choices: dict[str, str]  # value → what the select shows; "" is "all"
    all_label: str = "(tất cả)"


@dataclass
class Listing:
    """A list's search, filters, sort and page as read from the address; `total` once the rows are counted."""

    path: str
    q: str = ""
    chosen: dict[str, str] = field(default_factory=dict)  # filter name → value chosen (a key of its choices)
    sort: str = ""
    sorts: dict[str, str] = field(default_factory=dict)  # key → label, the first the default
    filters: list[Filter] = field(default_factory=list)
    page: int = 1
    size: int = SIZES[0]
    total: int = 0
    search_label: str = "Tìm"
    search_hint: str = ""

    @property
    def key(self) -> str:
        """The search folded (no diacritics, lower case): "" when nothing is searched."""
        return search_key(self.q)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    @property
    def last_page(self) -> int:
        return max(1, -(-self.total // self.size))

    def counted(self, total: int, page: int) -> "Listing":
        """The list's count known, and the page shown (a page past the last is the last)."""
        self.total, self.page = total, page
        return self

    @property
    def first_shown(self) -> int:
        return self.offset + 1 if self.total else 0

    @property
    def last_shown(self) -> int:
        return min(self.offset + self.size, self.total)

    @property
    def filtered(self) -> bool:
        return bool(self.key or self.chosen)

    def link(self, **changes: object) -> str:
        """This list's address with some parameters changed (a page, a sort); defaults left out."""
        params: dict[str, object] = {"q": self.q, **self.chosen, "sort": self.sort, "size": self.size, "page": self.page}
        params.update(changes)
        defaults = {"q": "", "sort": next(iter(self.sorts), ""), "size": SIZES[0], "page": 1}
        kept = {name: value for name, value in params.items() if value not in ("", None) and defaults.get(name) != value}
        return self.path + (f"?{urlencode(kept)}" if kept else "")

    def pages(self) -> list[int | None]:
        """The numbers of the pages to link: the first, the last and two either side of this one; None: a gap."""
        wanted = {1, self.last_page, *range(self.page - 2, self.page + 3)}
        numbers = sorted(n for n in wanted if 1 <= n <= self.last_page)
        shown: list[int | None] = []
        for number in numbers:
            if shown and number - shown[-1] > 1:  # type: ignore[operator]
                shown.append(None)
            shown.append(number)
        return shown


def _number(text: str | None, default: int, highest: int) -> int:
    try:
        return min(max(int(text or default), 1), highest)
    except ValueError:
        return default


def read(
    request: Request, sorts: dict[str, str], filters: list[Filter] = (), search_label: str = "Tìm",
    search_hint: str = "",
) -> Listing:
    """The list's parameters from the request's query string, each bounded (see the module's text)."""
    params = request.query_params
    q = " ".join(remove_invisible(params.get("q", ""))[0].split())[:MAX_QUERY]
    chosen = {f.name: params[f.name] for f in filters if params.get(f.name) and params[f.name] in f.choices}
    sort = params.get("sort", "")
    size = _number(params.get("size"), SIZES[0], SIZES[-1])
    return Listing(
        path=request.url.path, q=q, chosen=chosen, sort=sort if sort in sorts else next(iter(sorts)), sorts=sorts,
        filters=list(filters), page=_number(params.get("page"), 1, MAX_PAGE), size=size if size in SIZES else SIZES[0],
        search_label=search_label, search_hint=search_hint,
    )
