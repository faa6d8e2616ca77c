"""Draw many figures on a process pool and write their files atomically.

Matplotlib draws on one core, so figures are spread over ``workers`` processes. Each task
carries its spec and only the result tables its views read (pickled), and each worker sets up
fonts and theme itself (``rc_params`` registers the package fonts once per process). Results come
back in spec order, whatever order the workers finish in.
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from srdi_report import fonts
from srdi_report.figures.asset import FigureAsset
from srdi_report.figures.factory import draw_figure
from srdi_report.figures.labels import label_codes
from srdi_report.figures.spec import FigureSpec
from srdi_report.figures.theme import DEFAULT_THEME, Theme
from srdi_report.fileio import write_all_atomic
from srdi_report.metrics.result import MetricResult

log = logging.getLogger(__name__)

DEFAULT_WORKERS = 2  # the benchmark machine has two cores
SUFFIXES = (".png", ".svg", ".csv", ".alt.txt")

Gettext = Callable[[str], str]
GettextFor = Callable[[str], Gettext]


@dataclass(frozen=True)
class _Task:
    """One figure for a worker: everything pickles (only the results its views read)."""

    spec: FigureSpec
    results: dict[str, MetricResult]
    locale: str
    gettext: Gettext | None
    gettext_for: GettextFor | None
    theme: Theme
    min_cell: int
    title_args: dict[str, object]


def draw_figures(
    specs: Sequence[FigureSpec],
    results: Mapping[str, MetricResult],
    locale: str,
    gettext: Gettext,
    theme: Theme = DEFAULT_THEME,
    min_cell: int = 5,
    workers: int = DEFAULT_WORKERS,
    gettext_for: GettextFor | None = None,
    title_args: Mapping[str, object] | None = None,
) -> dict[str, FigureAsset]:
    """Draw every spec in ``locale``; return the assets by figure id, in spec order.

    Args:
        specs: The figures (ids unique).
        results: Metric results by ``DataView.result_key``.
        locale: Babel locale.
        gettext: Translation of the locale. A pool needs it to pickle; a ``GNUTranslations``
            method does not (its plural function is compiled), so pass ``gettext_for`` too.
        theme: The look.
        min_cell: Fewest firms behind a shown value.
        workers: Processes; 1 draws in this process.
        gettext_for: A module-level function locale → gettext (``compose.i18n.gettext_for``):
            each worker builds its own translation from it. Without it and with a
            ``gettext`` that does not pickle, the figures are drawn here, one after the other.
        title_args: Values of the titles' ``%(name)s`` placeholders (the edition's caption
            arguments), for the alt text.

    Raises:
        FigureSpecError: as :func:`draw_figure` (the first failing spec, in spec order).
    """
    ids = [spec.figure_id for spec in specs]
    if len(set(ids)) != len(ids):
        raise ValueError(f"figure ids repeat: {sorted(i for i in set(ids) if ids.count(i) > 1)}")
    shipped, factory = (gettext, None) if _picklable(gettext) else (None, gettext_for)
    tasks = [
        _Task(
            spec=spec,
            results=_needed(spec, results),
            locale=locale,
            gettext=shipped or gettext,
            gettext_for=factory,
            theme=theme,
            min_cell=min_cell,
            title_args=dict(title_args or {}),
        )
        for spec in specs
    ]
    pooled = workers > 1 and len(specs) > 1
    if pooled and shipped is None and (factory is None or not _picklable(factory)):
        log.debug("gettext does not pickle and no gettext_for: drawing in this process")
        pooled = False
    if not pooled:
        return {task.spec.figure_id: _draw(task) for task in tasks}
    prewarm(specs, locale)
    shippable = [replace(task, gettext=shipped) for task in tasks]
    # fork: workers inherit the imported modules, fonts and references loaded by prewarm()
    # (Linux; Python 3.11 raises no fork-with-threads warning).
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        assets = list(pool.map(_draw, shippable, chunksize=1))
    return {asset.figure_id: asset for asset in assets}


def prewarm(specs: Sequence[FigureSpec], locale: str) -> None:
    """Load, before forking, what every worker would otherwise load for itself.

    The package fonts and the label references the specs name (the geography alone costs
    about a second of CPU); forked workers inherit them.
    """
    fonts.register_matplotlib(locale)
    sources = sorted({s for spec in specs for v in spec.views.values() for s in v.labels.values()})
    for source in sources:
        label_codes((), source, locale, str)


def _draw(task: _Task) -> FigureAsset:
    gettext = task.gettext
    if gettext is None:
        if task.gettext_for is None:
            raise ValueError("a figure task needs gettext or gettext_for")
        gettext = task.gettext_for(task.locale)
    return draw_figure(
        task.spec,
        task.results,
        task.locale,
        gettext,
        task.theme,
        task.min_cell,
        title_args=task.title_args,
    )


def _needed(spec: FigureSpec, results: Mapping[str, MetricResult]) -> dict[str, MetricResult]:
    """Only the results the spec's views read: a task pickles a few tables, not all of them."""
    keys = sorted({view.result_key for view in spec.views.values()})
    return {key: results[key] for key in keys if key in results}


def _picklable(value: object) -> bool:
    try:
        pickle.dumps(value)
    except (pickle.PicklingError, TypeError, AttributeError):
        return False
    return True


def asset_files(asset: FigureAsset) -> dict[str, bytes]:
    """File name → bytes of one asset: ``<id>.png``, ``.svg``, ``.csv``, ``.alt.txt``."""
    return {
        f"{asset.figure_id}.png": asset.png,
        f"{asset.figure_id}.svg": asset.svg,
        f"{asset.figure_id}.csv": asset.csv,
        f"{asset.figure_id}.alt.txt": (asset.alt_text + "\n").encode("utf-8"),
    }


def write_assets(assets: Mapping[str, FigureAsset], folder: Path) -> tuple[Path, ...]:
    """Write each asset's files into ``folder`` (``figures/<edition>/<year>/<locale>``).

    Each file is replaced atomically; returns the paths written, sorted.
    """
    outputs = {
        folder / name: data
        for asset in assets.values()
        for name, data in asset_files(asset).items()
    }
    write_all_atomic(outputs)
    return tuple(sorted(outputs))


def figures_folder(root: Path, edition: str, year: int, locale: str) -> Path:
    """``<root>/figures/<edition>/<year>/<locale>``, the layout of issue 5."""
    return root / "figures" / edition / str(year) / locale
