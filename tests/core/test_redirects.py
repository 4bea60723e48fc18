"""Redirects after a POST go to a ``next`` only when it points into this site."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from core.redirects import safe_next_url

HOSTILE = [
    "//evil.example",
    "//evil.example/staff/",
    "https://evil.example",
    "https://evil.example/staff/",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " //evil.example",
    "http:///evil.example",
    "data:text/html,<script>alert(1)</script>",
]


@pytest.mark.parametrize("nxt", HOSTILE)
def test_hostile_next_falls_back_to_the_default(rf, nxt):
    request = rf.post("/x/", {"next": nxt})
    assert safe_next_url(request, "core:staff-home") == reverse("core:staff-home")


@pytest.mark.parametrize("nxt", ["/staff/cases/?page=2", "/staff/", "http://testserver/staff/"])
def test_local_next_is_kept(rf, nxt):
    request = rf.post("/x/", {"next": nxt})
    assert safe_next_url(request, "core:staff-home") == nxt


def test_http_next_is_refused_on_a_secure_request(rf):
    request = rf.post("/x/", {"next": "http://testserver/staff/"}, secure=True)
    assert safe_next_url(request, "core:staff-home") == reverse("core:staff-home")


def test_default_takes_arguments(rf):
    request = rf.post("/x/", {})
    assert safe_next_url(request, "mediation:detail", pk=7) == reverse("mediation:detail", args=[7])


@pytest.mark.parametrize("nxt", HOSTILE)
def test_notifications_read_all_stays_on_site(client: Client, inspector, nxt):
    client.force_login(inspector)
    response = client.post(reverse("notifications:read-all"), {"next": nxt})
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:page")


@pytest.mark.parametrize("nxt", HOSTILE)
def test_bulk_assign_stays_on_site(client: Client, manager, nxt):
    client.force_login(manager)
    response = client.post(reverse("complaints:staff-bulk-assign"), {"next": nxt})
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:staff-cases")


@pytest.mark.parametrize("nxt", HOSTILE)
def test_mediation_action_stays_on_site(client: Client, mediator, district, nxt):
    from tests.mediation.factories import MediationRequestFactory

    request = MediationRequestFactory(district=district)
    client.force_login(mediator)
    response = client.post(reverse("mediation:act", args=[request.pk, "accept"]), {"next": nxt})
    assert response.status_code == 302
    assert response["Location"] == reverse("mediation:detail", args=[request.pk])


def test_local_next_is_followed(client: Client, inspector):
    client.force_login(inspector)
    response = client.post(reverse("notifications:read-all"), {"next": "/staff/cases/?page=2"})
    assert response["Location"] == "/staff/cases/?page=2"


def test_no_view_redirects_to_a_raw_next():
    """Every redirect to a request-named page goes through core.redirects."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2]
    raw = re.compile(r"redirect\(\s*request\.(POST|GET)|HTTP_REFERER|\.get\(\s*[\"']next[\"']")
    offenders = [
        str(path.relative_to(root))
        for app in ("core", "complaints", "mediation", "inspections", "notifications")
        for path in (root / app).rglob("*.py")
        if path.name != "redirects.py" and raw.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
