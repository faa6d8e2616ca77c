"""Which cities a batch builds: ``--all``, ``--province``, ``--cities``, ``--list`` (§7).

Every name goes through the same resolution as ``build city`` (admin code, Chinese or English
name), so an ambiguous or unknown name fails before anything is built, with its candidates.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from srdi_report.data.geography import Geography
from srdi_report.editions.city_places import resolve_city
from srdi_report.errors import InputError

COMMENT = "#"


def select_cities(
    geography: Geography,
    *,
    every: bool = False,
    province: str = "",
    cities: Sequence[str] = (),
    list_file: Path | None = None,
) -> tuple[str, ...]:
    """Admin codes of the chosen cities, sorted by province then admin code, no duplicates.

    Raises:
        InputError: no or several selections, an unknown province, or an unknown or
            ambiguous city (with candidates); an unreadable list file.
    """
    chosen = [bool(every), bool(province), bool(cities), list_file is not None]
    if sum(chosen) != 1:
        raise InputError("choose the cities with one of --all, --province, --cities, --list")
    if every:
        codes = list(geography.cities_by_code)
    elif province:
        codes = [c.admin_code for c in geography.cities_of(province_code(geography, province))]
    else:
        names = list(cities) if cities else list_names(list_file)  # type: ignore[arg-type]
        codes = [resolve_city(name, geography) for name in names]
    return sort_codes(geography, codes)


def province_code(geography: Geography, text: str) -> str:
    """The admin code of the province ``text`` names.

    Raises:
        InputError: no province carries the name (close names listed).
    """
    match = geography.resolve_province(text)
    if match.province is None:
        hint = ", ".join(p.name_zh_full for p in getattr(match, "suggestions", ()) or ())
        raise InputError(f"unknown province {text!r}" + (f"; did you mean: {hint}" if hint else ""))
    return str(match.province.admin_code)


def list_names(path: Path) -> list[str]:
    """City names or codes of a list file: one a line, blank lines and ``#`` comments skipped.

    Raises:
        InputError: the file cannot be read, or lists no city.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise InputError(f"{path}: cannot read the city list: {err.strerror}") from None
    names = [line.split(COMMENT, 1)[0].strip() for line in text.splitlines()]
    names = [name for name in names if name]
    if not names:
        raise InputError(f"{path}: the city list is empty")
    return names


def sort_codes(geography: Geography, codes: Sequence[str]) -> tuple[str, ...]:
    """Unique codes sorted by province code, then admin code (the index order)."""
    unique = set(codes)
    return tuple(sorted(unique, key=lambda c: (geography.city(c).province_code, c)))
