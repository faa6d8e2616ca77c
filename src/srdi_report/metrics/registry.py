"""The metric registry: ``@metric`` registers a family function; ``compute`` runs it by name.

A family function takes the firms of the scope and a :class:`MetricContext` and returns a tidy
numeric table (key columns, value columns, ``n`` = firms behind each row). ``compute`` applies
the scope, runs the function, withholds small cells (``suppression.py``) and wraps everything
into a :class:`~srdi_report.metrics.result.MetricResult` with its provenance.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from srdi_report.config.model import Config, MetricsConfig
from srdi_report.errors import InputError
from srdi_report.metrics.columns import ORIGIN, shared_columns
from srdi_report.metrics.dimensions import dimension_keys
from srdi_report.metrics.key_codes import KeyCodes, counts_series, frame_key_codes
from srdi_report.metrics.levels import ALL, level_masks
from srdi_report.metrics.result import MetricResult, Provenance, Suppression, Unit, data_hash
from srdi_report.metrics.scope import Scope
from srdi_report.metrics.suppression import Disclosure, withhold
from srdi_report.registry import Registry

if TYPE_CHECKING:
    from srdi_report.data.geography import Geography

FAMILY_MODULES = (
    "counts",
    "shares",
    "quantiles",
    "bands",
    "crosstabs",
    "rankings",
    "capability",
    "champions",
    "quadrants",
    "growth",
    "patents",
    "histograms",
    "priority",
    # city editions (city_edition.md §3): districts, location quotients, bands vs benchmark
    "districts",
    "location_quotient",
    "city_compare",
    "listing",
)
NO_BENCHMARK = "none"


Memo = dict[tuple[int, str], tuple[pd.DataFrame, Any]]


@dataclass(frozen=True)
class MetricContext:
    """What a family function may read besides the firms of its scope.

    Attributes:
        firms: The whole firm frame (growth reads the previous snapshot from it).
        scope: The scope of the firms handed to the function.
        benchmark: The comparison scope (the metric's default when the caller gave none).
        benchmark_firms: The firms of ``benchmark`` (empty when there is none).
        config: Metrics configuration (``min_cell``).
        geography: Geography reference for names and codes; loaded when None.
        memo: Work shared by the metrics of one call (and by calls given the same memo):
            key columns, level masks, benchmark firms, keyed by the frame object.
    """

    firms: pd.DataFrame
    scope: Scope
    benchmark: Scope | None
    benchmark_firms: pd.DataFrame
    config: MetricsConfig
    geography: Geography | None = None
    memo: Memo = field(default_factory=dict, repr=False, compare=False)

    def keys(self, firms: pd.DataFrame, dimension: str) -> pd.Series:
        """``dimensions.dimension_keys`` of a frame, computed once per frame and dimension."""
        return self._memoised(firms, f"keys:{dimension}", dimension_keys, dimension)  # type: ignore[no-any-return]

    def key_codes(self, firms: pd.DataFrame, dimension: str) -> KeyCodes:
        """The dimension keys of a frame as integer codes (``key_codes.py``), once per frame.

        Rows cut from a frame by ``compute_all`` take the codes of that frame's rows, so the
        keys of the whole frame are factorised once for every scope sharing the memo.
        """

        def build() -> KeyCodes:
            origin = self.origin(firms)
            if origin is not None:
                parent, positions = origin
                codes, uniques = self.key_codes(parent, dimension)
                return codes[positions], uniques
            return frame_key_codes(firms, dimension, self.geography)

        return self.cached(firms, f"codes:{dimension}", build)  # type: ignore[no-any-return]

    def counts(
        self, firms: pd.DataFrame, dimension: str, mask: np.ndarray | None = None
    ) -> pd.Series:
        """Firms per present key (ascending, nulls left out), among ``mask`` when given."""
        if mask is not None:
            return counts_series(self.key_codes(firms, dimension), mask)
        return self.cached(  # type: ignore[no-any-return]
            firms, f"counts:{dimension}", lambda: counts_series(self.key_codes(firms, dimension))
        )

    def origin(self, firms: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray] | None:
        """(frame, row positions) a frame was cut from by ``compute_all``, or None."""
        hit = self.memo.get((id(firms), ORIGIN))
        if hit is None or hit[0] is not firms:
            return None
        origin: tuple[pd.DataFrame, np.ndarray] = hit[1]
        return origin

    def level_masks(
        self, firms: pd.DataFrame, *, with_all: bool = False
    ) -> list[tuple[str, np.ndarray]]:
        """``levels.level_masks`` of a frame, computed once per frame."""

        def build() -> list[tuple[str, np.ndarray]]:
            origin = self.origin(firms)
            if origin is None:
                return level_masks(firms)
            parent, positions = origin
            return [(label, mask[positions]) for label, mask in self.level_masks(parent)]

        masks: list[tuple[str, np.ndarray]] = self.cached(firms, "levels", build)
        return [*masks, (ALL, np.ones(len(firms), dtype=bool))] if with_all else masks

    def cached(self, firms: pd.DataFrame, name: str, build: Callable[[], Any]) -> Any:
        """``build()``, computed once per frame and name for the metrics sharing the memo."""
        return cached(self.memo, firms, name, build)

    def _memoised(
        self, firms: pd.DataFrame, name: str, build: Callable[..., Any], *args: Any
    ) -> Any:
        if args:
            return cached(self.memo, firms, name, lambda: build(firms, *args, self.geography))
        return cached(self.memo, firms, name, lambda: build(firms))


def cached(memo: Memo, firms: pd.DataFrame, name: str, build: Callable[[], Any]) -> Any:
    """Look ``name`` of a frame up in ``memo``, building it on a miss."""
    # The memo keeps the frame itself, so a recycled id() of a dead frame cannot match.
    slot = (id(firms), name)
    hit = memo.get(slot)
    if hit is not None and hit[0] is firms:
        return hit[1]
    value = build()
    memo[slot] = (firms, value)
    return value


MetricFunction = Callable[[pd.DataFrame, MetricContext], pd.DataFrame]


@dataclass(frozen=True)
class MetricDef:
    """One registered metric.

    Attributes:
        name: Metric id (``firms_by_level``).
        unit: Unit of the main value column(s).
        family: Module of the family (``counts``, ``capability`` …).
        chart_ids: Exhibits using the metric, ASCII ids of national_report.md §0 (``c04``).
        label_key: Message id of the label in the catalogs.
        keys: Key columns of the table, in sort order.
        disclosure: IDENTITY (never withheld) or ATTRIBUTE (withheld below ``min_cell``).
        physical_unit: Unit of VALUE numbers (``wan_yuan``, ``persons``, ``items``) or "".
        default_benchmark: Benchmark scope used when the caller gives none (None: no benchmark).
        n_disclosed: False when ``n`` counts firms by an attribute (a band, a holding): a
            withheld row then hides its ``n`` too.
        function: The family function.
    """

    name: str
    unit: Unit
    family: str
    chart_ids: tuple[str, ...]
    label_key: str
    keys: tuple[str, ...]
    disclosure: Disclosure
    physical_unit: str
    default_benchmark: Scope | None
    n_disclosed: bool
    function: MetricFunction = field(repr=False)


METRICS: Registry[MetricDef] = Registry("metric")


def metric(
    name: str,
    unit: Unit,
    *,
    keys: Sequence[str] = (),
    chart_ids: Sequence[str] = (),
    family: str = "",
    label_key: str = "",
    disclosure: Disclosure = Disclosure.ATTRIBUTE,
    physical_unit: str = "",
    default_benchmark: Scope | None = None,
    n_disclosed: bool = True,
) -> Callable[[MetricFunction], MetricFunction]:
    """Decorator: register a family function under ``name``.

    ``family`` defaults to the defining module's name, ``label_key`` to ``metric.<name>``.
    """

    def register(function: MetricFunction) -> MetricFunction:
        definition = MetricDef(
            name=name,
            unit=unit,
            family=family or function.__module__.rsplit(".", 1)[-1],
            chart_ids=tuple(chart_ids),
            label_key=label_key or f"metric.{name}",
            keys=tuple(keys),
            disclosure=disclosure,
            physical_unit=physical_unit,
            default_benchmark=default_benchmark,
            n_disclosed=n_disclosed,
            function=function,
        )
        METRICS.register(name)(definition)
        return function

    return register


def load_families() -> Registry[MetricDef]:
    """Import every family module (each registers its metrics) and return the registry."""
    for module in FAMILY_MODULES:
        importlib.import_module(f"srdi_report.metrics.{module}")
    return METRICS


def compute(
    name: str,
    firms: pd.DataFrame,
    scope: Scope | None = None,
    benchmark: Scope | None = None,
    config: MetricsConfig | Config | None = None,
    *,
    digest: str | None = None,
    geography: Geography | None = None,
) -> MetricResult:
    """Compute one metric for a scope (and benchmark) and wrap it with its provenance.

    Args:
        name: A registered metric id.
        firms: Firm frame with derived columns (``data.derive.add_derived``).
        scope: The firms described; ``Scope()`` (population P, all years) when None.
        benchmark: Comparison scope; the metric's default when None.
        config: ``min_cell`` and friends (``Config`` or its ``metrics`` section); defaults
            when None.
        digest: The frame's :func:`~srdi_report.metrics.result.data_hash`, when the caller
            already has it (it is computed otherwise: pass it when computing many metrics).
        geography: Geography reference; loaded when needed and None.

    Returns:
        The result, small cells withheld.

    Raises:
        UnknownNameError: ``name`` is not registered; the message lists the known metrics.
        InputError: the scope or the metric needs a column the frame lacks.
    """
    return compute_all(
        (name,), firms, scope, benchmark, config, digest=digest, geography=geography
    )[0]


def compute_all(
    names: Sequence[str],
    firms: pd.DataFrame,
    scope: Scope | None = None,
    benchmark: Scope | None = None,
    config: MetricsConfig | Config | None = None,
    *,
    digest: str | None = None,
    geography: Geography | None = None,
    memo: Memo | None = None,
) -> tuple[MetricResult, ...]:
    """Compute several metrics for one scope, filtering and hashing the frame once.

    Arguments as :func:`compute`; results in the order of ``names``. ``memo``: pass the same
    dict to calls on the same frame (every city in turn) to reuse whole-frame work such as the
    benchmark firms; it holds frames, so drop it with the frame.

    Raises:
        UnknownNameError: a name is not registered (before anything is computed).
        InputError: the scope or a metric needs a column the frame lacks.
    """
    registry = load_families()
    definitions = [registry.get(name) for name in names]
    scope = scope or Scope()
    config = _metrics_config(config)
    digest = digest if digest is not None else data_hash(firms)
    batch = memo is not None
    memo = {} if memo is None else memo  # shared by the metrics (and calls, when given)
    scoped, positions = _scope_rows(scope, firms, geography, memo, batch=batch)
    if positions is not None:  # its key codes are the whole frame's, taken at these rows
        memo[(id(scoped), ORIGIN)] = (scoped, (firms, positions))
        # pandas deep-copies attrs into every object derived from a frame (each column read);
        # what the attrs carry (the patents table) is read from the whole frame (context.firms)
        scoped.attrs = {}
    n_firms = len(scoped)
    results = []
    try:
        with shared_columns(memo, from_origin=batch):
            for definition in definitions:
                bench = _benchmark(definition, scope, benchmark)
                bench_firms = (
                    _no_rows(memo, firms)
                    if bench is None
                    else _bench_rows(memo, firms, bench, geography)
                )
                context = MetricContext(firms, scope, bench, bench_firms, config, geography, memo)
                results.append(_run(definition, scoped, context, n_firms, digest))
    finally:
        if scoped is not firms:  # the next scope cuts new rows: drop this one's work
            _forget(memo, scoped)
    return tuple(results)


def _forget(memo: Memo, frame: pd.DataFrame) -> None:
    """Remove a frame's entries from the memo (it holds frames: a loop would keep them all)."""
    for slot in [s for s, (held, _) in memo.items() if held is frame]:
        del memo[slot]


def _scope_rows(
    scope: Scope, firms: pd.DataFrame, geography: Geography | None, memo: Memo, *, batch: bool
) -> tuple[pd.DataFrame, np.ndarray | None]:
    """The scope's rows and their positions in ``firms`` (None: every row, ``firms`` itself).

    In a batch (``memo`` given) a bare city or province scope is a slice of the frame's
    population sorted by place, cut once per frame: taking a city's rows out of 100 columns
    cost more than most of its metrics, a slice is a view. The rows keep their order and
    index labels, so the slice equals the boolean selection.
    """
    place = _place(scope) if batch else None
    if place is not None:
        dimension, code = place
        grouped = _place_groups(firms, dimension, geography, memo)
        bounds = grouped.bounds.get(code)
        if bounds is not None:  # no firm there (or an unknown code): the ordinary path decides
            start, stop = bounds
            positions = grouped.order[start:stop]
            if len(positions) == len(firms):  # a frame of one city's rows: no copy at all
                return firms, None
            return _sorted_frame(firms, dimension, grouped, memo).iloc[start:stop], positions
    mask = scope.mask(firms, geography)
    if mask.all():  # copying 100 columns costs: the frame itself when every row is in
        return firms, None
    return firms.loc[mask], np.flatnonzero(mask)


def _place(scope: Scope) -> tuple[str, str] | None:
    """``("city", code)`` or ``("province", code)`` for a bare place scope, else None."""
    if scope.with_(city=None, province=None) != Scope():
        return None
    if (scope.city is None) == (scope.province is None):
        return None
    return ("city", str(scope.city)) if scope.city else ("province", str(scope.province))


@dataclass(frozen=True)
class _PlaceGroups:
    """The population's rows grouped by place.

    Attributes:
        order: Positions in the whole frame of the population's rows with a place, stably
            sorted by place (ascending positions within a place).
        bounds: ``code -> (start, stop)`` of each place's run in ``order``.
    """

    order: np.ndarray
    bounds: dict[str, tuple[int, int]]


def _sorted_frame(
    firms: pd.DataFrame, dimension: str, grouped: _PlaceGroups, memo: Memo
) -> pd.DataFrame:
    """The whole frame's rows at ``grouped.order``, taken once per frame and dimension."""

    def build() -> pd.DataFrame:
        frame = firms.take(grouped.order)
        frame.attrs = {}  # each slice would deep-copy them; the scope's rows drop them anyway
        return frame

    found: pd.DataFrame = cached(memo, firms, f"sorted:{dimension}", build)
    return found


def _place_groups(
    firms: pd.DataFrame, dimension: str, geography: Geography | None, memo: Memo
) -> _PlaceGroups:
    def build() -> _PlaceGroups:
        keys = dimension_keys(firms, dimension, geography)
        found, uniques = pd.factorize(keys, use_na_sentinel=True)
        found = np.asarray(found)
        placed = np.flatnonzero(np.logical_and(Scope().mask(firms, geography), found >= 0))
        order = placed[np.argsort(found[placed], kind="stable")]
        sizes = np.bincount(found[placed], minlength=len(uniques))
        stops = np.cumsum(sizes)
        bounds = {
            str(u): (int(stops[i] - sizes[i]), int(stops[i]))
            for i, u in enumerate(uniques)
            if sizes[i] > 0
        }
        return _PlaceGroups(order, bounds)

    groups: _PlaceGroups = cached(memo, firms, f"places:{dimension}", build)
    return groups


def _metrics_config(config: MetricsConfig | Config | None) -> MetricsConfig:
    if config is None:
        return MetricsConfig()
    return config.metrics if isinstance(config, Config) else config


def _bench_rows(
    memo: Memo, firms: pd.DataFrame, bench: Scope, geography: Geography | None
) -> pd.DataFrame:
    def build() -> pd.DataFrame:
        rows, positions = _scope_rows(bench, firms, geography, memo, batch=False)
        if positions is not None:  # codes of its keys come from the whole frame's
            memo[(id(rows), ORIGIN)] = (rows, (firms, positions))
        return rows

    frame: pd.DataFrame = cached(memo, firms, f"bench:{bench.key}", build)
    return frame


def _no_rows(memo: Memo, firms: pd.DataFrame) -> pd.DataFrame:
    """The empty benchmark frame, sliced once per frame (slicing 100 columns per metric costs)."""
    frame: pd.DataFrame = cached(memo, firms, "bench:none", lambda: firms.iloc[:0])
    return frame


def _benchmark(definition: MetricDef, scope: Scope, given: Scope | None) -> Scope | None:
    if given is not None:
        return given
    bench = definition.default_benchmark
    if bench is not None and bench.year is None and scope.year is not None:
        bench = bench.with_(year=scope.year)  # a default benchmark compares the same snapshot
    return bench


def _run(
    definition: MetricDef,
    scoped: pd.DataFrame,
    context: MetricContext,
    n_firms: int,
    digest: str,
) -> MetricResult:
    try:
        table = definition.function(scoped, context)
    except KeyError as err:  # a column the data lacks: the user's data, not a bug
        raise InputError(f"metric {definition.name!r} needs column {err.args[0]!r}") from None
    table = _tidy(table, definition.keys)
    suppressed: tuple[Suppression, ...] = ()
    if definition.disclosure is Disclosure.ATTRIBUTE:
        table, suppressed = withhold(
            table, definition.keys, context.config.min_cell, show_n=definition.n_disclosed
        )
    bench = context.benchmark
    provenance = Provenance(
        metric_id=definition.name,
        scope_key=context.scope.key,
        benchmark_key=bench.key if bench is not None else NO_BENCHMARK,
        filter=context.scope.filter_text,
        n_firms=n_firms,
        data_hash=digest,
    )
    return MetricResult(
        metric_id=definition.name,
        scope=context.scope,
        benchmark=bench,
        table=table,
        unit=definition.unit,
        physical_unit=definition.physical_unit,
        label_key=definition.label_key,
        family=definition.family,
        chart_ids=definition.chart_ids,
        n_firms=n_firms,
        suppressed=suppressed,
        provenance=provenance,
    )


def _tidy(table: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """A 0..n−1 index and float value columns; the family fixes the row order (sorted groups)."""
    names = list(table.columns)  # ``k in table.columns`` builds the index's hash table
    missing = [k for k in keys if k not in names]
    if missing:
        raise ValueError(f"metric table lacks key columns {missing}")
    index = table.index
    plain = isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
    # The family's own frame when it already has a 0..n-1 index (a copy costs per metric).
    out = table if plain else table.reset_index(drop=True)
    objects = [column for column in _object_columns(out, names) if column not in keys]
    if objects:
        out = out.copy(deep=False) if out is table else out  # never change the family's frame
        for column in objects:
            out[column] = pd.to_numeric(out[column]).astype(np.float64)
    return out


def _object_columns(table: pd.DataFrame, names: list[Any]) -> list[Any]:
    """The columns of object dtype, in column order (``names``: the frame's columns).

    Read from the frame's blocks when pandas exposes them: ``table.dtypes`` builds a Series
    (and ``table[column]`` one per column), which cost more than many a metric on a city.
    """
    blocks = getattr(getattr(table, "_mgr", None), "blocks", None)
    if blocks is None:  # another pandas: the public way
        return [c for c, dtype in table.dtypes.items() if pd.api.types.is_object_dtype(dtype)]
    positions = sorted(
        int(p) for block in blocks if block.dtype == np.dtype(object) for p in block.mgr_locs
    )
    return [names[p] for p in positions]
