"""A small evaluator of published/numbers.csv rows on a firm frame (calibration aid for the demo).

Used by tools/check_demo.py until metrics/reproduce.py exists; it implements the scope grammar
of published/README.md for the rows with derivable=firm.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

DERIVED_STATS = {
    "ratio",
    "pp_diff",
    "uplift_pct",
    "sum_share",
    "min_share",
    "max_share",
    "score",
    "gap",
}


def _cond_mask(df: pd.DataFrame, cond: str, ctx: dict) -> pd.Series:
    cond = cond.strip()
    if cond in ("all", ""):
        return pd.Series(True, index=df.index)
    m = re.fullmatch(r"(\S+) not null", cond)
    if m:
        return df[m.group(1)].notna()
    m = re.fullmatch(r"([\d.]+)<=(\w+)<=([\d.]+)", cond)
    if m:
        col = df[m.group(2)]
        return (col >= float(m.group(1))) & (col <= float(m.group(3)))
    m = re.fullmatch(r"([\d.]+)<=(\w+)<([\d.]+)", cond)
    if m:
        col = df[m.group(2)]
        return (col >= float(m.group(1))) & (col < float(m.group(3)))
    m = re.fullmatch(r"(\w+)(>=|<=|<|>)([\d.]+)", cond)
    if m:
        col = df[m.group(1)].astype(float)
        v = float(m.group(3))
        return {">=": col >= v, "<=": col <= v, "<": col < v, ">": col > v}[m.group(2)].fillna(
            False
        )
    m = re.fullmatch(r"(\w+) in top(\d+)", cond)
    if m:
        col, n = m.group(1), int(m.group(2))
        top = top_n(df, col, n)
        return df[col].isin(top)
    m = re.fullmatch(r"(\w+) in \((.*)\)(?: \(each class\))?", cond)
    if m:
        vals = [v.strip().strip('"') for v in m.group(2).split(",")]
        return df[m.group(1)].astype("string").isin(vals).fillna(False)
    m = re.fullmatch(r"(\w+)=(.+)", cond)
    if m:
        col, val = m.group(1), m.group(2).strip().strip('"')
        s = df[col]
        if val in ("true", "false"):
            return (s.astype("boolean").fillna(False) == (val == "true")).astype(bool)
        return (s.astype("string") == val).fillna(False).astype(bool)
    raise ValueError(f"cannot parse condition {cond!r}")


def top_n(df: pd.DataFrame, col: str, n: int) -> list[str]:
    pop = df[df["level"].isin(["national", "provincial"])]
    counts = pop[col].value_counts()
    order = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return [k for k, _ in order[:n]]


def mask(df: pd.DataFrame, scope: str, ctx: dict | None = None) -> pd.Series:
    ctx = ctx or {}
    scope = scope.strip()
    base = df["level"].isin(["national", "provincial"])
    if "single_champion_level" in scope:
        base = pd.Series(True, index=df.index)
    out = base.copy()
    for part in scope.split("&"):
        out &= _cond_mask(df, part, ctx)
    return out


def _field_values(df: pd.DataFrame, field: str) -> pd.Series:
    if "+" in field:
        parts = field.split("+")
        total = df[parts[0]].astype("Float64")
        for p in parts[1:]:
            total = total + df[p].astype("Float64")
        return total.astype(float)
    return df[field].astype("Float64").astype(float)


def stat(df: pd.DataFrame, row: pd.Series) -> float | None:
    scope, st, field = row["scope"], row["statistic"], row["field"]
    if " vs " in scope and st in ("ratio", "pp_diff", "uplift_pct", "score", "gap"):
        a, b = scope.split(" vs ")
        inner = _inner_stat(row)
        va = _single(df, a, inner, field)
        vb = _single(df, b, inner, field)
        if st == "ratio":
            return va / vb
        if st == "pp_diff":
            return va - vb
        if st == "uplift_pct":
            return (va / vb - 1) * 100
        if st == "score":
            return 100 * va / vb
        if st == "gap":
            return 100 - 100 * va / vb
    if st == "score":
        return 100.0
    if st == "pp_diff" and "−" in field:
        a, b = field.split("−")
        return _single(df, scope, "median", a) - _single(df, scope, "median", b)
    if st in ("share", "sum_share") and "|" in scope:
        num, den = scope.split("|")
        if "(each class)" in num:
            raise NotImplementedError
        d = mask(df, den)
        n = mask(df, num) & d
        return 100 * n.sum() / d.sum()
    if st in ("min_share", "max_share"):
        cols = [c.strip() for c in field.split(",")]
        pop = mask(df, "all")
        vals = [100 * (df.loc[pop, c].astype("boolean").fillna(False)).mean() for c in cols]
        return min(vals) if st == "min_share" else max(vals)
    if st == "sum_share":
        num, den = scope.split("|")
        d = mask(df, den)
        n = mask(df, num) & d
        return 100 * n.sum() / d.sum()
    if st == "rank":
        col = field
        val = re.search(rf"{col}=([^&|]+)", scope).group(1).strip()
        pop = df[mask(df, "all")]
        counts = pop[col].value_counts()
        order = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
        names = [k for k, _ in order]
        return float(names.index(val) + 1)
    if st == "count" and field == "city" and "top20" in scope:
        top = top_n(df, "city", 20)
        pop = df[mask(df, "all")]
        cl = pop.drop_duplicates("city").set_index("city")["city_cluster"]
        return float(sum(cl[c] == "yrd" for c in top))
    if st == "pearson_r":
        cols = [c.strip() for c in field.split(",")]
        m = mask(df, "all")
        if "×" in field:
            rs = []
            for s in ("insured_employees", "registered_capital"):
                for ip in ("patents_total", "invention_applications_pending", "invention_grants"):
                    rs.append(_r(df[m], s, ip))
            return min(rs), max(rs)  # type: ignore[return-value]
        if len(cols) == 3:
            return min(
                _r(df[m], cols[0], cols[1]),
                _r(df[m], cols[0], cols[2]),
                _r(df[m], cols[1], cols[2]),
            )
        return _r(df[m], cols[0], cols[1])
    return _single(df, scope, st, field)


def _r(df: pd.DataFrame, a: str, b: str) -> float:
    x = df[a].astype(float)
    y = df[b].astype(float)
    ok = x.notna() & y.notna()
    return float(np.corrcoef(x[ok], y[ok])[0, 1])


def _inner_stat(row: pd.Series) -> str:
    st = row["statistic"]
    field = row["field"]
    scope = row["scope"]
    if st in ("score", "gap"):
        return "median"
    if field in ("city_cluster", "province", "city"):
        return "count"
    if "|" in scope:
        return "share"
    if row["number_id"].startswith("c40") or "_mean_" in row["number_id"]:
        return "mean"
    if "0<=rd_ratio" in scope or row["number_id"].startswith("c11"):
        if "_p50_" in row["number_id"]:
            return "p50"
        if "_p75_" in row["number_id"]:
            return "p75"
        if "_p90_" in row["number_id"]:
            return "p90"
        return "mean"
    if row["number_id"].startswith(("c12",)):
        return row["number_id"].split("_")[2]
    if "/" in field and st != "ratio":
        return "rate_pooled"
    return "median"


def _single(df: pd.DataFrame, scope: str, st: str, field: str) -> float:
    if st == "share" and "|" in scope:
        num, den = scope.split("|")
        d = mask(df, den)
        n = mask(df, num) & d
        return 100 * n.sum() / d.sum()
    m = mask(df, scope)
    if st == "count":
        return float(m.sum())
    if st == "count_distinct":
        return float(df.loc[m, field].nunique())
    if st in ("rate_pooled", "mean_pooled"):
        a, b = field.split("/")
        s = df.loc[m]
        ok = s[a].notna() & s[b].notna()
        v = s.loc[ok, a].astype(float).sum() / s.loc[ok, b].astype(float).sum()
        return 100 * v if st == "rate_pooled" else v
    vals = _field_values(df.loc[m], field).dropna()
    if st == "median" or st == "p50":
        return float(vals.quantile(0.5))
    if st == "mean":
        return float(vals.mean())
    if st.startswith("p"):
        return float(vals.quantile(int(st[1:]) / 100))
    raise ValueError(st)


def round_half_up(v: float, d: int) -> float:
    return float(Decimal(repr(v)).quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP))


def check_row(df: pd.DataFrame, row: pd.Series) -> tuple[bool, object]:
    d = int(row["decimals"] or 0)
    u = 10.0**-d
    value = float(row["value"])
    comp = row["comparator"]
    st = row["statistic"]
    if "(each class)" in row["scope"]:
        num, den = row["scope"].split("|")
        codes = re.search(r"\((.*?)\)", den).group(1).split(",")
        vals = []
        for c in codes:
            sc = f"{num.strip()} | gbt_minor={c.strip()}"
            vals.append(_single(df, sc, "share", row["field"]))
        ok = all(_cmp(v, value, comp, row, u, st) for v in vals)
        return ok, vals
    try:
        v = stat(df, row)
    except Exception as exc:  # noqa: BLE001
        return False, f"ERR {exc}"
    if isinstance(v, tuple):
        lo, hi = v
        ok = _cmp(lo, value, comp, row, u, st) and _cmp(hi, value, comp, row, u, st)
        return ok, v
    if row["unit"].startswith("万家"):
        v = v / 10000
    return _cmp(v, value, comp, row, u, st), v


def _cmp(v: float, value: float, comp: str, row: pd.Series, u: float, st: str) -> bool:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return False
    if comp == "eq":
        if st == "pearson_r":
            return abs(v - value) <= 0.01
        if st == "rank":
            return v == value
        tol = 1.0 * u if st in DERIVED_STATS else 0.5 * u
        return abs(v - value) <= tol + 1e-9
    if comp == "approx":
        return abs(v - value) <= 1.0 * u + 1e-9
    if comp == "gt":
        return v > value
    if comp == "lt":
        return v < value
    if comp == "range":
        hi = float(row["value_high"])
        return value - u - 1e-9 <= v <= hi + u + 1e-9
    return False
