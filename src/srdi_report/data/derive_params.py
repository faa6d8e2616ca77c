"""Parameters of the derived firm columns (data_schema.md §2.9), each with its spec reference.

They are rule parameters of the report, not published numbers: band edges, quadrant cuts and
the weights of the firm-level score. ``DeriveParameters()`` holds the spec's values; a config
may pass others (national_report.md: "thresholds in config", "weights and cap are config").
"""

from __future__ import annotations

from dataclasses import dataclass, field

# data_schema.md §2.9 / national_report.md chart 5: integer bands, both ends closed; the codes use
# the EN DASH, as numbers.csv does.
EMP_BAND_UPPER_EDGES: tuple[int, ...] = (50, 100, 200, 500, 1000)
EMP_BAND_CODES: tuple[str, ...] = (
    "0\u201350",
    "51\u2013100",
    "101\u2013200",
    "201\u2013500",
    "501\u20131000",
    ">1000",
)

# data_schema.md §2.9 / national_report.md chart 4: >= 10,000 (CNY 10k) = CNY 100 million;
# the table's closed bound, not the prose's 'above'.
CAPITAL_1YI_WAN = 10_000.0

# national_report.md chart 13 (complete rule): scale high <=> insured_employees > 100;
# innovation high <=> patents_total > 50.
QUADRANT_EMPLOYEES_ABOVE = 100
QUADRANT_PATENTS_ABOVE = 50

# data_schema.md §2.9 / national_report.md chart 28: high >= 25, mid [15, 25), low < 15 (percent).
RD_BAND_HIGH_FROM = 25.0
RD_BAND_MID_FROM = 15.0

# national_report.md §3.4: kcl_score on the five score indicators of §3 with the chart 24 weights,
# each indicator capped at the national median (100), null below three indicators, 1 dp.
KCL_INDICATORS: tuple[tuple[str, float], ...] = (
    ("patents_total", 0.25),
    ("invention_grants", 0.30),
    ("insured_employees", 0.15),
    ("registered_capital", 0.20),
    ("software_copyrights", 0.10),
)
KCL_CAP = 100.0
KCL_MIN_INDICATORS = 3
KCL_DECIMALS = 1

# city_edition.md section 5-6 (data_schema.md §2.9): firm-age bands in whole years (both ends
# closed), registered-capital bands in CNY 10k (seed 004's cut points) and patent bands on
# patents_total (spec README decision 10), each band closed below.
AGE_BAND_UPPER_EDGES: tuple[float, ...] = (5, 10, 20, 30)
AGE_BAND_CODES: tuple[str, ...] = ("0\u20135", "6\u201310", "11\u201320", "21\u201330", ">30")
CAPITAL_BAND_LOWER_EDGES: tuple[float, ...] = (1_000, 5_000, 10_000)
CAPITAL_BAND_CODES: tuple[str, ...] = ("<1000", "1000\u20134999", "5000\u20139999", ">=10000")
PATENT_BAND_LOWER_EDGES: tuple[float, ...] = (50, 100, 200, 500, 1_000)
PATENT_BAND_CODES: tuple[str, ...] = (
    "<50",
    "50\u201399",
    "100\u2013199",
    "200\u2013499",
    "500\u2013999",
    ">=1000",
)

# data_schema.md §2.5 / X18: venues that are an exchange listing (NEEQ quotation is not).
EXCHANGE_BOARDS: frozenset[str] = frozenset(
    {"main", "chinext", "star", "bse", "hkex", "sgx", "us", "other_overseas"}
)

# data_schema.md §4.3: the default cluster scheme of the national report.
DEFAULT_CLUSTER_SCHEME = "report"


@dataclass(frozen=True)
class DeriveParameters:
    """The rule parameters used by ``add_derived`` (defaults = the spec's values)."""

    emp_band_upper_edges: tuple[int, ...] = EMP_BAND_UPPER_EDGES
    emp_band_codes: tuple[str, ...] = EMP_BAND_CODES
    capital_1yi_wan: float = CAPITAL_1YI_WAN
    quadrant_employees_above: int = QUADRANT_EMPLOYEES_ABOVE
    quadrant_patents_above: int = QUADRANT_PATENTS_ABOVE
    rd_band_high_from: float = RD_BAND_HIGH_FROM
    rd_band_mid_from: float = RD_BAND_MID_FROM
    kcl_indicators: tuple[tuple[str, float], ...] = KCL_INDICATORS
    kcl_cap: float = KCL_CAP
    kcl_min_indicators: int = KCL_MIN_INDICATORS
    kcl_decimals: int = KCL_DECIMALS
    age_band_upper_edges: tuple[float, ...] = AGE_BAND_UPPER_EDGES
    age_band_codes: tuple[str, ...] = AGE_BAND_CODES
    capital_band_lower_edges: tuple[float, ...] = CAPITAL_BAND_LOWER_EDGES
    capital_band_codes: tuple[str, ...] = CAPITAL_BAND_CODES
    patent_band_lower_edges: tuple[float, ...] = PATENT_BAND_LOWER_EDGES
    patent_band_codes: tuple[str, ...] = PATENT_BAND_CODES
    exchange_boards: frozenset[str] = field(default=EXCHANGE_BOARDS)
    cluster_scheme: str = DEFAULT_CLUSTER_SCHEME

    def __post_init__(self) -> None:
        for name in ("emp_band", "age_band", "capital_band", "patent_band"):
            codes = getattr(self, f"{name}_codes")
            edges = getattr(self, f"{name}_upper_edges", None) or getattr(
                self, f"{name}_lower_edges"
            )
            if len(codes) != len(edges) + 1:
                raise ValueError(f"{name}_codes needs one code more than its edges")
