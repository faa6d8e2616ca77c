"""The 2025 demo snapshot, derived from 2026 with the transitions of data_schema.md §6.3.

Entrants (new provincial firms), batch-7 promotions (provincial or absent in 2025), a few
demotions, exits (firms of 2025 gone by 2026, with ids never reused), relocations; cumulative
counts shrink by a firm-level factor so they never decrease, fiscal years shared by both
snapshots are copied unchanged. Entrant rates lean on some provinces, cities and one industry
so that the edition diff has rank changes to narrate (§6.3 list).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from srdi_report.data import demo_identity
from srdi_report.data.reference_files import read_reference_csv

_PREV_SHARE = 0.90  # 2025 firms relative to 2026 (145,000-155,000)
_EXIT_SHARE = 0.01  # of 2025 firms, gone by 2026
_EXIT_NATIONAL = 0.10
_B7_ABSENT = 0.04  # batch-7 firms that were not yet SRDI firms in 2025
_DEMOTED = 120
_MOVED = 60
_GROWTH = (0.88, 0.985)  # 2025 cumulative count = 2026 count times this factor
_EMP_DRIFT = (0.03, 0.12)
_HIGH_TECH_LAPSE = 0.03
CUMULATIVE = (
    "patents_total",
    "patents_valid",
    "invention_applications",
    "invention_applications_pending",
    "invention_grants",
    "inventions_valid",
    "invention_decided",
    "utility_models",
    "designs",
    "pct_applications",
    "foreign_patents",
    "high_value_inventions_valid",
    "invention_citations",
    "patent_citations",
    "award_inventions",
    "standard_inventions",
    "patent_inventors",
    "univ_coop_patents",
    "pledged_patents",
    "licensed_patents",
    "litigated_patents",
    "transferred_patents",
    "digital_tech_patents_valid",
    "software_copyrights",
    "class1_ip",
)


def _entrant_weights(cur: pd.DataFrame) -> np.ndarray:
    """Entry rates by place and industry (read from demo_transitions.csv)."""
    table = read_reference_csv("demo_transitions")
    w = np.ones(len(cur))
    for row in table.itertuples(index=False):
        column, value, factor = str(row.column), str(row.value), float(str(row.entrant_weight))
        w[(cur[column].astype(str) == value).to_numpy()] *= factor
    return w


def previous_snapshot(current: pd.DataFrame, rng: np.random.Generator, year: int) -> pd.DataFrame:
    """The snapshot of ``year`` (one year before ``current``), canonical columns and dtypes."""
    cur = current.reset_index(drop=True)
    n = len(cur)
    snapshot = pd.Timestamp(f"{year}-02-28")
    level = cur["level"].astype(str).to_numpy()
    batch = cur["lg_batch"].astype("Float64").fillna(0).to_numpy(dtype=float)
    latest_batch = int(batch.max())
    b7 = np.flatnonzero(batch == latest_batch)
    prov = np.flatnonzero(level == "provincial")
    b7_absent = rng.choice(b7, size=round(_B7_ABSENT * b7.size), replace=False)
    target = round(_PREV_SHARE * n)
    n_exit = round(_EXIT_SHARE * target)
    n_entrants = n - target - b7_absent.size + n_exit
    w = _entrant_weights(cur)[prov]
    keys = np.log(rng.random(prov.size)) / w
    entrants = prov[np.argsort(-keys)[:n_entrants]]
    gone = np.zeros(n, dtype=bool)
    gone[entrants] = True
    gone[b7_absent] = True
    stay = np.flatnonzero(~gone)
    prev = cur.iloc[stay].copy().reset_index(drop=True)
    stay_level = level[stay]
    stay_batch = batch[stay]
    # Batch-7 firms were provincial.
    promoted = stay_batch == latest_batch
    prev.loc[promoted, "level"] = "provincial"
    prev.loc[promoted, ["lg_batch"]] = pd.NA
    prev.loc[promoted, "lg_recognition_date"] = pd.NaT
    prev.loc[promoted, "hon_little_giant"] = False
    prev.loc[promoted, "is_key_little_giant"] = False
    # Demotions: national in 2025, provincial in 2026 (failed the re-review).
    # Demoted firms were recognised in batches 1-3, at least three years after founding.
    batches = read_reference_csv("demo_batches").set_index("batch")["announced"]
    third = pd.Timestamp(batches["3"]) - pd.Timedelta(days=3 * 366)
    old_enough = (prev["founded_date"] <= third).to_numpy()
    demote_pool = np.flatnonzero((stay_level == "provincial") & ~promoted & old_enough)
    table = read_reference_csv("demo_transitions")
    focus = table.loc[table["demotion_focus"] == "true", ["column", "value"]]
    focus_mask = np.zeros(len(prev), dtype=bool)
    for row in focus.itertuples(index=False):
        focus_mask |= (prev[str(row.column)].astype(str) == str(row.value)).to_numpy()
    in_focus = np.intersect1d(demote_pool, np.flatnonzero(focus_mask))
    half = min(_DEMOTED // 2, in_focus.size)
    demoted = np.concatenate(
        [
            rng.choice(in_focus, size=half, replace=False),
            rng.choice(np.setdiff1d(demote_pool, in_focus), size=_DEMOTED - half, replace=False),
        ]
    )
    founded = prev.loc[demoted, "founded_date"].to_numpy()
    old_batches = np.array(
        [
            int(
                rng.choice(
                    [
                        b
                        for b in (1, 2, 3)
                        if pd.Timestamp(batches[str(b)]) - pd.Timedelta(days=3 * 366) >= f
                    ]
                )
            )
            for f in founded
        ]
    )
    prev.loc[demoted, "level"] = "national"
    prev.loc[demoted, "lg_batch"] = old_batches
    prev.loc[demoted, "lg_recognition_date"] = pd.to_datetime(
        [batches[str(b)] for b in old_batches]
    )
    prev.loc[demoted, "hon_little_giant"] = True
    _shrink(prev, rng)
    _move(prev, rng)
    exits = _exits(prev, cur, n_exit, rng, snapshot)
    prev = pd.concat([prev, exits], ignore_index=True)
    _dates(prev, snapshot, rng)
    _fiscal(prev, cur, year, rng)
    prev["snapshot_date"] = snapshot
    high = prev["hon_high_tech"].to_numpy(dtype=bool)
    lapse = (~high) & (rng.random(len(prev)) < _HIGH_TECH_LAPSE)
    prev.loc[lapse, "hon_high_tech"] = True
    return _order(prev, year)


def _shrink(prev: pd.DataFrame, rng: np.random.Generator) -> None:
    """Cumulative counts one year earlier: never above 2026, identities kept exactly."""
    n = len(prev)
    f = rng.uniform(*_GROWTH, n)

    def scaled(column: str) -> np.ndarray:
        v = prev[column].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        return np.floor(v * f)

    out = {c: scaled(c) for c in CUMULATIVE}
    out["patents_total"] = out["invention_applications"] + out["utility_models"] + out["designs"]
    p = out["patents_total"]
    out["patents_valid"] = np.clip(out["patents_valid"], out["inventions_valid"], p)
    out["digital_tech_patents_valid"] = np.minimum(
        out["digital_tech_patents_valid"], out["patents_valid"]
    )
    for c in (
        "univ_coop_patents",
        "pledged_patents",
        "licensed_patents",
        "litigated_patents",
        "transferred_patents",
    ):
        out[c] = np.minimum(out[c], p)
    for c, v in out.items():
        prev[c] = pd.arrays.IntegerArray(np.where(np.isnan(v), 0, v).astype(np.int64), np.isnan(v))
    emp = prev["insured_employees"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    emp = np.round(emp / np.exp(rng.normal(*_EMP_DRIFT, n)))
    prev["insured_employees"] = pd.arrays.IntegerArray(
        np.where(np.isnan(emp), 0, emp).astype(np.int64), np.isnan(emp)
    )


def _move(prev: pd.DataFrame, rng: np.random.Generator) -> None:
    """A few firms were registered in another city of their province a year earlier."""
    cities = read_reference_csv("cities")
    counties = read_reference_csv("counties")
    provinces = read_reference_csv("provinces").set_index("name_zh_full")["admin_code"]
    movers = rng.choice(len(prev), size=_MOVED, replace=False)
    for i in movers:
        prov_code = provinces[prev.loc[i, "province"]]
        options = cities.loc[
            (cities["province_code"] == prov_code)
            & (cities["name_zh_full"] != prev.loc[i, "city"])
            & (cities["kind"] == "prefecture_city")
        ]
        if options.empty:
            continue
        row = options.iloc[int(rng.integers(0, len(options)))]
        districts = counties.loc[counties["city_code"] == row["admin_code"], "name_zh_full"]
        if districts.empty:
            continue
        prev.loc[i, "city"] = row["name_zh_full"]
        prev.loc[i, "city_code"] = row["admin_code"]
        prev.loc[i, "district"] = districts.iloc[int(rng.integers(0, len(districts)))]


def _exits(
    prev: pd.DataFrame, cur: pd.DataFrame, k: int, rng: np.random.Generator, snapshot: pd.Timestamp
) -> pd.DataFrame:
    """Firms of the earlier snapshot that are gone later: clones with fresh ids and names."""
    national = np.flatnonzero((prev["level"] == "national").to_numpy())
    provincial = np.flatnonzero((prev["level"] == "provincial").to_numpy())
    k_nat = round(_EXIT_NATIONAL * k)
    pick = np.concatenate(
        [
            rng.choice(national, size=k_nat, replace=False),
            rng.choice(provincial, size=k - k_nat, replace=False),
        ]
    )
    out = prev.iloc[pick].copy().reset_index(drop=True)
    taken = set(cur["firm_id"].astype(str)) | set(prev["firm_id"].astype(str))
    out["firm_id"] = demo_identity.firm_ids(len(out), rng, taken)
    cities = read_reference_csv("cities").set_index("admin_code")["name_zh_short"]
    short = out["city_code"].map(cities).to_numpy(dtype=object)
    listed = ~out["listing_board"].isin(["none", "neeq"]).to_numpy()
    used = pd.Index(
        pd.concat(
            [prev["province"] + "|" + prev["name_zh"], cur["province"] + "|" + cur["name_zh"]]
        ).astype(str)
    )
    zh, en = demo_identity.names(out["province"].to_numpy(dtype=object), short, listed, rng)
    for _ in range(20):
        keys = pd.Series(out["province"].astype(str).to_numpy() + "|" + zh.astype(str))
        clash = keys.isin(used).to_numpy() | keys.duplicated().to_numpy()
        if not clash.any():
            break
        zh2, en2 = demo_identity.names(
            out["province"].to_numpy(dtype=object)[clash], short[clash], listed[clash], rng
        )
        zh[clash], en[clash] = zh2, en2
    out["name_zh"], out["name_en"] = zh, en
    # Exits were never batch 7 (they left before it).
    del snapshot
    return out


def _dates(prev: pd.DataFrame, snapshot: pd.Timestamp, rng: np.random.Generator) -> None:
    """Events after the earlier snapshot did not happen yet."""
    late = prev["listing_date"] > snapshot
    prev.loc[late, "listing_board"] = "none"
    prev.loc[late, "listing_date"] = pd.NaT
    late = prev["last_financing_date"] > snapshot
    events = prev["financing_events"].astype("Float64")
    one = late & (events <= 1)
    prev.loc[one, "financing_events"] = 0
    prev.loc[one, ["last_financing_round"]] = pd.NA
    prev.loc[one, "last_financing_date"] = pd.NaT
    more = late & (events > 1)
    prev.loc[more, "financing_events"] = (events[more] - 1).astype("Int64")
    back = pd.to_timedelta(rng.integers(400, 1500, int(more.sum())), unit="D")
    earlier = prev.loc[more, "last_financing_date"] - back
    prev.loc[more, "last_financing_date"] = np.maximum(
        earlier.to_numpy(), prev.loc[more, "founded_date"].to_numpy()
    )


def _fiscal(prev: pd.DataFrame, cur: pd.DataFrame, year: int, rng: np.random.Generator) -> None:
    """Fiscal years up to year - 2; shared years identical; filings by year up to year - 1."""
    first = year - 4
    for stem in ("rd_ratio_", "revenue_growth_"):
        src = prev[f"{stem}{first + 1}"].to_numpy(dtype=float)
        new = np.where(np.isfinite(src), np.round(src + rng.normal(0, 1.5, src.size), 2), np.nan)
        if stem == "rd_ratio_":
            new = np.where(np.isfinite(new), np.maximum(new, 0.5), np.nan)
        prev[f"{stem}{first}"] = new
    p = prev["patents_total"].astype("Float64").to_numpy(dtype=float, na_value=0.0)
    years = [c for c in cur.columns if c.startswith("patent_applications_")]
    base = prev[years[0]].astype("Float64").to_numpy(dtype=float, na_value=0.0)
    prev[f"patent_applications_{year - 6}"] = np.floor(base * rng.uniform(0.6, 1.0, base.size))
    cols = [f"patent_applications_{y}" for y in range(year - 6, year)]
    mat = np.column_stack(
        [prev[c].astype("Float64").to_numpy(dtype=float, na_value=0.0) for c in cols]
    )
    mat[:, -1] = np.floor(mat[:, -1] * 0.45)  # the latest year is incomplete at the snapshot
    total = mat.sum(axis=1)
    over = total > p
    mat[over] = np.floor(mat[over] * (p[over] / np.maximum(total[over], 1))[:, None])
    for j, c in enumerate(cols):
        prev[c] = mat[:, j]


def _order(prev: pd.DataFrame, year: int) -> pd.DataFrame:
    """Input columns in §2 order with the canonical dtypes, sorted by firm_id."""
    from srdi_report.data.demo_frame import input_columns

    dtypes = {"date": "datetime64[ns]", "int": "Int64", "float": "float64", "bool": "boolean"}
    out = {}
    for name, dtype in input_columns(year):
        s = prev[name]
        want = dtypes.get(dtype, "string")
        if dtype == "int" and str(s.dtype) != "Int64":
            s = pd.to_numeric(s).astype("Float64").round().astype("Int64")
        elif dtype == "float":
            s = pd.to_numeric(s).astype("float64").round(2)
        elif dtype == "bool":
            s = s.astype("boolean").fillna(False)
        elif str(s.dtype) != want:
            s = s.astype(want)  # type: ignore[call-overload]
        out[name] = s.reset_index(drop=True)
    frame = pd.DataFrame(out)
    return frame.sort_values("firm_id", kind="stable").reset_index(drop=True)
