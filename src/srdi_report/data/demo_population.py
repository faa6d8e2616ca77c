"""The skeleton of the 2026 demo population: level, province, city, district and industry."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from srdi_report.data.demo_geo import GeoPlan, plan_geography
from srdi_report.data.demo_industry import IndustryPlan, assign_industry, plan_industry
from srdi_report.data.demo_targets import Targets
from srdi_report.data.demo_util import BoolArray, IntArray
from srdi_report.data.reference_files import read_reference_csv


@dataclass(frozen=True)
class Population:
    """One row per firm (arrays of equal length), in generation order."""

    national: BoolArray
    province: np.ndarray
    city: np.ndarray
    city_code: np.ndarray
    district: np.ndarray
    minor: np.ndarray
    geo: GeoPlan
    industry: IndustryPlan

    @property
    def size(self) -> int:
        """Number of firms."""
        return int(self.national.size)

    def members(self, level: str) -> IntArray:
        """Indices of one level."""
        return np.flatnonzero(self.national == (level == "national"))


def build_population(targets: Targets, rng: np.random.Generator) -> Population:
    """Allocate every firm to a level, a city (and district) and a minor class."""
    n_all = int(targets("p_pop_total"))
    n_nat = int(targets("p_nat_count"))
    geo = plan_geography(targets, rng, n_all, n_nat)
    industry = plan_industry(targets, rng, n_all, n_nat)
    cities = geo.cities
    totals = cities["total"].to_numpy()
    nats = cities["national"].to_numpy()
    city = np.repeat(cities["city"].to_numpy(), totals)
    code = np.repeat(cities["admin_code"].to_numpy(), totals)
    province = np.repeat(cities["province"].to_numpy(), totals)
    national = np.concatenate([np.arange(t) < k for t, k in zip(totals, nats, strict=True)])
    order = rng.permutation(n_all)
    city, code, province, national = city[order], code[order], province[order], national[order]
    district = _districts(geo, code, rng)
    minor = assign_industry(industry, national, rng)
    return Population(
        national=national,
        province=province,
        city=city,
        city_code=code,
        district=district,
        minor=minor,
        geo=geo,
        industry=industry,
    )


def _districts(geo: GeoPlan, city_code: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A county-level division of the firm's city.

    A town or park for cities without county-level divisions; none for province-administered
    county-level units.
    """
    counties = geo.counties
    towns = read_reference_csv("demo_towns")
    table = read_reference_csv("demo_district_weights")
    weights = dict(zip(table["kind"], table["weight"].astype(float), strict=True))
    kinds = geo.cities.set_index("admin_code")["kind"]
    out = np.full(city_code.size, None, dtype=object)
    frame = pd.DataFrame({"code": city_code, "i": np.arange(city_code.size)})
    by_city = dict(tuple(counties.groupby("city_code")))
    empty = counties.iloc[:0]
    for code, rows in frame.groupby("code")["i"]:
        idx = rows.to_numpy()
        if kinds.get(code) == "direct_county":
            continue
        options = by_city.get(code, empty)
        if options.empty:
            names = towns.loc[towns["city"] == _city_name(geo, str(code)), "town"].to_numpy()
            if names.size == 0:
                continue
            out[idx] = rng.choice(names, size=idx.size)
            continue
        w = options["kind"].map(weights).fillna(1.0).to_numpy(dtype=float)
        w = w * np.exp(rng.normal(0.0, 0.6, w.size))
        out[idx] = rng.choice(options["name_zh_full"].to_numpy(), size=idx.size, p=w / w.sum())
    return out


def _city_name(geo: GeoPlan, code: str) -> str:
    return str(geo.cities.set_index("admin_code").loc[code, "city"])
