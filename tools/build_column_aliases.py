"""Write src/srdi_report/data/reference/column_aliases.csv from data_schema.md §2.

The Markdown tables of §2.1–2.10 give column, aliases, type, unit, req, null and used-by; the
curated dictionaries below add what needs judgement: numeric and length bounds, enum keys with
their Chinese labels (as the spec lists them), and the disclosure class of §2.11.
tests/data/test_schema.py re-parses the spec and checks the CSV, so edit the spec or this script,
then run:  .venv/bin/python tools/build_column_aliases.py ../shared/spec/data_schema.md
"""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/srdi_report/data/reference/column_aliases.csv"
FIELDS = [
    "table",
    "column",
    "aliases",
    "dtype",
    "width",
    "unit",
    "req",
    "min",
    "max",
    "allowed",
    "null_policy",
    "disclosure",
    "used_by",
]

IDENTITY = set(
    [
        "level",
        "lg_batch",
        "lg_recognition_date",
        "province",
        "city",
        "district",
        "city_code",
        "region",
        "city_cluster",
        "gbt_section",
        "gbt_major",
        "gbt_middle",
        "gbt_minor",
        "field_domain",
        "industry_type4",
        "key_field10",
        "industry_track",
        "is_listed",
        "listing_board",
        "listing_date",
    ]
)

# Enum keys with the Chinese labels data_schema.md lists (key=label|label;key…). A label is
# accepted as the key; English keys are accepted in any case. "@provinces" / "@cities": the
# value is resolved against the geography reference (G rules), not by this list.
ALLOWED = {
    "level": "national=国家级|国家级专精特新“小巨人”|小巨人;"
    "provincial=省级|省级专精特新企业|专精特新中小企业;none=无|非专精特新",
    "single_champion_level": "none=无;provincial=省级;national=国家级",
    "province": "@provinces",
    "city": "@cities",
    "region": "east=东部;central=中部;west=西部;northeast=东北",
    "city_cluster": "jjj=京津冀;yrd=长三角;prd=珠三角;other",
    "field_domain": "electronics_core=电子核心产业;high_end_equipment=高端装备;"
    "power_equipment=电力装备;general_equipment=通用设备;new_energy=新能源;"
    "software_it=软件信息;rd_services=研发服务;advanced_materials=先进材料;"
    "biomedicine=生物医药;basic_manufacturing=基础制造;other=其他",
    "industry_type4": "hard_tech=硬科技制造;software_it=软件信息;rd_services=研发服务;"
    "basic_manufacturing=基础制造;other=其他",
    "key_field10": "ngit;cnc_robots;aerospace;marine;rail;energy_nev;power_equipment;"
    "agri_machinery;new_materials;biomed;other",
    "listing_board": "main=沪深主板;chinext=创业板;star=科创板;bse=北交所;hkex=港交所;"
    "sgx=新交所;us=美股;other_overseas;neeq=新三板挂牌;none",
    "last_financing_round": "seed_angel=种子轮/天使轮|种子轮|天使轮;pre_a=Pre-A轮;"
    "a=A/A+轮|A轮|A+轮;b=B轮;c=C轮;d_plus=D轮及以后;pre_ipo=Pre-IPO轮;strategic=战略融资;"
    "equity=股权融资;other=其他",
    "tech_center_level": "none;municipal=市级;provincial=省级;national=国家级",
    "emp_band": "0–50;51–100;101–200;201–500;501–1000;>1000",
    "rd_band_<YYYY>": "high;mid;low",
    "patents.kind": "invention=发明;utility_model=实用新型;design=外观设计",
    "patents.legal_status": "granted=授权|有效|失效|届满;rejected=驳回;"
    "withdrawn=撤回|视为撤回|放弃;pending=审中|实质审查|公开",
}

# Bounds: numbers for int/float columns, lengths for str, ISO dates or "snapshot_date" for
# dates. Only the hard bounds of §2 (errors); R03 magnitudes and cross-column bounds are rules.
BOUNDS = {
    "snapshot_date": ("2011-01-01", "today"),
    "snapshot_year": ("2011", ""),
    "firm_id": ("1", "64"),
    "name_zh": ("1", "200"),
    "founded_date": ("1900-01-01", "snapshot_date"),
    "lg_batch": ("1", ""),
    "lg_recognition_date": ("2019-01-01", "snapshot_date"),
    "listing_date": ("", "snapshot_date"),
    "last_financing_date": ("", "snapshot_date"),
    "foreign_jurisdictions_count": ("0", "200"),
    "rd_ratio_<YYYY>": ("0", ""),
    "revenue_growth_<YYYY>": ("-100", ""),
    "rd_staff_ratio": ("0", "100"),
    "patent_applications_<YYYY>": ("0", ""),
}

# Types and null policies of §2.9, which has only a rule column.
DERIVED_TYPES = {
    "region": "enum",
    "city_cluster": "enum",
    "has_standard": "bool",
    "has_tech_eval": "bool",
    "emp_band": "enum",
    "capital_ge_1yi": "bool",
    "quadrant": "enum",
    "rd_band_<YYYY>": "enum",
    "kcl_score": "float",
    "firm_age_years": "int",
    "age_band": "enum",
    "capital_band": "enum",
    "patent_band": "enum",
}

PATENT_NULLS = {"R": "error", "O": "allowed", "D": "derived"}


def split_row(line: str) -> list[str]:
    """Cells of one Markdown table row."""
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def tables(markdown: str) -> dict[str, list[dict[str, str]]]:
    """Section number ("2.1" …) → rows of its first table, as header → cell."""
    found: dict[str, list[dict[str, str]]] = {}
    section = ""
    lines = markdown.splitlines()
    for i, line in enumerate(lines):
        heading = re.match(r"^### (2\.\d+) ", line)
        if heading:
            section = heading.group(1)
        elif line.startswith("## ") and not line.startswith("## 2."):
            section = "" if not line.startswith("## 2") else section
        if section and line.startswith("|") and section not in found and i + 1 < len(lines):
            if not lines[i + 1].startswith("|---"):
                continue
            header = split_row(line)
            rows = []
            for body in lines[i + 2 :]:
                if not body.startswith("|"):
                    break
                rows.append(dict(zip(header, split_row(body), strict=True)))
            found[section] = rows
    return found


def column_names(cell: str) -> list[str]:
    """`rd_ratio_\\`<YYYY>\\` (e.g. …)` → ["rd_ratio_<YYYY>"]; `region, city_cluster` → two."""
    cell = re.sub(r"\s*\(.*\)$", "", cell.replace("`", ""))
    return [name.strip() for name in cell.split(",")]


def aliases(cell: str) -> str:
    """`a, b, \\`<YYYY>\\`年c` → `a|b|<YYYY>年c`."""
    cell = cell.replace("`", "").strip()
    return "" if cell in ("", "–") else "|".join(a.strip() for a in cell.split(","))


def dtype(cell: str) -> tuple[str, str]:
    """Spec type → (dtype, width)."""
    width = re.fullmatch(r"str\((\d+)\)", cell)
    if width:
        return "str", width.group(1)
    return {"list[enum]": "list_enum", "list[str]": "list_str"}.get(cell, cell), ""


def null_policy(cell: str) -> str:
    """Spec null text → error / allowed / derived / unknown / false / none."""
    text = cell.lower()
    for prefix, policy in (
        ("error", "error"),
        ("derived", "derived"),
        ("allowed", "allowed"),
        ("→ none", "none"),
        ("→ false", "false"),
        ("–", "derived"),
    ):
        if text.startswith(prefix):
            return policy
    return "unknown"  # "unknown", "not disclosed …", "“not reported” …"


def firm_row(raw: dict[str, str]) -> list[dict[str, str]]:
    """CSV rows for one row of a §2.1–2.8 table."""
    out = []
    for name in column_names(raw["column"]):
        kind, width = dtype(raw["type"])
        low, high = BOUNDS.get(name, ("", ""))
        if kind in ("int", "float") and not low and raw["unit"] != "percent":
            low = "0"
        out.append(
            {
                "table": "firms",
                "column": name,
                "aliases": aliases(raw["Chinese aliases"]),
                "dtype": kind,
                "width": width,
                "unit": "" if raw["unit"] == "–" else raw["unit"],
                "req": raw["req"].split()[0],
                "min": low,
                "max": high,
                "allowed": ALLOWED.get(name, ""),
                "null_policy": null_policy(raw["null"]),
                "disclosure": "identity" if name in IDENTITY else "attribute",
                "used_by": raw["used by"],
            }
        )
    return out


def build(markdown: str) -> list[dict[str, str]]:
    """Every row of column_aliases.csv, in spec order."""
    found = tables(markdown)
    rows: list[dict[str, str]] = []
    for section in ("2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8"):
        for raw in found[section]:
            rows.extend(firm_row(raw))
    known = {row["column"] for row in rows}
    for raw in found["2.9"]:
        for name in column_names(raw["column"]):
            if name in known:  # region, city_cluster: already listed in §2.3
                continue
            empty = dict.fromkeys(FIELDS, "")
            rows.append(
                {
                    **empty,
                    "table": "firms",
                    "column": name,
                    "dtype": DERIVED_TYPES[name],
                    "req": "X",
                    "allowed": ALLOWED.get(name, ""),
                    "null_policy": "derived",
                    "disclosure": "identity" if name in IDENTITY else "attribute",
                    "used_by": raw["used by"],
                }
            )
    for raw in found["2.10"]:
        name = raw["column"].strip("`")
        kind, width = dtype(raw["type"])
        rows.append(
            {
                **dict.fromkeys(FIELDS, ""),
                "table": "patents",
                "column": name,
                "aliases": aliases(raw["Chinese aliases"]),
                "dtype": kind,
                "width": width,
                "req": raw["req"],
                "allowed": ALLOWED.get(f"patents.{name}", ""),
                "null_policy": "false" if kind == "bool" else PATENT_NULLS[raw["req"]],
                "disclosure": "attribute",
                "used_by": raw["used by"],
            }
        )
    return rows


def main() -> None:
    spec = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/spec/data_schema.md")
    rows = build(spec.read_text("utf-8"))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    OUT.write_text(buffer.getvalue(), "utf-8")
    print(f"wrote {OUT} ({len(rows)} rows)")


if __name__ == "__main__":
    main()
