"""`make bench`: time every stage on the demo data and write BENCHMARKS.md.

Each stage runs in a fresh subprocess so peak memory (ru_maxrss) is per stage, and the
demo cache is bypassed (a temp cache dir) so generation is really measured. Stages come from
this file and from every ``benchmarks/stages_*.py`` module (a ``STAGES`` dict of snippet
bodies that set ``t`` and ``extra``), so each area keeps its own benchmarks.

``python benchmarks/run.py --only TEXT`` runs the stages whose name contains TEXT and keeps
the other rows of BENCHMARKS.md as they were.
"""

from __future__ import annotations

import importlib
import json
import platform
import re
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from bench_metrics import measure  # benchmarks/ is on sys.path when this script runs

ROOT = Path(__file__).resolve().parents[1]
METRIC_CASES = {
    "metrics: all registered metrics, national (target ≤ 2 s)": "national",
    "metrics: every city one after another (target ≤ 30 s)": "cities",
    "metrics: national on a 10× frame, 1.67 M firms (target ≤ 15 s, ≤ 2 GB)": "national_10x",
}

STAGES: dict[str, str] = {
    "demo generation (2026 + 2025 snapshots)": """
        from srdi_report.data.demo import generate_snapshots
        t0 = time.perf_counter(); snaps = generate_snapshots(20260228); t = time.perf_counter() - t0
        extra = {"rows": {str(y): len(f) for y, f in sorted(snaps.items())}}
    """,
    "demo cache + CSV export (2026)": """
        from srdi_report.config.model import DemoConfig
        from srdi_report.data.demo_cache import ensure_demo, export_demo
        cfg = DemoConfig(cache_dir=str(Path(TMP) / "cache"))
        t0 = time.perf_counter(); manifest = ensure_demo(cfg)
        out = export_demo(cfg, 2026, Path(TMP) / "firms_2026.csv"); t = time.perf_counter() - t0
        extra = {"csv_mb": round(out.stat().st_size / 1e6, 1),
                 "cache_mb": {str(s.year): round(s.size_bytes / 1e6, 1) for s in manifest.snapshots}}
    """,
    "load + validate demo CSV (167,372 rows)": """
        from srdi_report.data.load import LoadOptions, load_firms
        csv = Path(TMP) / "firms_2026.csv"
        t0 = time.perf_counter(); loaded = load_firms(csv, LoadOptions()); t = time.perf_counter() - t0
        extra = {"rows": len(loaded.frame), "problems": len(loaded.problems)}
    """,
    "derived columns (2026 demo)": """
        from datetime import date
        from srdi_report.config.model import DemoConfig
        from srdi_report.data.demo_cache import demo_firms
        from srdi_report.data.derive import add_derived
        from srdi_report.data.geography import load_geography
        from srdi_report.data.industry import load_industry
        firms = demo_firms(DemoConfig(cache_dir=str(Path(TMP) / "cache")), 2026)
        geo, ind = load_geography(), load_industry()
        t0 = time.perf_counter()
        out = add_derived(firms, geography=geo, industry=ind, snapshot_date=date(2026, 2, 28))
        t = time.perf_counter() - t0
        extra = {"columns": out.shape[1]}
    """,
    "reproduce (all published rows, demo data)": """
        from srdi_report.config.model import Config, DemoConfig
        from srdi_report.metrics.reproduce import reproduce_published
        cfg = Config(demo=DemoConfig(cache_dir=str(Path(TMP) / "cache")))
        t0 = time.perf_counter(); outcome = reproduce_published(cfg, None); t = time.perf_counter() - t0
        extra = {"ok": outcome.n_ok, "checked": outcome.n_checked, "mismatches": len(outcome.mismatches)}
    """,
}

PRELUDE = """
import json, resource, sys, time
from pathlib import Path
TMP = sys.argv[1]
"""
EPILOGUE = """
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": round(t, 2), "peak_mb": round(peak), **extra}))
"""


def run_stage(body: str, tmp: str) -> dict[str, object]:
    code = PRELUDE + textwrap.dedent(body) + EPILOGUE
    proc = subprocess.run(
        [sys.executable, "-c", code, tmp], capture_output=True, text=True, cwd=ROOT, check=False
    )
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def all_stages() -> dict[str, str]:
    """This file's stages, then each ``stages_*.py`` module's, in file-name order."""
    stages = dict(STAGES)
    for path in sorted(Path(__file__).parent.glob("stages_*.py")):
        module = importlib.import_module(path.stem)
        stages.update(module.STAGES)
    return stages


def previous_rows() -> dict[str, str]:
    """Rows of the current BENCHMARKS.md by stage name (kept by ``--only`` runs)."""
    path = ROOT / "BENCHMARKS.md"
    if not path.exists():
        return {}
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| (.+?) \| ", line)
        if match and line.count("|") >= 5 and match.group(1) not in ("stage", "---"):
            rows[match.group(1)] = line
    return rows


def main() -> None:
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv else None
    results: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, body in all_stages().items():
            if only is not None and only not in name:
                continue
            results[name] = run_stage(body, tmp)
            print(f"{name}: {results[name]}")
    for label, case in METRIC_CASES.items():
        if only is not None and only not in label:
            continue
        try:
            res = measure(case, 0)
        except subprocess.CalledProcessError as err:
            res = {"error": (err.stderr or "failed").strip().splitlines()[-1]}
        res.pop("case", None)
        results[label] = res
        print(f"{label}: {res}")
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` (`benchmarks/run.py`) on {platform.machine()}, "
        f"Python {platform.python_version()}, {platform.system()}; each stage in its own process.",
        "",
        "| stage | seconds | peak MB | details |",
        "|---|---|---|---|",
    ]
    rows = previous_rows() if only is not None else {}
    for name, res in results.items():
        details = {k: v for k, v in res.items() if k not in ("seconds", "peak_mb")}
        rows[name] = (
            f"| {name} | {res.get('seconds', '–')} | {res.get('peak_mb', '–')} | "
            f"{json.dumps(details, ensure_ascii=False)} |"
        )
    order = [*all_stages(), *METRIC_CASES]
    lines.extend(
        rows[name]
        for name in sorted(
            rows, key=lambda n: (n not in order, order.index(n) if n in order else 0, n)
        )
    )
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
