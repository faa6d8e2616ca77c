"""Printed rankings of an edition, read back from its observations.

A ranking metric (``*_ranking``) prints one value per entity of its top-N list (a share per
province, city or industry class). The entity's place in the printed list is its rank, so the
rank rules of editions.md §3.2 (N1 leader, N2 top-N membership, N3 moves) need nothing but the
printed numbers of each edition.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from srdi_report.editions.diff.model import Observation

RANKING_SUFFIX = "_ranking"
RANK_COLUMN = "share"
# Label sources of the entity code in a group key (figures.labels.label_codes).
ENTITY_SOURCES = {"province_code": "province", "city_code": "city", "gbt_major": "gbt_major"}


@dataclass(frozen=True)
class Ranking:
    """One printed ranking: entities in rank order with their values.

    Attributes:
        metric_id: The ranking metric.
        scope: Its scope key.
        entity: Group-key column of the entity (``province_code``).
        codes: Entity codes, rank 1 first.
        values: The ranked value per entity (percent).
    """

    metric_id: str
    scope: str
    entity: str
    codes: tuple[str, ...]
    values: tuple[float, ...]

    @property
    def key(self) -> tuple[str, str, str]:
        """(metric id, scope, entity column), the same for one ranking in two editions."""
        return (self.metric_id, self.scope, self.entity)

    def rank(self, code: str) -> int | None:
        """1-based rank of ``code`` in the printed list, None when not printed."""
        return self.codes.index(code) + 1 if code in self.codes else None

    def value(self, code: str) -> float | None:
        """The printed value of ``code``, None when not printed."""
        return self.values[self.codes.index(code)] if code in self.codes else None


def rankings(observations: Iterable[Observation]) -> dict[tuple[str, str, str], Ranking]:
    """Every printed ranking, by (metric id, scope, entity column)."""
    found: dict[tuple[str, str, str], dict[str, float]] = {}
    for obs in observations:
        key = obs.key
        if not key.metric_id.endswith(RANKING_SUFFIX) or key.column != RANK_COLUMN:
            continue
        entity, sep, code = key.group_key.partition("=")
        if not sep or ";" in code or entity not in ENTITY_SOURCES or obs.value is None:
            continue
        found.setdefault((key.metric_id, key.scope, entity), {})[code] = obs.value
    out = {}
    for rkey, values in sorted(found.items()):
        ordered = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
        out[rkey] = Ranking(
            metric_id=rkey[0],
            scope=rkey[1],
            entity=rkey[2],
            codes=tuple(code for code, _ in ordered),
            values=tuple(v for _, v in ordered),
        )
    return out
