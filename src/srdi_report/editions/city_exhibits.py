"""The exhibits of a city edition: the profile card, charts and tables at city scope.

Each exhibit reads registered metrics through :class:`DataView` values whose ``scope`` is ""
(the city), ``national``, the province or the cluster (city_edition.md §2). Tables set the city
rows above their benchmark rows, one row group per scope, so every city value sits next to the
benchmark it is compared with, in the same unit and precision.
"""

from __future__ import annotations

from collections.abc import Mapping

from srdi_report.editions.card_views import card_views
from srdi_report.editions.city_places import CityPlace
from srdi_report.editions.national_figures import DIMENSIONS, view
from srdi_report.editions.national_table_parts import HONOURS_C37, key, left, msg, num, right, rows
from srdi_report.editions.spec import (
    DataView,
    ExhibitSpec,
    FigureSpec,
    RowGroup,
    TableColumn,
    TableKind,
    TableSpec,
    frozen_map,
)

NATION = "national"
QUADRANTS = ("head", "startup", "scale", "incubating")
# §3 section 7: the honours of honours_vs_benchmark (metrics.city_compare.CITY_HONOURS)
CITY_HONOURS = (
    "hon_high_tech",
    "hon_tech_center",
    "hon_single_champion",
    "hon_eng_research_center",
    "hon_gazelle",
    "hon_unicorn",
    "hon_tech_sme",
)
CARD_SIZE = (6.3, 7.6)  # the full one-page layout of the card kind (above its compact height)
SIZE_INDICATORS = ("registered_capital", "insured_employees")
INNOVATION_INDICATORS = ("patents_total", "invention_grants", "software_copyrights")
LEVEL_CELLS = ("all", "national", "provincial")
MSG_THIS_CITY = "This city"
MSG_PROVINCE = "Province"
MSG_CLUSTER = "City cluster"
MSG_NATION = "Nation"
MSG_LQ_NOTE = "LQ %(value)s"
MSG_WITHHELD_NOTE = "Statistics over fewer than %(min_cell)s firms are withheld and printed as x."

TITLES: Mapping[str, str] = {
    "card": "City profile card",
    "tiers": "Tier pyramid of the city's SRDI firms",
    "kpi": "SRDI firms and national-level Little Giants: city and benchmarks",
    "districts": "Firms by district: national-level Little Giants and provincial-level SRDI firms",
    "industries": "Top 10 industries (GB/T major classes) by share of the city's firms",
    "industry_table": "Top 10 industries: firms, share, location quotient and Little Giants",
    "capital_bands": "Firms by registered capital (CNY 10,000): city and nation",
    "employee_bands": "Firms by number of insured employees: city and nation",
    "size": "Median registered capital and insured employees: city and nation",
    "radar": "Five-dimension innovation scores of the city's firms (nation = 100)",
    "patent_bands": "Firms by total patents: city and nation",
    "innovation": "Median patents, invention grants and software copyrights: city and nation",
    "quadrants": "Firms by innovation and scale quadrant: city and nation",
    "honours_gap": "Holding rates of honors and standards: city, nation and difference",
    "honours": "Holding rates of honors and qualifications by level: city and nation",
    "boards": "Listed firms by venue",
    "financing": "Firms with primary-market financing, by last round (share of the city's firms)",
}
PENDING: Mapping[str, str] = {}
BAND_EXHIBITS = {
    "capital_bands": "city_capital_bands",
    "employee_bands": "city_employee_bands",
    "patent_bands": "city_patent_bands",
}


def nation_view(
    metric: str,
    roles: Mapping[str, str],
    *,
    labels: Mapping[str, str] | None = None,
) -> DataView:
    """A city-scope view of a metric that reads the nation's firms (LQ, bands, honours gaps).

    The benchmark is explicit so that a batch computes it on the whole frame, not on the
    city's rows alone (``batch_task.own_requests``).
    """
    return DataView(
        metric=metric,
        roles=frozen_map(roles),  # type: ignore[arg-type]
        labels=frozen_map(labels),  # type: ignore[arg-type]
        benchmark=NATION,
    )


def city_exhibits(place: CityPlace) -> dict[str, ExhibitSpec]:
    """Every exhibit of the city edition of ``place``, by id."""
    figures = _figures(place)
    tables = _tables(place)
    return {
        exhibit_id: ExhibitSpec(
            exhibit_id=exhibit_id,
            title=title,
            figure=figures.get(exhibit_id),
            table=tables.get(exhibit_id),
            seed_form="image" if exhibit_id in figures else "table",
            pending=PENDING.get(exhibit_id, ""),
        )
        for exhibit_id, title in TITLES.items()
    }


def _figure(
    figure_id: str, kind: str, views: Mapping[str, DataView], **options: object
) -> FigureSpec:
    size = options.pop("size", (6.3, 3.6))
    return FigureSpec(
        figure_id=figure_id,
        kind=kind,
        title=TITLES[figure_id],
        views=frozen_map(views),  # type: ignore[arg-type]
        options=frozen_map(options),
        size=size,  # type: ignore[arg-type]
    )


def _figures(place: CityPlace) -> dict[str, FigureSpec]:
    province = place.province_scope or f"province={place.province_code}"
    card = _figure(
        "card",
        "city_card",
        card_views(
            place.code,
            city_scope="",
            nation_scope=NATION,
            province_scope=province,
            radar=_radar_view(),
            radar_lg=_radar_view(f"{place.scope},level=national", "level=national"),
        ),
        size=CARD_SIZE,
        municipality=place.municipality,
    )
    tiers = _figure(
        "tiers",
        "tier_pyramid",
        {
            "main": view(
                "tier_pyramid",
                {"tier": "tier", "firms": "firms", "share": "share"},
                labels={"tier": "tier"},
            )
        },
        size=(6.3, 3.2),
        base_tier=True,
    )
    industries = _figure(
        "industries",
        "hbar",
        {
            "main": nation_view(
                "industry_location_quotients",
                {"category": "gbt_major", "value": "share", "note": "lq"},
                labels={"category": "gbt_major"},
            )
        },
        size=(6.3, 4.4),
        unit="share",
        digits=1,
        note_unit="ratio",
        note_digits=2,
        note_msgid=MSG_LQ_NOTE,
    )
    districts = _figure(
        "districts",
        "stacked_bar",
        {
            "main": nation_view(
                "district_levels",
                {"category": "district", "series": "level", "value": "firms"},
                labels={"category": "district", "series": "level_short"},
            )
        },
        size=(6.3, 3.8),
        unit="count",
        digits=0,
    )
    bands = {
        exhibit_id: _figure(
            exhibit_id,
            "bar",
            {
                "main": nation_view(
                    metric,
                    {"category": "band", "series": "population", "value": "share"},
                    labels={"series": "city_population"},
                )
            },
            size=(6.3, 3.0),
            unit="share",
            digits=1,
        )
        for exhibit_id, metric in BAND_EXHIBITS.items()
    }
    radar = _figure(
        "radar",
        "radar",
        {"main": _radar_view()},
        size=(5.0, 4.2),
        benchmark_value=100.0,
        benchmark_label=MSG_NATION,
        series_label="All firms of the city",
        digits=1,
    )
    boards = _figure(
        "boards",
        "hbar",
        {
            "main": view(
                "listing_by_board",
                {"category": "board", "value": "firms"},
                labels={"category": "listing_board"},
            )
        },
        size=(6.3, 3.0),
        unit="count",
        digits=0,
    )
    financing = _figure(
        "financing",
        "hbar",
        {
            "main": view(
                "financing_by_round",
                {"category": "round", "value": "share"},
                labels={"category": "financing_round"},
            )
        },
        size=(6.3, 3.2),
        unit="share",
        digits=1,
    )
    return {
        f.figure_id: f
        for f in (card, tiers, districts, industries, radar, *bands.values(), boards, financing)
    }


def _radar_view(scope: str = "", benchmark: str = NATION) -> DataView:
    """Five scores of the city's firms (or its Little Giants) against the nation's same firms.

    Each polygon is scored against the nation's same population (§4.4), so the city's mix of
    levels does not lift its Little Giant polygon.
    """
    return DataView(
        metric="capability_scores",
        roles=frozen_map({"category": "dimension", "value": "score"}),  # type: ignore[arg-type]
        where=frozen_map({"dimension": DIMENSIONS}),  # type: ignore[arg-type]
        labels=frozen_map({"category": "dimension"}),  # type: ignore[arg-type]
        scope=scope,
        benchmark=benchmark,
    )


def _benchmarks(place: CityPlace) -> tuple[tuple[str, str], ...]:
    """(scope text, row label msgid) of the city and each benchmark that applies to it."""
    scopes = [("", MSG_THIS_CITY)]
    if place.province_scope:
        scopes.append((place.province_scope, MSG_PROVINCE))
    if place.cluster_scope:
        scopes.append((place.cluster_scope, MSG_CLUSTER))
    scopes.append((NATION, MSG_NATION))
    return tuple(scopes)


def _tables(place: CityPlace) -> dict[str, TableSpec]:
    level_columns = (
        right("All firms"),
        right("National-level Little Giants"),
        right("Provincial-level SRDI firms"),
    )
    kpi = TableSpec(
        "kpi",
        TITLES["kpi"],
        TableKind.METRIC,
        (
            left("Scope", 1.4),
            right("SRDI firms"),
            right("National-level Little Giants"),
            right("National-level Little Giants as a share of firms"),
        ),
        tuple(
            rows(
                # tier_pyramid: its national-level row exists even when a city has none
                view("tier_pyramid", {"key": "tier"}, scope=scope),
                msg(label),
                num("n", "count"),
                num("firms", "count"),
                num("share", "share", 2),
                keys=("breakthrough",),
                bold=not scope,
            )
            for scope, label in _benchmarks(place)
        ),
    )
    return {
        "kpi": kpi,
        "industry_table": _industry_table(),
        "quadrants": _quadrant_table(),
        "honours_gap": _honours_gap_table(),
        "size": _level_table(
            "size", "indicators_by_level", "indicator", SIZE_INDICATORS, level_columns
        ),
        "innovation": _level_table(
            "innovation", "indicators_by_level", "indicator", INNOVATION_INDICATORS, level_columns
        ),
        "honours": _level_table(
            "honours", "honours_by_level", "honour", HONOURS_C37, level_columns
        ),
    }


def _level_table(
    table_id: str,
    metric: str,
    key_column: str,
    keys: tuple[str, ...],
    level_columns: tuple[TableColumn, ...],
) -> TableSpec:
    """City rows, then national rows, of one statistic per level (all, national, provincial)."""
    where = {"statistic": ("median",)} if metric == "indicators_by_level" else None
    kind, digits, column = ("value", 0, "value") if where else ("share", 1, "share")
    groups: list[RowGroup] = []
    for scope, label in (("", MSG_THIS_CITY), (NATION, MSG_NATION)):
        groups.append(
            rows(
                view(metric, {"key": key_column}, where=where, scope=scope),
                key(key_column),
                msg(label),
                *(num(column, kind, digits, where={"level": lv}) for lv in LEVEL_CELLS),
                keys=keys,
            )
        )
    header = "Honor or qualification" if key_column == "honour" else "Indicator"
    return TableSpec(
        table_id,
        TITLES[table_id],
        TableKind.METRIC,
        (left(header, 1.6), left("Scope", 0.9), *level_columns),
        tuple(groups),
    )


def _industry_table() -> TableSpec:
    """Top 10 GB/T major classes and Other: firms, share, LQ, LGs and the LG ratio (§3 s4)."""
    return TableSpec(
        "industry_table",
        TITLES["industry_table"],
        TableKind.METRIC,
        (
            left("Industry (GB/T major class)", 2.2),
            right("Firms"),
            right("Share of the city's firms"),
            right("Location quotient"),
            right("National-level Little Giants"),
            right("National-level Little Giants as a share of firms"),
        ),
        (
            rows(
                nation_view("industry_location_quotients", {"key": "gbt_major"}),
                key("gbt_major"),
                num("firms", "count"),
                num("share", "share", 1),
                num("lq", "ratio", 2),
                num("lgs", "count"),
                num("lg_ratio", "share", 1),
            ),
        ),
    )


def _quadrant_table() -> TableSpec:
    """Shares of firms per quadrant (national_report.md chart 13 rule): city, then nation."""
    groups = tuple(
        rows(
            view("quadrant_shares", {"key": "quadrant"}, scope=scope),
            key("quadrant"),
            msg(label),
            num("share", "share", 1),
            keys=QUADRANTS,
            bold=not scope,
        )
        for scope, label in (("", MSG_THIS_CITY), (NATION, MSG_NATION))
    )
    return TableSpec(
        "quadrants",
        TITLES["quadrants"],
        TableKind.METRIC,
        (left("Quadrant", 2.0), left("Scope", 1.0), right("Share of firms")),
        groups,
    )


def _honours_gap_table() -> TableSpec:
    """Holding rates of honours and standards, city and nation, gap in pp (§3 s7)."""
    data = nation_view("honours_vs_benchmark", {"key": "honour"})
    cells = (
        num("share", "share", 1),
        num("benchmark_share", "share", 1),
        num("pp", "pp_signed", 1),
    )
    return TableSpec(
        "honours_gap",
        TITLES["honours_gap"],
        TableKind.METRIC,
        (
            left("Honor or qualification", 2.2),
            right(MSG_THIS_CITY),
            right(MSG_NATION),
            right("Difference"),
        ),
        (
            rows(data, key("honour"), *cells, keys=CITY_HONOURS),
            rows(data, msg("Holds at least one standard"), *cells, keys=("has_standard",)),
        ),
    )
