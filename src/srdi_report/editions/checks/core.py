"""The check registry: id, severity, a function of (manifest, context) → findings (editions.md §4).

A check is registered like a metric: ``@check("C2", ERROR, "partition sums")`` on a function
that reads a :class:`~srdi_report.editions.manifest.Manifest` and a :class:`CheckContext` and
yields :class:`Finding` objects. Messages are English msgids with named arguments, translated
only when a finding is printed, so one run serves the zh and the en report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from srdi_report.editions.manifest import Manifest
from srdi_report.errors import SrdiError
from srdi_report.registry import Registry

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)


def N_(msgid: str) -> str:  # noqa: N802 (the gettext convention for a no-op marker)
    """Mark a msgid for extraction; return it unchanged."""
    return msgid


class CheckError(SrdiError):
    """Consistency checks found errors that no waiver covers (a build fails with exit 1)."""

    exit_code = 1


@dataclass(frozen=True)
class Finding:
    """One inconsistency.

    Attributes:
        check_id: ``C1`` … ``C15``.
        severity: ``error`` or ``warning``.
        places: Exhibit, segment or number ids, sorted (the first is the main one).
        printed: What the edition prints (joined printings for several places).
        expected: What it should print, or the rule it breaks.
        message: English msgid, %-format with named arguments.
        args: (name, text) pairs filled into the message.
    """

    check_id: str
    severity: str
    places: tuple[str, ...]
    printed: str
    expected: str
    message: str
    args: tuple[tuple[str, str], ...] = ()

    def text(self, gettext: Callable[[str], str] | None = None) -> str:
        """The message in a language (``gettext`` of it), English when None."""
        msgid = gettext(self.message) if gettext is not None else self.message
        return msgid % dict(self.args) if self.args else msgid.replace("%%", "%")

    @property
    def key(self) -> str:
        """The waiver key: ``C4:place``, the check id and the main place."""
        return f"{self.check_id}:{self.places[0] if self.places else ''}"

    def line(self) -> str:
        """One line for the CLI: id, severity, where, printed vs expected, message."""
        where = ",".join(self.places[:3]) + (" …" if len(self.places) > 3 else "")
        return (
            f"{self.check_id} {self.severity} {where}: printed {self.printed!r}, "
            f"expected {self.expected!r} ({self.text()})"
        )


@dataclass(frozen=True)
class CheckContext:
    """What a check may read besides the manifest.

    Attributes:
        folder: The manifest's folder (reports are ``<folder>/<lang>/report.pdf``), or None.
        others: Separately built manifests of the same edition in other languages (C14).
        pdf_texts: Extracted PDF text per language (C15), filled by the runner when asked.
        exempt_prefixes: Segment id prefixes exempt from C1–C7 and C10 (bureau text).
    """

    folder: Path | None = None
    others: tuple[Manifest, ...] = ()
    pdf_texts: Mapping[str, str] = field(default_factory=dict)
    exempt_prefixes: tuple[str, ...] = ()

    def exempt(self, place: str) -> bool:
        """True when a place is bureau text (exempt from C1–C7 and C10)."""
        return any(place.startswith(p) for p in self.exempt_prefixes)


CheckFunction = Callable[[Manifest, CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    """A registered check: id, severity, a short title, what it reads, the function."""

    check_id: str
    severity: str
    title: str
    reads: str  # manifest, pdf
    function: CheckFunction

    def run(self, manifest: Manifest, context: CheckContext) -> tuple[Finding, ...]:
        """The findings, sorted by places then printed text."""
        found = tuple(self.function(manifest, context))
        return tuple(sorted(found, key=lambda f: (f.places, f.printed, f.expected)))


CHECKS: Registry[Check] = Registry("consistency check")


def check(
    check_id: str, severity: str, title: str, *, reads: str = "manifest"
) -> Callable[[CheckFunction], CheckFunction]:
    """Decorator: register a check function under ``check_id``."""
    if severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {SEVERITIES}, got {severity!r}")

    def add(function: CheckFunction) -> CheckFunction:
        CHECKS.register(check_id)(Check(check_id, severity, title, reads, function))
        return function

    return add


def check_order(check_id: str) -> int:
    """``C2`` → 2, so C10 sorts after C9."""
    digits = "".join(ch for ch in check_id if ch.isdigit())
    return int(digits) if digits else 0


def finding(
    spec: str,
    places: Iterable[str],
    printed: str,
    expected: str,
    message: str,
    /,
    **args: object,
) -> Finding:
    """A finding of the registered check ``spec`` (its severity comes from the registry)."""
    registered = CHECKS.get(spec)
    return Finding(
        check_id=spec,
        severity=registered.severity,
        places=tuple(dict.fromkeys(places)),
        printed=printed,
        expected=expected,
        message=message,
        args=tuple(sorted((k, str(v)) for k, v in args.items())),
    )
