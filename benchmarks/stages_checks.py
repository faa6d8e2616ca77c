"""Benchmark stages of the consistency checks (read by ``benchmarks/run.py``).

The national edition (2026, zh + en, PDF) is built first, untimed, into the stage's temp
folder (reusing the working tree's build cache); then ``srdi-report check`` is timed twice:
a cold run (C1-C14 on the manifest, C15 on both PDFs' extracted text) and a cached run with
nothing changed (``checks.json`` is reused by its input hash).
"""

from __future__ import annotations

STAGES: dict[str, str] = {
    "checks: national 2026, zh + en, C1-C15 cold (manifest + PDF text) and cached": """
        import os, subprocess
        root = Path.cwd()
        work = Path(TMP) / "checks"
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
        subprocess.run([exe, "build", "national", "--year", "2026", "--lang", "zh,en",
                        "--format", "pdf", "--config", str(config)],
                       check=False, capture_output=True, cwd=root, env=env)
        edition = work / "out" / "national" / "2026"
        t0 = time.perf_counter()
        done = subprocess.run([exe, "check", str(edition), "--no-cache"],
                              capture_output=True, cwd=root, env=env, text=True)
        t = time.perf_counter() - t0
        t1 = time.perf_counter()
        subprocess.run([exe, "check", str(edition)], capture_output=True, cwd=root, env=env)
        cached = time.perf_counter() - t1
        extra = {"exit": done.returncode, "summary": done.stdout.strip().splitlines()[-1][:120],
                 "cached_s": round(cached, 2)}
    """,
}
