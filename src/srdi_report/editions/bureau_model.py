"""The bureau file as data (city_edition.md §6): frozen records, no loading, no rules.

A city's industry bureau supplies what the firm table cannot: observations (section 9),
growth-file cards of a few firms (section 10) and a headline for the cover. Every text is a
:class:`LocalText` with both languages; the edition prints it as data (escaped, plain
paragraphs), never as a template.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from srdi_report.editions.bureau_vocab import EVENT_LABELS, FACET_LABELS
from srdi_report.errors import Problem

__all__ = [
    "BureauFile",
    "GrowthFile",
    "Highlight",
    "LocalText",
    "Milestone",
    "Observation",
]


def language_of(locale: str) -> str:
    """``zh_CN``/``zh-CN``/``zh`` → ``zh``; anything else → ``en``."""
    return "zh" if locale.replace("-", "_").lower().startswith("zh") else "en"


@dataclass(frozen=True)
class LocalText:
    """One text in both languages (both non-empty once validated)."""

    zh: str
    en: str

    def text(self, locale: str) -> str:
        """The text in a locale ("zh", "zh_CN", "en") on one line (a title, a bullet).

        Line breaks are folded: into nothing in Chinese, into a space in English.
        """
        joiner = "" if language_of(locale) == "zh" else " "
        return joiner.join(self.paragraphs(locale))

    def paragraphs(self, locale: str) -> tuple[str, ...]:
        """The text split at blank lines, each paragraph on one line (a body of several)."""
        raw = self.zh if language_of(locale) == "zh" else self.en
        chunks: list[list[str]] = [[]]
        for line in raw.splitlines():
            if line.strip():
                chunks[-1].append(line.strip())
            elif chunks[-1]:
                chunks.append([])
        joiner = "" if language_of(locale) == "zh" else " "
        return tuple(joiner.join(chunk) for chunk in chunks if chunk)


@dataclass(frozen=True)
class Observation:
    """One item of section 9: a short title and a body."""

    id: str
    title: LocalText
    body: LocalText


@dataclass(frozen=True)
class Milestone:
    """One dated event of a growth file; ``text`` only for ``event == "other"``."""

    date: str  # YYYY-MM
    event: str
    text: LocalText | None = None

    @property
    def year(self) -> int:
        """The milestone's year."""
        return int(self.date[:4])

    @property
    def label_msgid(self) -> str:
        """The English msgid of the event's wording ("" for ``other``: print ``text``)."""
        return EVENT_LABELS.get(self.event, "")


@dataclass(frozen=True)
class Highlight:
    """One facet of a card (specialization, refinement, …) with 1–3 bullets."""

    facet: str
    bullets: tuple[LocalText, ...]

    @property
    def label_msgid(self) -> str:
        """The English msgid of the facet's name."""
        return FACET_LABELS[self.facet]


@dataclass(frozen=True)
class GrowthFile:
    """One firm card of section 10; milestones in ascending date order."""

    id: str
    name: LocalText
    tagline: LocalText
    intro: LocalText
    milestones: tuple[Milestone, ...]
    highlights: tuple[Highlight, ...]
    firm_id: str = ""
    logo: str = ""  # absolute path of a checked PNG/JPEG, or ""
    # The logo's bytes in the record's repr, so a content key of the spec sees a new logo.
    logo_sha256: str = ""


@dataclass(frozen=True)
class BureauFile:
    """A validated ``city_bureau.yaml``.

    Attributes:
        source: The file as given (for messages and the index).
        city_code: The admin code the file was checked against.
        year: The edition year.
        supplied_by: Who supplied the text; printed under sections 9 and 10.
        headline: Optional one-line slogan for the cover and the card.
        observations: Section 9 items (0–5).
        growth_files: Section 10 cards (0–6).
        warnings: Problems that did not stop the load (printed by the CLI, kept for the index).
    """

    source: str
    city_code: str
    year: int
    supplied_by: LocalText
    headline: LocalText | None = None
    observations: tuple[Observation, ...] = ()
    growth_files: tuple[GrowthFile, ...] = ()
    warnings: tuple[Problem, ...] = field(default=(), compare=False, repr=False)
