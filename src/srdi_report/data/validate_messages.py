"""The reason and fix texts of every validation message, in one table (English).

Each entry is keyed by a message id: the rule id, or ``<rule>.<variant>`` where one rule has
several wordings (X05 checks three inequalities). Templates use ``str.format`` fields; callers
pass every field as text already formatted (numbers with thousands separators where they count
rows). data_schema.md §3.1 fixes the line around them:
``<file>:<row>:<column>: <value> — <reason> (<fix>) [<severity> <rule>]``.
"""

from __future__ import annotations

from dataclasses import dataclass

from srdi_report.errors import Location, Problem, Severity

E = Severity.ERROR
W = Severity.WARNING


@dataclass(frozen=True)
class Message:
    """One message: its rule id, severity, and reason and fix templates."""

    rule: str
    severity: Severity
    reason: str
    fix: str


def _m(rule: str, severity: Severity, reason: str, fix: str) -> Message:
    return Message(rule, severity, reason, fix)


MESSAGES: dict[str, Message] = {
    # Values and ranges
    "V05": _m("V05", E, "not one of {allowed}", "{suggestion}"),
    "V09": _m(
        "V09",
        W,
        "18 characters but not a valid unified social credit code ({detail}); kept",
        "check the code against the business licence",
    ),
    "V11": _m(
        "V11",
        W,
        "English name contains Chinese characters; set to empty",
        "write the name in Latin letters, or leave the cell empty",
    ),
    "R01": _m("R01", E, "negative {kind}", "write 0 or more"),
    "R02.range": _m("R02", E, "percent outside 0–100", "write a percent, e.g. 19.6 for 19.6%"),
    "R02.negative": _m("R02", E, "negative percent", "write 0 or more"),
    "R02.growth": _m(
        "R02", E, "growth below −100%", "revenue cannot fall by more than 100%; check the value"
    ),
    "R03": _m("R03", W, "above {limit}, implausibly large; kept", "check the value and its unit"),
    "R04.fraction": _m(
        "R04",
        W,
        "every value is ≤ 1: looks like fractions, not percent",
        "multiply by 100: write 19.6 for 19.6%",
    ),
    "R04.yuan": _m(
        "R04",
        W,
        "median {median} looks like yuan, not units of 10,000 yuan",
        "divide by 10,000, or give the unit yuan in the header",
    ),
    "R05": _m(
        "R05",
        E,
        "batch {value} not issued by {snapshot_date} (batches 1–{latest})",
        "write a batch from 1 to {latest}",
    ),
    "R06.fiscal": _m(
        "R06",
        E,
        "fiscal year {year} is not before the snapshot year {snapshot_year}",
        "fiscal-year columns end at {last}; rename or drop the column",
    ),
    "R06.patent_year": _m(
        "R06",
        E,
        "application year {year} outside 2000–{snapshot_year}",
        "rename or drop the column",
    ),
    "R07.before": _m("R07", E, "{value} is before {limit}", "check the date"),
    "R07.after": _m(
        "R07", E, "{value} is after the snapshot date {snapshot_date}", "check the date"
    ),
    # Uniqueness
    "U01": _m("U01", E, "duplicate firm_id, also at {rows}", "keep one row per firm"),
    "U02": _m(
        "U02",
        W,
        "same name_zh and province as {rows}, with another firm_id",
        "check for a double entry",
    ),
    # Geography
    "G01": _m("G01", E, "not one of the 31 provincial divisions", "{suggestion}"),
    "G01.outside": _m(
        "G01",
        E,
        "outside the 31 mainland provincial divisions covered",
        "the reports cover mainland China only; drop the row or correct the province",
    ),
    "G02": _m("G02", W, "{what}, read as {name} on {rows}, first here", "write {name}"),
    "G03": _m("G03", W, "{what}, read as {name} on {rows}, first here", "write {name}"),
    "G04": _m(
        "G04",
        W,
        "not a city of {province}; read as {name} ({basis}) on {rows}",
        "correct the spelling",
    ),
    "G05": _m("G05", E, "not a city of {province}", "{suggestion}"),
    "G05.ambiguous": _m(
        "G05",
        E,
        "a county-level division in several cities of {province} ({cities})",
        "write the city, and the county in district",
    ),
    "G06": _m(
        "G06", E, "{city} is in {other}; this row says {province}", "correct the province or city"
    ),
    "G07": _m(
        "G07",
        W,
        "a county-level division of {city}; read as city {city}, district {county} on {rows},"
        " first here",
        "write {city} in city and {county} in district",
    ),
    "G08.unknown": _m(
        "G08",
        E,
        "not an admin code of the reference",
        "write the 6-digit code of the city or of its county, or leave it empty",
    ),
    "G08.other": _m(
        "G08",
        E,
        "the code of {name}, not of the row's city {city}",
        "correct city_code or city",
    ),
    "G09": _m(
        "G09",
        W,
        "not a county-level division of {city}; kept as written",
        "check the district against the counties reference",
    ),
    "G10": _m(
        "G10",
        E,
        "a county-level division of {city}, but district says {district}",
        "write {city} in city and one district in district",
    ),
    # Industry
    "I01": _m("I01", E, "not a GB/T 4754-2017 {level} class", "{hint}"),
    "I02": _m(
        "I02",
        E,
        "{a} is not under {upper} {b}",
        "correct one of the codes; {a} is under {parent}",
    ),
    "I03": _m(
        "I03",
        W,
        "leading zero lost, read as {code} on {rows}, first here",
        "keep codes as text: write {code}",
    ),
    "I04": _m("I04", E, "no {level} class of this name", "{hint}"),
    "I04.ambiguous": _m(
        "I04", E, "several {level} classes have this name: {candidates}", "write the code"
    ),
    "I05": _m(
        "I05",
        W,
        "no industry code on {rows}, first here; those firms stay out of the industry charts"
        " but count in the totals",
        "fill in {where}",
    ),
    # Cross-field
    "X01": _m(
        "X01",
        E,
        "{a} > invention_applications {b}",
        "grants are a subset of applications; check both counts",
    ),
    "X02": _m(
        "X02",
        E,
        "{a} > patents_total {b}",
        "invention applications are part of all patent applications; check both counts",
    ),
    "X03": _m(
        "X03",
        E,
        "{a} > invention_grants {b}",
        "valid inventions are granted ones still in force; check both counts",
    ),
    "X04": _m(
        "X04",
        E,
        "{a} > {other} {b}",
        "high-value inventions are a subset of valid inventions; check both counts",
    ),
    "X05.grants": _m(
        "X05",
        E,
        "{a} > invention_decided {b}",
        "decided applications include every grant; check both counts",
    ),
    "X05.applications": _m(
        "X05",
        E,
        "{a} > invention_applications {b}",
        "decided applications are part of all applications; check both counts",
    ),
    "X05.pending": _m(
        "X05",
        E,
        "{a} + invention_applications_pending {c} > invention_applications {b}",
        "decided and pending applications cannot exceed all applications; check the counts",
    ),
    "X06": _m(
        "X06",
        W,
        "{a} ≠ invention_applications {b} + utility_models {c} + designs {d} = {total}",
        "patents_total counts all three kinds; check the counts",
    ),
    "X07.total": _m(
        "X07", E, "{a} > patents_total {b}", "valid patents are part of all patents; check both"
    ),
    "X07.inventions": _m(
        "X07",
        E,
        "inventions_valid {a} > patents_valid {b}",
        "valid inventions are part of valid patents; check both counts",
    ),
    "X08": _m("X08", E, "{a} > {other} {b}", "a sub-count cannot exceed its total; check both"),
    "X09.foreign": _m(
        "X09",
        W,
        "{a} < pct_applications {b}",
        "foreign patents include PCT filings; check both counts",
    ),
    "X09.citations": _m(
        "X09",
        W,
        "{a} < invention_citations {b}",
        "patent citations include invention citations; check both counts",
    ),
    "X09.years": _m(
        "X09",
        W,
        "applications by year sum to {b} > patents_total {a}",
        "yearly applications are part of the total; check the counts",
    ),
    "X09.standards": _m(
        "X09",
        W,
        "{a} < national + industry + local + group standards {b}",
        "std_total includes every type; check the counts",
    ),
    "X10": _m(
        "X10",
        E,
        "level national but hon_little_giant false",
        "every national firm holds the Little Giant title; set it to true or check the level",
    ),
    "X11": _m(
        "X11",
        E,
        "key Little Giant but level {level}",
        "only national firms can be key Little Giants; check both columns",
    ),
    "X12": _m(
        "X12",
        E,
        "hon_single_champion {a} but single_champion_level {b}",
        "true exactly when the level is not none; check both columns",
    ),
    "X13": _m(
        "X13",
        W,
        "single champion outside manufacturing (gbt_section {section})",
        "single champions are manufacturing firms; check the industry code",
    ),
    "X14": _m(
        "X14",
        W,
        "level none and not a national single champion: kept but in no statistic",
        "check the level, or drop the row",
    ),
    "X15.nonnational": _m(
        "X15",
        W,
        "given for a {level} firm; ignored",
        "only national firms have a Little Giant batch and recognition date",
    ),
    "X15.missing": _m(
        "X15", W, "national firm without lg_batch", "fill in the batch (1 to {latest})"
    ),
    "X16": _m(
        "X16",
        W,
        "recognised in {year}, but batch {batch} is of {batch_year}",
        "check the batch and the recognition date",
    ),
    "X17": _m(
        "X17",
        E,
        "{a} is after {other} {b}",
        "a firm is founded before anything else happens to it; check both dates",
    ),
    "X18.listed": _m(
        "X18",
        E,
        "listing_board {a} but is_listed {b}",
        "an exchange listing means is_listed true; neeq or none means false",
    ),
    "X18.combined": _m(
        "X18",
        E,
        "{word} combined with other venues",
        "write {word} alone, or only the exchanges",
    ),
    "X19": _m(
        "X19",
        E,
        "tech_center_level {a} but hon_tech_center {b}",
        "a level other than none means the title is held; check both columns",
    ),
    "X20.empty": _m(
        "X20",
        W,
        "discloses_financials true but every rd_ratio is empty",
        "fill in the R&D ratios, or set it to false",
    ),
    "X20.values": _m(
        "X20",
        W,
        "discloses_financials false but rd_ratio values are present; they are left out",
        "set it to true to use the values",
    ),
    "X21": _m(
        "X21",
        E,
        "{other} present while financing_events is 0",
        "set financing_events to 1 or more, or clear {other}",
    ),
    # Patents table
    "P01": _m("P01", E, "duplicate patent_id, also at {rows}", "keep one row per patent"),
    "P02": _m(
        "P02",
        E,
        "firm_id not in the firms file {firms}",
        "add the firm to the firms file, or drop its patents",
    ),
    "P03": _m("P03", E, "not one of {allowed}", "write one of {allowed}"),
    "P04.before": _m("P04", E, "{value} is before application_date {b}", "check both dates"),
    "P04.after": _m(
        "P04", E, "{value} is after the snapshot date {snapshot_date}", "check the date"
    ),
    "P04.granted": _m(
        "P04",
        E,
        "grant_date given but legal_status {status}",
        "a grant date means legal_status granted; check both columns",
    ),
    "P04.no_date": _m(
        "P04",
        E,
        "legal_status granted without grant_date",
        "fill in the grant date, or check the status",
    ),
    "P05": _m(
        "P05",
        E,
        "not an IPC symbol",
        "write section, class and subclass, optionally the group: G06F 16/35",
    ),
    "P06.grants": _m(
        "P06",
        W,
        "{count} of this firm here > invention_grants {m} in {firms}",
        "the table cannot hold more than the firm's counts; check both files",
    ),
    "P06.rows": _m(
        "P06",
        W,
        "{count} of this firm here > patents_total {m} in {firms}",
        "the table cannot hold more than the firm's counts; check both files",
    ),
    "P07": _m(
        "P07",
        W,
        "unknown office code {code}; kept",
        "write WIPO ST.3 codes of foreign offices (US, EP, JP …), separated by ;",
    ),
    "P08": _m(
        "P08",
        E,
        "snapshot {value} differs from the firms file's {firms_date}",
        "use the patents export of the same snapshot as the firms file",
    ),
    # Across snapshots
    "Y01": _m(
        "Y01",
        E,
        "previous snapshot {previous} is not earlier than the current one {current}",
        "pass the earlier snapshot as previous and the later one as current",
    ),
    "Y02": _m(
        "Y02",
        W,
        "{missing} of {total} firm_ids of {previous} ({share}) are missing here",
        "has the id scheme changed?",
    ),
    "Y03": _m(
        "Y03",
        W,
        "cumulative count decreased for {firms} firm{s} since {previous}, "
        "first firm_id {firm_id}: {before} → {after}",
        "cumulative counts never fall; check both snapshots",
    ),
    "Y04": _m(
        "Y04",
        W,
        "changed for {firms} firm{s} since {previous}, first firm_id {firm_id}: {before} → {after}",
        "this should not change between snapshots; check both files",
    ),
    "Y05": _m(
        "Y05",
        W,
        "restated for {firms} firm{s} since {previous}, first firm_id {firm_id}: "
        "{before} → {after}; the later snapshot wins",
        "check the restatement",
    ),
}

COLLAPSE_SUFFIX = " … on {failing} of {nonempty} rows, first here"
COLLAPSE_FIX = "{fix}; so many rows usually mean a wrong column mapping"


def problem(message_id: str, location: Location, value: str | None, /, **fields: str) -> Problem:
    """Build a Problem from the message table.

    Args:
        message_id: A key of :data:`MESSAGES` (``"X01"``, ``"X05.pending"``).
        location: Where the problem is.
        value: The cell as read, None when no cell applies.
        **fields: Texts for the template fields.
    """
    message = MESSAGES[message_id]
    return Problem(
        location=location,
        value=value,
        rule=message.rule,
        severity=message.severity,
        reason=message.reason.format(**fields),
        fix=message.fix.format(**fields),
    )


def collapsed_problem(
    message_id: str,
    location: Location,
    value: str | None,
    failing: int,
    nonempty: int,
    /,
    **fields: str,
) -> Problem:
    """The one column-level line that replaces a rule's per-row lines (§3.1 limits)."""
    single = problem(message_id, location, value, **fields)
    reason = single.reason + COLLAPSE_SUFFIX.format(
        failing=f"{failing:,}", nonempty=f"{nonempty:,}"
    )
    fix = COLLAPSE_FIX.format(fix=single.fix) if single.fix else ""
    return Problem(location, value, single.rule, single.severity, reason, fix)
