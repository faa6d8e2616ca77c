"""Staircase: a four-stage path drawn as rising steps (chart c48), with targets and today's data.

Main view roles: ``category`` (the stage name, rows first step → last). Optional roles
``label`` (the stage's target text, already in the locale: content tables) and ``value`` (firms
at that stage, printed under its name).

Options:
    base_step (msgid): an open first step before the data rows (the base tier, not in the data).
    targets (msgids, or ``{"en": …, "zh": …}`` texts from a content table): target texts per
        step, base step included, when there is no ``label``.
    x_label, y_label (msgids): captions along the path and up the steps ("Innovation level").
    Optional view ``strip`` (roles ``category`` = level, ``value``): today's statistic per level
    (median patents), printed under the step named by ``strip_steps`` (level code -> step index,
    default provincial -> the growth step, national -> the breakthrough step); ``strip_label``
    (msgid) names it, ``strip_unit``/``strip_digits`` format it.

A withheld value prints ``x``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.colors import to_hex, to_rgb
from matplotlib.patches import Rectangle

from srdi_report.figures.alt_text import join
from srdi_report.figures.kinds import _marks as mk
from srdi_report.figures.registry import chart_kind

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from srdi_report.figures.registry import DrawInput

ROLES = ("category",)
# With an open base step first, the provincial firms stand on step 1 and the Little Giants on
# step 2 (national_report.md section 4).
DEFAULT_STRIP_STEPS = {"provincial": 1, "national": 2}
STEP_RISE = 1.0
TARGET_ROOM = 1.05  # head room above the top step for its target text, in step heights
POINTS_PER_INCH = 72.0


def _steps(draw: DrawInput) -> list[tuple[str, str, float, bool]]:
    """(name, target, firms, is_open) per step, first to last."""
    frame = draw.frame
    names = mk.texts(frame, "category")
    firms = mk.floats(frame, "value") if "value" in frame else np.full(len(frame), np.nan)
    if "value" in frame:
        firms[mk.withheld(frame, "value")] = np.nan
    labels = mk.texts(frame, "label") if "label" in frame else [""] * len(frame)
    steps = [(n, t, float(f), False) for n, t, f in zip(names, labels, firms, strict=True)]
    base = draw.options.get("base_step")
    if base:
        steps.insert(0, (draw.gettext(str(base)), "", float("nan"), True))
    targets = [mk.text_of(draw, t) for t in mk.opt_seq(draw.options, "targets")]
    for i, target in enumerate(targets[: len(steps)]):
        if target and not steps[i][1]:
            steps[i] = (steps[i][0], target, steps[i][2], steps[i][3])
    return steps


def _strip(draw: DrawInput) -> dict[int, str]:
    """Step index -> today's value as text, from the ``strip`` view."""
    if "strip" not in draw.views:
        return {}
    frame = draw.views["strip"]
    mapping = draw.options.get("strip_steps", DEFAULT_STRIP_STEPS)
    steps = dict(mapping) if isinstance(mapping, Mapping) else DEFAULT_STRIP_STEPS
    unit = mk.opt_str(draw.options, "strip_unit", mk.VALUE)
    digits = mk.opt_int(draw.options, "strip_digits", 0)
    values = mk.floats(frame, "value")
    values[mk.withheld(frame, "value")] = np.nan
    out = {}
    for code, value in zip(mk.codes(frame, "category"), values, strict=True):
        if code in steps:
            out[int(steps[code])] = mk.number_text(value, unit, digits, draw.locale)
    return out


def _tint(accent: str, amount: float) -> str:
    red, green, blue = (1.0 - amount * (1.0 - part) for part in to_rgb(accent))
    return to_hex((red, green, blue))


def _draw_step(ax: Axes, draw: DrawInput, index: int, count: int, step: tuple) -> None:  # type: ignore[type-arg]
    theme = draw.theme
    name, target, firms, is_open = step
    height = STEP_RISE * (index + 1)
    shade = 0.25 + 0.75 * index / max(count - 1, 1)
    if is_open:
        patch = Rectangle((index, 0), 0.96, height, fill=False, ec=theme.muted, lw=1.0, ls="--")
    else:
        patch = Rectangle((index, 0), 0.96, height, fc=_tint(theme.accent, shade), ec="none")
    ax.add_patch(patch)
    ink = "white" if shade > 0.6 and not is_open else theme.text
    ax.text(
        index + 0.48,
        height - 0.12,
        name,
        ha="center",
        va="top",
        fontsize=theme.base_size,
        fontweight="bold",
        color=ink,
    )
    if not is_open and "value" in draw.frame:
        count_text = mk.fill(
            draw.gettext("%(firms)s firms"), firms=mk.number_text(firms, mk.COUNT, 0, draw.locale)
        )
        ax.text(
            index + 0.48,
            height - 0.42,
            count_text,
            ha="center",
            va="top",
            fontsize=theme.small_size,
            color=ink,
        )
    if target:
        width_pt = _step_width_pt(ax) * 0.94
        ax.text(
            index + 0.48,
            height + 0.08,
            mk.wrap(target, width_pt, theme.small_size),
            ha="center",
            va="bottom",
            fontsize=theme.small_size,
            color=theme.text,
            linespacing=1.25,
        )


def _step_width_pt(ax: Axes) -> float:
    """Width of one step in points (the x range spans the steps)."""
    low, high = ax.get_xlim()
    width_in = float(ax.get_window_extent().width) / float(ax.figure.dpi)
    return width_in * POINTS_PER_INCH / (high - low)


@chart_kind("staircase", ROLES, alt_text=lambda draw: alt_text(draw))
def draw_staircase(fig: Figure, draw: DrawInput) -> None:
    """Draw rising steps with names, counts and targets above them, and the data strip below."""
    theme = draw.theme
    steps = _steps(draw)
    strip = _strip(draw)
    ax = fig.add_subplot()
    ax.set_xlim(-0.05, len(steps) - 0.02)
    ax.set_ylim(0, STEP_RISE * (len(steps) + TARGET_ROOM))
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(theme.axis)
    ax.set_yticks([])
    fig.canvas.draw()  # the step width in points depends on the final axes size
    for index, step in enumerate(steps):
        _draw_step(ax, draw, index, len(steps), step)
    strip_label = mk.label(draw, "strip_label", "")
    ticks = [i + 0.48 for i in range(len(steps))]
    tick_text = [f"{strip_label}\n{strip[i]}" if i in strip else "" for i in range(len(steps))]
    ax.set_xticks(ticks, tick_text)
    ax.tick_params(axis="x", length=0, labelsize=theme.small_size, labelcolor=theme.note)
    for key, setter in (("x_label", ax.set_xlabel), ("y_label", ax.set_ylabel)):
        caption = mk.label(draw, key, "")
        if caption:
            setter(caption, fontsize=theme.small_size + 0.5)
    if any(text == mk.SUPPRESSED_MARK for text in strip.values()) or (
        "value" in draw.frame and bool(mk.withheld(draw.frame, "value").any())
    ):
        mk.note(fig, draw, [mk.suppression_note(draw)])


def alt_text(draw: DrawInput) -> str:
    """The path's stages in order and the target of the last one."""
    steps = _steps(draw)
    names = [name for name, *_ in steps]
    sentences = [
        mk.fill(
            draw.gettext("A path of %(count)s stages: %(stages)s."),
            count=len(steps),
            stages=draw.gettext(", ").join(names),
        )
    ]
    if steps and steps[-1][1]:
        sentences.append(
            mk.fill(
                draw.gettext("Target of the last stage: %(target)s."),
                target=steps[-1][1].rstrip("."),
            )
        )
    return join(draw, sentences)
