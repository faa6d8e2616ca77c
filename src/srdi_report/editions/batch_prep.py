"""What a city batch computes once (city_edition.md §7), and caches by the source's content key.

For every city: the hash of its firm rows, its firm and Little Giant counts, and the results its
edition reads beyond its own rows (national, provincial and cluster benchmarks, rankings among
cities, scores against the nation's firms). Benchmarks shared by many cities are computed once
(one engine call per distinct request) and handed to each city that reads them. Entries are
cached per city under the source key, so an unchanged rerun never loads the firm table.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from srdi_report.config.model import Config
from srdi_report.editions.batch_task import city_spec, own_requests
from srdi_report.editions.cache import BuildCache, code_version, content_key
from srdi_report.editions.results import METRIC_CODE, SourceSummary
from srdi_report.editions.spec import MetricRequest
from srdi_report.metrics.columns import FIN_YEAR_LAG
from srdi_report.metrics.registry import Memo
from srdi_report.metrics.result import MetricResult

log = logging.getLogger(__name__)

NATIONAL_LEVEL = "national"


@dataclass(frozen=True, eq=False)
class CityPrep:
    """One city's share of the batch's shared work.

    Attributes:
        code: Admin code.
        row_hash: SHA-256 of the city's rows (pandas' stable row hashes, in table order).
        firms: Firms of the city in the population.
        lgs: National-level Little Giants among them.
        shared: Results the task cannot compute from its rows, by result key.
    """

    code: str
    row_hash: str
    firms: int
    lgs: int
    shared: Mapping[str, MetricResult]


@dataclass(frozen=True, eq=False)
class SourcePrep:
    """The loaded source of a batch (None fields until the table is loaded).

    Attributes:
        summary: Source summary (as-of date, label, warnings).
        digest: ``data_hash`` of the whole frame.
        firms: The firm frame, when loaded in this run.
        city_keys: The city code of every row, when loaded in this run.
        plain: The same frame without ``attrs``, the one tasks' rows are cut from.
    """

    summary: SourceSummary
    digest: str
    firms: pd.DataFrame | None = None
    city_keys: np.ndarray | None = None
    plain: pd.DataFrame | None = None

    def rows(self, code: str) -> pd.DataFrame:
        """The firm rows of city ``code`` (every snapshot of it)."""
        if self.firms is None or self.city_keys is None:
            raise RuntimeError("the firm table is not loaded")  # a bug of the caller
        plain = self.plain if self.plain is not None else self.firms
        rows: pd.DataFrame = plain.loc[self.city_keys == code]
        return rows


def prep_key(source_key: str, config: Config, year: int) -> str:
    """The key every cached piece of a batch's shared work is stored under."""
    return content_key(
        "city-batch", source_key, code_version(*METRIC_CODE), config.metrics.min_cell, year
    )


def city_prep_key(base: str, code: str, config: Config, year: int) -> str:
    """The cache key of one city's prep: the batch's key and the results shared with its task."""
    spec = city_spec(code, year, config)
    mine = set(own_requests(spec))
    shared = sorted(r.result_key for r in spec.metric_requests() if r not in mine)
    return content_key(base, code, shared)


def cached_prep(
    cache: BuildCache, base: str, codes: Sequence[str], config: Config, year: int
) -> tuple[SourcePrep | None, dict[str, CityPrep]]:
    """The cached source summary and every city's prep found in the cache."""
    source = cache.load("batch-source", base)
    found = {}
    for code in codes:
        hit = cache.load("batch-city", city_prep_key(base, code, config, year))
        if isinstance(hit, CityPrep):
            found[code] = hit
    return (source if isinstance(source, SourcePrep) else None), found


def load_prep(
    config: Config,
    data_path: Path | None,
    today: date | None,
    source_key: str,
) -> SourcePrep:
    """Load and validate the firm table (once per batch) and key its rows by city.

    Raises:
        DataError: the table fails validation (nothing is built).
    """
    from srdi_report.data.geography import load_geography
    from srdi_report.data.source import load_source
    from srdi_report.metrics.dimensions import dimension_keys
    from srdi_report.metrics.result import data_hash

    source = load_source(config, data_path, today=today)
    firms = source.firms
    summary = SourceSummary(
        key=source_key,
        snapshot_date=source.snapshot_date,
        fin_year=source.snapshot_date.year - FIN_YEAR_LAG,
        label=source.label,
        firms=len(firms),
        warnings=source.warnings,
    )
    keys = dimension_keys(firms, "city", load_geography()).astype(object).fillna("").to_numpy()
    # pandas deep-copies attrs into every slice: the whole patents table (about 140 MB) would be
    # copied for each city and travel with its task. No metric computed from a city's rows
    # reads it (own_requests), so tasks' rows are cut from a view without attrs.
    plain = firms.copy(deep=False)
    plain.attrs = {}
    return SourcePrep(summary, data_hash(firms), firms, keys.astype(str), plain)


def compute_prep(
    source: SourcePrep,
    codes: Sequence[str],
    config: Config,
    year: int,
    *,
    progress: Callable[[str], None] | None = None,
) -> dict[str, CityPrep]:
    """Row hashes, counts and shared results of ``codes``, one engine call per distinct request.

    A request in a scope other than the city's (``national``, ``province=…``, ``cluster=…``)
    is the same for every city that reads it and is computed once; a city-scope request with
    an explicit benchmark (scores against the nation) is computed on the whole frame per city,
    the nation's part memoised once.
    """
    from srdi_report.data.geography import load_geography
    from srdi_report.metrics.scope import Scope

    assert source.firms is not None
    assert source.city_keys is not None
    firms, keys = source.firms, source.city_keys
    geography = load_geography()
    say = progress or (lambda _text: None)
    row_hashes = pd.util.hash_pandas_object(firms, index=False).to_numpy()
    in_population = Scope().mask(firms, geography)
    national = (firms["level"].astype(object) == NATIONAL_LEVEL).to_numpy(dtype=bool)
    memo: Memo = {}
    shared: dict[tuple[str, str, str], MetricResult] = {}
    preps: dict[str, CityPrep] = {}
    for position, code in enumerate(codes):
        if position % 50 == 0:
            say(f"benchmarks ({position}/{len(codes)} cities)")
        spec = city_spec(code, year, config)
        mine = set(own_requests(spec))
        theirs = [r for r in spec.metric_requests() if r not in mine]
        results: dict[str, MetricResult] = {}
        for request in theirs:
            if not request.scope:  # the city against a benchmark: this city's alone
                results[request.result_key] = _compute(
                    request, spec.scope, firms, config, source.digest, memo
                )
                continue
            slot = (request.metric, request.scope, request.benchmark)
            if slot not in shared:
                shared[slot] = _compute(request, request.scope, firms, config, source.digest, memo)
            results[request.result_key] = shared[slot]
        in_city = keys == code
        digest = hashlib.sha256(row_hashes[in_city].tobytes()).hexdigest()
        counted = in_city & in_population
        preps[code] = CityPrep(
            code=code,
            row_hash=digest,
            firms=int(counted.sum()),
            lgs=int((counted & national).sum()),
            shared=results,
        )
    return preps


def _compute(
    request: MetricRequest,
    scope_text: str,
    firms: pd.DataFrame,
    config: Config,
    digest: str,
    memo: Memo,
) -> MetricResult:
    from srdi_report.data.geography import load_geography
    from srdi_report.metrics.registry import compute_all
    from srdi_report.metrics.scope import Scope

    benchmark = Scope.parse(request.benchmark) if request.benchmark else None
    (result,) = compute_all(
        [request.metric],
        firms,
        Scope.parse(scope_text),
        benchmark,
        config,
        digest=digest,
        geography=load_geography(),
        memo=memo,
    )
    return result


def store_prep(
    cache: BuildCache,
    base: str,
    source: SourcePrep,
    preps: Mapping[str, CityPrep],
    config: Config,
    year: int,
) -> None:
    """Cache the source summary (without the frame) and each city's prep."""
    cache.store("batch-source", base, SourcePrep(source.summary, source.digest))
    for code, prep in preps.items():
        cache.store("batch-city", city_prep_key(base, code, config, year), prep)
