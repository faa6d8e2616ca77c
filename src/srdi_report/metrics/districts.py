"""Firms by district within a city (city_edition.md §3 section 3, §4.6).

District means the county-level division; the key is its admin code from the geography
reference. Cities without districts (Dongguan, Zhongshan …) hold towns, streets or parks in
``district``: those have no code and keep their name as key (romanised for English labels, §8).
Firms without a district are counted under ``not_stated``, never dropped. Districts are
identity attributes (§5): counts and shares are never withheld.

The chart shows the largest districts and pools the rest into ``other`` (§3: small districts
pooled); the concentration metric gives the top-1 and top-3 shares of the city's firms.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from pypinyin import Style, lazy_pinyin

from srdi_report.metrics.columns import city_codes
from srdi_report.metrics.registry import MetricContext, metric
from srdi_report.metrics.result import N_COLUMN, Unit
from srdi_report.metrics.suppression import Disclosure

if TYPE_CHECKING:
    from srdi_report.data.geography import Geography

DISTRICT = "district"
OTHER = "other"
NOT_STATED = "not_stated"
DISTRICT_TOP = 8  # districts drawn before the rest are pooled (one card row is 5 + other)
TOP_NS = (1, 3)
LABEL_MSGIDS = {OTHER: "Other", NOT_STATED: "Not stated"}
CITY_LABEL_SOURCES = (
    "district",
    "district_text",
    "city_population",
    "listing_board",
    "financing_round",
)
# label source "city_population": the two populations of a city-versus-benchmark metric
POPULATION_MSGIDS = {"scope": "This city", "benchmark": "Nation"}
# Suffixes dropped from chart labels (written as escapes: no Han characters in src): district,
# county, street, town, township, park.
_TOWN_SUFFIXES = ("\u8857\u9053", "\u56ed\u533a", "\u533a", "\u53bf", "\u9547", "\u4e61")
_EN_SUFFIXES = (" District", " County")


def _geography(geography: Geography | None) -> Geography:
    if geography is None:
        from srdi_report.data.geography import load_geography

        return load_geography()
    return geography


@functools.lru_cache(maxsize=4)  # one geography per process; it is hashable by identity
def county_lookup(geography: Geography) -> dict[tuple[str, str], str]:
    """(city code, full or short county name) → county admin code."""
    out: dict[tuple[str, str], str] = {}
    for county in geography.counties_by_code.values():
        for name in (county.name_zh_full, county.name_zh_short):
            out.setdefault((county.city_code, name), county.admin_code)
    return out


def district_keys(firms: pd.DataFrame, geography: Geography | None) -> np.ndarray:
    """The district key of every firm: county code, town name, or ``not_stated``."""
    if DISTRICT not in firms.columns:
        raise KeyError(DISTRICT)
    lookup = county_lookup(_geography(geography))
    if "city_code" in firms.columns:  # derived at load: no name look-up per firm
        cities = firms["city_code"].astype(object).to_numpy()
    else:
        cities = city_codes(firms, geography).astype(object).to_numpy()
    names = firms[DISTRICT].astype(object).to_numpy()
    pairs = pd.DataFrame({"c": cities, "n": names})
    positions, uniques = pd.factorize(pd.MultiIndex.from_frame(pairs), use_na_sentinel=False)
    keys = []
    for city, name in uniques:
        text = "" if name is None or pd.isna(name) else str(name).strip()
        keys.append(lookup.get((str(city), text), text) if text else NOT_STATED)
    return np.asarray(keys, dtype=object)[positions]


def _newest_batch(context: MetricContext) -> str | None:
    """The newest Little Giant batch in the whole data (``lg_batch`` = latest, §3)."""
    whole = context.firms
    if "lg_batch" not in whole.columns:
        return None

    def newest() -> str | None:
        batches = pd.to_numeric(whole["lg_batch"], errors="coerce").dropna()
        return str(int(batches.max())) if len(batches) else None

    found: str | None = context.cached(whole, "newest_lg_batch", newest)
    return found


def _district_frame(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Per district: firms, LGs and newest-batch LGs, in ranking order (firms desc, key asc)."""
    frame: pd.DataFrame = context.cached(
        firms, "district_frame", lambda: _count_districts(firms, context)
    )
    return frame


def _count_districts(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    keys = district_keys(firms, context.geography)
    national = context.level_masks(firms)[0][1]
    newest = np.zeros(len(firms), dtype=bool)
    batch = _newest_batch(context)
    if batch is not None:
        values = pd.to_numeric(firms["lg_batch"], errors="coerce").to_numpy(dtype=float)
        newest = national & (values == float(batch))
    frame = pd.DataFrame({"key": keys, "firms": 1, "lgs": national, "newest": newest})
    table = frame.groupby("key", sort=True).agg(
        firms=("firms", "sum"), lgs=("lgs", "sum"), newest_lgs=("newest", "sum")
    )
    stated = table.drop(index=NOT_STATED, errors="ignore")
    order = np.lexsort((stated.index.to_numpy(dtype=str), -stated["firms"].to_numpy()))
    ranked = stated.iloc[order]
    if NOT_STATED in table.index:
        ranked = pd.concat([ranked, table.loc[[NOT_STATED]]])
    return ranked.astype(np.int64)


@metric(
    "firms_by_district",
    Unit.SHARE,
    keys=(DISTRICT,),
    chart_ids=(),
    disclosure=Disclosure.IDENTITY,
)
def firms_by_district(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Largest districts by firms, the rest pooled as ``other``, then ``not_stated``.

    Columns: firms, share (of the scope's firms), lgs, newest_lgs (LGs of the newest batch),
    rank (1 = most firms; NaN for the pooled and unstated rows).
    """
    columns = [DISTRICT, "firms", "share", "lgs", "newest_lgs", "rank", N_COLUMN]
    if DISTRICT not in firms.columns:  # the data has no district column: no chart
        return pd.DataFrame({c: [] for c in columns})
    ranked = _district_frame(firms, context)
    stated = ranked.drop(index=NOT_STATED, errors="ignore")
    shown = stated.iloc[:DISTRICT_TOP]
    rows = [(k, *shown.loc[k].to_list(), float(i + 1)) for i, k in enumerate(shown.index)]
    rest = stated.iloc[DISTRICT_TOP:]
    if len(rest):
        rows.append((OTHER, *rest.sum().to_list(), np.nan))
    if NOT_STATED in ranked.index:
        rows.append((NOT_STATED, *list(ranked.loc[NOT_STATED]), np.nan))
    total = len(firms)
    table = pd.DataFrame(rows, columns=[DISTRICT, "firms", "lgs", "newest_lgs", "rank"])
    table["share"] = table["firms"] / total if total else np.nan
    table[N_COLUMN] = total
    return table[columns]


@metric(
    "district_levels",
    Unit.COUNT,
    keys=(DISTRICT, "level"),
    chart_ids=(),
    disclosure=Disclosure.IDENTITY,
)
def district_levels(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """The rows of ``firms_by_district`` split by level: national, then provincial firms.

    Long form for the stacked district bar (the LG segment stacked on the provincial one).
    """
    table = firms_by_district(firms, context)
    rows = []
    for district, total, lgs, n in zip(
        table[DISTRICT], table["firms"], table["lgs"], table[N_COLUMN], strict=True
    ):
        rows.append((district, "national", int(lgs), n))
        rows.append((district, "provincial", int(total - lgs), n))
    return pd.DataFrame(rows, columns=[DISTRICT, "level", "firms", N_COLUMN])


@metric(
    "district_concentration",
    Unit.SHARE,
    keys=("top_n",),
    chart_ids=(),
    disclosure=Disclosure.IDENTITY,
)
def district_concentration(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Share of the scope's firms in its 1 and 3 largest districts (firms without one count).

    Columns: firms, share, districts (how many stated districts the city has); a top-3 row
    needs at least 3 districts (NaN otherwise: the top-3 share would equal the total).
    """
    if DISTRICT not in firms.columns:
        return pd.DataFrame({c: [] for c in ("top_n", "firms", "share", "districts", N_COLUMN)})
    ranked = _district_frame(firms, context)
    stated = ranked.drop(index=NOT_STATED, errors="ignore")["firms"].to_numpy()
    total = len(firms)
    rows = []
    for top in TOP_NS:
        enough = len(stated) >= top
        held = int(stated[:top].sum()) if enough else np.nan
        share = held / total if enough and total else np.nan
        rows.append((top, held, share, len(stated), total))
    return pd.DataFrame(rows, columns=["top_n", "firms", "share", "districts", N_COLUMN])


def city_labels(
    keys: list[str], source: str, english: bool, gettext: Callable[[str], str]
) -> list[str]:
    """Labels of the city edition's own label sources (:data:`CITY_LABEL_SOURCES`)."""
    if source == "city_population":
        return [gettext(POPULATION_MSGIDS[k]) for k in keys]
    if source in ("listing_board", "financing_round"):
        from srdi_report.metrics.listing import BOARD_MSGIDS, ROUND_MSGIDS

        names = BOARD_MSGIDS if source == "listing_board" else ROUND_MSGIDS
        return [gettext(names[k]) for k in keys]
    running = source == "district_text"
    return [
        gettext(LABEL_MSGIDS[k]) if k in LABEL_MSGIDS else district_label(k, english, text=running)
        for k in keys
    ]


def district_label(
    key: str, english: bool, geography: Geography | None = None, *, text: bool = False
) -> str:
    """The label of a district key (§8): short name on charts; English without "District".

    A county code takes the reference names; a town name (no code) is romanised with pypinyin
    (syllables joined, apostrophe before a, o, e) in English. ``other`` and ``not_stated`` are
    message ids the caller translates (:data:`LABEL_MSGIDS`). ``text``: the running-text form
    (label source ``district_text``), the full Chinese name and the English name with
    "District".
    """
    county = _geography(geography).counties_by_code.get(key)
    if county is not None:
        if text:
            return county.name_en if english else county.name_zh_full
        if not english:
            return county.name_zh_short or county.name_zh_full
        name = county.name_en
        for suffix in _EN_SUFFIXES:
            name = name.removesuffix(suffix)
        return name
    if not english:
        return key
    return romanise(_strip_suffix(key))


def _strip_suffix(name: str) -> str:
    for suffix in _TOWN_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def romanise(text: str) -> str:
    """Toneless pinyin, syllables joined, first letter capital, apostrophes per §8."""
    syllables = [
        s.replace("v", "u")
        for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore", v_to_u=False)
        if s
    ]
    if not syllables:
        return ""
    word = syllables[0]
    for syllable in syllables[1:]:
        word += ("'" if syllable[0] in "aoe" else "") + syllable
    return word[0].upper() + word[1:]
