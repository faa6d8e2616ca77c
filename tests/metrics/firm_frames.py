"""Small hand-made firm frames with the derived columns the metrics read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from srdi_report.data.derive import QUADRANT_CODES

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
        "single_champion_level",
    ):
        firms[column] = firms[column].astype("string")
    for column in ("is_listed", "has_standard", "has_tech_eval", "capital_ge_1yi"):
        firms[column] = firms[column].astype("boolean")
    firms["snapshot_year"] = firms["snapshot_year"].astype("Int64")
    employees = firms["insured_employees"].to_numpy(dtype=float)
    patents = firms["patents_total"].to_numpy(dtype=float)
    codes = [QUADRANT_CODES[(bool(e > 100), bool(p > 50))] for e, p in zip(employees, patents)]
    firms["quadrant"] = pd.array(
        [None if np.isnan(e) or np.isnan(p) else c for e, p, c in zip(employees, patents, codes)],
        dtype="string",
    )
    return firms
