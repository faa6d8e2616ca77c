"""The rules of city_edition.md §6 over a bureau file's node tree → :class:`BureauFile`.

Every problem is collected (one line each, with line and column); nothing stops at the first.
Checks that need the firm table or the glossary live in :mod:`bureau_checks`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import yaml

from srdi_report.editions.bureau_model import (
    BureauFile,
    GrowthFile,
    Highlight,
    LocalText,
    Milestone,
    Observation,
)
from srdi_report.editions.bureau_problem import BureauProblem, at
from srdi_report.editions.bureau_vocab import (
    COUNT_LIMITS,
    EVENT_FOUNDED,
    EVENT_OTHER,
    EVENTS,
    FACETS,
    GROWTH_KEYS,
    GROWTH_REQUIRED,
    HIGHLIGHT_KEYS,
    JPEG_MAGIC,
    LENGTH_LIMITS,
    LOGO_SUFFIXES,
    MAX_LOGO_BYTES,
    MILESTONE_KEYS,
    OBSERVATION_KEYS,
    PNG_MAGIC,
    SCHEMA_VERSIONS,
    TEXT_KEYS,
    TOP_KEYS,
    TOP_REQUIRED,
)

__all__ = ["BureauContext", "Walked", "has_han", "validate_tree", "with_warnings"]

_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_DATE = re.compile(r"^(\d{4})-(\d{2})$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")


def has_han(text: str) -> bool:
    """Whether ``text`` holds a Han (CJK ideograph) character."""
    return _HAN.search(text) is not None


@dataclass(frozen=True)
class BureauContext:
    """What a bureau file is checked against.

    Attributes:
        label: The file as printed in messages.
        folder: The file's folder (logos must lie inside it).
        city_code: The admin code of the city being built.
        year: The edition year.
        as_of: The edition's as-of date; no milestone may lie after its month.
        resolve_city: Turns the file's ``city`` (code or Chinese name) into an admin code;
            raises an ``InputError`` for an unknown or ambiguous name.
    """

    label: str
    folder: Path
    city_code: str
    year: int
    as_of: date
    resolve_city: Callable[[str], str]


@dataclass
class _Walker:
    ctx: BureauContext
    problems: list[BureauProblem] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)
    # Kept for the checks that need the firm table or the glossary (bureau_checks.py).
    english: list[tuple[str, yaml.Node, str]] = field(default_factory=list)
    cards: list[tuple[GrowthFile, dict[str, yaml.Node], str]] = field(default_factory=list)

    def add(
        self,
        node: yaml.Node | None,
        key: str,
        value: object,
        rule: str,
        reason: str,
        *,
        warning: bool = False,
        fix: str = "",
    ) -> None:
        mark = None if node is None else node.start_mark
        self.problems.append(
            at(self.ctx.label, mark, key, value, rule, reason, warning=warning, fix=fix)
        )

    # --- shapes ---------------------------------------------------------------------------------

    def mapping(
        self, node: yaml.Node, path: str, allowed: Sequence[str], required: Sequence[str]
    ) -> dict[str, yaml.Node] | None:
        if not isinstance(node, yaml.MappingNode):
            self.add(node, path, _shown(node), "B08", "expected a mapping (key: value lines)")
            return None
        found: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            child = f"{path}.{key}" if path else str(key)
            if key not in allowed:
                self.add(
                    key_node,
                    child,
                    key,
                    "B06",
                    f"unknown key; allowed: {', '.join(allowed)}",
                )
                continue
            found.setdefault(str(key), value_node)
        for key in required:
            if key not in found:
                where = f"{path}.{key}" if path else key
                self.add(node, where, None, "B07", "required key is missing")
        return found

    def sequence(self, node: yaml.Node, path: str, kind: str) -> list[yaml.Node]:
        low, high = COUNT_LIMITS[kind]
        if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
            items: list[yaml.Node] = []
        elif not isinstance(node, yaml.SequenceNode):
            self.add(node, path, _shown(node), "B08", "expected a list (lines starting with -)")
            return []
        else:
            items = list(node.value)
        if not low <= len(items) <= high:
            self.add(node, path, len(items), "B22", f"{kind} must have {low}–{high} items")
        return items[:high] if len(items) > high else items

    def scalar(self, node: yaml.Node, path: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.add(node, path, None, "B08", "expected a single value")
            return None
        return str(node.value)

    def text(self, node: yaml.Node, path: str, kind: str) -> LocalText | None:
        parts = self.mapping(node, path, TEXT_KEYS, TEXT_KEYS)
        if parts is None:
            return None
        values: dict[str, str] = {}
        zh_limit, en_limit = LENGTH_LIMITS[kind]
        for lang, limit in (("zh", zh_limit), ("en", en_limit)):
            if lang not in parts:
                continue
            child, where = parts[lang], f"{path}.{lang}"
            value = self.scalar(child, where)
            if value is None:
                continue
            value = value.strip()
            values[lang] = value
            if not value:
                self.add(child, where, value, "B12", "text is empty")
                continue
            bad = _bad_character(value)
            if bad:
                self.add(child, where, value, "B29", f"contains the character U+{ord(bad):04X}")
            if lang == "en":
                self.english.append((where, child, value))
            if lang == "en" and has_han(value):
                self.add(child, where, value, "B13", "English text contains Han characters")
            if lang == "zh" and not has_han(value):
                self.add(child, where, value, "B14", "Chinese text has no Han character")
            if len(value) > limit:
                self.add(
                    child,
                    where,
                    value,
                    "B15",
                    f"{len(value):,} characters; a {kind} has at most {limit:,} in {lang}",
                )
        if set(values) != {"zh", "en"}:
            return None
        return LocalText(zh=values["zh"], en=values["en"])

    def item_id(self, node: yaml.Node, path: str) -> str:
        value = self.scalar(node, path)
        if value is None:
            return ""
        if not _ID.match(value):
            self.add(node, path, value, "B23", "an id is 1–40 ASCII letters, digits, '-', '_', '.'")
        elif value in self.ids:
            self.add(node, path, value, "B23", f"duplicate id (first on line {self.ids[value]})")
        else:
            self.ids[value] = node.start_mark.line + 1
        return value

    # --- the file -------------------------------------------------------------------------------

    def file(self, root: yaml.Node) -> BureauFile | None:
        top = self.mapping(root, "", TOP_KEYS, TOP_REQUIRED)
        if top is None:
            return None
        self.schema(top.get("schema_version"))
        self.city(top.get("city"))
        self.year(top.get("year"))
        supplied = top.get("supplied_by")
        supplied_by = self.text(supplied, "supplied_by", "supplied_by") if supplied else None
        headline = None
        if top.get("headline") is not None and not _is_null(top["headline"]):
            headline = self.text(top["headline"], "headline", "headline")
        observations = tuple(
            obs
            for index, node in enumerate(
                self.sequence(top["observations"], "observations", "observations")
                if "observations" in top
                else [],
                start=1,
            )
            if (obs := self.observation(node, f"observations[{index}]")) is not None
        )
        growth = tuple(
            card
            for index, node in enumerate(
                self.sequence(top["growth_files"], "growth_files", "growth_files")
                if "growth_files" in top
                else [],
                start=1,
            )
            if (card := self.growth_file(node, f"growth_files[{index}]")) is not None
        )
        if supplied_by is None:
            return None
        return BureauFile(
            source=self.ctx.label,
            city_code=self.ctx.city_code,
            year=self.ctx.year,
            supplied_by=supplied_by,
            headline=headline,
            observations=observations,
            growth_files=growth,
        )

    def schema(self, node: yaml.Node | None) -> None:
        if node is None:
            return
        value = self.scalar(node, "schema_version")
        supported = ", ".join(str(v) for v in sorted(SCHEMA_VERSIONS))
        if value is None or not value.isdigit() or int(value) not in SCHEMA_VERSIONS:
            self.add(node, "schema_version", value, "B09", f"unsupported; supported: {supported}")

    def city(self, node: yaml.Node | None) -> None:
        if node is None:
            return
        value = self.scalar(node, "city")
        if value is None:
            return
        try:
            code = self.ctx.resolve_city(value.strip())
        except Exception as err:  # noqa: BLE001  (the resolver's typed errors, as one line)
            self.add(node, "city", value, "B10", str(err).split("\n", 1)[0])
            return
        if code != self.ctx.city_code:
            self.add(
                node,
                "city",
                value,
                "B10",
                f"the file is for city {code}, but the edition is for {self.ctx.city_code}",
            )

    def year(self, node: yaml.Node | None) -> None:
        if node is None:
            return
        value = self.scalar(node, "year")
        if value is None:
            return
        if not value.strip().isdigit() or int(value) != self.ctx.year:
            self.add(node, "year", value, "B11", f"must equal the edition year {self.ctx.year}")

    def observation(self, node: yaml.Node, path: str) -> Observation | None:
        keys = self.mapping(node, path, OBSERVATION_KEYS, OBSERVATION_KEYS)
        if keys is None:
            return None
        ident = self.item_id(keys["id"], f"{path}.id") if "id" in keys else ""
        title = self.text(keys["title"], f"{path}.title", "title") if "title" in keys else None
        body = self.text(keys["body"], f"{path}.body", "body") if "body" in keys else None
        if not ident or title is None or body is None:
            return None
        return Observation(id=ident, title=title, body=body)

    def growth_file(self, node: yaml.Node, path: str) -> GrowthFile | None:
        keys = self.mapping(node, path, GROWTH_KEYS, GROWTH_REQUIRED)
        if keys is None:
            return None
        ident = self.item_id(keys["id"], f"{path}.id") if "id" in keys else ""
        texts = {
            name: self.text(keys[name], f"{path}.{name}", name) if name in keys else None
            for name in ("name", "tagline", "intro")
        }
        milestones = self.milestones(keys.get("milestones"), f"{path}.milestones")
        highlights = self.highlights(keys.get("highlights"), f"{path}.highlights")
        firm_id = ""
        if "firm_id" in keys and not _is_null(keys["firm_id"]):
            firm_id = (self.scalar(keys["firm_id"], f"{path}.firm_id") or "").strip()
        logo = ""
        if "logo" in keys and not _is_null(keys["logo"]):
            logo = self.logo(keys["logo"], f"{path}.logo")
        logo_sha = hashlib.sha256(Path(logo).read_bytes()).hexdigest() if logo else ""
        name, tagline, intro = texts["name"], texts["tagline"], texts["intro"]
        if not ident or name is None or tagline is None or intro is None:
            return None
        if milestones is None or highlights is None:
            return None
        card = GrowthFile(
            id=ident,
            name=name,
            tagline=tagline,
            intro=intro,
            milestones=milestones,
            highlights=highlights,
            firm_id=firm_id,
            logo=logo,
            logo_sha256=logo_sha,
        )
        self.cards.append((card, keys, path))
        return card

    def milestones(self, node: yaml.Node | None, path: str) -> tuple[Milestone, ...] | None:
        if node is None:
            return None
        found: list[tuple[Milestone, yaml.Node]] = []
        ok = True
        items = self.sequence(node, path, "milestones")
        for index, item in enumerate(items, start=1):
            got = self.milestone(item, f"{path}[{index}]")
            if got is None:
                ok = False
            else:
                found.append((got, item))
        # Counted from the events as written, so a bad date does not hide a second founding.
        written = [(i, n) for i, n in enumerate(items, start=1) if _event_of(n) == EVENT_FOUNDED]
        for index, item in written[1:]:
            self.add(
                item,
                f"{path}[{index}].event",
                EVENT_FOUNDED,
                "B18",
                "at most one 'founded' milestone",
            )
        founded = [(m, n) for m, n in found if m.event == EVENT_FOUNDED]
        if len(written) == 1 and founded:
            first, first_node = founded[0]
            earlier = [m for m, _ in found if m.date < first.date]
            if earlier:
                self.add(
                    first_node,
                    path,
                    first.date,
                    "B18",
                    f"'founded' must be the earliest milestone ({earlier[0].date} is earlier)",
                )
        dates = [m.date for m, _ in found]
        if dates != sorted(dates):
            self.add(
                node,
                path,
                ", ".join(dates),
                "B19",
                "milestones are not in date order; printed sorted",
                warning=True,
            )
        if not ok:
            return None
        return tuple(sorted((m for m, _ in found), key=lambda m: m.date))

    def milestone(self, node: yaml.Node, path: str) -> Milestone | None:
        keys = self.mapping(node, path, MILESTONE_KEYS, ("date", "event"))
        if keys is None:
            return None
        day = self.month(keys["date"], f"{path}.date") if "date" in keys else None
        event = self.scalar(keys["event"], f"{path}.event") if "event" in keys else None
        if event is not None and event not in EVENTS:
            self.add(
                keys["event"],
                f"{path}.event",
                event,
                "B20",
                f"unknown event; allowed: {', '.join(EVENTS)}",
            )
            event = None
        text = None
        if "text" in keys and not _is_null(keys["text"]):
            if event is not None and event != EVENT_OTHER:
                self.add(
                    keys["text"],
                    f"{path}.text",
                    None,
                    "B20",
                    "text is only for event 'other' (the edition words the others)",
                )
            text = self.text(keys["text"], f"{path}.text", "event_text")
        elif event == EVENT_OTHER:
            self.add(node, f"{path}.text", None, "B20", "event 'other' needs a text {zh, en}")
            return None
        if day is None or event is None:
            return None
        return Milestone(date=day, event=event, text=text if event == EVENT_OTHER else None)

    def month(self, node: yaml.Node, path: str) -> str | None:
        value = self.scalar(node, path)
        if value is None:
            return None
        match = _DATE.match(value.strip())
        if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1800:
            self.add(node, path, value, "B16", "not a valid month; write YYYY-MM (2023-07)")
            return None
        year, month = int(match.group(1)), int(match.group(2))
        as_of = self.ctx.as_of
        if (year, month) > (as_of.year, as_of.month):
            self.add(
                node,
                path,
                value,
                "B17",
                f"after the edition's as-of month {as_of.year:04d}-{as_of.month:02d}",
            )
            return None
        return f"{year:04d}-{month:02d}"

    def highlights(self, node: yaml.Node | None, path: str) -> tuple[Highlight, ...] | None:
        if node is None:
            return None
        seen: dict[str, int] = {}
        out: list[Highlight] = []
        ok = True
        for index, item in enumerate(self.sequence(node, path, "highlights"), start=1):
            where = f"{path}[{index}]"
            keys = self.mapping(item, where, HIGHLIGHT_KEYS, HIGHLIGHT_KEYS)
            if keys is None:
                ok = False
                continue
            facet = self.scalar(keys["facet"], f"{where}.facet") if "facet" in keys else None
            if facet is not None and facet not in FACETS:
                self.add(
                    keys["facet"],
                    f"{where}.facet",
                    facet,
                    "B21",
                    f"unknown facet; allowed: {', '.join(FACETS)}",
                )
                facet = None
            elif facet is not None and facet in seen:
                self.add(
                    keys["facet"],
                    f"{where}.facet",
                    facet,
                    "B21",
                    f"facet given twice on this card (first on line {seen[facet]})",
                )
                facet = None
            elif facet is not None:
                seen[facet] = keys["facet"].start_mark.line + 1
            bullets: list[LocalText] = []
            if "bullets" in keys:
                for number, bullet in enumerate(
                    self.sequence(keys["bullets"], f"{where}.bullets", "bullets"), start=1
                ):
                    got = self.text(bullet, f"{where}.bullets[{number}]", "bullet")
                    if got is None:
                        ok = False
                    else:
                        bullets.append(got)
            if facet is None or not bullets:
                ok = False
                continue
            out.append(Highlight(facet=facet, bullets=tuple(bullets)))
        return tuple(out) if ok else None

    def logo(self, node: yaml.Node, path: str) -> str:
        value = self.scalar(node, path)
        if value is None:
            return ""
        folder = self.ctx.folder.resolve()
        target = (folder / value).resolve()
        if Path(value).is_absolute() or not target.is_relative_to(folder):
            self.add(node, path, value, "B27", "the logo must lie inside the bureau file's folder")
            return ""
        if target.suffix.lower() not in LOGO_SUFFIXES:
            self.add(node, path, value, "B27", "the logo must be a PNG or JPEG file")
            return ""
        if not target.is_file():
            self.add(node, path, value, "B27", "no such file")
            return ""
        size = target.stat().st_size
        if size > MAX_LOGO_BYTES:
            self.add(
                node,
                path,
                value,
                "B27",
                f"the logo has {size:,} bytes; at most {MAX_LOGO_BYTES:,} are allowed",
            )
            return ""
        with target.open("rb") as handle:
            head = handle.read(8)
        if not (head.startswith(PNG_MAGIC) or head.startswith(JPEG_MAGIC)):
            self.add(node, path, value, "B27", "the file is not a PNG or JPEG image")
            return ""
        return str(target)


@dataclass(frozen=True)
class Walked:
    """What :func:`validate_tree` found: the record, the problems, and nodes for later checks."""

    record: BureauFile | None
    problems: tuple[BureauProblem, ...]
    english: tuple[tuple[str, yaml.Node, str], ...]
    cards: tuple[tuple[GrowthFile, dict[str, yaml.Node], str], ...]


def validate_tree(root: yaml.Node, ctx: BureauContext) -> Walked:
    """Check a bureau file's node tree against §6 and build the record.

    Returns:
        The record (None when an error leaves it incomplete), every problem found, and the
        English texts and growth-file cards with their nodes (for the firm and glossary checks).
    """
    walker = _Walker(ctx)
    record = walker.file(root)
    return Walked(record, tuple(walker.problems), tuple(walker.english), tuple(walker.cards))


def with_warnings(record: BureauFile, problems: Sequence[BureauProblem]) -> BureauFile:
    """The record carrying the given warnings."""
    return replace(record, warnings=tuple(problems))


def _event_of(node: yaml.Node) -> str | None:
    """The ``event`` of a milestone mapping as written, or None."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "event" and isinstance(value, yaml.ScalarNode):
                return str(value.value)
    return None


def _shown(node: yaml.Node) -> str | None:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")


def _bad_character(text: str) -> str:
    """The first control (other than line breaks and tabs) or private-use character, or ""."""
    for ch in text:
        if ch in "\n\t":
            continue
        if unicodedata.category(ch) in ("Cc", "Co", "Cs", "Cn"):
            return ch
    return ""
