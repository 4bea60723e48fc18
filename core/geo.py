"""Coordinates: WGS-84 (GPS, 天地图) and GCJ-02 (the offset datum of Amap, Tencent and Google China).

Positions are stored in WGS-84 (``Employer.latitude/longitude``, a visit's check-in). A ledger whose
coordinates come from an Amap or Tencent map is in GCJ-02; ``gcj02_to_wgs84`` converts them. GCJ-02 is
WGS-84 plus a published, deterministic offset (GB/T 20257 does not publish it; the formula below is
the one every open implementation uses, e.g. eviltransform, accurate to well under a metre). Its
inverse has no closed form: it is found by fixed-point iteration. Outside mainland China GCJ-02 is
WGS-84, unchanged.

Also the convex hull of a set of points, which the campaign map draws as the area a district's
workplaces cover (not its administrative boundary).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

WGS84 = "wgs84"
GCJ02 = "gcj02"

_A = 6378245.0  # Krasovsky 1940 semi-major axis, as in the GCJ-02 formula
_EE = 0.00669342162296594323  # its eccentricity squared

# Mainland China (a bounding box): outside it GCJ-02 applies no offset.
CHINA_LAT = (0.8293, 55.8271)
CHINA_LNG = (72.004, 137.8347)


def in_china(lat: float, lng: float) -> bool:
    return CHINA_LAT[0] <= lat <= CHINA_LAT[1] and CHINA_LNG[0] <= lng <= CHINA_LNG[1]


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lng(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def _offset(lat: float, lng: float) -> tuple[float, float]:
    d_lat = _transform_lat(lng - 105.0, lat - 35.0)
    d_lng = _transform_lng(lng - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lng = (d_lng * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return d_lat, d_lng


def wgs84_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    if not in_china(lat, lng):
        return lat, lng
    d_lat, d_lng = _offset(lat, lng)
    return lat + d_lat, lng + d_lng


def gcj02_to_wgs84(lat: float, lng: float) -> tuple[float, float]:
    """Invert wgs84_to_gcj02 by iteration (to about 1e-9 degrees, a tenth of a millimetre)."""
    if not in_china(lat, lng):
        return lat, lng
    w_lat, w_lng = lat, lng
    for _ in range(30):
        g_lat, g_lng = wgs84_to_gcj02(w_lat, w_lng)
        e_lat, e_lng = g_lat - lat, g_lng - lng
        w_lat, w_lng = w_lat - e_lat, w_lng - e_lng
        if abs(e_lat) < 1e-10 and abs(e_lng) < 1e-10:
            break
    return w_lat, w_lng


def to_wgs84(lat: float, lng: float, system: str) -> tuple[float, float]:
    """Return (lat, lng) in WGS-84 from ``system`` (WGS84 or GCJ02)."""
    if system == GCJ02:
        return gcj02_to_wgs84(lat, lng)
    if system == WGS84:
        return lat, lng
    raise ValueError(f"unknown coordinate system {system!r}")


def convex_hull(points: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """Return the convex hull of (x, y) points, counter-clockwise, without repeating the first point
    (Andrew's monotone chain). Fewer than three distinct points give those points."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o, a, b) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]
