"""The flow table (editions.md §5): firms and Little Giants moving between two snapshots.

Firm ids are stable across snapshots, so every firm of either snapshot is in exactly one of
"in both", "entered" (new only) or "exited" (old only); within a scope (a province, a city) a firm
present in both can also move in or out. Per scope:

* ``firms_old = in_both + exited``, ``firms_new = in_both + entered``, so ``firms_new =
  firms_old + entered - exited`` exactly (``entered`` includes firms that moved in, ``exited``
  those that moved out; ``moved_in`` / ``moved_out`` say how many);
* Little Giants: ``lg_new = lg_old + upgraded - downgraded + lg_entered - lg_exited``, where
  ``upgraded`` / ``downgraded`` are firms in the scope in both snapshots whose level changed.

This stage reads the two snapshots' firm tables (``firm_id``, ``level``, ``province``,
``city_code``), never the manifests.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from srdi_report.config.model import Config
from srdi_report.editions.diff.model import FlowRow
from srdi_report.errors import InputError

NATIONAL_LEVEL = "national"
FLOW_COLUMNS = ("firm_id", "level", "province_code", "city_code")


class FlowError(InputError):
    """A snapshot lacks a column the flow table needs, or an identity does not hold."""


def _frame(firms: pd.DataFrame, province_codes: dict[str, str]) -> pd.DataFrame:
    missing = [c for c in ("firm_id", "level", "city_code") if c not in firms.columns]
    if missing:
        raise FlowError(f"snapshot lacks column(s) {', '.join(missing)}")
    out = pd.DataFrame(
        {
            "firm_id": firms["firm_id"].astype(str).to_numpy(),
            "lg": (firms["level"].astype(str) == NATIONAL_LEVEL).to_numpy(),
            "city": firms["city_code"].astype(str).to_numpy(),
        }
    )
    if "province_code" in firms.columns:
        out["province"] = firms["province_code"].astype(str).to_numpy()
    else:
        out["province"] = out["city"].str[:2].map(province_codes).fillna(out["city"].str[:2])
    return out.drop_duplicates("firm_id").set_index("firm_id")


def _level_rows(merged: pd.DataFrame, scope: str, column: str) -> list[FlowRow]:
    """Every scope value of one level (``province`` or ``city``) at once, vectorised."""
    ga, gb = merged[f"{column}_a"], merged[f"{column}_b"]
    in_a, in_b = merged["in_a"], merged["in_b"]
    lg_a, lg_b = merged["lg_a"], merged["lg_b"]
    same = in_a & in_b & (ga == gb)
    city_moved = merged["city_a"] != merged["city_b"]
    old_side = pd.DataFrame(
        {
            "code": ga,
            "firms_old": in_a,
            "exited": in_a & ~same,
            "moved_out": in_a & in_b & ~same,
            "lg_old": in_a & lg_a,
            "lg_exited": in_a & lg_a & ~same,
            "in_both": same,
            "upgraded": same & ~lg_a & lg_b,
            "downgraded": same & lg_a & ~lg_b,
            "moved_city": same & city_moved,
        }
    )[in_a]
    new_side = pd.DataFrame(
        {
            "code": gb,
            "firms_new": in_b,
            "entered": in_b & ~same,
            "moved_in": in_a & in_b & ~same,
            "lg_new": in_b & lg_b,
            "lg_entered": in_b & lg_b & ~same,
        }
    )[in_b]
    sums = (
        old_side.groupby("code", sort=True)
        .sum()
        .join(new_side.groupby("code", sort=True).sum(), how="outer")
        .fillna(0)
        .astype(np.int64)
    )
    rows = []
    for code, rec in sums.iterrows():
        values = {f: int(rec[f]) for f in _COUNTS}
        rows.append(FlowRow(scope=scope, code=str(code), **values))
    return rows


_COUNTS = (
    "firms_old",
    "firms_new",
    "in_both",
    "entered",
    "exited",
    "moved_in",
    "moved_out",
    "lg_old",
    "lg_new",
    "upgraded",
    "downgraded",
    "lg_entered",
    "lg_exited",
    "moved_city",
)


def check_identities(row: FlowRow) -> None:
    """Raise :class:`FlowError` unless the flow identities hold exactly for ``row``."""
    checks = {
        "firms_old = in_both + exited": row.firms_old == row.in_both + row.exited,
        "firms_new = in_both + entered": row.firms_new == row.in_both + row.entered,
        "firms_new = firms_old + entered - exited": (
            row.firms_new == row.firms_old + row.entered - row.exited
        ),
        "lg_new = lg_old + upgraded - downgraded + lg_entered - lg_exited": (
            row.lg_new
            == row.lg_old + row.upgraded - row.downgraded + row.lg_entered - row.lg_exited
        ),
    }
    broken = [name for name, ok in checks.items() if not ok]
    if broken:
        raise FlowError(f"flow identity broken for {row.scope}: {'; '.join(broken)}")


def flow_table(
    old: pd.DataFrame,
    new: pd.DataFrame,
    *,
    province_codes: dict[str, str] | None = None,
    cities: Iterable[str] = (),
) -> tuple[FlowRow, ...]:
    """Flows between two snapshots: national, every province, and the given cities.

    Args:
        old: The earlier snapshot (``firm_id``, ``level``, ``city_code``, optional
            ``province_code``).
        new: The later snapshot.
        province_codes: Two-digit prefix → province code (default: the prefix padded with
            ``0000``).
        cities: City codes to add rows for (sorted on output); all cities when empty.

    Returns:
        The national row, then provinces by code, then cities by code; identities checked.

    Raises:
        FlowError: a column is missing or an identity fails.
    """
    codes = province_codes or {}
    a, b = _frame(old, codes), _frame(new, codes)
    if not codes:
        a["province"] = a["city"].str[:2] + "0000"
        b["province"] = b["city"].str[:2] + "0000"
    merged = a.join(b, how="outer", lsuffix="_a", rsuffix="_b")
    merged["in_a"] = merged.index.isin(a.index)
    merged["in_b"] = merged.index.isin(b.index)
    for col in ("lg_a", "lg_b"):
        merged[col] = merged[col].astype("boolean").fillna(False).astype(bool)
    for col in ("city_a", "city_b", "province_a", "province_b"):
        merged[col] = merged[col].fillna("").astype(str)
    merged["all_a"] = ""
    merged["all_b"] = ""
    national = _level_rows(merged, "national", "all")
    rows = [replace(r, code="") for r in national]
    rows += _level_rows(merged, "province", "province")
    wanted = set(cities)
    rows += [r for r in _level_rows(merged, "city", "city") if not wanted or r.code in wanted]
    for row in rows:
        check_identities(row)
    return tuple(rows)


def snapshot_ids(config: Config, year: int, data_path: Path | None = None) -> pd.DataFrame:
    """The flow columns of one snapshot: a firm file when given, else the demo of ``year``.

    Only ``firm_id``, ``level`` and ``city_code`` are read from the demo cache (parquet), so
    the flow table does not pay for loading whole snapshots.
    """
    if data_path is not None:
        from srdi_report.data.source import load_source

        return load_source(config, data_path).firms.loc[:, ["firm_id", "level", "city_code"]]
    from srdi_report.data.demo_cache import ensure_demo

    manifest = ensure_demo(config.demo)
    snaps = {s.year: s for s in manifest.snapshots}
    if year not in snaps:
        raise FlowError(f"no demo snapshot for {year} (have {sorted(snaps)})")
    return pd.read_parquet(
        manifest.folder / snaps[year].file, columns=["firm_id", "level", "city_code"]
    )


def flow_frame(rows: Iterable[FlowRow]) -> pd.DataFrame:
    """The flow rows as a table (CSV/XLSX), one column per field."""
    records = [vars(r) for r in rows]
    frame = pd.DataFrame.from_records(records)
    for column in frame.columns:
        if column not in ("scope", "code"):
            frame[column] = frame[column].astype(np.int64)
    return frame
