"""Fixtures for mediation tests: requests in the district, rooms, a second mediator, times to book."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from core import workdays
from core.choices import Role
from tests.factories import UserFactory

from .factories import MediationRequestFactory, RoomFactory


def next_working_day(after: datetime.date | None = None) -> datetime.date:
    day = (after or timezone.localdate()) + datetime.timedelta(days=1)
    while not workdays.is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # PBKDF2 costs ~0.3 s per staff fixture; these tests are about mediation, not password storage.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def mediator2(district):
    return UserFactory(role=Role.MEDIATOR, district=district, username="med2")


@pytest.fixture
def other_mediator(other_district):
    return UserFactory(role=Role.MEDIATOR, district=other_district, username="med-other")


@pytest.fixture
def mreq(district):
    return MediationRequestFactory(district=district)


@pytest.fixture
def accepted(district, mediator):
    return MediationRequestFactory(district=district, status="accepted", mediator=mediator)


@pytest.fixture
def room(district):
    return RoomFactory(district=district)


@pytest.fixture
def room2(district):
    return RoomFactory(district=district)


@pytest.fixture
def day():
    return next_working_day()
