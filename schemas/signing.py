"""Who issues a campaign's documents and who signs them: the issuer as loaded, the signer, and the signature
forms of Nghị định 30/2020/NĐ-CP (Điều 13, thẩm quyền ký; Phụ lục I Mục II khoản 7, the lines above the name).

The forms are data: which lines each way of signing (`sign_as`) prints (FORMS), which kinds of issuer work as a
collective body whose documents carry "TM." (COLLECTIVE_BODIES), and in which capacity each document of a campaign
is signed (DOCUMENT_CAPACITY), which a plan may override (Signatures).
"""

import unicodedata
from enum import StrEnum
from typing import Literal

from pydantic import Field, model_validator

from schemas.directory import IssuerKind
from schemas.settings_base import MAX_ITEMS, Settings


class Issuer(Settings):
    """The issuer as the campaign was loaded. A settings file names it by code (`issuer: ke-sat`); loading
    writes in the directory's record of it (db/issuers.py), so the campaign's documents print what it was."""

    code: str | None = None  # None: a campaign loaded before issuers had records of their own
    name: str  # "Ủy ban nhân dân xã Kẻ Sặt"
    level: IssuerKind
    place: str  # the place name of the date line: "Kẻ Sặt"
    superior: str | None = None  # the body above, shown over the issuer in the header
    body_code: str = "UBND"  # the issuer's part of a document number: "12/QĐ-UBND"
    head_title: str = "Chủ tịch"  # its head's title: Chủ tịch, Giám đốc, Trưởng ban
    recipients: list[str] = Field([], max_length=MAX_ITEMS)  # Nơi nhận of its decisions, after "Như Điều 3"

    @property
    def is_committee(self) -> bool:
        """Whether the issuer is a People's Committee (a collective body whose Chairman signs "TM."), not a Sở,
        ban, ngành, whose head signs in his own name."""
        return self.level != IssuerKind.so_ban_nganh

    @property
    def collective_body(self) -> str | None:
        """The name a "TM." line gives the issuer as a collective body, None for one headed by one person."""
        return COLLECTIVE_BODIES.get(self.level)


class Capacity(StrEnum):
    """In what capacity a document of the issuer is signed."""

    own = "own"  # the head's own power: his title alone ("CHỦ TỊCH", "GIÁM ĐỐC")
    body = "body"  # the issuer's as a collective body: "TM. ỦY BAN NHÂN DÂN" above, where the issuer is one


# The kinds of issuer that work as a collective body (chế độ tập thể, NĐ 30/2020 Điều 13 khoản 2: its head "thay
# mặt tập thể lãnh đạo ký các văn bản của cơ quan"), with the name "TM." stands before; a Sở, ban, ngành works
# under its head (chế độ thủ trưởng, khoản 1) and has none.
COLLECTIVE_BODIES: dict[IssuerKind, str] = {kind: "ỦY BAN NHÂN DÂN" for kind in IssuerKind if kind != IssuerKind.so_ban_nganh}

DocumentKind = Literal["decision", "certificate", "higher_proposal"]

# The capacity each document of a campaign is signed in, unless the plan says otherwise (Signatures). A Giấy khen
# is the Chairman's (or the Thủ trưởng's) own power, Luật Thi đua, khen thưởng 2022 Điều 80 khoản 1–3 ("Chủ tịch
# Ủy ban nhân dân cấp xã quyết định tặng … giấy khen"): its decision and certificates are signed "CHỦ TỊCH", not
# "TM. ỦY BAN NHÂN DÂN". The tờ trình to the level above is the Committee's own document, as An Hải's plan signs it.
DOCUMENT_CAPACITY: dict[DocumentKind, Capacity] = {
    "decision": Capacity.own,
    "certificate": Capacity.own,  # follows the decision's (Signatures.of)
    "higher_proposal": Capacity.body,
}

SignAs = Literal["TM", "head", "KT", "Q", "TL", "TUQ"]

# The lines above the signer's name for each way of signing, NĐ 30/2020 Phụ lục I Mục II khoản 7 điểm a: "{head}" is
# the head's title, "{title}" the signer's own, in upper case.
FORMS: dict[SignAs, list[str]] = {
    "head": ["{title}"],  # the head in his own name; "{title}" defaults to the head's title
    "TM": ["{title}"],  # the same: the head, as the seed plans write it ("TM." is the document's, not the signer's)
    "KT": ["KT. {head}", "{title}"],  # ký thay: a deputy signs for the head (Điều 13 khoản 1, 2)
    "Q": ["Q. {head}"],  # quyền: the one given the head's powers signs as acting head
    "TL": ["TL. {head}", "{title}"],  # thừa lệnh: an office head by the head's order (Điều 13 khoản 4)
    "TUQ": ["TUQ. {head}", "{title}"],  # thừa ủy quyền: a unit head by the head's written authority (khoản 3)
}
# The ways of signing that may stand under "TM. <the collective body>": the head and whoever signs as him, a deputy
# for him or an acting head (Điều 13 khoản 2). Thừa lệnh and thừa ủy quyền are the head's delegations (khoản 3–4):
# their lines name the head's title, with no collective line above (verify: NĐ 30/2020 shows no TL. under TM.).
UNDER_BODY: frozenset[str] = frozenset({"head", "TM", "KT", "Q"})
NEEDS_TITLE: frozenset[str] = frozenset({"KT", "TL", "TUQ"})


def _upper(text: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).upper())


class Signer(Settings):
    sign_as: SignAs  # how the signer signs: FORMS
    # The signer's own title line: "PHÓ CHỦ TỊCH" (KT.), "CHÁNH VĂN PHÒNG" (TL.), "GIÁM ĐỐC TRUNG TÂM …" (TUQ.);
    # for the head, his title (left out: the issuer's head's); none for Q., whose line is the head's title.
    title: str | None = Field(None, min_length=1, max_length=100)
    name: str = Field(max_length=100)

    @model_validator(mode="after")
    def title_as_the_form_needs(self) -> "Signer":
        if self.sign_as in NEEDS_TITLE and self.title is None:
            raise ValueError(f"ký {self.sign_as}. cần chức vụ của người ký (title), ví dụ PHÓ CHỦ TỊCH, CHÁNH VĂN PHÒNG")
        if self.sign_as == "Q" and self.title is not None:
            raise ValueError("ký Q. ghi chức vụ của người đứng đầu (Q. GIÁM ĐỐC), không ghi chức vụ riêng (bỏ title)")
        return self

    def lines(self, issuer: Issuer, capacity: Capacity) -> list[str]:
        """The lines above the signer's name on a document signed in `capacity` (DOCUMENT_CAPACITY).

        A document of a collective body (`body`, an issuer in COLLECTIVE_BODIES) opens with "TM. ỦY BAN NHÂN DÂN"
        above the head or whoever signs as him: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH". A document of
        the head's own power has the form's lines alone: "CHỦ TỊCH", "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC", "Q. GIÁM ĐỐC".
        """
        head = _upper(issuer.head_title)
        title = _upper(self.title) if self.title else head
        lines = [line.format(head=head, title=title) for line in FORMS[self.sign_as]]
        body = issuer.collective_body if capacity == Capacity.body and self.sign_as in UNDER_BODY else None
        return [f"TM. {body}", *lines] if body else lines

    def titles(self, issuer: Issuer, for_body: bool = False) -> list[str]:
        """The lines the campaign workflow records with the signer's name at signing (its `_signer_text`), kept
        as they were when workflows began to record them, so that a history replays: a Committee's Chairman as
        "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", a deputy "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH". The documents print `lines`.
        """
        if self.sign_as not in ("TM", "KT"):  # forms that came after: no history holds them
            return self.lines(issuer, Capacity.body if for_body else Capacity.own)
        on_behalf = ["TM. ỦY BAN NHÂN DÂN"] if issuer.is_committee else []
        if self.sign_as == "TM":
            return [*on_behalf, self.title or _upper(issuer.head_title)]
        return [*(on_behalf if for_body else []), f"KT. {_upper(issuer.head_title)}", self.title]


class Signatures(Settings):
    """The capacity a plan's documents are signed in, where it differs from DOCUMENT_CAPACITY: a plan whose
    Committee decides the awards as a body (`decision: body`) prints "TM. ỦY BAN NHÂN DÂN" above its signer, and
    names the Committee, not its Chairman, as the decision's author."""

    decision: Capacity | None = None  # None: own (Luật TĐKT 2022 Điều 80); the certificates follow the decision
    higher_proposal: Capacity | None = None  # None: body, the Committee's tờ trình to the level above

    def of(self, document: DocumentKind) -> Capacity:
        chosen = {"decision": self.decision, "certificate": self.decision, "higher_proposal": self.higher_proposal}
        return chosen[document] or DOCUMENT_CAPACITY[document]
