"""The campaign map as GeoJSON: employers (coloured by risk, with their state in the campaign), the
visits' check-ins, and the area each district's workplaces cover.

Positions are WGS-84 (GeoJSON order: longitude, latitude). An employer's position is the ledger's
(``Employer.latitude/longitude``); without one, the latest check-in recorded on a visit to it. The
district areas are the convex hulls of the positions of the district's employers in the campaign:
where its workplaces are, not its administrative boundary.
"""

from __future__ import annotations

import math
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone

from core.choices import Sector
from core.geo import convex_hull
from core.models import District

from ..choices import CheckinStatus, MapStatus, Outcome, RiskBand, VisitStatus
from ..models import Campaign, CorrectionOrder, RiskScore, Visit

# At most this many employers on one map (the highest risk first); the answer says when it cut.
MAX_POINTS = 5000
# Shares of the campaign's scores, from the top, in the high and medium bands.
HIGH_SHARE, MEDIUM_SHARE = 0.2, 0.5
_ORDER: list[str] = [
    MapStatus.NOT_PLANNED,
    MapStatus.PLANNED,
    MapStatus.VISITED,
    MapStatus.ORDER,
    MapStatus.CASE,
]


def map_districts(*, campaign: Campaign, fetched_by) -> list[District]:
    """The campaign's districts the user may see on the map (their own, or all for city-wide staff)."""
    qs = District.objects.filter(pk__in=campaign.districts.values("pk")).order_by("code")
    if fetched_by.district_id is not None:
        qs = qs.filter(pk=fetched_by.district_id)
    return list(qs)


def _bands(campaign: Campaign) -> tuple[float, float]:
    """The lowest score of the high band and of the medium band, over the whole campaign."""
    scores = list(
        RiskScore.objects.filter(campaign=campaign).order_by("-score").values_list("score", flat=True)
    )
    if not scores:
        return math.inf, math.inf
    high = scores[max(math.ceil(len(scores) * HIGH_SHARE) - 1, 0)]
    medium = scores[max(math.ceil(len(scores) * MEDIUM_SHARE) - 1, 0)]
    return high, medium


def _band(score: float, high: float, medium: float) -> str:
    if score >= high:
        return RiskBand.HIGH
    if score >= medium:
        return RiskBand.MEDIUM
    return RiskBand.LOW


def _distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> int:
    r = 6371008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return round(2 * r * math.asin(math.sqrt(a)))


def campaign_map(
    *,
    campaign: Campaign,
    fetched_by,
    district_id: int | None = None,
    sector: str = "",
    status: str = "",
) -> dict:
    """Return the map of the campaign as a GeoJSON FeatureCollection (with a ``meta`` member)."""
    districts = {d.pk: d for d in map_districts(campaign=campaign, fetched_by=fetched_by)}
    scope = [district_id] if district_id else list(districts)
    high, medium = _bands(campaign)
    scores = list(
        RiskScore.objects.filter(campaign=campaign, district_id__in=scope)
        .order_by("-score", "employer_id")
        .values(
            "employer_id",
            "district_id",
            "score",
            "must_visit",
            "employer__name",
            "employer__sector",
            "employer__latitude",
            "employer__longitude",
        )
    )
    employer_ids = [s["employer_id"] for s in scores]
    visits = list(
        Visit.objects.filter(campaign=campaign, employer_id__in=employer_ids)
        .exclude(status=VisitStatus.REMOVED)
        .order_by("date", "pk")
        .values(
            "pk",
            "employer_id",
            "status",
            "outcome",
            "date",
            "checkin_status",
            "checkin_at",
            "checkin_latitude",
            "checkin_longitude",
            "checkin_accuracy_m",
        )
    )
    ordered = set(
        CorrectionOrder.objects.filter(visit__campaign=campaign, employer_id__in=employer_ids).values_list(
            "employer_id", flat=True
        )
    )
    state: dict[int, str] = defaultdict(lambda: MapStatus.NOT_PLANNED.value)
    checkins: dict[int, list[dict]] = defaultdict(list)
    for v in visits:
        step: str = MapStatus.PLANNED
        if v["status"] == VisitStatus.COMPLETED:
            step = MapStatus.CASE if v["outcome"] == Outcome.CASE else MapStatus.VISITED
        if v["employer_id"] in ordered and step == MapStatus.VISITED:
            step = MapStatus.ORDER
        if _ORDER.index(step) > _ORDER.index(state[v["employer_id"]]):
            state[v["employer_id"]] = step
        if v["checkin_status"] == CheckinStatus.RECORDED and v["checkin_latitude"] is not None:
            checkins[v["employer_id"]].append(v)

    status_labels = dict(MapStatus.choices)
    sector_labels = dict(Sector.choices)
    band_labels = dict(RiskBand.choices)
    employers: list[dict] = []
    hull_points: dict[int, list[tuple[float, float]]] = defaultdict(list)
    check_features: list[dict] = []
    without_position = 0
    truncated = False
    for s in scores:
        eid = s["employer_id"]
        raw_lat, raw_lng, located_by = s["employer__latitude"], s["employer__longitude"], "ledger"
        if raw_lat is None or raw_lng is None:
            last = checkins[eid][-1] if checkins[eid] else None
            raw_lat, raw_lng, located_by = (
                (last["checkin_latitude"], last["checkin_longitude"], "checkin") if last else (None, None, "")
            )
        if raw_lat is None or raw_lng is None:
            without_position += 1
            continue
        lat, lng = float(raw_lat), float(raw_lng)
        hull_points[s["district_id"]].append((lng, lat))
        st = state[eid]
        if (sector and s["employer__sector"] != sector) or (status and st != status):
            continue
        if len(employers) >= MAX_POINTS:
            truncated = True
            continue
        band = _band(s["score"], high, medium)
        employers.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lng, lat]},
                "properties": {
                    "kind": "employer",
                    "employer_id": eid,
                    "name": s["employer__name"],
                    "district_id": s["district_id"],
                    "district": districts[s["district_id"]].name if s["district_id"] in districts else "",
                    "sector": s["employer__sector"],
                    "sector_label": str(sector_labels.get(s["employer__sector"], s["employer__sector"])),
                    "risk": round(s["score"], 2),
                    "band": band,
                    "band_label": str(band_labels[band]),
                    "must_visit": s["must_visit"],
                    "status": st,
                    "status_label": str(status_labels[st]),
                    "located_by": located_by,
                    "url": reverse("inspections:employer-risk", args=[campaign.pk, eid]),
                },
            }
        )
        for v in checkins[eid]:
            c_lat, c_lng = float(v["checkin_latitude"]), float(v["checkin_longitude"])
            check_features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [c_lng, c_lat]},
                    "properties": {
                        "kind": "checkin",
                        "visit_id": v["pk"],
                        "employer_id": eid,
                        "at": timezone.localtime(v["checkin_at"]).isoformat() if v["checkin_at"] else None,
                        "accuracy_m": v["checkin_accuracy_m"],
                        "distance_m": None
                        if located_by == "checkin"
                        else _distance_m(lat, lng, c_lat, c_lng),
                        "url": reverse("inspections:visit-detail", args=[v["pk"]]),
                    },
                }
            )
    areas = []
    for d_id, points in hull_points.items():
        ring = convex_hull(points)
        if len(ring) < 3 or d_id not in districts:
            continue
        ring = [*ring, ring[0]]
        areas.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [[[x, y] for x, y in ring]]},
                "properties": {
                    "kind": "district_area",
                    "district_id": d_id,
                    "name": districts[d_id].name,
                    "employers": len(points),
                },
            }
        )
    return {
        "type": "FeatureCollection",
        "features": areas + employers + check_features,
        "meta": {
            "computed_at": timezone.localtime().isoformat(),
            "employers": len(employers),
            "checkins": len(check_features),
            "without_position": without_position,
            "truncated": truncated,
            "max_points": MAX_POINTS,
        },
    }
