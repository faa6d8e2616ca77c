"""Run the registered checks on an edition: waivers, a cached result file, a text report.

An edition folder holds ``manifest.json`` and ``<lang>/report.pdf``. Results are written to
``checks.json`` in the folder, keyed by the SHA-256 of the manifest, the report files, the
waivers and the checks' own code, so a rebuild that changed nothing does not rerun them.
Waivers come from the package (``waivers/<edition>.yaml``, known findings with the reason and
the owner) and from an optional ``waivers.yaml`` beside the manifest; each lists
``check``, ``place`` and ``reason``.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from srdi_report.editions.checks.core import (
    CHECKS,
    ERROR,
    CheckContext,
    CheckError,
    Finding,
    check_order,
)
from srdi_report.editions.manifest import Manifest
from srdi_report.editions.manifest_io import MANIFEST_NAME, ManifestError, read_manifest
from srdi_report.errors import InputError

log = logging.getLogger(__name__)

RESULT_NAME = "checks.json"
WAIVERS_NAME = "waivers.yaml"
RESULT_VERSION = 1


class WaiverError(InputError):
    """A waivers file is not YAML or lacks check, place or reason."""


@dataclass(frozen=True)
class Waiver:
    """A finding the edition accepts: check id, main place, and why."""

    check_id: str
    place: str
    reason: str

    @property
    def key(self) -> str:
        """The finding key it covers (``Finding.key``)."""
        return f"{self.check_id}:{self.place}"


@dataclass(frozen=True)
class CheckReport:
    """Findings of one run, with which errors are waived.

    Attributes:
        findings: Every finding, by check order then place.
        waived: Keys of the findings a waiver covers.
        checks: Ids of the checks that ran.
        cached: True when read back from ``checks.json`` instead of run.
        stale: Keys of waivers that matched no finding (their cause was fixed: remove them).
    """

    findings: tuple[Finding, ...]
    waived: frozenset[str]
    checks: tuple[str, ...]
    cached: bool = False
    stale: tuple[str, ...] = ()

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Errors no waiver covers: these fail a build."""
        return tuple(f for f in self.findings if f.severity == ERROR and f.key not in self.waived)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Warnings (reported, never failing)."""
        return tuple(f for f in self.findings if f.severity != ERROR)

    def lines(self) -> list[str]:
        """One line per finding (waived ones marked), then a summary line."""
        out = [f.line() + (" [waived]" if f.key in self.waived else "") for f in self.findings]
        waived = sum(1 for f in self.findings if f.key in self.waived)
        out.extend(f"stale waiver {key}: no such finding any more" for key in self.stale)
        out.append(
            f"checks {', '.join(self.checks)}: {len(self.errors)} errors, "
            f"{len(self.warnings)} warnings, {waived} waived" + (" (cached)" if self.cached else "")
        )
        return out


def load_waivers(text: str, source: str) -> tuple[Waiver, ...]:
    """Waivers from YAML text: a list of {check, place, reason}.

    Raises:
        WaiverError: not YAML, not a list, or an entry without check, place or reason.
    """
    try:
        data = yaml.safe_load(text) or []
    except yaml.YAMLError as exc:
        raise WaiverError(f"{source}: not YAML: {exc}") from exc
    if not isinstance(data, list):
        raise WaiverError(f"{source}: expected a list of waivers")
    out: list[Waiver] = []
    for i, item in enumerate(data):
        if not isinstance(item, dict) or not all(
            isinstance(item.get(k), str) and item.get(k) for k in ("check", "place", "reason")
        ):
            raise WaiverError(f"{source}[{i}]: a waiver needs check, place and reason")
        out.append(Waiver(item["check"], item["place"], item["reason"]))
    return tuple(out)


def edition_waivers(manifest: Manifest, folder: Path | None) -> tuple[Waiver, ...]:
    """The package's waivers for the edition id, plus ``waivers.yaml`` in the folder."""
    out: list[Waiver] = []
    packaged = resources.files("srdi_report.editions.checks").joinpath(
        "waivers", f"{manifest.identity.edition_id}.yaml"
    )
    if packaged.is_file():
        out.extend(load_waivers(packaged.read_text("utf-8"), str(packaged)))
    if folder is not None and (folder / WAIVERS_NAME).is_file():
        path = folder / WAIVERS_NAME
        out.extend(load_waivers(path.read_text("utf-8"), str(path)))
    return tuple(out)


def run_checks(
    manifest: Manifest,
    context: CheckContext | None = None,
    *,
    only: Iterable[str] | None = None,
    waivers: Sequence[Waiver] = (),
) -> CheckReport:
    """Run the registered checks (or ``only`` those ids) on a manifest.

    Raises:
        UnknownNameError: an id in ``only`` is not a registered check.
    """
    context = context or CheckContext()
    ids = sorted(only if only is not None else CHECKS.names(), key=check_order)
    findings: list[Finding] = []
    for check_id in ids:
        check = CHECKS.get(check_id)
        if check.reads == "pdf" and not context.pdf_texts:
            continue
        findings.extend(check.run(manifest, context))
    keys = {w.key for w in waivers}
    ran = {i for i in ids if CHECKS.get(i).reads != "pdf" or context.pdf_texts}
    found = {f.key for f in findings}
    return CheckReport(
        findings=tuple(findings),
        waived=frozenset(f.key for f in findings if f.key in keys),
        checks=tuple(i for i in ids if i in ran),
        # Only a waiver of a check that ran can be stale (C15 skipped is not a fix).
        stale=tuple(sorted(k for k in keys - found if k.split(":", 1)[0] in ran)),
    )


def _code_hash() -> str:
    digest = hashlib.sha256()
    package = resources.files("srdi_report.editions.checks")
    for name in sorted(p.name for p in package.iterdir() if p.name.endswith(".py")):
        digest.update(name.encode())
        digest.update(package.joinpath(name).read_bytes())
    return digest.hexdigest()


def input_hash(folder: Path, languages: Iterable[str], waivers: Sequence[Waiver]) -> str:
    """SHA-256 of the manifest, the reports, the waivers and the checks' code."""
    digest = hashlib.sha256(_code_hash().encode())
    paths = [folder / MANIFEST_NAME] + [folder / lang / "report.pdf" for lang in sorted(languages)]
    for path in paths:
        digest.update(str(path.name).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"-")
    digest.update(repr(sorted((w.key, w.reason) for w in waivers)).encode())
    return digest.hexdigest()


def check_edition(
    folder: Path,
    *,
    use_cache: bool = True,
    write: bool = True,
    pdf: bool = True,
    others: Sequence[Path] = (),
) -> CheckReport:
    """Check the edition in ``folder`` (or the manifest file itself); cached in checks.json.

    Args:
        folder: The edition folder, or its ``manifest.json``.
        use_cache: Reuse ``checks.json`` when its input hash matches.
        write: Write ``checks.json``.
        pdf: Run C15 on the PDFs found in ``<folder>/<lang>/report.pdf``.
        others: Manifests of the same edition built separately in other languages (C14).

    Raises:
        ManifestError: no readable manifest.
    """
    if folder.is_file():
        folder = folder.parent
    manifest = read_manifest(folder)
    languages = sorted(
        {loc.replace("-", "_").split("_", 1)[0].lower() for loc in manifest.identity.locales}
    )
    waivers = edition_waivers(manifest, folder)
    key = input_hash(folder, languages, waivers) + f":pdf={pdf}:others={len(others)}"
    result_path = folder / RESULT_NAME
    if use_cache and result_path.is_file():
        cached = _read_result(result_path, key)
        if cached is not None:
            return cached
    texts = _pdf_texts(folder, languages) if pdf else {}
    context = CheckContext(
        folder=folder,
        others=tuple(read_manifest(p) for p in others),
        pdf_texts=texts,
    )
    report = run_checks(manifest, context, waivers=waivers)
    if write:
        result_path.write_text(_result_json(report, key), encoding="utf-8")
    return report


def _pdf_texts(folder: Path, languages: Sequence[str]) -> dict[str, str]:
    """Extracted text per language; two PDFs are read in two processes (zh takes ~3x en)."""
    from srdi_report.editions.checks.pdf_text import pdf_text

    try:
        import pypdf  # noqa: F401  (a dev dependency until pyproject lists it for runtime)
    except ImportError:
        log.warning("pypdf is not installed: C15 (text extractability) is skipped")
        return {}
    paths = {lang: folder / lang / "report.pdf" for lang in languages}
    paths = {lang: path for lang, path in paths.items() if path.is_file()}
    if len(paths) < 2:
        return {lang: pdf_text(path) for lang, path in paths.items()}
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(2, len(paths))) as pool:
        done = {lang: pool.submit(pdf_text, path) for lang, path in sorted(paths.items())}
        return {lang: future.result() for lang, future in done.items()}


def check_built_edition(folder: Path) -> CheckReport:
    """The build's hook: check the edition just written; errors fail the build.

    Raises:
        CheckError: findings of severity error that no waiver covers (the first ten listed).
    """
    report = check_edition(folder)
    if report.errors:
        lines = [f.line() for f in report.errors[:10]]
        more = len(report.errors) - len(lines)
        tail = f"\n… and {more} more" if more > 0 else ""
        raise CheckError(
            f"{len(report.errors)} consistency errors in {folder}:\n" + "\n".join(lines) + tail
        )
    return report


def _result_json(report: CheckReport, key: str) -> str:
    data = {
        "version": RESULT_VERSION,
        "input_hash": key,
        "checks": list(report.checks),
        "waived": sorted(report.waived),
        "stale": list(report.stale),
        "findings": [
            {
                "check_id": f.check_id,
                "severity": f.severity,
                "places": list(f.places),
                "printed": f.printed,
                "expected": f.expected,
                "message": f.message,
                "args": {k: v for k, v in f.args},
            }
            for f in report.findings
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _read_result(path: Path, key: str) -> CheckReport | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("input_hash") != key:
        return None
    if data.get("version") != RESULT_VERSION:
        return None
    findings = tuple(
        Finding(
            check_id=f["check_id"],
            severity=f["severity"],
            places=tuple(f["places"]),
            printed=f["printed"],
            expected=f["expected"],
            message=f["message"],
            args=tuple(sorted(f["args"].items())),
        )
        for f in data["findings"]
    )
    return CheckReport(
        findings,
        frozenset(data["waived"]),
        tuple(data["checks"]),
        cached=True,
        stale=tuple(data.get("stale", ())),
    )


__all__ = [
    "RESULT_NAME",
    "CheckReport",
    "ManifestError",
    "Waiver",
    "check_edition",
    "load_waivers",
    "run_checks",
]
