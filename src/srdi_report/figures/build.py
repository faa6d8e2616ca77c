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
from pathlib import Path

from srdi_report.figures.asset import FigureAsset
from srdi_report.figures.factory import draw_figure
from srdi_report.figures.spec import FigureSpec
from srdi_report.figures.theme import DEFAULT_THEME, Theme
from srdi_report.fileio import write_all_atomic
from srdi_report.metrics.result import MetricResult

log = logging.getLogger(__name__)

DEFAULT_WORKERS = 2  # the benchmark machine has two cores
SUFFIXES = (".png", ".svg", ".csv", ".alt.txt")

_Task = tuple[FigureSpec, dict[str, MetricResult], str, Callable[[str], str], Theme, int]


def draw_figures(
    specs: Sequence[FigureSpec],
    results: Mapping[str, MetricResult],
    locale: str,
    gettext: Callable[[str], str],
    theme: Theme = DEFAULT_THEME,
    min_cell: int = 5,
    workers: int = DEFAULT_WORKERS,
) -> dict[str, FigureAsset]:
    """Draw every spec in ``locale``; return the assets by figure id, in spec order.

    Args:
        specs: The figures (ids unique).
        results: Metric results by ``DataView.result_key``.
        locale: Babel locale.
        gettext: Translation of the locale. With ``workers > 1`` it must pickle (a bound
            ``gettext`` of a ``GNUTranslations`` does; a lambda does not, and then the
            figures are drawn here, one after the other).
        theme: The look.
        min_cell: Fewest firms behind a shown value.
        workers: Processes; 1 draws in this process.

    Raises:
        FigureSpecError: as :func:`draw_figure` (the first failing spec, in spec order).
    """
    ids = [spec.figure_id for spec in specs]
    if len(set(ids)) != len(ids):
        raise ValueError(f"figure ids repeat: {sorted(i for i in set(ids) if ids.count(i) > 1)}")
    tasks: list[_Task] = [
        (spec, _needed(spec, results), locale, gettext, theme, min_cell) for spec in specs
    ]
    if workers <= 1 or len(tasks) <= 1 or not _picklable(gettext):
        assets = [_draw(task) for task in tasks]
    else:
        context = multiprocessing.get_context("fork")  # workers inherit the imported modules
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            assets = list(pool.map(_draw, tasks, chunksize=1))
    return {asset.figure_id: asset for asset in assets}


def _draw(task: _Task) -> FigureAsset:
    spec, results, locale, gettext, theme, min_cell = task
    return draw_figure(spec, results, locale, gettext, theme, min_cell)


def _needed(spec: FigureSpec, results: Mapping[str, MetricResult]) -> dict[str, MetricResult]:
    """Only the results the spec's views read: a task pickles a few tables, not all of them."""
    keys = sorted({view.result_key for view in spec.views.values()})
    return {key: results[key] for key in keys if key in results}


def _picklable(value: object) -> bool:
    try:
        pickle.dumps(value)
    except (pickle.PicklingError, TypeError, AttributeError):
        log.debug("gettext does not pickle; drawing figures in this process")
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
