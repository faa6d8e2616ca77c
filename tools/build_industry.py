"""Build the GB/T 4754-2017 industry reference CSV from the transcribed tree.

Input (committed, see ``src/srdi_report/data/reference/SOURCES.md`` section "Industry"):

- ``tools/data/gbt4754_2017_tree.tsv``: the node list of the public copy of the
  classification tree, one node per line as ``depth<TAB>id<TAB>name``, in the
  order of the copy.  Ids are written as the copy writes them, i.e. with the
  leading zero of majors 01-09 stripped (``1`` = 01, ``11`` = 011, ``111`` =
  0111 in section A).  A node that carries several ``name`` keys in the copy
  has them joined by ``|``.
- ``tools/data/gbt4754_2017_en.csv``: the project's English names (code, name_en).
- ``tools/data/gbt4754_2017_short.csv``: short chart labels
  (code, name_zh_short, name_en_short).

Output: ``src/srdi_report/data/reference/gbt4754_2017.csv`` with columns
code, level, name_zh, name_en, name_zh_short, name_en_short, parent, section.

Run: ``.venv/bin/python tools/build_industry.py`` (add ``--check`` to verify the
shipped CSV is up to date without writing).
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TREE = ROOT / "tools" / "data" / "gbt4754_2017_tree.tsv"
ENGLISH = ROOT / "tools" / "data" / "gbt4754_2017_en.csv"
SHORT = ROOT / "tools" / "data" / "gbt4754_2017_short.csv"
OUT = ROOT / "src" / "srdi_report" / "data" / "reference" / "gbt4754_2017.csv"

COLUMNS = (
    "code",
    "level",
    "name_zh",
    "name_en",
    "name_zh_short",
    "name_en_short",
    "parent",
    "section",
)
LEVEL_BY_LENGTH = {2: "major", 3: "middle", 4: "minor"}

# Exact counts of GB/T 4754-2017 as first published (1,381 minor classes);
# amendment No. 1 (2019) adds one minor class (1,382), which this copy lacks.
EXPECTED_COUNTS = {"section": 20, "major": 97, "middle": 473, "minor": 1381}

# Nodes of the copy that carry more than one ``name`` key: a Python dict literal
# keeps only the last key, so each of these merged a class with its first child.
# The standard has both classes; the fix restores the lost one.
# id in the copy -> (name of the node, (code of the lost class, its name)).
MERGED_NODES: dict[str, tuple[str, tuple[str, str]]] = {
    # 727 安全保护服务 and its first minor 7271 安全服务 (the copy also has a blank name).
    "727": ("安全保护服务", ("7271", "安全服务")),
    # 8052 足浴服务 and the next minor 8053 养生保健服务.
    "8052": ("足浴服务", ("8053", "养生保健服务")),
    # 905 文化体育娱乐活动与经纪代理服务 and its first minor 9051 文化活动服务.
    "905": ("文化体育娱乐活动与经纪代理服务", ("9051", "文化活动服务")),
}


@dataclass(frozen=True)
class IndustryClass:
    """One class of the reference table."""

    code: str
    level: str
    name_zh: str
    parent: str
    section: str


def pad_code(raw_id: str, section: str) -> str:
    """Restore the leading zero the copy strips from majors 01-09.

    Majors 01-05 are section A; majors 06-09 are section B, whose majors 10-12
    start with ``1``.  No other section has a major below 10.
    """
    if section == "A" or (section == "B" and raw_id[0] in "6789"):
        return "0" + raw_id
    return raw_id


def parse_tree(path: Path) -> list[IndustryClass]:
    """Parse the transcribed node list into classes (explicit nodes only)."""
    classes: list[IndustryClass] = []
    section = ""
    merged_seen: set[str] = set()
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            raise ValueError(f"{path}:{line_no}: expected 3 tab-separated fields")
        _depth, raw_id, raw_names = fields
        names = [n.strip() for n in raw_names.split("|")]
        if raw_id.isalpha():
            section = raw_id
            classes.append(IndustryClass(raw_id, "section", names[0], "", raw_id))
            continue
        extra: tuple[str, str] | None = None
        if len(names) > 1:
            if raw_id not in MERGED_NODES:
                raise ValueError(f"{path}:{line_no}: unexpected merged node {raw_id}")
            name, extra = MERGED_NODES[raw_id]
            merged_seen.add(raw_id)
        else:
            name = names[0]
        code = pad_code(raw_id, section)
        level = LEVEL_BY_LENGTH[len(code)]
        parent = section if level == "major" else code[:-1]
        classes.append(IndustryClass(code, level, name, parent, section))
        if extra is not None:
            extra_code = pad_code(extra[0], section)
            classes.append(IndustryClass(extra_code, "minor", extra[1], extra_code[:3], section))
    missing = set(MERGED_NODES) - merged_seen
    if missing:
        raise ValueError(f"merged nodes not found in the copy: {sorted(missing)}")
    return classes


def add_implicit_minors(classes: list[IndustryClass]) -> list[IndustryClass]:
    """Add the minor ``<middle>0`` of every middle class that is not subdivided.

    The standard gives such a middle class one minor class with the same name
    and the code ending in 0 (e.g. 652 -> 6520 集成电路设计); the copy lists
    only the middle node.
    """
    parents_of_minors = {c.parent for c in classes if c.level == "minor"}
    out = list(classes)
    for c in classes:
        if c.level == "middle" and c.code not in parents_of_minors:
            out.append(IndustryClass(c.code + "0", "minor", c.name_zh, c.code, c.section))
    return out


def sort_key(c: IndustryClass) -> tuple[str, str]:
    """Tree order: section row first, then codes in preorder (string order)."""
    return (c.section, "" if c.level == "section" else c.code)


def check(classes: list[IndustryClass]) -> None:
    """Fail loudly if the table is not a consistent GB/T 4754-2017 tree."""
    codes = [c.code for c in classes]
    if len(codes) != len(set(codes)):
        dupes = sorted({x for x in codes if codes.count(x) > 1})
        raise ValueError(f"duplicate codes: {dupes}")
    by_code = {c.code: c for c in classes}
    for c in classes:
        if c.level == "section":
            continue
        parent = by_code.get(c.parent)
        if parent is None:
            raise ValueError(f"{c.code}: parent {c.parent} missing")
        if parent.section != c.section:
            raise ValueError(f"{c.code}: section differs from its parent's")
        if not c.name_zh:
            raise ValueError(f"{c.code}: empty name")
    counts = {lvl: sum(c.level == lvl for c in classes) for lvl in EXPECTED_COUNTS}
    if counts != EXPECTED_COUNTS:
        raise ValueError(f"counts {counts} != expected {EXPECTED_COUNTS}")


def read_overlay(path: Path, columns: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """Read a code-keyed curated CSV (missing file = empty)."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows: dict[str, dict[str, str]] = {}
        for row in reader:
            code = row["code"].strip()
            if code in rows:
                raise ValueError(f"{path}: code {code} twice")
            rows[code] = {col: (row.get(col) or "").strip() for col in columns}
    return rows


def english_names(classes: list[IndustryClass]) -> dict[str, str]:
    """The project's English name of every class.

    A class with the same Chinese name as its parent (a minor ``<middle>0``, 120 其他采矿业,
    83 教育 …) takes its parent's English name unless the curated file gives one.
    """
    curated = {code: row["name_en"] for code, row in read_overlay(ENGLISH, ("name_en",)).items()}
    by_code = {c.code: c for c in classes}
    out: dict[str, str] = {}
    for c in sorted(classes, key=lambda k: len(k.code) if k.level != "section" else 0):
        name = curated.get(c.code, "")
        parent = by_code.get(c.parent) if c.level != "section" else None
        if not name and parent is not None and parent.name_zh == c.name_zh:
            name = out.get(parent.code, "")
        if not name.isascii():
            raise ValueError(f"{c.code}: English name is not ASCII: {name!r}")
        out[c.code] = name
    return out


def render(classes: list[IndustryClass]) -> str:
    """Render the reference CSV (UTF-8, LF, all fields as text)."""
    english = english_names(classes)
    short = read_overlay(SHORT, ("name_zh_short", "name_en_short"))
    known = {c.code for c in classes}
    unknown = (set(read_overlay(ENGLISH, ("name_en",))) | set(short)) - known
    if unknown:
        raise ValueError(f"curated rows for unknown codes: {sorted(unknown)}")
    for code, row in short.items():
        if not row["name_en_short"].isascii():
            raise ValueError(f"{code}: English short label is not ASCII")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for c in sorted(classes, key=sort_key):
        sh = short.get(c.code, {})
        writer.writerow(
            [
                c.code,
                c.level,
                c.name_zh,
                english[c.code],
                sh.get("name_zh_short", ""),
                sh.get("name_en_short", ""),
                c.parent,
                c.section,
            ]
        )
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Build (or with --check, verify) the shipped industry reference CSV."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify, do not write")
    args = parser.parse_args(argv)
    classes = add_implicit_minors(parse_tree(TREE))
    check(classes)
    text = render(classes)
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        if current != text:
            sys.stderr.write(f"{OUT} is out of date; run tools/build_industry.py\n")
            return 1
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8", newline="\n")
    counts = {lvl: sum(c.level == lvl for c in classes) for lvl in EXPECTED_COUNTS}
    missing = sum(1 for line in text.splitlines()[1:] if not line.split(",")[3])
    sys.stdout.write(f"wrote {OUT.relative_to(ROOT)}: {counts}; without English: {missing}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
