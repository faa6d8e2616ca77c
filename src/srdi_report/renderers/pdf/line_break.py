"""Chinese line breaking (kinsoku) for ReportLab paragraphs with ``wordWrap="CJK"``.

ReportLab's CJK wrapper cuts "like a knife" and only knows Japanese rules (fonts.md §2): a line
may start with ，；：？！》”, a line may end with 《“（, and a number such as 1,234.5 or 4.5% may
be split. ``install_cjk_line_breaking`` replaces its two splitters (``textsplit.dumbSplit`` for
single-fragment paragraphs and ``paragraph.cjkFragSplit`` for mixed ones) with one that picks
each break by these rules:

1. never before a character that cannot start a line (closing brackets and punctuation);
2. never after a character that cannot end a line (opening brackets and quotes);
3. never inside a run of Latin letters and digits with its inner separators and a trailing
   percent sign ("12,345", "4.5%", "+1.2pp", "G06F", "Little");
4. never between two identical dashes or ellipses ("——", "……").

When the character that overflows may not start a line it hangs in the margin (one character,
as in ReportLab); otherwise the break moves back to the nearest allowed position. A line too
long for any allowed break (a very long number) is cut where it overflows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import textsplit
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.rl_config import _FUZZ

# Written as escapes: no Han or CJK text in src (style_guide.md §1); these are punctuation.
# 。，、；：？！）》」』】〕〉”’…％．・·～ and their ASCII counterparts
CANNOT_START = (
    "\u3002\uff0c\u3001\uff1b\uff1a\uff1f\uff01\uff09\u300b\u300d\u300f\u3011\u3015\u3009"
    "\u201d\u2019\u2026\uff05\uff0e\u30fb\u00b7\uff5e\u3017\u3019\uff3d\uff5d"
    "!),.:;?]}%\u2030\u00b0\u2103"
    "-\u2010\u2013"  # hyphens and the en dash of a range (2022-2024) stay on the first line
)
# （《「『【〔〈“‘ and ASCII opening brackets
CANNOT_END = "\uff08\u300a\u300c\u300e\u3010\u3014\u3008\u201c\u2018\u3016\u3018\uff3b\uff5b([{"
# Pairs that stay together when doubled: the Chinese dash —— and ellipsis ……
NO_BREAK_DOUBLES = "\u2014\u2026"
OBJECT_MARK = "\ufffc"  # stands for an inline image or other non-text fragment

# A number or a Latin word: letters and digits, inner . , : joined, optional sign and %.
# A sign counts only where it cannot be a hyphen: not right after a letter or digit.
_UNBREAKABLE = re.compile(
    r"(?:(?<![0-9A-Za-z])[+\u2212])?[0-9A-Za-z]+(?:[.,:/][0-9A-Za-z]+)*[%\u2030]?"
)

_originals: dict[str, Callable[..., Any]] = {}


def install_cjk_line_breaking() -> None:
    """Make ReportLab's CJK wrapping follow the Chinese rules; calling it again does nothing.

    It patches ``reportlab.lib.textsplit.dumbSplit`` and ``reportlab.platypus.paragraph.
    cjkFragSplit`` for the whole process, and adds the Chinese closing marks to both copies of
    ``ALL_CANNOT_START`` (for any other code that reads them).
    """
    if _originals:
        return
    _originals["dumbSplit"] = textsplit.dumbSplit
    _originals["cjkFragSplit"] = rl_paragraph.cjkFragSplit
    _originals["ALL_CANNOT_START"] = textsplit.ALL_CANNOT_START
    textsplit.dumbSplit = dumb_split
    rl_paragraph.cjkFragSplit = cjk_frag_split
    extra = "".join(ch for ch in CANNOT_START if ch not in textsplit.ALL_CANNOT_START)
    textsplit.ALL_CANNOT_START = textsplit.ALL_CANNOT_START + extra
    rl_paragraph.ALL_CANNOT_START = textsplit.ALL_CANNOT_START


def uninstall_cjk_line_breaking() -> None:
    """Restore ReportLab's own splitters (for tests that compare both)."""
    if not _originals:
        return
    textsplit.dumbSplit = _originals.pop("dumbSplit")
    rl_paragraph.cjkFragSplit = _originals.pop("cjkFragSplit")
    start = _originals.pop("ALL_CANNOT_START")
    textsplit.ALL_CANNOT_START = start
    rl_paragraph.ALL_CANNOT_START = start


def is_installed() -> bool:
    """Whether ``install_cjk_line_breaking`` is in effect."""
    return bool(_originals)


def forbidden_breaks(text: str) -> frozenset[int]:
    """Positions ``b`` where a break (line = text[:b], next = text[b:]) breaks a rule."""
    bad: set[int] = set()
    for b in range(1, len(text)):
        before, after = text[b - 1], text[b]
        if (
            after in CANNOT_START
            or before in CANNOT_END
            or (before == after and before in NO_BREAK_DOUBLES)
        ):
            bad.add(b)
    for match in _UNBREAKABLE.finditer(text):
        bad.update(range(match.start() + 1, match.end()))
    return frozenset(bad)


def choose_break(text: str, start: int, overflow: int, forbidden: frozenset[int]) -> int:
    """Where to end a line that starts at ``start`` when ``text[overflow]`` does not fit.

    Returns the index ``b`` (``start < b``) such that the line is ``text[start:b]``.
    """
    overflow = max(overflow, start + 1)  # a line holds at least one character
    if overflow >= len(text):
        return len(text)
    if overflow not in forbidden:
        return overflow
    # Hang one closing mark in the margin rather than pulling a whole word down.
    hang = overflow + 1
    if text[overflow] in CANNOT_START and (hang >= len(text) or hang not in forbidden):
        return hang
    for b in range(overflow - 1, start, -1):
        if b not in forbidden:
            return b
    return overflow  # nothing allowed on this line (a long number): cut where it overflows


def dumb_split(word: str, widths: Sequence[float], max_widths: Any) -> list[list[Any]]:
    """Replacement for ``reportlab.lib.textsplit.dumbSplit`` (single-fragment paragraphs).

    Same contract: a list of ``[extraSpace, text]`` per line.
    """
    widths_per_line = _as_list(max_widths)
    forbidden = forbidden_breaks(word)
    lines: list[list[Any]] = []
    start, n = 0, len(word)
    while start < n:
        max_width = widths_per_line[min(len(lines), len(widths_per_line) - 1)]
        end, used = _fill(widths, start, n, max_width)
        if end >= n:
            lines.append([max_width - used, word[start:]])
            break
        b = choose_break(word, start, end, forbidden)
        text = word[start:b]
        kept = text.strip()
        lead = len(text) - len(text.lstrip())
        used = sum(widths[start + lead : start + lead + len(kept)])
        lines.append([max_width - used, kept])
        start = b
    return lines


def cjk_frag_split(
    frags: Sequence[Any],
    max_widths: Any,
    calc_bounds: bool,
    encoding: str = "utf8",
) -> Any:
    """Replacement for ``reportlab.platypus.paragraph.cjkFragSplit`` (mixed fragments, <b>).

    Builds ReportLab's per-character units as the original does, then breaks by the rules.
    """
    cjk_u = rl_paragraph.cjkU
    units: list[Any] = []
    for frag in frags:
        text = frag.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            units.extend(cjk_u(ch, frag, encoding) for ch in text)
        else:
            units.append(cjk_u(text, frag, encoding))
    # One character per unit, so the rules can read the text; empty units are objects.
    chars = "".join(str(u) if len(u) == 1 else OBJECT_MARK for u in units)
    forbidden = forbidden_breaks(chars)
    widths_per_line = _as_list(max_widths)
    make_line = rl_paragraph.makeCJKParaLine
    lines: list[Any] = []
    start, n = 0, len(units)
    widths_at: dict[float, list[float]] = {}  # widths in percent depend on the line width
    while start < n:
        max_width = widths_per_line[min(len(lines), len(widths_per_line) - 1)]
        if max_width not in widths_at:
            widths_at[max_width] = [_unit_width(u, max_width) for u in units]
        widths = widths_at[max_width]
        end, used = _fill(widths, start, n, max_width)
        # An explicit <br/> inside the fitted part ends the line there.
        hard = next((i for i in range(start, end) if hasattr(units[i].frag, "lineBreak")), None)
        if hard is not None:
            b, line_break = hard + 1, True
        elif end >= n:
            b, line_break = n, False
        else:
            b, line_break = choose_break(chars, start, end, forbidden), False
            hard = next((i for i in range(start, b) if hasattr(units[i].frag, "lineBreak")), None)
            if hard is not None:
                b, line_break = hard + 1, True
        used = sum(widths[start:b])
        last = b >= n and not line_break
        lines.append(
            make_line(units[start:b], max_width, used, max_width - used, line_break, calc_bounds)
        )
        if last:
            break
        start = b
    return rl_paragraph.ParaLines(kind=1, lines=lines)


def _as_list(max_widths: Any) -> list[float]:
    """ReportLab passes one width or a list of widths, one per line (the last repeats)."""
    return list(max_widths) if isinstance(max_widths, (list, tuple)) else [max_widths]


def _unit_width(unit: Any, max_width: float) -> float:
    width = unit.width
    if hasattr(width, "normalizedValue"):  # widths given in percent of the line
        width._normalizer = max_width
        width = width.normalizedValue(max_width)
    return float(width)


def _fill(widths: Sequence[float], start: int, n: int, max_width: float) -> tuple[int, float]:
    """Index of the first character from ``start`` that does not fit, and the width used."""
    used = 0.0
    i = start
    while i < n and used + widths[i] <= max_width + _FUZZ:
        used += widths[i]
        i += 1
    return i, used
