"""Fixtures for the campaign: a campaign over two districts with two teams, and a working-day calendar."""

from __future__ import annotations

import datetime

import pytest

from core.choices import Role
from core.models import CalendarDay, CalendarYear
from core.workdays import invalidate
from inspections.services import campaigns
from tests.factories import EmployerFactory, UserFactory

# Monday 2026-11-30 to Friday 2026-12-11: ten working days; Saturday 2026-12-05 is off.
START = datetime.date(2026, 11, 30)
END = datetime.date(2026, 12, 11)


@pytest.fixture(autouse=True)
def _fast_password_hasher_and_private_media(settings, tmp_path):
    # Staff users are created in every test here; PBKDF2 would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def calendar_2026(db):
    CalendarYear.objects.get_or_create(year=2026)
    CalendarYear.objects.get_or_create(year=2027)
    # A holiday on Wednesday 2026-12-02 (a test fixture: a made-up day off).
    CalendarDay.objects.get_or_create(
        date=datetime.date(2026, 12, 2), defaults={"kind": "holiday", "name": "test"}
    )
    invalidate()
    yield
    invalidate()


@pytest.fixture
def inspector3(district):
    return UserFactory(role=Role.INSPECTOR, district=district, username="insp3")


@pytest.fixture
def inspector4(other_district):
    return UserFactory(role=Role.INSPECTOR, district=other_district, username="insp4")


@pytest.fixture
def campaign(calendar_2026, city_manager, district, other_district):
    return campaigns.campaign_create(
        created_by=city_manager,
        name="冬季专项行动",
        starts_on=START,
        ends_on=END,
        districts=[district, other_district],
        goal_employers=10,
        travel_cost=5.0,
    )


@pytest.fixture
def team(campaign, city_manager, inspector, inspector2, district):
    return campaigns.team_create(
        campaign=campaign,
        created_by=city_manager,
        name="A",
        inspector_a=inspector,
        inspector_b=inspector2,
        home_district=district,
    )


@pytest.fixture
def employers(district, other_district):
    """Six employers: four in the home district, two elsewhere; one large site."""
    out = [EmployerFactory(district=district, headcount=20, migrant_worker_count=10) for _ in range(4)]
    out.append(EmployerFactory(district=district, headcount=400, migrant_worker_count=300))
    out.append(EmployerFactory(district=other_district, headcount=30, migrant_worker_count=30))
    return out


@pytest.fixture
def planned_visit(campaign, team, employers):
    """A planned half-day visit of the team to a small construction employer."""
    from inspections.models import Visit

    e = employers[0]
    return Visit.objects.create(
        campaign=campaign, employer=e, district=e.district, team=team, date=START, units=1, risk=42.0
    )
