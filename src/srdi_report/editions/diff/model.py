"""The edition diff's data (editions.md §3): frozen rows passed from each diff stage to the next.

An :class:`Observation` is one printed number of one edition, reduced to what the metric diff
needs; both the manifests of our own builds (``from_manifest``) and the transcribed published
editions (``published``) are turned into observations, so one code path diffs both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

PERCENT = "percent"
RANK = "rank"


def _empty() -> Mapping[str, str]:
    return MappingProxyType({})


@dataclass(frozen=True)
class ObservationKey:
    """The alignment key of one printed number across editions (editions.md §3.1).

    Attributes:
        metric_id: Stable metric id (or the published ``metric_key``).
        scope: Scope key (``national``, ``city=320500``).
        group_key: Key columns of the row (``level=national``).
        column: Metric column printed ("" when the metric has one).
    """

    metric_id: str
    scope: str
    group_key: str
    column: str = ""

    def text(self) -> str:
        """``metric_id|scope|group_key|column``, the key as one string."""
        return "|".join((self.metric_id, self.scope, self.group_key, self.column))


@dataclass(frozen=True)
class Observation:
    """One number printed by one edition.

    Attributes:
        key: Alignment key.
        value: Unrounded value; percentages in percent (0-100), None when withheld.
        unit: ``percent``, ``rank``, ``count`` or another level unit.
        labels: Label per language (``zh``, ``en``).
        n: Firms behind the number (None unknown).
        suppressed: Withheld below ``min_cell``.
        definition_hash: Formula and parameters ("" unknown: treated as unchanged).
        definition_note: Changelog line per language when the definition moved.
        population_rule: Which firms are counted ("" unknown).
        supersedes: The id of the metric this one replaces ("" none).
        cumulative: A stock that should not fall (counts, cumulative patents).
        exhibits: Exhibit ids (or printed figure names) that print it, in order.
        order: Reading-order position of its first printing (for sorting).
        approx: Printed approximately (about, nearly, ten-thousands): the change is indicative.
    """

    key: ObservationKey
    value: float | None
    unit: str
    labels: Mapping[str, str] = field(default_factory=_empty)
    n: int | None = None
    suppressed: bool = False
    definition_hash: str = ""
    definition_note: Mapping[str, str] = field(default_factory=_empty)
    population_rule: str = ""
    supersedes: str = ""
    cumulative: bool = False
    exhibits: tuple[str, ...] = ()
    order: int = 0
    approx: bool = False


@dataclass(frozen=True)
class EditionSide:
    """One edition as the diff sees it: identity and observations.

    Attributes:
        name: Spec name (``national``).
        year: Edition year.
        cutoff: Snapshot as-of date (ISO).
        label: Short label for headers (``2025``).
        observations: Every printed number, one per key.
        exhibit_order: Exhibit ids in printed order.
    """

    name: str
    year: int
    cutoff: str
    label: str
    observations: tuple[Observation, ...]
    exhibit_order: tuple[str, ...] = ()


@dataclass(frozen=True)
class MetricDiffRow:
    """One row of the metric diff table (editions.md §3.1; column names as there)."""

    key: ObservationKey
    labels: Mapping[str, str]
    unit: str
    old_value: float | None
    new_value: float | None
    abs_change: float | None
    pct_change: float | None
    pp_change: float | None
    rank_change: float | None
    old_n: int | None
    new_n: int | None
    status: str  # both, only_old, only_new, superseded, from zero
    definition_changed: bool
    definition_note: Mapping[str, str]
    comparable: str  # yes, restated, no
    suppressed_old: bool
    suppressed_new: bool
    notes: tuple[str, ...]
    exhibits_old: tuple[str, ...]
    exhibits_new: tuple[str, ...]
    cumulative: bool = False
    notable_rule: str = ""

    @property
    def relative(self) -> float | None:
        """The change that sizes materiality: pp for percentages, else % change."""
        return self.pp_change if self.unit == PERCENT else self.pct_change


@dataclass(frozen=True)
class FlowRow:
    """Firms and Little Giants of one scope in two snapshots (editions.md §5).

    Identities (checked exactly): ``firms_new = firms_old + entered - exited`` with
    ``firms_old = in_both + exited``; ``lg_new = lg_old + upgraded - downgraded + lg_entered -
    lg_exited``.
    """

    scope: str  # national, province=<code>, city=<code>
    code: str
    firms_old: int
    firms_new: int
    in_both: int
    entered: int
    exited: int
    moved_in: int
    moved_out: int
    lg_old: int
    lg_new: int
    upgraded: int
    downgraded: int
    lg_entered: int
    lg_exited: int
    moved_city: int


@dataclass(frozen=True)
class NarratedChange:
    """One narrated change (editions.md §3.2).

    Attributes:
        rule: N1-N9.
        keys: Metric diff keys whose numbers the sentence prints.
        texts: Sentence per language.
        score: Materiality score.
        order: Exhibit order (ties).
        numbers: The numbers printed, for the equality test.
    """

    rule: str
    keys: tuple[str, ...]
    texts: Mapping[str, str]
    score: float
    order: int
    numbers: tuple[float, ...] = ()


@dataclass(frozen=True)
class ExhibitDiff:
    """The chart diff status of one exhibit (editions.md §3.3)."""

    exhibit_id: str
    old_number: int | None
    new_number: int | None
    kind: str
    status: str  # unchanged, data changed, definition changed, added, removed
    titles_old: Mapping[str, str]
    titles_new: Mapping[str, str]
    changed_metrics: int
    images_old: Mapping[str, str]
    images_new: Mapping[str, str]


@dataclass(frozen=True)
class TextOp:
    """One diff operation of a segment: ``equal``, ``delete`` or ``insert`` and its text."""

    op: str
    text: str


@dataclass(frozen=True)
class SegmentDiff:
    """The text diff of one segment in one language (editions.md §3.4)."""

    segment_id: str
    language: str
    status: str  # unchanged, changed, added, removed, moved
    old: str
    new: str
    ops: tuple[TextOp, ...]
    role: str = ""
    section: str = ""
