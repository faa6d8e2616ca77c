"""docs/metrics.md as text, generated from the metric registry.

Two tables: every metric (id, unit, family, charts, disclosure, key columns, what it returns) and
every chart id with the metrics that feed it (issue 4: "a table mapping each chart id to its
metric ids").
"""

from __future__ import annotations

from collections import defaultdict

from srdi_report.metrics.registry import MetricDef, load_families


def _summary(definition: MetricDef) -> str:
    doc = (definition.function.__doc__ or "").strip()
    return doc.splitlines()[0].replace("|", "\\|") if doc else ""


def _chart_order(chart_id: str) -> tuple[int, str]:
    digits = "".join(ch for ch in chart_id if ch.isdigit())
    return (int(digits) if digits else 0, chart_id)


def metrics_markdown() -> str:
    """Return the Markdown of docs/metrics.md."""
    registry = load_families()
    definitions = [registry.get(name) for name in registry.names()]
    lines = [
        "# Metrics",
        "",
        "Generated from the metric registry (`src/srdi_report/metrics/`) by",
        "`tools/gen_metrics_doc.py`; a test fails when this file is stale.",
        "",
        "Every metric runs for any scope (`Scope`: year, level, province, city, cluster, region,",
        "industry, field domain) and returns a tidy numeric table with an `n` column (firms behind",
        "each row). Shares are fractions 0–1; `pp` values are differences of fractions. Attribute",
        "statistics over fewer than `min_cell` firms are withheld (NaN plus a `Suppression`);",
        "identity counts and shares never are (city_edition.md §5).",
        "",
        "```python",
        "from srdi_report.metrics.registry import compute, compute_all",
        "from srdi_report.metrics.scope import Scope",
        "from srdi_report.metrics.export import export_bytes",
        "",
        'scores = compute("capability_scores", firms, Scope(level="provincial"))',
        'scores.value("gap", dimension="quality")             # 100 - score, unrounded',
        'city = Scope.parse("city=320500")                      # or a name: Suzhou (Jiangsu)',
        "results = compute_all(names, firms, city, memo=memo)   # one memo per loop of cities",
        'export_bytes(results, "csv")                           # every cell, its provenance',
        "```",
        "",
        "`data/reference/metric_numbers.csv` maps each firm-derivable published number id to its",
        "metric, scope, row and column; `metrics.number_map.rebuild_numbers(firms)` rebuilds them.",
        "`srdi-report reproduce` checks these ids through their metrics (`source` column",
        "`metric:<id>`) and only the ids the map does not name with the scope grammar (`grammar`).",
        "",
        "## Metrics by id",
        "",
        "| metric | unit | family | charts | disclosure | keys | returns |",
        "|---|---|---|---|---|---|---|",
    ]
    for d in definitions:
        charts = ", ".join(d.chart_ids) or "—"
        keys = ", ".join(f"`{k}`" for k in d.keys) or "—"
        unit = d.unit.value + (f" ({d.physical_unit})" if d.physical_unit else "")
        lines.append(
            f"| `{d.name}` | {unit} | {d.family} | {charts} | {d.disclosure.value} | {keys} "
            f"| {_summary(d)} |"
        )
    by_chart: dict[str, list[str]] = defaultdict(list)
    for d in definitions:
        for chart in d.chart_ids:
            by_chart[chart].append(d.name)
    lines += ["", "## Charts and their metrics", "", "| chart | metrics |", "|---|---|"]
    for chart in sorted(by_chart, key=_chart_order):
        names = ", ".join(f"`{n}`" for n in sorted(by_chart[chart]))
        lines.append(f"| {chart} | {names} |")
    return "\n".join(lines) + "\n"
