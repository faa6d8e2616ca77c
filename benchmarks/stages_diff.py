"""Benchmark stage of the edition diff (read by ``benchmarks/run.py``).

The two national editions (2025 and 2026, zh + en, PDF + DOCX) are built first, untimed,
into the stage's temp folder (reusing the working tree's build cache, so an unchanged
checkout builds them in seconds); then ``srdi-report diff OLD NEW`` is timed: metric diff,
flow table from the two demo snapshots, narrated changes, chart diff with side-by-side images,
text diff, tracked DOCX and diff report PDF, both languages.
"""

from __future__ import annotations

STAGES: dict[str, str] = {
    "diff: national 2025 → 2026, zh + en, all outputs, from two built editions (target ≤ 30 s)": """
        import os, subprocess
        root = Path.cwd()
        work = Path(TMP) / "diff"
        work.mkdir(exist_ok=True)
        config = work / "config.toml"
        config.write_text(
            "[demo]\\ncache_dir = " + json.dumps(str(root / ".cache" / "demo")) + "\\n"
            "[output]\\ndir = " + json.dumps(str(work / "out")) + "\\n"
            "[build]\\ncache_dir = " + json.dumps(str(root / ".cache" / "build")) + "\\n",
            encoding="utf-8",
        )
        exe = str(Path(sys.executable).with_name("srdi-report"))
        env = {**os.environ, "CI": "1"}
        editions = work / "out" / "national"
        for year in ("2025", "2026"):
            # A consistency-check error exits 1 after the files are written; the diff only
            # needs the written edition.
            subprocess.run([exe, "build", "national", "--year", year, "--lang", "zh,en",
                            "--format", "pdf,docx", "--config", str(config)],
                           check=False, capture_output=True, cwd=root, env=env)
            assert (editions / year / "manifest.json").is_file(), year
        t0 = time.perf_counter()
        subprocess.run([exe, "diff", str(editions / "2025"), str(editions / "2026"),
                        "--config", str(config)], check=True, capture_output=True, cwd=root, env=env)
        t = time.perf_counter() - t0
        folder = work / "out" / "diff" / "2025-vs-2026"
        extra = {"files": len(list(folder.rglob("*.*"))),
                 "mb": round(sum(p.stat().st_size for p in folder.rglob("*.*")) / 1e6, 1)}
    """,
}
