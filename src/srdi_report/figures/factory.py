"""FigureSpec + metric results → FigureAsset: PNG, SVG, the CSV drawn, alt text, in one locale.

The factory does everything a kind should not: it picks each view's rows (``where``), renames
metric columns to roles, sorts and cuts to ``top``, replaces codes by names in the locale,
marks withheld rows, checks the kind's roles, then draws under the theme and saves bytes that
are the same in every process. Kinds only draw (style_guide.md §1).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

from srdi_report.data.reference_files import reference_path
from srdi_report.figures import kinds as _kinds  # noqa: F401 (registers every chart kind)
from srdi_report.figures.asset import FigureAsset
from srdi_report.figures.context import figure_context, figure_texts, png_bytes, png_size, svg_bytes
from srdi_report.figures.labels import label_codes
from srdi_report.figures.registry import CHART_KINDS, MAIN_VIEW, SUPPRESSED, DrawInput
from srdi_report.figures.spec import DataView, FigureSpec, FigureSpecError
from srdi_report.figures.theme import DEFAULT_THEME, Theme
from srdi_report.metrics.result import MetricResult

CODE_SUFFIX = "_code"  # CSV column of a labelled role's original key
VIEW_COLUMN = "view"  # CSV column naming the view when a figure draws several


@dataclass(frozen=True, eq=False)
class ViewFrames:
    """The role frames of a figure's views, ready for a kind, plus the withheld keys."""

    frames: Mapping[str, pd.DataFrame]
    suppressed: tuple[str, ...]


def draw_figure(
    spec: FigureSpec,
    results: Mapping[str, MetricResult],
    locale: str,
    gettext: Callable[[str], str],
    theme: Theme = DEFAULT_THEME,
    min_cell: int = 5,
    title_args: Mapping[str, object] | None = None,
) -> FigureAsset:
    """Draw one figure in one locale.

    Args:
        spec: The figure: kind, views, options, size.
        results: Metric results by :attr:`DataView.result_key` (the metric id for views in the
            edition's scope).
        locale: Babel locale (``zh_CN``, ``en``).
        gettext: Translate a message id in the locale (falls back to the id).
        theme: The look.
        min_cell: Fewest firms behind a shown value (for the alt text; results are already
            suppressed by the metrics engine).
        title_args: Values of the title's ``%(name)s`` placeholders (the edition's caption
            arguments, e.g. the years); a title whose placeholders stay unfilled is left out
            of the alt text rather than printed with them.

    Returns:
        PNG (``theme.dpi``), SVG, CSV of the data drawn, alt text, pixel size, texts drawn.

    Raises:
        FigureSpecError: a view's result or column is missing, or the kind's roles are not all
            in the main view (the message names the figure, the kind and the role).
        UnknownNameError: the kind or a label code is unknown.
    """
    kind = CHART_KINDS.get(spec.kind)
    views = build_views(spec, results, locale, gettext)
    if MAIN_VIEW not in views.frames:
        raise FigureSpecError(f"figure {spec.figure_id} ({spec.kind}): no {MAIN_VIEW!r} view")
    main = views.frames[MAIN_VIEW]
    missing = [role for role in kind.roles if role not in main.columns]
    if missing:
        raise FigureSpecError(
            f"figure {spec.figure_id}: kind {spec.kind!r} needs role(s) {', '.join(missing)} "
            f"in view {MAIN_VIEW!r}; the view maps {', '.join(spec.views[MAIN_VIEW].roles)}"
        )
    main_result = results[spec.views[MAIN_VIEW].result_key]
    inp = DrawInput(
        frame=main,
        views=views.frames,
        options=spec.options,
        gettext=gettext,
        locale=locale,
        theme=theme,
        min_cell=min_cell,
        figure_id=spec.figure_id,
        title=alt_title(spec.title, gettext, title_args),
        unit=str(main_result.unit),
        physical_unit=main_result.physical_unit,
    )
    with figure_context(theme, locale, spec.size) as figure:
        kind.draw(figure, inp)
        png = png_bytes(figure, theme.dpi)
        # The layout is settled by the PNG's draw (in inches, the same for SVG); running the
        # constrained-layout solver again for the SVG would cost a third of the draw.
        figure.set_layout_engine("none")
        svg = svg_bytes(figure)
        texts = figure_texts(figure)
    width, height = png_size(png)
    return FigureAsset(
        figure_id=spec.figure_id,
        locale=locale,
        png=png,
        svg=svg,
        csv=frames_csv(views.frames),
        alt_text=kind.alt_text(inp),
        width_px=width,
        height_px=height,
        suppressed=views.suppressed,
        texts=texts,
        key=figure_key(spec, results, locale, theme),
    )


def alt_title(msgid: str, gettext: Callable[[str], str], args: Mapping[str, object] | None) -> str:
    """The translated caption title for the alt text, placeholders filled, or ""."""
    if not msgid:
        return ""
    title = gettext(msgid)
    if "%(" not in title:
        return title
    try:
        return title % dict(args or {})
    except (KeyError, ValueError, TypeError):
        return ""  # unfilled placeholders would read "%(first)s" aloud


def build_views(
    spec: FigureSpec,
    results: Mapping[str, MetricResult],
    locale: str,
    gettext: Callable[[str], str],
) -> ViewFrames:
    """Every view of ``spec`` as a role frame (see :func:`view_frame`), in spec order."""
    frames: dict[str, pd.DataFrame] = {}
    suppressed: list[str] = []
    for name, view in spec.views.items():
        result = results.get(view.result_key)
        if result is None:
            raise FigureSpecError(
                f"figure {spec.figure_id}: no result {view.result_key!r} for view {name!r}"
            )
        frame, withheld = view_frame(spec.figure_id, view, result, locale, gettext)
        frames[name] = frame
        suppressed.extend(withheld)
    return ViewFrames(frames=frames, suppressed=tuple(suppressed))


def view_frame(
    figure_id: str,
    view: DataView,
    result: MetricResult,
    locale: str,
    gettext: Callable[[str], str],
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """One view's rows as role columns (codes labelled), ``suppressed`` flag, sorted and cut.

    Labelled roles keep their key in ``<role>_code``. A row is ``suppressed`` when one of its
    role values is NaN and its key is among the result's suppressions; other NaN rows (no
    firms at all) stay NaN and unflagged.

    Returns:
        The frame and the suppression keys of the rows it kept.
    """
    table = result.table
    missing = [c for c in (*view.roles.values(), *view.where) if c not in table.columns]
    if missing:
        raise FigureSpecError(
            f"figure {figure_id}: metric {view.metric!r} has no column(s) "
            f"{', '.join(missing)}; it has {', '.join(map(str, table.columns))}"
        )
    keep = np.ones(len(table), dtype=bool)
    for column, allowed in view.where.items():
        keep &= table[column].isin(list(allowed)).to_numpy(dtype=bool)
    rows = table.loc[keep]
    withheld_mask, withheld_keys = _withheld(rows, result)
    frame = pd.DataFrame(
        {role: rows[column].to_numpy() for role, column in view.roles.items()},
        index=pd.RangeIndex(len(rows)),
    )
    frame[SUPPRESSED] = withheld_mask & _any_nan(frame)
    frame["_key"] = withheld_keys
    frame = _sort_and_cut(figure_id, view, frame)
    for role, source in view.labels.items():
        if role not in frame.columns:
            raise FigureSpecError(f"figure {figure_id}: label source for unknown role {role!r}")
        frame[role + CODE_SUFFIX] = frame[role]
        frame[role] = label_codes(frame[role], source, locale, gettext)
    kept = tuple(str(k) for k, s in zip(frame["_key"], frame[SUPPRESSED], strict=True) if s)
    return frame.drop(columns="_key"), kept


def _any_nan(frame: pd.DataFrame) -> np.ndarray:
    """Per row, whether a numeric role value is NaN (what the engine blanks to withhold)."""
    numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])]
    if not numeric:
        return np.zeros(len(frame), dtype=bool)
    return np.asarray(frame[numeric].isna().any(axis=1).to_numpy(dtype=bool))


def _withheld(rows: pd.DataFrame, result: MetricResult) -> tuple[np.ndarray, list[str]]:
    """Which rows match a suppression record (by its ``k=v;k=v`` key) and that key."""
    mask = np.zeros(len(rows), dtype=bool)
    keys = [""] * len(rows)
    for record in result.suppressed:
        parts = dict(p.split("=", 1) for p in record.key.split(";") if "=" in p)
        hit = np.ones(len(rows), dtype=bool)
        for column, text in parts.items():
            if column not in rows.columns:
                hit[:] = False
                break
            hit &= (rows[column].astype(str) == text).to_numpy(dtype=bool)
        for i in np.flatnonzero(hit):
            mask[i] = True
            keys[i] = record.key
    return mask, keys


def _sort_and_cut(figure_id: str, view: DataView, frame: pd.DataFrame) -> pd.DataFrame:
    if view.sort:
        if view.sort not in frame.columns:
            raise FigureSpecError(f"figure {figure_id}: sort by unknown role {view.sort!r}")
        # Stable sort: ties keep the metric's order (its keys are sorted), so output is fixed.
        frame = frame.sort_values(
            view.sort, ascending=view.ascending, kind="stable", na_position="last"
        )
    if view.top:
        frame = frame.head(view.top)
    return frame.reset_index(drop=True)


def frames_csv(frames: Mapping[str, pd.DataFrame]) -> bytes:
    """The data drawn as UTF-8 CSV: one view plain, several with a ``view`` column first."""
    if len(frames) == 1:
        table = next(iter(frames.values()))
    else:
        table = pd.concat(
            [f.assign(**{VIEW_COLUMN: name}) for name, f in frames.items()], ignore_index=True
        )
        table = table[[VIEW_COLUMN, *[c for c in table.columns if c != VIEW_COLUMN]]]
    return str(table.to_csv(index=False, lineterminator="\n")).encode("utf-8")


def figure_key(
    spec: FigureSpec,
    results: Mapping[str, MetricResult],
    locale: str,
    theme: Theme = DEFAULT_THEME,
    catalog: str = "",
) -> str:
    """Content hash of everything a figure's bytes depend on (the figure cache key).

    Spec, the drawn results' tables and suppressions, theme, locale, the translation catalog's
    identity (``catalog``: e.g. the hash of the .po file, "" when unknown), the figures code and
    the matplotlib version.
    """
    digest = hashlib.sha256()
    parts = {
        "spec": _spec_data(spec),
        "theme": asdict(theme),
        "locale": locale,
        "catalog": catalog,
        "code": code_version(),
    }
    digest.update(json.dumps(parts, sort_keys=True, default=str).encode())
    for name in sorted(spec.views):
        result = results.get(spec.views[name].result_key)
        if result is not None:
            digest.update(_result_digest(result).encode())
    return digest.hexdigest()


def _spec_data(spec: FigureSpec) -> dict[str, object]:
    return {
        "figure_id": spec.figure_id,
        "kind": spec.kind,
        "title": spec.title,
        "size": list(spec.size),
        "options": dict(spec.options),
        "views": {
            name: {
                "metric": v.metric,
                "roles": dict(v.roles),
                "where": {k: list(vals) for k, vals in v.where.items()},
                "labels": dict(v.labels),
                "sort": v.sort,
                "ascending": v.ascending,
                "top": v.top,
                "scope": v.scope,
                "benchmark": v.benchmark,
            }
            for name, v in spec.views.items()
        },
    }


def _result_digest(result: MetricResult) -> str:
    digest = hashlib.sha256()
    table = result.table
    digest.update("\x1f".join(map(str, table.columns)).encode())
    if len(table.columns) and len(table):
        digest.update(pd.util.hash_pandas_object(table, index=False).to_numpy().tobytes())
    digest.update(repr([(s.key, s.n) for s in result.suppressed]).encode())
    digest.update(f"{result.unit}|{result.physical_unit}".encode())
    return digest.hexdigest()


# What else decides a figure's bytes besides its spec and data: the number formats, the font
# build, the reference names of its labels, and the packages that draw and shape the text.
_PACKAGE_FILES = ("number_format.py", "fonts.py")
_REFERENCE_FILES = (
    "provinces.csv",
    "cities.csv",
    "city_clusters.csv",
    "gbt4754_2017.csv",
    "number_styles.csv",
    "content/code_labels.csv",
)
_DISTRIBUTIONS = ("matplotlib", "babel", "justmytype-intl-cjk", "fontpkg-noto-sans")


@cache
def code_version() -> str:
    """Hash of the code, reference names and package versions a figure's bytes depend on."""
    digest = hashlib.sha256()
    for name in _DISTRIBUTIONS:
        try:
            digest.update(f"{name}={metadata.version(name)}|".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=?|".encode())
    figures = Path(__file__).parent
    package = figures.parent
    files = [
        *sorted(figures.rglob("*.py")),
        *(package / name for name in _PACKAGE_FILES),
        *(reference_path(name) for name in _REFERENCE_FILES),
    ]
    for path in files:
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
