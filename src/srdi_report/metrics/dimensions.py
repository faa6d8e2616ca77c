"""The identity dimensions firms are counted by, and their key per firm.

A dimension's key is an admin code (provinces, cities), a GB/T code or an English key, never a
name: names differ between languages and spellings (style_guide.md §3).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from srdi_report.metrics.columns import city_codes, codes, province_codes

if TYPE_CHECKING:
    from srdi_report.data.geography import Geography

# dimension -> key column of the metric tables (firm column unless it is an admin code)
KEY_COLUMNS = {
    "level": "level",
    "province": "province_code",
    "city": "city_code",
    "cluster": "city_cluster",
    "region": "region",
    "gbt_section": "gbt_section",
    "gbt_major": "gbt_major",
    "gbt_middle": "gbt_middle",
    "gbt_minor": "gbt_minor",
    "field_domain": "field_domain",
    "industry_type4": "industry_type4",
}


def dimension_keys(
    firms: pd.DataFrame, dimension: str, geography: Geography | None = None
) -> pd.Series:
    """The key of every firm on a dimension, as ``string`` (null when unknown).

    A name that is not a dimension is read as a firm column (``emp_band``, ``quadrant``).
    """
    if dimension == "province":
        return province_codes(firms, geography)
    if dimension == "city":
        return city_codes(firms, geography)
    return codes(firms, KEY_COLUMNS.get(dimension, dimension))


SMALL_FRAME = 20_000  # below this many keys a sort beats pandas' per-call factorize overhead


def counts_by(keys: pd.Series) -> pd.Series:
    """Firms per key, keys sorted ascending, nulls left out (one factorize and a bincount)."""
    if len(keys) < SMALL_FRAME:
        # A city's few hundred keys: numpy's sort of the present keys costs a tenth of
        # pd.factorize on a string Series; both order keys by code point, so the result is
        # the same.
        values = keys.to_numpy(dtype=object)
        present = values[~pd.isna(values)]  # on the array: Series.notna costs more here
        found, positions = np.unique(present.astype(str), return_inverse=True)
        counts = np.bincount(positions.ravel(), minlength=len(found)).astype(np.int64)
        return pd.Series(counts, index=pd.Index(found.astype(object)))
    positions, uniques = pd.factorize(keys, sort=True, use_na_sentinel=True)
    counts = np.bincount(positions[positions >= 0], minlength=len(uniques)).astype(np.int64)
    return pd.Series(counts, index=pd.Index(np.asarray(uniques, dtype=object)))


def ranked(counts: pd.Series) -> pd.Series:
    """Counts in ranking order: firms descending, then key ascending (national_report.md §0)."""
    order = np.lexsort((counts.index.to_numpy(dtype=str), -counts.to_numpy()))
    return counts.iloc[order]
