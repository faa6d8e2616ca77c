"""Benchmark stages of city editions and the city batch (read by ``benchmarks/run.py``).

Each stage runs the real CLI (``srdi-report build city`` / ``build cities``) in a subprocess
with a config whose build cache and output folder live in the stage's temp folder. Every city
is built in both languages and both formats (PDF, DOCX) with its card. The details give the
per-city cost from each city's ``build.json`` (wall seconds of its task, and per stage: metrics,
figures, compose and render, card; ``cpu`` = CPU seconds of the task) and the batch's phases.
"peak MB" of the table is the snippet's own process; ``children_peak_mb`` in the details is the
largest single process of the build (the CLI or one worker, ``ru_maxrss`` of the children). The all-cities stage is long (tens of minutes on a loaded
2-core machine); it is measured like the others.
"""

from __future__ import annotations

_SETUP = """
        import os, shutil, subprocess
        root = Path.cwd()
        work = Path(TMP) / "cities"
        work.mkdir(exist_ok=True)
        config = work / "config.toml"
        config.write_text(
            "[demo]\\ncache_dir = " + json.dumps(str(root / ".cache" / "demo")) + "\\n"
            "[output]\\ndir = " + json.dumps(str(work / "out")) + "\\n"
            "figures_dir = " + json.dumps(str(work / "figures")) + "\\n"
            "[build]\\ncache_dir = " + json.dumps(str(work / "cache")) + "\\n",
            encoding="utf-8",
        )
        exe = str(Path(sys.executable).with_name("srdi-report"))

        def run(*args):
            t0 = time.perf_counter()
            done = subprocess.run([exe, "build", *args, "--config", str(config)],
                                  capture_output=True, text=True, cwd=root,
                                  env={**os.environ, "CI": "1"})
            if done.returncode not in (0, 1):
                raise SystemExit(done.stderr[-2000:])
            return time.perf_counter() - t0, done.stdout.strip().splitlines()[-1:]

        def clean():
            for name in ("cache", "out", "figures"):
                shutil.rmtree(work / name, ignore_errors=True)

        def per_city():
            records = [json.loads(p.read_text(encoding="utf-8"))
                       for p in sorted((work / "out" / "city").rglob("build.json"))]
            stages = {}
            for record in records:
                for stage, seconds in record.get("stages", {}).items():
                    stages[stage] = stages.get(stage, 0.0) + seconds
            n = max(1, len(records))
            return {
                "cities": len(records),
                "city_seconds_mean": round(sum(r["build_seconds"] for r in records) / n, 2),
                "stage_seconds_mean": {k: round(v / n, 2) for k, v in sorted(stages.items())},
            }

        def children_peak_mb():
            return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)

        def outputs():
            return {p.relative_to(work / "out").as_posix(): p.read_bytes()
                    for p in sorted((work / "out" / "city").rglob("*"))
                    if p.is_file() and p.name != "build.json" and "index" not in p.name}
"""

STAGES: dict[str, str] = {
    "city build: Shenzhen, zh + en, PDF + DOCX + card, cold (target ≤ 5 s)": _SETUP
    + """
        clean()
        t, summary = run("city", "深圳")
        extra = {**per_city(), "summary": summary, "children_peak_mb": children_peak_mb()}
    """,
    "city batch: Guangdong, 21 cities cold, process pool": _SETUP
    + """
        clean()
        t, summary = run("cities", "--province", "广东省")
        extra = {**per_city(), "summary": summary, "children_peak_mb": children_peak_mb()}
    """,
    "city batch: Guangdong rebuild, nothing changed (target ≤ 10 s)": _SETUP
    + """
        if not (work / "out" / "city").exists():
            run("cities", "--province", "广东省")  # when run alone (--only rebuild)
        t, summary = run("cities", "--province", "广东省")
        extra = {"summary": summary, "children_peak_mb": children_peak_mb()}
    """,
    "city batch: Guangdong on a 2-worker dask LocalCluster vs the process pool": _SETUP
    + """
        if not (work / "out" / "city").exists():
            run("cities", "--province", "广东省")
        pool = outputs()
        shutil.rmtree(work / "out", ignore_errors=True)
        t, summary = run("cities", "--province", "广东省", "--executor", "dask", "--jobs", "2")
        same = pool == outputs()
        extra = {**per_city(), "summary": summary, "byte_identical_to_pool": same,
                 "children_peak_mb": children_peak_mb()}
    """,
    "city batch: every city cold, process pool (target ≤ 10 min, ≤ 2 GB)": _SETUP
    + """
        clean()
        t, summary = run("cities", "--all")
        extra = {**per_city(), "summary": summary, "children_peak_mb": children_peak_mb()}
    """,
}
