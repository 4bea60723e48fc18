"""GET /api/v1/notifications/, the mark-read endpoints, the notifications page and the unread badge."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications import services
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def _notify(user, text="案件已受理", **payload):
    return services.event_record(kind="case.transitioned", text=text, payload=payload, recipients=[user])


def test_api_lists_only_own_notifications_newest_first(client, inspector, inspector2):
    _notify(inspector, "第一件")
    _notify(inspector, "第二件", case_id=3)
    _notify(inspector2, "别人的")
    client.force_login(inspector)
    data = client.get("/api/v1/notifications/").json()
    assert data["count"] == 2
    assert [n["text"] for n in data["results"]] == ["第二件", "第一件"]
    first = data["results"][0]
    assert (
        first["kind"] == "case.transitioned" and first["payload"] == {"case_id": 3} and first["read"] is False
    )


def test_api_mark_read_and_read_all(client, inspector, inspector2):
    mine = [_notify(inspector, f"件{i}") for i in range(3)]
    theirs = _notify(inspector2)
    client.force_login(inspector)
    note = Notification.objects.get(event=mine[0], user=inspector)
    response = client.post(f"/api/v1/notifications/{note.pk}/read/")
    assert response.status_code == 200 and response.json()["read"] is True
    assert client.get("/api/v1/notifications/?unread=true").json()["count"] == 2

    other = Notification.objects.get(event=theirs)
    assert client.post(f"/api/v1/notifications/{other.pk}/read/").status_code == 404
    assert client.post("/api/v1/notifications/read-all/").json() == {"marked": 2, "unread": 0}
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_api_refuses_anonymous_and_users_without_a_role(client, district):
    assert client.get("/api/v1/notifications/").status_code in (401, 403)
    from tests.factories import UserFactory

    client.force_login(UserFactory(role="", district=district, username="nobody"))
    assert client.get("/api/v1/notifications/").status_code == 403


def test_endpoints_are_in_the_openapi_schema(client, inspector):
    client.force_login(inspector)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path in (
        "/api/v1/notifications/",
        "/api/v1/notifications/{id}/read/",
        "/api/v1/notifications/read-all/",
    ):
        assert path in schema["paths"], path


def test_page_shows_unread_and_marks_all_read(client, inspector):
    _notify(inspector, "已受理的案件")
    _notify(inspector, "新证据")
    client.force_login(inspector)
    page = client.get(reverse("notifications:page"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "已受理的案件" in html and html.count('class="notif unread"') == 2
    assert 'data-live-unread data-count="2"' in html  # the badge in the top bar
    assert 'data-live-refresh="/staff/notifications/?partial=1"' in html

    response = client.post(reverse("notifications:read-all"), {"next": "/staff/notifications/?show=unread"})
    assert response.status_code == 302 and response["Location"] == "/staff/notifications/?show=unread"
    html = client.get(reverse("notifications:page") + "?show=unread").content.decode()
    assert 'class="notif unread"' not in html
    assert 'data-live-unread data-count="0"' in html


def test_page_mark_one_read_ignores_foreign_redirects(client, inspector):
    event = _notify(inspector)
    note = Notification.objects.get(event=event)
    client.force_login(inspector)
    response = client.post(reverse("notifications:read", args=[note.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("notifications:page")
    note.refresh_from_db()
    assert note.read_at is not None


def test_every_staff_page_loads_the_live_client(client, inspector):
    client.force_login(inspector)
    html = client.get(reverse("core:staff-home")).content.decode()
    assert 'id="live-config"' in html and "js/live.js" in html


def test_partial_renders_only_the_list(client, inspector):
    _notify(inspector, "局部刷新")
    client.force_login(inspector)
    html = client.get(reverse("notifications:page") + "?partial=1").content.decode()
    assert "局部刷新" in html and "<html" not in html
