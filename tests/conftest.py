"""Shared fixtures: staff of every role, districts, employers, and a clean cache per test."""

from __future__ import annotations

import os
import shutil

import pytest
from django.core.cache import cache

from core.celery import app as celery_app
from core.choices import Role

from .factories import DistrictFactory, EmployerFactory, UserFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Let the test runner empty the audit trails between tests (TRUNCATE is refused elsewhere).

    The setting is the database's, so every connection of the test run has it, including the ones the
    websocket consumers open in their threads (core/db_guards.py).
    """
    from django.db import connection

    from core.db_guards import TRUNCATE_SETTING

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            name = connection.ops.quote_name(connection.settings_dict["NAME"])
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER DATABASE {name} SET {TRUNCATE_SETTING} = 'allow'")
                cursor.execute(f"SET {TRUNCATE_SETTING} = 'allow'")


def pytest_configure(config):
    # Tests run tasks in process unless a test starts a real worker; the broker itself is real (Redis in CI).
    celery_app.conf.task_always_eager = True


@pytest.fixture(autouse=True)
def _english_messages(settings):
    """Assert on the English msgids: requests without Accept-Language and service errors speak English.

    Tests of the Chinese catalogue (tests/core/test_i18n.py) and the browser tests (a zh-CN browser) ask
    for Chinese explicitly.
    """
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    # Staff fixtures hash a password each; the production hasher would cost ~0.3 s per user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _configured_throttle_rates():
    """Undo any test's change to DRF's class-level throttle rates."""
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    def reset():
        pending = [SimpleRateThrottle]
        while pending:
            cls = pending.pop()
            pending.extend(cls.__subclasses__())
            if cls is not SimpleRateThrottle and "THROTTLE_RATES" in cls.__dict__:
                delattr(cls, "THROTTLE_RATES")
        SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES

    reset()
    yield
    reset()


@pytest.fixture(autouse=True)
def _clean_cache():
    """Start every test with empty caches, the per-process ones included.

    The working-day calendar is forgotten too: a copy loaded by an earlier test (perhaps of rows that
    test rolled back, under a version key the cache no longer holds) would otherwise be reloaded
    whenever its recheck interval happened to run out, adding two statements at a moment that
    depends on the machine's speed.
    """
    from core import workdays
    from core.selectors import district_cache

    cache.clear()
    district_cache.clear()
    workdays.forget()
    yield
    cache.clear()
    district_cache.clear()
    workdays.forget()


@pytest.fixture(autouse=True)
def _sms_outbox():
    from notifications.backends.sms import RecordingSmsBackend

    RecordingSmsBackend.clear()
    yield RecordingSmsBackend.outbox
    RecordingSmsBackend.clear()


@pytest.fixture
def sms_outbox(_sms_outbox):
    return _sms_outbox


@pytest.fixture
def redis_server(request):
    """Start a throwaway redis-server on a free port (tests/redis_server.py); stop it at the end.

    Tests that use it are marked ``redis_server``. Without the binary they are skipped, except in CI,
    where they fail: CI must run them.
    """
    from .redis_server import ThrowawayRedis, free_port

    if shutil.which("redis-server") is None:
        message = "needs redis-server (apt-get install redis-server)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server = ThrowawayRedis(free_port())
    server.start()
    try:
        yield server
    finally:
        if server.running():
            server.stop()


@pytest.fixture
def city(db):
    return DistrictFactory(code="2102", name="大连市", parent=None)


@pytest.fixture
def district(city):
    return DistrictFactory(code="210211", name="甘井子区", parent=city)


@pytest.fixture
def other_district(city):
    return DistrictFactory(code="210202", name="中山区", parent=city)


@pytest.fixture
def inspector(district):
    return UserFactory(role=Role.INSPECTOR, district=district, username="insp1")


@pytest.fixture
def inspector2(district):
    return UserFactory(role=Role.INSPECTOR, district=district, username="insp2")


@pytest.fixture
def other_inspector(other_district):
    return UserFactory(role=Role.INSPECTOR, district=other_district, username="insp-other")


@pytest.fixture
def mediator(district):
    return UserFactory(role=Role.MEDIATOR, district=district, username="med1")


@pytest.fixture
def manager(district):
    return UserFactory(role=Role.MANAGER, district=district, username="mgr1")


@pytest.fixture
def city_manager(db):
    return UserFactory(role=Role.MANAGER, district=None, username="citymgr")


@pytest.fixture
def admin_user(db):
    return UserFactory(role=Role.ADMIN, district=None, username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def employer(district):
    return EmployerFactory(district=district)


def pytest_collection_modifyitems(session, config, items):
    """Run browser tests last: Playwright's sync API keeps an event loop alive for the session."""
    items.sort(key=lambda item: "/tests/browser/" in str(item.fspath))
