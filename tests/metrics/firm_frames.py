"""Small hand-made firm frames with the derived columns the metrics read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from srdi_report.data.derive import emp_band, quadrant, rd_band
from srdi_report.data.derive_params import DeriveParameters

# (province, city) full names and codes used by the fixtures
SUZHOU = ("江苏省", "苏州市")
NANJING = ("江苏省", "南京市")
SHENZHEN = ("广东省", "深圳市")
HEFEI = ("安徽省", "合肥市")
CLUSTER = {"江苏省": "yrd", "广东省": "prd", "安徽省": "yrd"}
REGION = {"江苏省": "east", "广东省": "east", "安徽省": "central"}

NUMERIC = (
    "registered_capital",
    "insured_employees",
    "patents_total",
    "invention_applications",
    "invention_applications_pending",
    "invention_grants",
    "invention_decided",
    "software_copyrights",
    "std_total",
)


def firm(level: str, place: tuple[str, str] = SUZHOU, **values: Any) -> dict[str, Any]:
    """One firm row; numbers default to 1, flags to False."""
    row: dict[str, Any] = {
        "firm_id": "",
        "snapshot_year": 2026,
        "level": level,
        "province": place[0],
        "city": place[1],
        "city_cluster": CLUSTER[place[0]],
        "region": REGION[place[0]],
        "gbt_section": "C",
        "gbt_major": "39",
        "gbt_middle": "397",
        "gbt_minor": "3973",
        "field_domain": "electronics_core",
        "industry_type4": "hard_tech",
        "single_champion_level": "none",
        "is_listed": False,
        "has_standard": False,
        "has_tech_eval": False,
        "capital_ge_1yi": False,
    }
    row.update({c: 1.0 for c in NUMERIC})
    row.update(values)
    return row


def frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """A typed frame (nullable dtypes as the loader gives them) with ids, quadrant and bands."""
    firms = pd.DataFrame([dict(r) for r in rows])
    firms["firm_id"] = [f"F{i:05d}" for i in range(len(firms))]
    for column in (
        "level",
        "province",
        "city",
        "city_cluster",
        "region",
        "gbt_section",
        "gbt_major",
        "gbt_middle",
        "gbt_minor",
        "field_domain",
        "industry_type4",
        "single_champion_level",
    ):
        firms[column] = firms[column].astype("string")
    for column in ("is_listed", "has_standard", "has_tech_eval", "capital_ge_1yi"):
        firms[column] = firms[column].astype("boolean")
    firms["snapshot_year"] = firms["snapshot_year"].astype("Int64")
    employees = firms["insured_employees"].to_numpy(dtype=float)
    patents = firms["patents_total"].to_numpy(dtype=float)
    firms["quadrant"] = quadrant(employees, patents, DeriveParameters())
    return firms


PLACES = (SUZHOU, NANJING, SHENZHEN, HEFEI)
MAJORS = (("C", "39", "397", "3973"), ("C", "35", "351", "3511"), ("I", "65", "651", "6511"))
COUNT_COLUMNS = (
    "pct_applications", "foreign_patents", "high_value_inventions_valid", "invention_citations",
    "award_inventions", "standard_inventions", "patent_inventors", "univ_coop_patents",
    "pledged_patents", "licensed_patents", "litigated_patents", "std_national", "std_local",
    "std_industry", "std_group", "digital_tech_patents_valid",
)  # fmt: skip
FLAG_COLUMNS = (
    "hon_little_giant", "hon_high_tech", "hon_tech_center", "hon_tech_sme", "hon_single_champion",
    "hon_eng_research_center", "hon_gazelle", "hon_unicorn", "eval_intl_adv_or_lead",
    "eval_dom_adv_or_lead", "eval_reach_intl", "eval_reach_dom",
)  # fmt: skip


def random_firms(size: int, seed: int, *, null_share: float = 0.1) -> pd.DataFrame:
    """A frame with every column the metric families read, drawn from a seeded generator."""
    rng = np.random.default_rng(seed)
    levels = rng.choice(["national", "provincial", "none"], size=size, p=[0.3, 0.6, 0.1])
    rows = []
    for i in range(size):
        section, major, middle, minor = MAJORS[rng.integers(len(MAJORS))]
        place = PLACES[rng.integers(len(PLACES))]
        values = {c: float(rng.integers(0, 300)) for c in NUMERIC}
        values.update({c: float(rng.integers(0, 20)) for c in COUNT_COLUMNS})
        for column in ("insured_employees", "patents_total", "registered_capital"):
            if rng.random() < null_share:
                values[column] = None
        rows.append(
            firm(
                str(levels[i]),
                place,
                gbt_section=section,
                gbt_major=major,
                gbt_middle=middle,
                gbt_minor=minor,
                single_champion_level=str(rng.choice(["none", "national"], p=[0.8, 0.2])),
                is_listed=bool(rng.random() < 0.5),
                snapshot_year=int(rng.choice([2025, 2026], p=[0.3, 0.7])),
                **values,
            )
        )
    firms = frame(rows)
    for column in FLAG_COLUMNS:
        firms[column] = pd.array(rng.random(size) < 0.4, dtype="boolean")
    params = DeriveParameters()
    firms["has_standard"] = pd.array(firms["std_total"].to_numpy(float) > 0, dtype="boolean")
    firms["has_tech_eval"] = firms["eval_reach_intl"] | firms["eval_reach_dom"]
    firms["capital_ge_1yi"] = pd.array(firms["registered_capital"] >= 100, dtype="boolean")
    firms["emp_band"] = emp_band(firms["insured_employees"].to_numpy(float), params)
    score = np.round(rng.uniform(0, 100, size), 1)
    score[rng.random(size) < null_share] = np.nan
    firms["kcl_score"] = score
    for year in (2022, 2023, 2024):
        ratio = np.round(rng.uniform(-2, 40, size), 1)
        ratio[rng.random(size) < null_share] = np.nan
        firms[f"rd_ratio_{year}"] = ratio
        firms[f"rd_band_{year}"] = rd_band(ratio, params)
        firms[f"revenue_growth_{year}"] = np.round(rng.normal(5, 10, size), 2)
    return firms
