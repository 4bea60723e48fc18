"""The campaign map's basemap. None by default: the map then shows its points and district areas on a
plain background, with no request leaving the site (tests, offline demos, an intranet).

Production in China: 天地图 (the national platform's tiles, in CGCS2000, which matches WGS-84 to a few
centimetres, so WGS-84 positions need no shift) with the bureau's key: set MAP_TIANDITU_KEY. Any other
XYZ tile source: MAP_TILE_URL (``{z}/{x}/{y}``, ``{s}`` for MAP_TILE_SUBDOMAINS) and
MAP_TILE_ATTRIBUTION; it must be in WGS-84 / Web Mercator, not GCJ-02 (Amap, Tencent), or the points
will sit a few hundred metres off. The tile hosts are added to the Content-Security-Policy's img-src.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .env import env
from .security import CONTENT_SECURITY_POLICY

MAP_TIANDITU_KEY = env.str("MAP_TIANDITU_KEY", default="")
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="")
MAP_TILE_SUBDOMAINS = env.str("MAP_TILE_SUBDOMAINS", default="")

_TIANDITU = (
    "https://t{s}.tianditu.gov.cn/%s_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=%s"
    "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=%s"
)

# Layers drawn in order: [{"url", "attribution", "subdomains"}].
MAP_TILE_LAYERS: list[dict] = []
if MAP_TILE_URL:
    MAP_TILE_LAYERS = [
        {"url": MAP_TILE_URL, "attribution": MAP_TILE_ATTRIBUTION, "subdomains": MAP_TILE_SUBDOMAINS or "abc"}
    ]
elif MAP_TIANDITU_KEY:
    MAP_TILE_LAYERS = [
        {
            "url": _TIANDITU % (layer, layer, MAP_TIANDITU_KEY),
            "attribution": "天地图",
            "subdomains": "01234567",
        }
        for layer in ("vec", "cva")  # the vector map, then its Chinese labels
    ]


def _tile_origins(layers: list[dict]) -> list[str]:
    origins = set()
    for layer in layers:
        parts = urlsplit(layer["url"])
        for sub in layer["subdomains"] if "{s}" in parts.netloc else [""]:
            origins.add(f"{parts.scheme}://{parts.netloc.replace('{s}', sub)}")
    return sorted(origins)


CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] = [
    *CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
    *_tile_origins(MAP_TILE_LAYERS),
]

# The coordinate system of a ledger's longitude/latitude columns when the file has no 坐标系 column:
# "wgs84" or "gcj02". Empty (the default): a row with a position must say its system.
LEDGER_COORDINATE_SYSTEM = env.str("LEDGER_COORDINATE_SYSTEM", default="")
