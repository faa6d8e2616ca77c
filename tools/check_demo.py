"""Print the published rows the demo misses (calibration check for data/demo*.py).

Usage: .venv/bin/python tools/check_demo.py [--seed N] [--all]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))


def quick_frame(seed: int) -> pd.DataFrame:
    from srdi_report.data.demo_build import build_core
    from srdi_report.data.demo_targets import load_targets

    t0 = time.time()
    b = build_core(load_targets(), np.random.Generator(np.random.PCG64(seed)))
    print(f"core build {time.time() - t0:.1f}s", file=sys.stderr)
    pop = b.pop
    df = pd.DataFrame(
        {
            "level": np.where(pop.national, "national", "provincial"),
            "province": pop.province,
            "city": pop.city,
            "gbt_minor": pop.minor,
        }
    )
    for k, v in b.columns.items():
        df[k] = v
    if "std_total" not in df:
        df["std_total"] = np.where(df.pop("_has_standard"), 5, 0)
    return df


def derive(df: pd.DataFrame) -> pd.DataFrame:
    from srdi_report.data.industry import load_industry
    from srdi_report.data.reference_files import read_reference_csv

    ind = load_industry()
    out = df.copy()
    out["gbt_middle"] = out["gbt_minor"].str[:3]
    out["gbt_major"] = out["gbt_minor"].str[:2]
    sec = read_reference_csv("gbt4754_2017").set_index("code")["section"]
    out["gbt_section"] = out["gbt_major"].map(sec)
    fd = {c: ind.field_class(c).field_domain for c in out["gbt_minor"].unique()}
    out["field_domain"] = out["gbt_minor"].map(fd)
    prov = read_reference_csv("provinces").set_index("admin_code")["name_zh_full"]
    cl = read_reference_csv("city_clusters")
    cl = cl[(cl.scheme == "report") & (cl.member_level == "province")]
    cmap = dict(zip(cl.member_code.map(prov), cl.cluster_key, strict=True))
    out["city_cluster"] = out["province"].map(cmap).fillna("other")
    e = out["insured_employees"].astype(float)
    bands = pd.cut(
        e,
        [-1, 50, 100, 200, 500, 1000, 1e12],
        labels=["0–50", "51–100", "101–200", "201–500", "501–1000", ">1000"],
    )
    out["emp_band"] = bands.astype("string")
    out["has_standard"] = out["std_total"].astype(float) > 0
    ev = ["eval_intl_adv_or_lead", "eval_dom_adv_or_lead", "eval_reach_intl", "eval_reach_dom"]
    out["has_tech_eval"] = out[ev].any(axis=1)
    r = out["rd_ratio_2024"].astype(float)
    out["rd_band_2024"] = np.where(
        r.isna(), None, np.where(r >= 25, "high", np.where(r >= 15, "mid", "low"))
    )
    out["hon_single_champion"] = out["single_champion_level"] != "none"
    out["is_listed"] = ~out["listing_board"].isin(["none", "neeq"])
    grp = read_reference_csv("report_industry_groups").set_index("group_id")
    hp = grp.loc["hp_fibre_composites", "member_codes"].split(";")
    out["report_industry_group"] = np.where(out["gbt_minor"].isin(hp), "hp_fibre_composites", None)
    try:
        from srdi_report.data.derive import kcl_score
        from srdi_report.data.derive_params import DeriveParameters

        out["kcl_score"] = kcl_score(out, DeriveParameters())
    except Exception as exc:  # noqa: BLE001
        print("kcl:", exc, file=sys.stderr)
        out["kcl_score"] = np.nan
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=20260228)
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    import demo_eval

    from srdi_report.data.demo_targets import numbers_path

    df = derive(quick_frame(args.seed))
    rows = pd.read_csv(numbers_path(), dtype=str, keep_default_na=False)
    rows = rows[(rows.derivable == "firm") & (rows.status == "consistent")]
    if args.only:
        rows = rows[rows.number_id.str.startswith(tuple(args.only.split(",")))]
    bad = 0
    for _, row in rows.iterrows():
        ok, v = demo_eval.check_row(df, row)
        if not ok:
            bad += 1
        if not ok or args.all:
            print(f"{'ok ' if ok else 'BAD'} {row.number_id:32s} want {row.value:>8s} got {v}")
    print(f"{len(rows) - bad} of {len(rows)} ok")


if __name__ == "__main__":
    main()
