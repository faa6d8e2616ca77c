"""A commented skeleton of a city's bureau file (``srdi-report bureau-template``).

The skeleton is valid YAML with every key of city_edition.md §6 and empty texts; it fails
``bureau-check`` until the texts and dates are filled in, and passes once they are. The
comments list the vocabularies and limits, so a bureau needs no other document to fill it.
"""

from __future__ import annotations

from srdi_report.editions.bureau_vocab import (
    COUNT_LIMITS,
    EVENTS,
    FACETS,
    LENGTH_LIMITS,
    MAX_FILE_BYTES,
    MAX_LOGO_BYTES,
)

__all__ = ["bureau_skeleton"]


def _limit(kind: str) -> str:
    zh, en = LENGTH_LIMITS[kind]
    return f"zh <= {zh}, en <= {en} characters"


def _count(kind: str) -> str:
    low, high = COUNT_LIMITS[kind]
    return f"{low}-{high} items"


def bureau_skeleton(city_code: str, year: int, names: tuple[str, str] = ("", "")) -> str:
    """The skeleton text for one city and year.

    Args:
        city_code: The city's admin code (written as ``city``).
        year: The edition year (written as ``year``).
        names: The city's Chinese and English names, for the header comment only.
    """
    zh_name, en_name = names
    city_note = " / ".join(n for n in (zh_name, en_name) if n)
    events = ", ".join(EVENTS)
    facets = ", ".join(FACETS)
    lines = [
        f"# Bureau file of city {city_code}"
        + (f" ({city_note})" if city_note else "")
        + f", edition {year}.",
        "# Fill in every zh/en text (both languages; en without Chinese characters) and every",
        "# date, delete what you do not use, then check it:",
        f"#   srdi-report bureau-check THIS_FILE --city {city_code} --year {year}",
        "# The text is printed as plain paragraphs: no markup, no placeholders.",
        f"# File size <= {MAX_FILE_BYTES // 1024} KB; no tags (!!...), anchors or duplicate keys.",
        "schema_version: 1",
        f'city: "{city_code}"',
        f"year: {year}",
        f"supplied_by:  # who supplies the text; printed under sections 9 and 10 "
        f"({_limit('supplied_by')})",
        '  zh: ""',
        '  en: ""',
        f"headline:  # optional one line on the cover and the card ({_limit('headline')})",
        '  zh: ""',
        '  en: ""',
        f"observations:  # section 9, {_count('observations')}",
        "  - id: obs-1",
        f"    title:  # {_limit('title')}",
        '      zh: ""',
        '      en: ""',
        f"    body:  # {_limit('body')}; a blank line starts a new paragraph",
        '      zh: ""',
        '      en: ""',
        f"growth_files:  # section 10, {_count('growth_files')}",
        "  - id: gf-1",
        '    firm_id: ""  # optional: the firm\'s id in the firm table (checked)',
        f"    name:  # {_limit('name')}",
        '      zh: ""',
        '      en: ""',
        f"    tagline:  # {_limit('tagline')}",
        '      zh: ""',
        '      en: ""',
        f"    intro:  # {_limit('intro')}",
        '      zh: ""',
        '      en: ""',
        f"    milestones:  # {_count('milestones')}, dates YYYY-MM, not after the as-of month",
        f"      # event: {events}",
        "      # at most one founded, and the earliest; 'other' needs text: {zh: ..., en: ...}",
        '      - {date: "", event: founded}',
        '      - {date: "", event: honor_little_giant}',
        f"    highlights:  # {_count('highlights')}, each facet at most once per card",
        f"      # facet: {facets}",
        "      - facet: specialization",
        f"        bullets:  # {_count('bullets')}, {_limit('bullet')}",
        '          - zh: ""',
        '            en: ""',
        f"    # logo: logos/gf-1.png  # optional: PNG or JPEG <= {MAX_LOGO_BYTES // 1024} KB, "
        "inside this file's folder",
        "",
    ]
    return "\n".join(lines)
