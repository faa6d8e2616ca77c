"""Benchmark stages of the national edition build (read by ``benchmarks/run.py``).

Each stage runs the real CLI (``srdi-report build national``) in a subprocess with a config
file whose build cache and output folder live in the stage's temp folder, so the shared
``.cache/build`` of the working tree is neither used nor touched. The demo data cache is the
repository's (generating it is measured by its own stage). The cold stage starts with an
empty build cache; the rebuild stage runs the same build again with nothing changed (its
cache keys include the source code's hash, so on a tree that other work is editing at the same
time the "unchanged" rebuild may rebuild). Besides the wall time each stage reports the build's
CPU seconds (main process and workers), its peak memory and the load average.
"""

from __future__ import annotations

_SETUP = """
        import os, subprocess
        root = Path.cwd()
        work = Path(TMP) / "national"
        work.mkdir(exist_ok=True)
        config = work / "config.toml"
        config.write_text(
            "[demo]\\ncache_dir = " + json.dumps(str(root / ".cache" / "demo")) + "\\n"
            "[output]\\ndir = " + json.dumps(str(work / "out")) + "\\n"
            "[build]\\ncache_dir = " + json.dumps(str(work / "cache")) + "\\n",
            encoding="utf-8",
        )
        cli = [str(Path(sys.executable).with_name("srdi-report")), "build", "national",
               "--lang", "zh,en", "--format", "pdf,docx", "--config", str(config)]

        def build():
            # Wall time, and the build's CPU seconds and peak memory (its own process and
            # workers): on a shared machine the CPU seconds say more than the wall time.
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(cli, check=True, capture_output=True, cwd=root,
                           env={**os.environ, "CI": "1"})
            wall = time.perf_counter() - t0
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            usage.update(cpu_s=round(cpu, 1), child_peak_mb=round(after.ru_maxrss / 1024),
                         load_1min=round(os.getloadavg()[0], 1))
            return wall

        usage = {}

        def outputs():
            files = sorted((work / "out" / "national").rglob("report.*"))
            return {f"{p.parent.name}/{p.name}": round(p.stat().st_size / 1e6, 2) for p in files}
"""

STAGES: dict[str, str] = {
    "national build: zh + en, PDF + DOCX, cold (target ≤ 30 s)": _SETUP
    + """
        import shutil
        shutil.rmtree(work / "cache", ignore_errors=True)
        shutil.rmtree(work / "out", ignore_errors=True)
        t = build()
        extra = {**usage, "mb": outputs()}
    """,
    "national rebuild, nothing changed (target ≤ 2 s)": _SETUP
    + """
        if not (work / "cache").exists():
            build()  # warm the stage's own cache when run alone (--only rebuild)
        t = build()
        extra = {**usage, "mb": outputs()}
    """,
}
