"""How the council ranks the candidates of a group that passed its threshold, against the award form's quota.

A chain of keys, the first that separates two candidates deciding (`Ranking.order`):

- `votes`: more votes for first.
- `women`: among those the keys before it cannot separate, a woman, or a collective whose members are at
  least 70% women, first: NĐ 152/2025/NĐ-CP Điều 4 (the priority among those equally qualified; the
  70% is NĐ 91/2017 Điều 4 khoản 3's wording, kept by NĐ 98/2023 and NĐ 152/2025: verify against the
  decree's own text, which the search tool could not find). A woman: an individual linked to a registry
  person of sex `nu`; a collective: one linked to a registry unit at least 70% of whose active people are
  registered as `nu` (a person of unknown sex counts as not a woman).
- `direct_work`: an individual linked to a registry person of category `truc_tiep` (người trực tiếp lao
  động, công tác) first: the plan's priority, as the law asks awards to favour them (Luật TĐKT 2022
  Điều 5; NĐ 152/2025 Điều 4 khoản 2: verify the clause).
- `small_collective`: a collective linked to a registry unit with at most `small_collective_max` active
  people first (tập thể nhỏ): the plan's priority.
- `appraisal_order`: the order in which the dossiers were appraised, then the nominee's order: always last.

The default is the law's order: votes, women, appraisal order. Candidates equal on every key but the
appraisal order who straddle a hard quota's edge are a tie the council settles by a re-vote on just them
(`revote_rounds` rounds at most), then by the decision of the council's chair (workflows/tally.py).
"""

from typing import Literal

from pydantic import Field, model_validator

from schemas.settings_base import Settings

RankKey = Literal["votes", "women", "direct_work", "small_collective", "appraisal_order"]
LAW_ORDER: list[RankKey] = ["votes", "women", "appraisal_order"]
WOMEN_SHARE_PERCENT = 70  # a collective "có tỷ lệ nữ từ 70% trở lên" (NĐ 152/2025 Điều 4: verify)
RANK_KEY_NAMES = {
    "votes": "số phiếu đồng ý",
    "women": "ưu tiên nữ, tập thể có từ 70% nữ (NĐ 152/2025/NĐ-CP Điều 4)",
    "direct_work": "ưu tiên người trực tiếp lao động, công tác",
    "small_collective": "ưu tiên tập thể nhỏ",
    "appraisal_order": "thứ tự thẩm định",
}


class Ranking(Settings):
    """The council's ranking chain and how a tie at a hard quota's edge is settled."""

    order: list[RankKey] = Field(default_factory=lambda: list(LAW_ORDER), min_length=3, max_length=5)
    # A collective with at most this many active people in the registry counts as small (small_collective).
    small_collective_max: int | None = Field(None, ge=1, le=10_000)
    # Re-votes of the tied candidates before the council's chair decides (Quy chế of the council: local).
    revote_rounds: int = Field(1, ge=1, le=5)

    @model_validator(mode="after")
    def a_chain(self) -> "Ranking":
        if len(set(self.order)) != len(self.order):
            raise ValueError("thứ tự xếp hạng (order) nêu một tiêu chí hai lần")
        missing = [key for key in ("votes", "women", "appraisal_order") if key not in self.order]
        if missing:
            raise ValueError(
                f"thứ tự xếp hạng (order) thiếu {', '.join(missing)}: số phiếu, ưu tiên nữ (NĐ 152/2025 Điều 4) và "
                "thứ tự thẩm định luôn có"
            )
        if self.order[-1] != "appraisal_order":
            raise ValueError("thứ tự thẩm định (appraisal_order) phải đứng cuối thứ tự xếp hạng (order)")
        if "small_collective" in self.order and self.small_collective_max is None:
            raise ValueError("ưu tiên tập thể nhỏ (small_collective) cần số người tối đa (small_collective_max)")
        return self
