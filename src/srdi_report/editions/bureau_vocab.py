"""The bureau file's closed vocabularies and limits (city_edition.md §6).

The wording of milestone events and highlight facets is the edition's, not the bureau's: the
msgids below go through the catalogs (``*_LABELS`` dicts are extracted by
``tools/catalogs.py``), so a card reads the same in every city's edition.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

SCHEMA_VERSIONS = frozenset({1})
MAX_FILE_BYTES = 256 * 1024
MAX_LOGO_BYTES = 1024 * 1024
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"

EVENT_OTHER = "other"
EVENT_FOUNDED = "founded"
EVENT_LITTLE_GIANT = "honor_little_giant"

# Event id -> English msgid of its wording (the zh wording lives in the catalog); ``other``
# carries the bureau's own text instead. Plain dicts: the catalog extractor reads their values.
EVENT_LABELS: Mapping[str, str] = {
    "founded": "Founded",
    "honor_high_tech": "Recognized as a national high-tech enterprise",
    "honor_little_giant": "Recognized as a national-level Little Giant",
    "honor_single_champion": (
        "Recognized as a national manufacturing single-item champion (product)"
    ),
    "listing_star": "Listed on the STAR Market",
    "listing_chinext": "Listed on ChiNext",
    "listing_main": "Listed on the Main Board",
    "listing_bse": "Listed on the Beijing Stock Exchange",
    "listing_neeq": "Quoted on the NEEQ",
    "listing_hkex": "Listed on HKEX",
}
EVENTS = (*EVENT_LABELS, EVENT_OTHER)

# Facet id -> English msgid (the four SRDI attributes).
FACET_LABELS: Mapping[str, str] = {
    "specialization": "Specialization",
    "refinement": "Refinement",
    "distinctiveness": "Distinctiveness",
    "innovation": "Innovativeness",
}
FACETS = tuple(FACET_LABELS)

# Length limits (characters) per text kind: (zh, en). Title, body, tagline, intro and bullet
# come from §6; the others are ours, sized for one printed line or a short name.
LENGTH_LIMITS = MappingProxyType(
    {
        "title": (30, 80),
        "body": (600, 1200),
        "tagline": (30, 90),
        "intro": (150, 400),
        "bullet": (200, 450),
        "name": (60, 160),
        "supplied_by": (60, 160),
        "headline": (30, 90),
        "event_text": (40, 120),
    }
)

# How many items a list may hold: (min, max).
COUNT_LIMITS = MappingProxyType(
    {
        "observations": (0, 5),
        "growth_files": (0, 6),
        "milestones": (2, 6),
        "highlights": (1, 4),
        "bullets": (1, 3),
    }
)

TOP_KEYS = (
    "schema_version",
    "city",
    "year",
    "supplied_by",
    "headline",
    "observations",
    "growth_files",
)
TOP_REQUIRED = ("schema_version", "city", "year", "supplied_by")
OBSERVATION_KEYS = ("id", "title", "body")
GROWTH_KEYS = (
    "id",
    "firm_id",
    "name",
    "tagline",
    "intro",
    "milestones",
    "highlights",
    "logo",
)
GROWTH_REQUIRED = ("id", "name", "tagline", "intro", "milestones", "highlights")
MILESTONE_KEYS = ("date", "event", "text")
HIGHLIGHT_KEYS = ("facet", "bullets")
TEXT_KEYS = ("zh", "en")
