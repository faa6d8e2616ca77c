"""Place-name romanisation and name splitting for tools/build_geography.py."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin, load_phrases_dict, load_single_dict

# Place-name readings of polyphonic characters, where pypinyin's everyday reading is wrong
# (都 du in 成都/丰都, not dou; 长 chang in 长宁, not zhang; 柏 bai in 桐柏 …), and the place
# names that read them otherwise. Checked against the official romanisation of each name.
load_single_dict(
    {
        ord("都"): "dū",
        ord("长"): "cháng",
        ord("柏"): "bǎi",
        ord("什"): "shí",
        ord("蚌"): "bèng",
        ord("曾"): "zēng",
        ord("朝"): "cháo",
        ord("乐"): "lè",
        ord("漯"): "luò",
        ord("浚"): "xùn",
        ord("勒"): "lè",
        ord("泊"): "bó",
        ord("珲"): "hún",
        ord("佛"): "fó",
        ord("筠"): "jūn",
        ord("伽"): "jiā",
        ord("蔚"): "yù",
        ord("覃"): "qín",
        ord("圩"): "xū",
    }
)
load_phrases_dict(
    {
        "长子": [["zhǎng"], ["zǐ"]],
        "乐清": [["yuè"], ["qīng"]],
        "乐亭": [["lào"], ["tíng"]],
        "闵行": [["mǐn"], ["háng"]],
        "六合": [["lù"], ["hé"]],
        "万柏林": [["wàn"], ["bǎi"], ["lín"]],
        "荥经": [["yíng"], ["jīng"]],
        "浪卡子": [["làng"], ["kǎ"], ["zǐ"]],
        "称多": [["chèn"], ["duō"]],
        "马尾": [["mǎ"], ["wěi"]],
        "涡阳": [["guō"], ["yáng"]],
        "穆棱": [["mù"], ["líng"]],
        "南乐": [["nán"], ["lè"]],
        "民乐": [["mín"], ["lè"]],
        "单县": [["shàn"], ["xiàn"]],
        "洪洞": [["hóng"], ["tóng"]],
        "召陵": [["shào"], ["líng"]],
        "六安": [["lù"], ["ān"]],
    }
)

# Ethnonyms as they appear in the names of autonomous prefectures and counties, longest first
# so that 蒙古族 is removed before 蒙古.
ETHNIC_EN = {
    "柯尔克孜": "Kirgiz",
    "哈萨克族": "Kazak",
    "哈萨克": "Kazak",
    "朝鲜族": "Korean",
    "土家族": "Tujia",
    "蒙古族": "Mongol",
    "布依族": "Bouyei",
    "傈僳族": "Lisu",
    "景颇族": "Jingpo",
    "哈尼族": "Hani",
    "仡佬族": "Gelao",
    "毛南族": "Maonan",
    "仫佬族": "Mulao",
    "达斡尔族": "Daur",
    "鄂温克族": "Ewenki",
    "鄂伦春": "Oroqen",
    "撒拉族": "Salar",
    "保安族": "Bonan",
    "东乡族": "Dongxiang",
    "裕固族": "Yugur",
    "土族": "Tu",
    "锡伯": "Xibe",
    "塔吉克": "Tajik",
    "纳西族": "Naxi",
    "拉祜族": "Lahu",
    "佤族": "Va",
    "布朗族": "Blang",
    "普米族": "Pumi",
    "独龙族": "Derung",
    "怒族": "Nu",
    "阿昌族": "Achang",
    "德昂族": "De'ang",
    "基诺族": "Jino",
    "满族": "Manchu",
    "畲族": "She",
    "瑶族": "Yao",
    "侗族": "Dong",
    "苗族": "Miao",
    "彝族": "Yi",
    "白族": "Bai",
    "傣族": "Dai",
    "壮族": "Zhuang",
    "藏族": "Tibetan",
    "羌族": "Qiang",
    "回族": "Hui",
    "黎族": "Li",
    "水族": "Shui",
    "各族": "",
    "蒙古": "Mongol",
}
ETHNIC_KEYS = sorted(ETHNIC_EN, key=len, reverse=True)

CITY_KIND_EN = {
    "prefecture_city": "City",
    "prefecture": "Prefecture",
    "autonomous_prefecture": "Autonomous Prefecture",
    "league": "League",
}
COUNTY_KIND_EN = {
    "区": "District",
    "县": "County",
    "县级市": "City",
    "自治县": "Autonomous County",
    "旗": "Banner",
    "自治旗": "Autonomous Banner",
    "特区": "Special District",
    "林区": "Forestry District",
}


def syllables(text: str) -> list[str]:
    out = lazy_pinyin(text, style=Style.NORMAL, v_to_u=False, errors="ignore")
    return [s.replace("v", "u").lower() for s in out]


def pinyin_name(text: str) -> str:
    """Toneless pinyin, syllables joined, apostrophe before a/o/e after the first syllable."""
    parts = syllables(text)
    word = ""
    for i, syl in enumerate(parts):
        if i and syl[:1] in ("a", "o", "e"):
            word += "'"
        word += syl
    return word[:1].upper() + word[1:]


def plain_pinyin(text: str) -> str:
    return "".join(syllables(text))


def strip_ethnic(stem: str) -> tuple[str, list[str]]:
    """Remove trailing ethnonyms (延边朝鲜族 → 延边, [朝鲜族])."""
    found: list[str] = []
    changed = True
    while changed:
        changed = False
        for key in ETHNIC_KEYS:
            if stem.endswith(key) and len(stem) > len(key):
                stem = stem[: -len(key)]
                found.insert(0, key)
                changed = True
                break
    return stem, found


def city_kind(name: str) -> str:
    if name.endswith("自治州"):
        return "autonomous_prefecture"
    if name.endswith("地区"):
        return "prefecture"
    if name.endswith("盟"):
        return "league"
    if name.endswith("市"):
        return "prefecture_city"
    raise SystemExit(f"unknown prefecture kind: {name}")


def county_kind(name: str) -> str:
    # 林区 and 特区 are one division each; 碑林区, 金林区 … are ordinary districts.
    if name == "神农架林区":
        return "林区"
    if name == "六枝特区":
        return "特区"
    for suffix, kind in (
        ("自治县", "自治县"),
        ("自治旗", "自治旗"),
        ("旗", "旗"),
        ("县", "县"),
        ("市", "县级市"),
        ("区", "区"),
    ):
        if name.endswith(suffix):
            return kind
    raise SystemExit(f"unknown county kind: {name}")


AUTONOMOUS_KINDS = ("autonomous_prefecture", "自治县", "自治旗")
NAME_SUFFIX = {
    "autonomous_prefecture": "自治州",
    "prefecture": "地区",
    "league": "盟",
    "prefecture_city": "市",
    "自治县": "自治县",
    "自治旗": "自治旗",
    "林区": "林区",
    "特区": "特区",
    "旗": "旗",
    "县": "县",
    "县级市": "市",
    "区": "区",
}


def split_name(name: str, kind: str) -> tuple[str, list[str]]:
    """Stem and ethnonyms: 延边朝鲜族自治州 → (延边, [朝鲜族]); 管城回族区 → (管城, [回族]).

    Outside autonomous units only ethnonyms ending in 族 are removed (蒙古 may be part of a
    name). A stem that is itself an ethnonym (东乡族自治县) loses its 族 only.
    """
    suffix = NAME_SUFFIX[kind]
    stem = name[: -len(suffix)] if name.endswith(suffix) else name
    ethnic: list[str] = []
    if kind in AUTONOMOUS_KINDS or "族" in stem:
        stem, ethnic = strip_ethnic(stem)
        if kind not in AUTONOMOUS_KINDS and any(not e.endswith("族") for e in ethnic):
            stem, ethnic = name[: -len(suffix)], []
    if stem in ETHNIC_EN and stem.endswith("族"):
        stem = stem[:-1]
    return stem, ethnic


def short_name(name: str, kind: str) -> tuple[str, list[str]]:
    """Short form and the ethnonyms removed; a one-character stem keeps its full name."""
    stem, ethnic = split_name(name, kind)
    return (name if len(stem) < 2 else stem), ethnic


def pinyin_key(name_en: str, source: str, short: str) -> str:
    """Toneless pinyin of the short name; follows the overlay's polyphone corrections."""
    if source == "pinyin":
        return name_en.lower().replace("'", "").replace(" ", "")
    return plain_pinyin(short)


def english_for(
    level: str, full: str, short: str, overlay: dict[tuple[str, str], dict[str, str]]
) -> tuple[str, str]:
    hit = overlay.get((level, full))
    if hit:
        return hit["name_en"], hit["name_en_source"]
    return pinyin_name(short), "pinyin"


def ethnic_en(groups: list[str]) -> str:
    words = [ETHNIC_EN[g] for g in groups if ETHNIC_EN[g]]
    # No commas: English names are letters, spaces, apostrophes and hyphens only (§4.1).
    if len(words) > 2:
        return " ".join(words[:-1]) + " and " + words[-1]
    return " and ".join(words)
