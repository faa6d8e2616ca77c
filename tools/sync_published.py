"""Copy the spec's published numbers into the package (run after the spec changes).

    .venv/bin/python tools/sync_published.py [--check]

Copies ``../shared/spec/published/numbers.csv`` and ``tables/checks_derivations.csv`` byte for
byte into ``src/srdi_report/data/reference/published/``. ``--check`` writes nothing and exits 1
when a shipped copy differs from the spec (the test suite runs the same comparison).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SPEC_PUBLISHED = REPO.parent / "shared" / "spec" / "published"
SHIPPED = REPO / "src" / "srdi_report" / "data" / "reference" / "published"

# spec path (relative to published/) -> shipped file name
FILES = {
    "numbers.csv": "numbers.csv",
    "tables/checks_derivations.csv": "checks_derivations.csv",
}


def stale_files() -> list[str]:
    """Shipped copies that are missing or differ from the spec."""
    return [
        shipped
        for source, shipped in sorted(FILES.items())
        if not (SHIPPED / shipped).is_file()
        or (SHIPPED / shipped).read_bytes() != (SPEC_PUBLISHED / source).read_bytes()
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only, write nothing")
    args = parser.parse_args(argv)
    if not SPEC_PUBLISHED.is_dir():
        print(f"spec not found: {SPEC_PUBLISHED}", file=sys.stderr)
        return 2
    stale = stale_files()
    if args.check:
        for name in stale:
            print(f"stale: {SHIPPED / name}")
        return 1 if stale else 0
    SHIPPED.mkdir(parents=True, exist_ok=True)
    for source, shipped in sorted(FILES.items()):
        shutil.copyfile(SPEC_PUBLISHED / source, SHIPPED / shipped)
        print(f"copied {source} -> {SHIPPED / shipped}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
