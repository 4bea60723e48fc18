"""The campaign map: GCJ-02 and WGS-84, the GeoJSON of employers, check-ins and district areas, who may
see what, and the ledger's coordinate columns."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core import geo
from core.demo import uscc_with_check
from core.models import Employer
from inspections.choices import CheckinStatus, MapStatus, Outcome
from inspections.models import Visit
from inspections.services import ledger, visits
from inspections.services.risk import risk_compute

from .conftest import START

# ---------------------------------------------------------------------------------------------- geo


def test_wgs84_to_gcj02_matches_the_published_formula():
    # The reference pair of the open implementations (eviltransform's test data, Shanghai).
    lat, lng = geo.wgs84_to_gcj02(31.1774276, 121.5272106)
    assert lat == pytest.approx(31.17530398364597, abs=1e-9)
    assert lng == pytest.approx(121.531541859215, abs=1e-9)


@pytest.mark.parametrize(
    "lat,lng", [(38.9140, 121.6147), (39.6810, 122.9670), (22.5464, 114.0473), (45.75, 126.63)]
)
def test_gcj02_to_wgs84_inverts_the_offset_to_a_millimetre(lat, lng):
    g_lat, g_lng = geo.wgs84_to_gcj02(lat, lng)
    assert abs(g_lat - lat) + abs(g_lng - lng) > 0.001  # the offset is hundreds of metres
    back = geo.gcj02_to_wgs84(g_lat, g_lng)
    assert back[0] == pytest.approx(lat, abs=1e-8) and back[1] == pytest.approx(lng, abs=1e-8)


def test_outside_china_gcj02_is_wgs84():
    assert geo.gcj02_to_wgs84(48.8566, 2.3522) == (48.8566, 2.3522)


def test_convex_hull_drops_inner_points():
    hull = geo.convex_hull([(0, 0), (2, 0), (2, 2), (0, 2), (1, 1), (1, 0)])
    assert sorted(hull) == [(0, 0), (0, 2), (2, 0), (2, 2)]
    assert geo.convex_hull([(0, 0), (1, 1)]) == [(0, 0), (1, 1)]


# ---------------------------------------------------------------------------------------------- map


def _complete(visit, inspector, outcome, **extra):
    answers = {
        c.value: "ok"
        for c in visits.checklist_for(visit.employer.sector, visit.employer.is_construction_project)
    }
    if outcome != Outcome.NO_VIOLATION:
        answers[next(iter(answers))] = "fail"
    return visits.visit_complete(
        visit=visit,
        completed_by=inspector,
        version=visit.version,
        checklist=answers,
        findings="x",
        outcome=outcome,
        **extra,
    )


@pytest.fixture
def mapped(campaign, team, employers, district, other_district, inspector):
    """Six employers in the campaign: positions, states and a check-in (see the test for each)."""
    risk_compute(campaign=campaign)
    for i, e in enumerate(employers):
        Employer.objects.filter(pk=e.pk).update(
            latitude=Decimal("38.95") + Decimal(i) / 100, longitude=Decimal("121.55") + Decimal(i % 3) / 100
        )
    # employers[3] has no position in the ledger; a visit's check-in gives one. employers[4] has none.
    Employer.objects.filter(pk__in=[employers[3].pk, employers[4].pk]).update(latitude=None, longitude=None)
    day = START

    def visit(e):
        return Visit.objects.create(campaign=campaign, employer=e, district=e.district, team=team, date=day)

    visit(employers[0])  # planned
    _complete(visit(employers[1]), inspector, Outcome.NO_VIOLATION)  # visited
    _complete(
        visit(employers[2]),
        inspector,
        Outcome.ORDER,
        order_due=timezone.localdate() + datetime.timedelta(days=9),
    )
    checked = visit(employers[3])
    Visit.objects.filter(pk=checked.pk).update(
        checkin_status=CheckinStatus.RECORDED,
        checkin_at=timezone.now(),
        checkin_latitude=Decimal("38.990000"),
        checkin_longitude=Decimal("121.600000"),
        checkin_accuracy_m=12,
    )
    checked.refresh_from_db()
    _complete(checked, inspector, Outcome.CASE, amount_owed=Decimal("8000"), workers_affected=2)
    # employers[5] (the other district) is not planned.
    return campaign


def _get(client, user, campaign, **params):
    client.force_login(user)
    return client.get(reverse("inspections:api-campaign-map", args=[campaign.pk]), params)


def _employers(data) -> dict[int, dict]:
    return {
        f["properties"]["employer_id"]: f for f in data["features"] if f["properties"]["kind"] == "employer"
    }


def test_the_city_manager_sees_every_employer_with_its_state_risk_and_position(
    mapped, employers, client, city_manager
):
    response = _get(client, city_manager, mapped)
    assert response.status_code == 200
    data = response.json()
    assert data["type"] == "FeatureCollection"
    points = _employers(data)
    state = {e.pk: points[e.pk]["properties"]["status"] for e in employers if e.pk in points}
    assert state == {
        employers[0].pk: MapStatus.PLANNED,
        employers[1].pk: MapStatus.VISITED,
        employers[2].pk: MapStatus.ORDER,
        employers[3].pk: MapStatus.CASE,
        employers[5].pk: MapStatus.NOT_PLANNED,
    }
    assert data["meta"]["without_position"] == 1  # employers[4]: no coordinates, no check-in
    assert points[employers[0].pk]["geometry"]["coordinates"] == [121.55, 38.95]  # GeoJSON: lng, lat
    assert points[employers[3].pk]["properties"]["located_by"] == "checkin"
    assert points[employers[3].pk]["geometry"]["coordinates"] == [121.6, 38.99]
    assert {p["properties"]["band"] for p in points.values()} <= {"high", "medium", "low"}
    assert points[employers[0].pk]["properties"]["url"] == reverse(
        "inspections:employer-risk", args=[mapped.pk, employers[0].pk]
    )
    checkins = [f for f in data["features"] if f["properties"]["kind"] == "checkin"]
    assert len(checkins) == 1 and checkins[0]["properties"]["accuracy_m"] == 12
    areas = [f for f in data["features"] if f["properties"]["kind"] == "district_area"]
    assert len(areas) == 1  # the home district has four positioned employers; the other only one
    ring = areas[0]["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) >= 4


def test_filters_by_sector_state_and_district(
    mapped, employers, district, other_district, client, city_manager
):
    data = _get(client, city_manager, mapped, status=MapStatus.ORDER).json()
    assert list(_employers(data)) == [employers[2].pk]
    data = _get(client, city_manager, mapped, district=other_district.pk).json()
    assert list(_employers(data)) == [employers[5].pk]
    sector = employers[1].sector
    data = _get(client, city_manager, mapped, sector=sector).json()
    assert employers[1].pk in _employers(data)
    assert all(f["properties"]["sector"] == sector for f in _employers(data).values())


def test_a_district_manager_sees_only_the_own_district(mapped, employers, other_district, client, manager):
    data = _get(client, manager, mapped).json()
    assert employers[5].pk not in _employers(data) and employers[0].pk in _employers(data)
    refused = _get(client, manager, mapped, district=other_district.pk)
    assert refused.status_code == 400 and "district" in refused.json()


def test_inspectors_may_not_see_the_map(mapped, client, inspector):
    assert _get(client, inspector, mapped).status_code == 403
    client.force_login(inspector)
    assert client.get(reverse("inspections:campaign-map", args=[mapped.pk])).status_code == 403


@pytest.mark.parametrize(
    "params", [{"status": "nope"}, {"sector": "mining?"}, {"district": "x"}, {"district": 99999}]
)
def test_bad_filters_are_a_400(mapped, client, city_manager, params):
    response = _get(client, city_manager, mapped, **params)
    assert response.status_code == 400


def test_the_map_page_renders_its_config_and_no_tile_source_by_default(mapped, client, city_manager):
    client.force_login(city_manager)
    response = client.get(reverse("inspections:campaign-map", args=[mapped.pk]), {"status": "planned"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="map-config"' in body and "status=planned" in body
    assert '"tiles": []' in body
    assert "vendor/leaflet/leaflet.js" in body


# ------------------------------------------------------------------------------------------- ledger

HEADER = "统一社会信用代码,单位名称,区划代码,行业,职工人数,经度,纬度,坐标系\n"


def _import(text: str, user, capture):
    upload = SimpleUploadedFile("ledger.csv", (text).encode("utf-8"), content_type="text/csv")
    with capture(execute=True):
        job = ledger.ledger_import_create(upload=upload, uploaded_by=user)
    job.refresh_from_db()
    return job


def test_ledger_positions_in_gcj02_are_stored_in_wgs84(district, manager, django_capture_on_commit_callbacks):
    wgs = (38.914000, 121.614700)
    gcj = geo.wgs84_to_gcj02(*wgs)
    code_a, code_b = uscc_with_check("91210211MA0000101"), uscc_with_check("91210211MA0000102")
    text = HEADER + (
        f"{code_a},甲公司,{district.code},other,10,{gcj[1]:.7f},{gcj[0]:.7f},GCJ-02\n"
        f"{code_b},乙公司,{district.code},other,10,{wgs[1]},{wgs[0]},WGS-84\n"
    )
    job = _import(text, manager, django_capture_on_commit_callbacks)
    assert job.errors == [] and job.created_count == 2
    a = Employer.objects.get(credit_code=code_a)
    b = Employer.objects.get(credit_code=code_b)
    assert abs(float(a.latitude) - wgs[0]) < 2e-6 and abs(float(a.longitude) - wgs[1]) < 2e-6
    assert (float(b.latitude), float(b.longitude)) == wgs
    # The same file again changes nothing; a file without positions keeps them.
    again = _import(text, manager, django_capture_on_commit_callbacks)
    assert again.unchanged_count == 2
    _import(
        "统一社会信用代码,单位名称,区划代码,行业,职工人数\n" + f"{code_b},乙公司,{district.code},other,12\n",
        manager,
        django_capture_on_commit_callbacks,
    )
    b.refresh_from_db()
    assert b.headcount == 12 and (float(b.latitude), float(b.longitude)) == wgs


def test_ledger_positions_need_a_coordinate_system_and_sane_degrees(
    district, manager, django_capture_on_commit_callbacks, settings
):
    codes = [uscc_with_check(f"91210211MA000020{i}") for i in range(5)]
    text = HEADER + (
        f"{codes[0]},无坐标系,{district.code},other,10,121.6,38.9,\n"
        f"{codes[1]},百度坐标,{district.code},other,10,121.6,38.9,BD-09\n"
        f"{codes[2]},经纬颠倒,{district.code},other,10,38.9,121.6,WGS-84\n"
        f"{codes[3]},只有经度,{district.code},other,10,121.6,,WGS-84\n"
        f"{codes[4]},不是数字,{district.code},other,10,东经121度,38.9,WGS-84\n"
    )
    job = _import(text, manager, django_capture_on_commit_callbacks)
    assert {(e["row"], e["field"]) for e in job.errors} == {
        (2, "coordinate_system"),
        (3, "coordinate_system"),
        (4, "latitude"),
        (5, "latitude"),
        (6, "longitude"),
    }
    assert not Employer.objects.filter(credit_code__in=codes).exists()
    settings.LEDGER_COORDINATE_SYSTEM = "gcj02"  # the bureau's ledgers come from Amap
    job = _import(
        HEADER + f"{codes[0]},无坐标系,{district.code},other,10,121.6,38.9,\n",
        manager,
        django_capture_on_commit_callbacks,
    )
    assert job.errors == []
    e = Employer.objects.get(credit_code=codes[0])
    assert (float(e.latitude), float(e.longitude)) != (38.9, 121.6)  # shifted back to WGS-84
