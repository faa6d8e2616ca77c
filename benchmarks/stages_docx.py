"""`make bench` stages of the DOCX renderer (issue 7: both files add at most 10 s to the build)."""

from __future__ import annotations

STAGES: dict[str, str] = {
    "DOCX: national zh + en from composed documents, fonts embedded (target ≤ 10 s)": """
        from datetime import date
        from srdi_report.config.model import BuildConfig, Config, OutputConfig
        from srdi_report.editions.build import build_edition, edition_spec
        from srdi_report.renderers.docx import render_docx
        out = Path(TMP) / "docx-bench"
        cfg = Config(
            output=OutputConfig(dir=str(out / "output"), figures_dir=str(out / "figures"),
                                formats=("txt",)),
            build=BuildConfig(draft=True),
        )
        built = build_edition(edition_spec("national", 2026), cfg, None, date(2026, 3, 1))
        t0 = time.perf_counter()
        sizes = {loc: len(render_docx(doc, loc)) for loc, doc in built.documents.items()}
        t = time.perf_counter() - t0
        extra = {"mb": {loc: round(n / 1e6, 2) for loc, n in sizes.items()}}
    """,
}
