"""The per-locale stages of a build: figures and rendered files, each cached by content.

Figures are keyed by the factory's figure key, files by the document's content hash; the figure
asset files of the ``figures/`` folder are listed here too.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import logging
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from srdi_report.compose.accessors import EditionIdentity
from srdi_report.compose.i18n import catalog_path, gettext_for, locales_dir
from srdi_report.compose.model import Document
from srdi_report.config.model import Config
from srdi_report.editions.cache import (
    PACKAGE_ROOT,
    BuildCache,
    code_version,
    content_key,
    tree_version,
)
from srdi_report.editions.spec import EditionSpec
from srdi_report.errors import SrdiError
from srdi_report.figures.asset import FigureAsset
from srdi_report.figures.spec import FigureSpec
from srdi_report.metrics.result import MetricResult
from srdi_report.renderers.registry import check_formats, get_renderer

log = logging.getLogger(__name__)

# What a file's bytes depend on besides the document: the renderer code and its helpers.
RENDER_CODE = ("renderers", "number_format.py", "fonts.py")
# What a document depends on besides its inputs: composing code, labels, reference and content.
DOCUMENT_CODE = ("compose", "figures", "data", "number_format.py")
FIGURE_CODE = ("figures", "fonts.py", "number_format.py")
# Every folder the shipped templates may come from (``compose.templates.default_template_dirs``:
# the package copy, the checkout's root): hashing both never misses a change and spares a
# cached rebuild from importing Jinja2.
SHIPPED_TEMPLATE_CANDIDATES = (PACKAGE_ROOT / "templates", PACKAGE_ROOT.parents[1] / "templates")
MAX_DEFAULT_WORKERS = 2  # the benchmark machine has two cores
FAILED = "figure-failures"  # cache kind: the message of a figure that failed in draft mode


def drawable_figures(spec: EditionSpec) -> tuple[FigureSpec, ...]:
    """Figures of exhibits that can be built now (pending exhibits print a note instead)."""
    return tuple(
        e.spec.figure for e in spec.exhibits() if e.spec.figure is not None and not e.spec.pending
    )


def locale_figures(
    spec: EditionSpec,
    results: Mapping[str, MetricResult],
    locale: str,
    config: Config,
    cache: BuildCache,
    base_key: str,
) -> tuple[dict[str, FigureAsset], dict[str, str], tuple[int, int]]:
    """Every drawable figure of the edition in ``locale``, their keys, (drawn, cached) counts.

    A figure is looked up by its content key (spec, drawn data, theme, locale, catalog, code);
    only the misses are drawn, together, on the figure factory's pool.
    """
    figures = drawable_figures(spec)
    keys = figure_keys(figures, results, locale, cache, base_key)
    assets: dict[str, FigureAsset] = {}
    missing: list[FigureSpec] = []
    for figure in figures:
        key = keys[figure.figure_id]
        hit = cache.load("figures", key)
        if isinstance(hit, FigureAsset):
            assets[figure.figure_id] = hit
        elif config.build.draft and isinstance(failed := cache.load(FAILED, key), str):
            # Draft: the same inputs failed before; do not draw it again on every rebuild.
            log.warning("draft: figure %s not drawn: %s", figure.figure_id, failed)
        else:
            missing.append(figure)
    if missing:
        drawn, failures = draw_missing(missing, results, locale, config)
        for figure in missing:
            key = keys[figure.figure_id]
            asset = drawn.get(figure.figure_id)
            if asset is not None:
                cache.store("figures", key, asset)
                assets[figure.figure_id] = asset
            elif figure.figure_id in failures:  # draft mode only
                cache.store(FAILED, key, failures[figure.figure_id])
    log.debug("figures %s: %d drawn, %d cached", locale, len(missing), len(assets) - len(missing))
    ordered = {f.figure_id: assets[f.figure_id] for f in figures if f.figure_id in assets}
    return ordered, keys, (len(missing), len(figures) - len(missing))


def figure_keys(
    figures: Sequence[FigureSpec],
    results: Mapping[str, MetricResult],
    locale: str,
    cache: BuildCache,
    base_key: str,
) -> dict[str, str]:
    """The factory's figure key of each figure, itself cached by what the keys depend on.

    Caching the keys spares an unchanged rebuild from importing matplotlib (about a second)
    and hashing every drawn table again. ``base_key`` covers the source, the metric code and
    the spec; the figures code, matplotlib's version, the locale and its catalog are added.
    """
    keys_key = content_key(
        "figure-keys",
        base_key,
        locale,
        _catalog_hash(locale),
        code_version(*FIGURE_CODE),
        importlib.metadata.version("matplotlib"),
    )
    hit = cache.load("figure-keys", keys_key)
    if isinstance(hit, dict) and set(hit) == {f.figure_id for f in figures}:
        return hit
    from srdi_report.figures.factory import figure_key

    catalog = _catalog_hash(locale)
    keys = {f.figure_id: figure_key(f, results, locale, catalog=catalog) for f in figures}
    cache.store("figure-keys", keys_key, keys)
    return keys


def draw_missing(
    figures: Sequence[FigureSpec],
    results: Mapping[str, MetricResult],
    locale: str,
    config: Config,
) -> tuple[dict[str, FigureAsset], dict[str, str]]:
    """Draw ``figures`` in ``locale`` (the figure factory; a pool when there are several).

    In draft mode a figure that fails is left out with a warning (the document prints a
    placeholder) and its message returned; otherwise the first failure is raised.

    Raises:
        FigureSpecError: a figure cannot be drawn (strict mode).
    """
    from srdi_report.figures.build import draw_figures

    gettext = gettext_for(locale)
    min_cell = config.metrics.min_cell
    try:
        # gettext_for: a bound GNUTranslations method does not pickle, and without a
        # picklable factory the factory draws every figure in this process, one by one.
        drawn = draw_figures(
            figures,
            results,
            locale,
            gettext,
            min_cell=min_cell,
            workers=worker_count(config),
            gettext_for=gettext_for,
        )
    except SrdiError:
        if not config.build.draft:
            raise
    else:
        return drawn, {}
    drawn = {}
    failures: dict[str, str] = {}
    for figure in figures:  # draft: find the failing ones, keep the rest
        try:
            drawn.update(draw_figures([figure], results, locale, gettext, min_cell=min_cell))
        except SrdiError as err:
            log.warning("draft: figure %s not drawn: %s", figure.figure_id, err)
            failures[figure.figure_id] = str(err)
    return drawn, failures


def document_key(inputs_key: str, locale: str, identity: EditionIdentity, config: Config) -> str:
    """The content key of a locale's document.

    ``inputs_key`` covers the source, the spec, the figure keys and the settings; this adds the
    locale, the identity, the template trees, the catalogs and the code of the composing stages.
    """
    template_dirs = template_folders(config)
    return content_key(
        "document",
        inputs_key,
        locale,
        dataclasses.asdict(identity),
        tree_version((*template_dirs, *SHIPPED_TEMPLATE_CANDIDATES), (".j2",)),
        tree_version((locales_dir(),), (".po", ".csv")),
        code_version(*DOCUMENT_CODE),
    )


def composed_document(
    spec: EditionSpec,
    results: Mapping[str, MetricResult],
    assets: Mapping[str, FigureAsset],
    locale: str,
    *,
    identity: EditionIdentity,
    config: Config,
    cache: BuildCache,
    key: str,
) -> Document:
    """The document of a locale: from the cache under ``key``, else composed and stored."""
    hit = cache.load("documents", key)
    if isinstance(hit, Document):
        return hit
    from srdi_report.compose.composer import compose

    document = compose(
        spec,
        results,
        assets,
        locale,
        identity=identity,
        template_dirs=template_folders(config),
        draft=config.build.draft,
    )
    # A bureau's growth files sit two to a page with their logos: blocks templates cannot write.
    from srdi_report.editions.bureau_layout import layout_growth_files

    document = layout_growth_files(document, spec.caption_args.get("bureau"))
    cache.store("documents", key, document)
    return document


def template_folders(config: Config) -> tuple[Path, ...]:
    """The user's folder first (it overrides single templates), then the shipped tree."""
    return (Path(config.build.templates),) if config.build.templates else ()


def worker_count(config: Config) -> int:
    """Processes for drawing: ``[build] workers``, or one per core up to two."""
    if config.build.workers > 0:
        return config.build.workers
    return max(1, min(MAX_DEFAULT_WORKERS, os.cpu_count() or 1))


def render_formats(
    document: Document,
    document_key: str,
    locale: str,
    formats: Sequence[str],
    cache: BuildCache,
) -> tuple[dict[str, bytes], tuple[int, int]]:
    """The bytes of ``document`` in every format, and (rendered, cached) counts.

    A file is cached under the document's content key, the format and the renderer code.

    Raises:
        UnknownNameError: a format is not registered (checked before any rendering).
    """
    check_formats(formats)
    files: dict[str, bytes] = {}
    done = 0
    for fmt in formats:
        key = render_key(document_key, fmt, locale)
        hit = cache.load("render", key)
        if isinstance(hit, bytes):
            files[fmt] = hit
            continue
        # Imported only now: a cached file needs no renderer (ReportLab, python-docx).
        files[fmt] = get_renderer(fmt).render(document, locale)
        cache.store("render", key, files[fmt])
        done += 1
    return files, (done, len(formats) - done)


def render_key(document_key: str, fmt: str, locale: str) -> str:
    """The cache key of one file: the document, the format and the renderer code."""
    return content_key("render", document_key, fmt, locale, code_version(*RENDER_CODE))


def figure_files(assets: Mapping[str, FigureAsset], folder: Path) -> dict[Path, bytes]:
    """PNG, SVG, the CSV drawn and the alt text of every asset, under ``folder``.

    The names are those of ``figures.build.asset_files``, written here so that an unchanged
    rebuild need not import the figure factory (and matplotlib) to list them.
    """
    files: dict[Path, bytes] = {}
    for figure_id, asset in assets.items():
        files[folder / f"{figure_id}.png"] = asset.png
        files[folder / f"{figure_id}.svg"] = asset.svg
        files[folder / f"{figure_id}.csv"] = asset.csv
        files[folder / f"{figure_id}.alt.txt"] = (asset.alt_text + "\n").encode("utf-8")
    return files


def _catalog_hash(locale: str) -> str:
    """Identity of the locale's catalog: a figure's labels change with its translations."""
    path = catalog_path(locale)
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
