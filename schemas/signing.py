"""Who issues a campaign's documents and who signs them: the issuer as loaded and the signer's lines."""

import unicodedata
from typing import Literal

from pydantic import Field

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


class Signer(Settings):
    sign_as: Literal["TM", "KT"]  # the head ("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", "GIÁM ĐỐC"), or a deputy ("KT. …")
    title: str  # "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "GIÁM ĐỐC"
    name: str

    def titles(self, issuer: Issuer, for_body: bool = False) -> list[str]:
        """The lines above the signer's name (NĐ 30/2020/NĐ-CP, Phụ lục I: "TM." before the collective body a
        head signs for, "KT." before the head's title when a deputy signs for him).

        A People's Committee is a collective body: its Chairman signs "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"; a deputy
        signs a decision and its certificates "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", and a document of the Committee as
        a body (`for_body`: the proposal to the higher level) keeps "TM. ỦY BAN NHÂN DÂN" above it, as the An
        Hải plan signs. A Sở, ban, ngành is headed by one person: its Giám đốc signs "GIÁM ĐỐC", a deputy
        "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC", with no collective line.
        """
        on_behalf = ["TM. ỦY BAN NHÂN DÂN"] if issuer.is_committee else []
        if self.sign_as == "TM":
            return [*on_behalf, self.title]
        head = unicodedata.normalize("NFC", issuer.head_title.upper())
        return [*(on_behalf if for_body else []), f"KT. {head}", self.title]
