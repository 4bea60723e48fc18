"""Demo geography, employers and staff; data only, loaded by ``manage.py seed_demo``."""

from __future__ import annotations

import math
import random
from decimal import Decimal

from .choices import Role, Sector

CITY = ("2102", "大连市")
DISTRICTS = [
    ("210202", "中山区"),
    ("210203", "西岗区"),
    ("210204", "沙河口区"),
    ("210211", "甘井子区"),
    ("210212", "旅顺口区"),
    ("210213", "金州区"),
    ("210214", "普兰店区"),
    ("210224", "长海县"),
    ("210281", "瓦房店市"),
    ("210283", "庄河市"),
]

# Where the demo employers are placed: near each district's built-up centre (WGS-84 latitude,
# longitude) within a radius in kilometres. Approximate, for a demo map; not survey data.
DISTRICT_CENTRES = {
    "210202": (38.9187, 121.6440, 2.2),  # 中山区
    "210203": (38.9146, 121.6121, 1.6),  # 西岗区
    "210204": (38.9054, 121.5830, 2.2),  # 沙河口区
    "210211": (38.9560, 121.5255, 6.0),  # 甘井子区
    "210212": (38.8510, 121.2620, 5.0),  # 旅顺口区
    "210213": (39.0520, 121.7830, 6.0),  # 金州区
    "210214": (39.3950, 121.9630, 5.0),  # 普兰店区
    "210224": (39.2720, 122.5880, 1.5),  # 长海县
    "210281": (39.6270, 122.0080, 5.0),  # 瓦房店市
    "210283": (39.6810, 122.9670, 5.0),  # 庄河市
}


def demo_position(district_code: str, key: str) -> tuple[Decimal, Decimal]:
    """A reproducible (latitude, longitude) near the district's centre for a demo employer ``key``."""
    lat, lng, radius_km = DISTRICT_CENTRES[district_code]
    rng = random.Random(f"{district_code}:{key}")
    r = radius_km * math.sqrt(rng.random())
    angle = rng.uniform(0, 2 * math.pi)
    d_lat = r * math.sin(angle) / 111.32
    d_lng = r * math.cos(angle) / (111.32 * math.cos(math.radians(lat)))
    return Decimal(f"{lat + d_lat:.6f}"), Decimal(f"{lng + d_lng:.6f}")


# (username, role, district code or None for the whole city, display name)
STAFF = [
    ("inspector", Role.INSPECTOR, "210211", "王监察"),
    ("inspector2", Role.INSPECTOR, "210211", "李监察"),
    ("inspector3", Role.INSPECTOR, "210202", "赵监察"),
    ("mediator", Role.MEDIATOR, "210211", "陈调解"),
    ("manager", Role.MANAGER, "210211", "刘科长"),
    ("citymanager", Role.MANAGER, None, "周处长"),
    ("admin", Role.ADMIN, None, "系统管理员"),
]
DEMO_PASSWORD = "wagewatch-demo-2026"

_PREFIXES = ["大连", "辽宁", "东北", "滨海", "星海", "金石", "海湾", "北方", "华信", "远洋", "盛达", "恒安"]
_CORES = [
    "宏达",
    "鑫源",
    "华建",
    "瑞丰",
    "永兴",
    "东方",
    "新城",
    "恒通",
    "国泰",
    "佳美",
    "中天",
    "宇通",
    "金辉",
    "顺发",
    "安泰",
]
_SUFFIX = {
    Sector.CONSTRUCTION: ["建筑工程有限公司", "建设集团有限公司", "劳务有限公司", "土木工程有限公司"],
    Sector.MANUFACTURING: ["机械制造有限公司", "电子科技有限公司", "食品加工有限公司", "服装有限公司"],
    Sector.CATERING: ["餐饮管理有限公司", "酒店有限公司", "物业服务有限公司"],
    Sector.LOGISTICS: ["物流有限公司", "运输有限公司", "仓储有限公司"],
    Sector.RETAIL: ["商贸有限公司", "超市有限公司"],
    Sector.OTHER: ["科技有限公司", "文化传媒有限公司"],
}
_SECTOR_WEIGHTS = [
    (Sector.CONSTRUCTION, 35),
    (Sector.MANUFACTURING, 25),
    (Sector.CATERING, 18),
    (Sector.LOGISTICS, 10),
    (Sector.RETAIL, 7),
    (Sector.OTHER, 5),
]
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_with_check(body17: str) -> str:
    """Append the GB 32100-2015 check character to 17 characters."""
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(body17, _USCC_WEIGHTS, strict=True))
    return body17 + _USCC_ALPHABET[(31 - total % 31) % 31]


def demo_employers(count: int = 300, seed: int = 2026) -> list[dict]:
    """Return ``count`` reproducible employer records spread over the districts and sectors."""
    rng = random.Random(seed)
    sectors = [s for s, w in _SECTOR_WEIGHTS for _ in range(w)]
    out: list[dict] = []
    seen: set[str] = set()
    i = 0
    while len(out) < count:
        i += 1
        sector = rng.choice(sectors)
        name = rng.choice(_PREFIXES) + rng.choice(_CORES) + rng.choice(_SUFFIX[sector])
        if name in seen:
            name = name.replace("有限公司", f"第{i}分公司")
        seen.add(name)
        code, district_name = rng.choice(DISTRICTS)
        body = "9121" + code[2:6] + "".join(rng.choice(_USCC_ALPHABET[:10] + "MA") for _ in range(9))
        latitude, longitude = demo_position(code, body)
        headcount = rng.choice([8, 15, 30, 60, 120, 250, 600, 1500])
        construction = sector == Sector.CONSTRUCTION
        out.append(
            {
                "name": name,
                "credit_code": uscc_with_check(body[:17]),
                "district_code": code,
                "address": f"{CITY[1]}{district_name}{rng.choice(['人民路', '中山路', '黄河路', '华北路', '金马路', '五一路'])}{rng.randint(1, 999)}号",
                "sector": sector,
                "headcount": headcount,
                "migrant_worker_count": int(headcount * rng.choice([0.1, 0.3, 0.5, 0.8])),
                "is_construction_project": construction,
                "has_wage_account": construction and rng.random() < 0.7,
                "has_wage_deposit": construction and rng.random() < 0.6,
                "latitude": latitude,
                "longitude": longitude,
            }
        )
    return out
