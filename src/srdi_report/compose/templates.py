"""Sandboxed Jinja2 over the one template tree; rendered markup → document blocks.

One tree serves both languages (style_guide.md §2.4): every sentence goes through the gettext
catalogs, numbers stay numbers (``num`` writes a token that becomes a :class:`NumRun`), and a
missing variable or a failing call is a :class:`TemplateError` naming the template and line.

Search order (Jinja ``ChoiceLoader``): the caller's folders (``--templates DIR``) first, then
the shipped tree (:func:`default_template_dirs`). The markup is described in ``markup.py``; the
helpers a template can call are listed in :meth:`TemplateRenderer.builtin_globals`.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping, Sequence
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from jinja2.sandbox import SandboxedEnvironment

from srdi_report.compose import narrative
from srdi_report.compose.i18n import (
    glossary_term,
    normalize_locale,
    translated_messages,
    translations,
)
from srdi_report.compose.markup import (
    SEGMENT_END,
    ExhibitSlot,
    MarkupError,
    TemplateBlock,
    note_token,
    num_token,
    parse_blocks,
    ref_token,
    segment_open,
    slot_token,
    text_token,
)
from srdi_report.compose.model import NumRun
from srdi_report.compose.narrative import Phrase
from srdi_report.errors import InputError, SrdiError
from srdi_report.number_format import is_missing
from srdi_report.number_format import kinds as number_kinds

__all__ = [
    "ExhibitSlot",
    "SegmentExtension",
    "TemplateBlock",
    "TemplateError",
    "TemplateRenderer",
    "default_template_dirs",
]

TEMPLATE_SUFFIX = ".j2"
# Errors a template can cause through its own code or the helpers it calls; anything else is
# a bug and keeps its traceback.
_TEMPLATE_FAILURES = (
    jinja2.TemplateError,
    SrdiError,
    ArithmeticError,
    LookupError,
    TypeError,
    ValueError,
    AttributeError,
)


class TemplateError(InputError):
    """A template cannot be loaded or rendered; says which template and line.

    Attributes:
        template: The template name as looked up (``chapter_2.j2``), or "" if unknown.
        line: The 1-based line in ``template``, or None.
        reason: The failure without the location.
    """

    def __init__(self, template: str, line: int | None, reason: str, context: str = "") -> None:
        self.template = template
        self.line = line
        self.reason = reason
        where = template if line is None else f"{template}:{line}"
        super().__init__(f"{where}: {reason}{context}")


class MissingMessageError(InputError):
    """A msgid is not translated in the edition's catalog (strict rendering)."""


# --- the segment tag ----------------------------------------------------------------------------


class SegmentExtension(Extension):
    """``{% segment "id" key=loop_key style="lead" %}…{% endsegment %}``: a stable text segment.

    The body's blocks get the segment id ``<template>/<id>[<key>]`` (see ``markup.parse_blocks``)
    and, for paragraphs, the style (``body``, ``lead``, ``box``, ``note``, ``quote``).
    """

    tags = {"segment"}  # noqa: RUF012 (the Jinja Extension API declares a set)

    def parse(self, parser: Parser) -> nodes.Node:
        """Parse the tag: a name expression, then optional ``key=`` and ``style=``."""
        lineno = next(parser.stream).lineno
        args: list[nodes.Expr] = [parser.parse_expression()]
        kwargs: list[nodes.Keyword] = []
        while parser.stream.current.type != "block_end":
            parser.stream.skip_if("comma")
            name = parser.stream.expect("name")
            if name.value not in ("key", "style"):
                parser.fail(f"segment takes key= and style=, not {name.value}=", name.lineno)
            parser.stream.expect("assign")
            kwargs.append(nodes.Keyword(name.value, parser.parse_expression(), lineno=lineno))
        body = parser.parse_statements(("name:endsegment",), drop_needle=True)
        call = self.call_method("_segment", args, kwargs, lineno=lineno)
        return nodes.CallBlock(call, [], [], body, lineno=lineno)

    def _segment(
        self, name: str, key: object = "", style: str = "body", *, caller: Callable[[], str]
    ) -> str:
        return segment_open(str(name), "" if key is None else str(key), str(style)) + (
            caller() + SEGMENT_END
        )


# --- where templates live -----------------------------------------------------------------------


def _repo_templates() -> Path:
    # src/srdi_report/compose/templates.py → the repository root's templates/ (a checkout or an
    # editable install); an installed wheel carries its copy as package data instead.
    return Path(__file__).resolve().parents[3] / "templates"


def default_template_dirs() -> tuple[Path, ...]:
    """Return the shipped template folders that exist: the package copy, then the repo's root.

    The wheel carries ``srdi_report/templates/`` as package data; a source checkout has the
    root ``templates/`` folder. A folder is used only if it holds ``_macros.j2``.
    """
    with as_file(files("srdi_report").joinpath("templates")) as packaged:
        candidates = (Path(packaged), _repo_templates())
    found: list[Path] = []
    for folder in candidates:
        if (folder / "_macros.j2").is_file() and folder.resolve() not in found:
            found.append(folder.resolve())
    return tuple(found)


# --- the renderer -------------------------------------------------------------------------------


class TemplateRenderer:
    """Render templates of one locale into document blocks.

    Args:
        locale: Edition language or catalog locale ("zh", "zh_CN", "en").
        search_paths: Folders searched before the shipped tree (a user's ``--templates``).
        globals: Extra names for every template (the composer's metric accessors, names …);
            they may shadow the built-in helpers.
        ref_label: Maps an exhibit id to its printed label ("Figure 16") for
            ``ref()``; without it the RefRun's label is "" and the composer fills it in.
        strict_messages: Refuse a msgid the catalog does not translate (default), instead of
            printing the English msgid.
    """

    def __init__(
        self,
        locale: str,
        search_paths: Sequence[Path] = (),
        globals: Mapping[str, object] | None = None,
        *,
        ref_label: Callable[[str], str] | None = None,
        strict_messages: bool = True,
    ) -> None:
        self.locale = normalize_locale(locale)
        self.search_paths = tuple(Path(p).resolve() for p in search_paths) + (
            default_template_dirs()
        )
        self._ref_label = ref_label
        self._strict = strict_messages
        self._translations = translations(self.locale)
        self._known = translated_messages(self.locale)
        # A kind is whatever number_format can print in this locale (number_styles.csv).
        self._kinds = number_kinds(self.locale)
        loader = jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader(str(folder)) for folder in self.search_paths]
        )
        self.env = SandboxedEnvironment(
            loader=loader,
            undefined=jinja2.StrictUndefined,
            autoescape=False,  # our markup is not HTML
            extensions=["jinja2.ext.i18n", SegmentExtension],
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )
        self.env.install_gettext_callables(  # type: ignore[attr-defined]
            self.gettext,
            self.ngettext,
            newstyle=True,
            pgettext=self.pgettext,
            npgettext=self.npgettext,
        )
        self.env.globals.update(self.builtin_globals())
        self.env.globals.update(globals or {})

    # gettext through the catalog, strict about msgids the catalog does not translate.

    def _check(self, context: str, msgid: str) -> None:
        # An empty msgid is an empty cell or label; gettext("") would return the catalog header.
        if self._strict and msgid and (context, msgid) not in self._known:
            where = f" (context {context!r})" if context else ""
            raise MissingMessageError(
                f"message {msgid!r}{where} is not translated in the {self.locale} catalog; "
                "run make catalogs (tools/catalogs.py) and translate it"
            )

    def gettext(self, msgid: str) -> str:
        """Translate a msgid (no %-formatting); "" stays "" (never the catalog header)."""
        if not msgid:
            return ""
        self._check("", msgid)
        return self._translations.gettext(msgid)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Translate a singular/plural msgid for the count n."""
        self._check("", singular)
        return self._translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, msgid: str) -> str:
        """Translate a msgid in a msgctxt."""
        self._check(context, msgid)
        return self._translations.pgettext(context, msgid)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        """Translate a singular/plural msgid in a msgctxt."""
        self._check(context, singular)
        return self._translations.npgettext(context, singular, plural, n)

    # helpers for templates

    def phrase(self, item: Phrase | NumRun | str) -> str:
        """Translate a narrative phrase and fill in its arguments; numbers become tokens."""
        if isinstance(item, str):
            return item
        if isinstance(item, NumRun):
            return num_token(item)
        args = {name: self.phrase(value) for name, value in item.args}
        if item.verbatim:
            text = item.msgid
        elif item.plural and item.context:
            text = self.npgettext(item.context, item.msgid, item.plural, item.n)
        elif item.plural:
            text = self.ngettext(item.msgid, item.plural, item.n)
        elif item.context:
            text = self.pgettext(item.context, item.msgid)
        else:
            text = self.gettext(item.msgid)
        return text % args

    def num(
        self,
        value: object,
        kind: str | None = None,
        digits: int | None = None,
        id: str | None = None,
        metric: str | None = None,
        suppressed: bool | None = None,
        bold: bool | None = None,
    ) -> str:
        """Write a number token: ``num(0.1057, "share", 2, id="c03_nat_share")``.

        ``value`` is a number or a :class:`NumRun` (from a metric accessor); keyword arguments
        override the run's fields. A missing value (None, NaN) is an error unless suppressed.
        """
        if isinstance(value, NumRun):
            run = value
        else:
            if kind is None:
                raise TypeError("num() needs a kind for a plain number (share, count, …)")
            run = NumRun(value=_as_number(value), kind=kind)
        run = NumRun(
            value=run.value,
            kind=kind if kind is not None else run.kind,
            digits=digits if digits is not None else run.digits,
            metric_id=metric if metric is not None else run.metric_id,
            number_id=id if id is not None else run.number_id,
            suppressed=suppressed if suppressed is not None else run.suppressed,
            bold=bold if bold is not None else run.bold,
        )
        if run.kind not in self._kinds:
            known = ", ".join(self._kinds)
            raise ValueError(f"num(): unknown kind {run.kind!r}; known: {known}")
        if run.value is None and not run.suppressed:
            label = run.number_id or run.metric_id or "a number"
            raise ValueError(f"num(): {label} has no value (None or NaN) and is not suppressed")
        return num_token(run)

    def ref(self, target_id: str) -> str:
        """Write a cross-reference to an exhibit ("c15") as a RefRun token."""
        label = self._ref_label(target_id) if self._ref_label else ""
        return ref_token(target_id, label)

    def builtin_globals(self) -> dict[str, Any]:
        """The names every template sees, besides ``_``/``gettext``/``ngettext``/``pgettext``."""
        p = self.phrase
        return {
            "locale": self.locale,
            "num": self.num,
            "ref": self.ref,
            "fig": lambda exhibit_id: slot_token(str(exhibit_id), "figure"),
            "tab": lambda exhibit_id: slot_token(str(exhibit_id), "table"),
            "bold": lambda text: f"**{text}**",
            "literal": lambda text: text_token(str(text)),
            "note": lambda text, mark="": note_token(str(mark), str(text)),
            "stars": _stars,
            "term": lambda term_id: glossary_term(str(term_id), self.locale),
            "phrase": p,
            "quantifier": self._quantifier,
            "multiple": lambda ratio, **kw: p(narrative.multiple(ratio, **kw)),
            "uplift": lambda a, b: p(narrative.uplift(a, b)),
            "pp_gap": lambda a, b, **kw: p(narrative.pp_gap(a, b, **kw)),
            "versus_average": lambda s, avg, **kw: p(narrative.versus_average(s, avg, **kw)),
            "share_with_count": lambda s, n, **kw: p(narrative.share_with_count(s, n, **kw)),
            "rank_phrase": lambda rank, **kw: p(narrative.rank_phrase(_whole(rank), **kw)),
            "rank_range": lambda first, last: p(narrative.rank_range(_whole(first), _whole(last))),
            "ordinal": lambda rank: p(narrative.ordinal(_whole(rank))),
            "series": lambda items, **kw: p(narrative.series(list(items), **kw)),
            "group_sum": lambda shares, **kw: num_token(narrative.group_sum(list(shares), **kw)),
            "labelled": self.labelled,
            "trend": lambda points: p(narrative.trend(_pairs(points))),
            "gap_change": lambda gaps, **kw: p(narrative.gap_change(_pairs(gaps), **kw)),
            "emphasis": lambda v, values, kind, **kw: p(
                narrative.emphasis(v, list(values), kind, **kw)
            ),
        }

    def labelled(self, pairs: Sequence[Sequence[object]], kind: str, digits: int = 0) -> list[str]:
        """Turn (name, value) pairs into items "Guangdong (13.52%)" for ``series``."""
        items: list[str] = []
        for name, value in pairs:
            items.append(self.phrase(narrative.labelled(str(name), self.num(value, kind, digits))))
        return items

    def _quantifier(self, share: float, digits: int = 2, id: str = "") -> str:
        found = narrative.quantifier(share)
        if found is None:  # below 10%: print the number (§6.2)
            return self.num(share, "share", digits, id=id)
        return self.phrase(found)

    # rendering

    def render_text(self, name: str, context: Mapping[str, object] | None = None) -> str:
        """Render a template to its markup text (tokens included); mostly for tests.

        Raises:
            TemplateError: Not found, a syntax error, a missing variable or a failing call.
        """
        try:
            template = self.env.get_template(name)
            return template.render(**dict(context or {}))
        except jinja2.TemplateNotFound as err:
            folders = ", ".join(str(p) for p in self.search_paths) or "(none)"
            raise TemplateError(
                name, None, f"template {err.name!r} not found in {folders}"
            ) from err
        except jinja2.TemplateSyntaxError as err:
            where = err.name or name
            raise TemplateError(where, err.lineno, f"syntax error: {err.message}") from err
        except _TEMPLATE_FAILURES as err:
            inner, outer = self._locate(err, name)
            template_name, line = inner or (name, None)
            context_note = ""
            if outer and inner and outer[0] != inner[0]:
                context_note = f" (called from {outer[0]}:{outer[1]})"
            raise TemplateError(template_name, line, _reason(err), context_note) from err

    def render_blocks(
        self, name: str, context: Mapping[str, object] | None = None, *, prefix: str | None = None
    ) -> tuple[TemplateBlock, ...]:
        """Render a template and parse it into paragraphs, lists and exhibit slots.

        Args:
            name: Template name relative to a search folder ("chapter_2.j2").
            context: Variables for this render.
            prefix: Segment-id prefix; default the name without ``.j2`` ("chapter_2").

        Raises:
            TemplateError: As :meth:`render_text`, or markup that cannot be parsed.
        """
        text = self.render_text(name, context)
        stem = name.removesuffix(TEMPLATE_SUFFIX) if prefix is None else prefix
        try:
            return parse_blocks(text, stem)
        except MarkupError as err:
            raise TemplateError(name, None, str(err)) from err

    def _locate(
        self, err: BaseException, root: str
    ) -> tuple[tuple[str, int] | None, tuple[str, int] | None]:
        """The innermost template frame of an error, and the last frame in the root template."""
        frames: list[tuple[str, int]] = []
        for frame in traceback.extract_tb(err.__traceback__):
            name = self._template_name(frame.filename)
            if name is not None and frame.lineno is not None:
                frames.append((name, frame.lineno))
        if not frames:
            return None, None
        in_root = [f for f in frames if f[0] == root]
        return frames[-1], (in_root[-1] if in_root else frames[0])

    def _template_name(self, filename: str) -> str | None:
        if filename == "<template>":
            return filename
        path = Path(filename)
        if path.suffix != TEMPLATE_SUFFIX:
            return None
        for folder in self.search_paths:
            if path.is_relative_to(folder):
                return path.relative_to(folder).as_posix()
        return path.name


def _as_number(value: object) -> float | None:
    """A template's number as a float; None for a missing one (None, NaN, pandas NA)."""
    if isinstance(value, bool):
        raise TypeError("num(): a boolean is not a number")
    if is_missing(value):
        return None
    if isinstance(value, str):
        raise TypeError(f"num(): {value!r} is text, not a number")
    return float(value)  # type: ignore[arg-type]  # numpy scalars, Decimal, int


FILLED_STAR = "\u2605"
EMPTY_STAR = "\u2606"


def _stars(filled: object, total: int = 5) -> str:
    """A star rating from content data: ``stars(4)`` is four filled stars and one empty."""
    count = _whole(filled)
    if not 0 <= count <= total:
        raise ValueError(f"stars(): {count} is outside 0–{total}")
    return FILLED_STAR * count + EMPTY_STAR * (total - count)


def _pairs(points: object) -> list[tuple[int, Any]]:
    """(year, value) pairs from a template: a list of pairs or a mapping year → value."""
    items = points.items() if isinstance(points, Mapping) else points
    return [(_whole(year), value) for year, value in items]  # type: ignore[attr-defined]


def _whole(value: object) -> int:
    """A rank from a template: an int, a float holding one, or a NumRun of kind rank."""
    number = value.value if isinstance(value, NumRun) else value
    if not isinstance(number, int | float) or isinstance(number, bool) or number != int(number):
        raise ValueError(f"expected a whole number, got {value!r}")
    return int(number)


def _reason(err: BaseException) -> str:
    if isinstance(err, jinja2.UndefinedError):
        return f"undefined: {err.message}"
    return f"{type(err).__name__}: {err}" if not isinstance(err, SrdiError) else str(err)
