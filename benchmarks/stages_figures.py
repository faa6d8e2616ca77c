"""Benchmark stage of the figure factory (read by ``benchmarks/run.py``; issue 5's target).

The stage runs the real CLI (``srdi-report figures --edition national --lang zh,en``) in a
subprocess with a config whose build cache and figure folder live in the stage's temp folder
(cold: nothing drawn before; the repository's demo data cache is used, its generation has its
own stage). The CLI draws on the 2-process pool. ``seconds`` is that run, wall clock.

Then, in the stage's own process, every national figure is drawn once more in English, one
after the other, to report the CPU cost per chart kind (``per_kind_cpu_s``) and the total
(``serial_cpu_s``): on a shared machine the wall clock moves with the load, CPU time less.
"""

from __future__ import annotations

STAGES: dict[str, str] = {
    "figures: national edition, zh + en, cold (target ≤ 20 s)": """
        import os, shutil, subprocess
        from collections import defaultdict
        root = Path.cwd()
        work = Path(TMP) / "figures"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        config = work / "config.toml"
        config.write_text(
            "[demo]\\ncache_dir = " + json.dumps(str(root / ".cache" / "demo")) + "\\n"
            "[output]\\nfigures_dir = " + json.dumps(str(work / "figures")) + "\\n"
            "[build]\\ncache_dir = " + json.dumps(str(work / "cache")) + "\\n",
            encoding="utf-8",
        )
        cli = [str(Path(sys.executable).with_name("srdi-report")), "figures",
               "--edition", "national", "--lang", "zh,en", "--config", str(config)]
        t0 = time.perf_counter()
        subprocess.run(cli, check=True, capture_output=True, cwd=root,
                       env={**os.environ, "CI": "1"})
        t = time.perf_counter() - t0
        pngs = sorted((work / "figures").rglob("*.png"))

        from srdi_report.compose.i18n import gettext_for
        from srdi_report.config.load import load_config
        from srdi_report.data.source import load_source
        from srdi_report.editions.national import national_edition
        from srdi_report.figures.build import prewarm
        from srdi_report.figures.factory import draw_figure
        from srdi_report.metrics.registry import compute
        from srdi_report.metrics.scope import Scope
        cfg = load_config(config)
        firms = load_source(cfg, None).firms
        specs = national_edition(cfg.demo.year).figures()
        results = {}
        for spec in specs:
            for v in spec.views.values():
                if v.result_key not in results:
                    results[v.result_key] = compute(
                        v.metric, firms, Scope.parse(v.scope) if v.scope else None,
                        Scope.parse(v.benchmark) if v.benchmark else None, config=cfg)
        prewarm(specs, "en")
        gettext = gettext_for("en")
        per_kind = defaultdict(float)
        c0 = time.process_time()
        for spec in specs:
            c1 = time.process_time()
            draw_figure(spec, results, "en", gettext)
            per_kind[spec.kind] += time.process_time() - c1
        serial = time.process_time() - c0
        extra = {
            "figures": len(pngs),
            "per_language": len(specs),
            "serial_cpu_s": round(serial, 2),
            "per_kind_cpu_s": {k: round(v, 2) for k, v in sorted(per_kind.items(), key=lambda kv: -kv[1])},
        }
    """,
}
