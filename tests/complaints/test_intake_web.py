# ruff: noqa: F811  (pytest fixtures imported from intake_fixtures)
"""The HTML filing form: one complaint per form token, errors keep the input, receipt shown once."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from complaints.models import Complaint
from tests.factories import EmployerFactory

from .intake_fixtures import VALID_ID, jpeg, media  # noqa: F401

pytestmark = pytest.mark.django_db


def form_data(district, token="tok-123456789", **overrides) -> dict:
    today = timezone.localdate()
    data = {
        "form_token": token,
        "kind": "complaint",
        "category": "wage_arrears",
        "name": "张三",
        "id_number": VALID_ID,
        "mobile": "13800138000",
        "employer": "",
        "employer_name": "大连宏达建筑工程有限公司",
        "employer_credit_code": "",
        "employer_address": "",
        "district": str(district.pk),
        "project_name": "",
        "amount_owed": "18600",
        "period_start": (today - datetime.timedelta(days=100)).isoformat(),
        "period_end": (today - datetime.timedelta(days=5)).isoformat(),
        "workers_affected": "1",
        "description": "工资未发",
        "member-0-name": "李四",
        "member-0-mobile": "13900139000",
    }
    data.update(overrides)
    return data


def test_form_page_renders_with_a_one_time_token(client, district):
    r = client.get("/complaints/new/")
    html = r.content.decode()
    assert r.status_code == 200 and 'name="form_token"' in html
    assert district.name in html
    assert 'name="member-7-name"' in html  # group members, no JS needed
    assert 'enctype="multipart/form-data"' in html


def test_the_city_itself_is_not_a_workplace_district(client, city, district):
    choices = [c[0] for c in client.get("/complaints/new/").context["form"].fields["district"].choices]
    assert district.pk in [getattr(v, "value", v) for v in choices]
    assert city.pk not in [getattr(v, "value", v) for v in choices]


def test_file_then_receipt_shows_code_once(client, district, media):
    r = client.post("/complaints/new/", {**form_data(district), "evidence": [jpeg()]})
    assert r.status_code == 302
    c = Complaint.objects.get()
    assert r["Location"] == f"/complaints/receipt/{c.tracking_number}/"
    assert c.members.count() == 1 and c.evidence.count() == 1 and c.source == "online"
    receipt = client.get(r["Location"])
    html = receipt.content.decode()
    assert c.tracking_number in html and 'data-testid="access-code"' in html
    assert c.acceptance_due.isoformat() in html
    assert receipt["Cache-Control"] == "no-store"
    again = client.get(r["Location"]).content.decode()
    assert 'data-testid="access-code"' not in again and c.tracking_number in again


def test_receipt_needs_the_session_that_filed(client, district, media):
    r = client.post("/complaints/new/", form_data(district))
    from django.test import Client

    assert Client().get(r["Location"]).status_code == 404


def test_double_submit_creates_one_complaint(client, district, media):
    a = client.post("/complaints/new/", form_data(district))
    b = client.post("/complaints/new/", form_data(district))
    assert a.status_code == b.status_code == 302 and a["Location"] == b["Location"]
    assert Complaint.objects.count() == 1
    assert 'data-testid="access-code"' in client.get(b["Location"]).content.decode()


def test_errors_keep_the_input_and_name_the_field(client, district, media):
    r = client.post("/complaints/new/", form_data(district, id_number="110105194912310021", description=""))
    assert r.status_code == 400
    html = r.content.decode()
    assert "大连宏达建筑工程有限公司" in html and "李四" in html and "13900139000" in html
    assert html.count("field-error") >= 2
    assert Complaint.objects.count() == 0


def test_html_is_escaped(client, district, media):
    r = client.post(
        "/complaints/new/", form_data(district, employer_name="<script>alert(1)</script>", id_number="x")
    )
    html = r.content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_duplicate_shows_earlier_number_until_confirmed(client, district, media):
    first = client.post("/complaints/new/", form_data(district, token="tok-aaaaaaaaa"))
    number = first["Location"].rstrip("/").rsplit("/", 1)[-1]
    r = client.post("/complaints/new/", form_data(district, token="tok-bbbbbbbbb"))
    assert r.status_code == 400 and number in r.content.decode()
    assert 'name="confirm_different_matter"' in r.content.decode()
    r = client.post(
        "/complaints/new/", form_data(district, token="tok-bbbbbbbbb", confirm_different_matter="on")
    )
    assert r.status_code == 302 and Complaint.objects.count() == 2


def test_bad_file_is_a_field_error(client, district, media, settings):
    settings.WAGEWATCH = {**settings.WAGEWATCH, "EVIDENCE_MAX_FILE_BYTES": 50}
    r = client.post("/complaints/new/", {**form_data(district), "evidence": [jpeg()]})
    # Too large: 413, with the form and the field's error shown again.
    assert r.status_code == 413 and "errorlist" in r.content.decode()
    assert Complaint.objects.count() == 0


def test_member_errors_are_shown(client, district, media):
    r = client.post("/complaints/new/", form_data(district, **{"member-1-mobile": "123"}))
    assert r.status_code == 400 and "2" in r.content.decode()
    assert Complaint.objects.count() == 0


def test_anonymous_clue_from_the_form(client, district, media):
    data = form_data(district, kind="clue", name="", id_number="", mobile="", period_start="", period_end="")
    r = client.post("/complaints/new/", data)
    assert r.status_code == 302
    assert Complaint.objects.get().kind == "clue"


def test_form_posts_are_rate_limited(client, district, media, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "intake": "1/hour"},
    }
    client.post("/complaints/new/", form_data(district))
    r = client.post("/complaints/new/", form_data(district, token="tok-other1234"))
    assert r.status_code == 429 and int(r["Retry-After"]) > 0


def test_employer_lookup_partial(client, district):
    employer = EmployerFactory(district=district, name="大连鑫源机械制造有限公司")
    r = client.get("/complaints/employers/", {"employer_name": "鑫源"})
    html = r.content.decode()
    assert r.status_code == 200 and employer.name in html and f'data-employer-id="{employer.pk}"' in html
    assert (
        "data-employer-id"
        not in client.get("/complaints/employers/", {"employer_name": "x"}).content.decode()
    )


def test_picked_employer_is_used(client, district, media):
    employer = EmployerFactory(district=district)
    r = client.post(
        "/complaints/new/", form_data(district, employer=str(employer.pk), employer_name=employer.name)
    )
    assert r.status_code == 302 and Complaint.objects.get().employer == employer


def test_api_docs_are_served_without_a_cdn(client, db):
    import re

    r = client.get("/api/docs/")
    assert r.status_code == 200
    external = re.findall(r'(?:src|href)="(https?:)?//[^"]+"', r.content.decode())
    assert external == []


def test_home_page_tiles(client, db):
    html = client.get("/").content.decode()
    for url in ("/complaints/new/", "/track/", "/calculator/"):
        assert f'href="{url}' in html


def test_form_with_errors_asks_to_choose_files_again(client, district, media):
    r = client.post("/complaints/new/", {**form_data(district, description=""), "evidence": [jpeg()]})
    assert r.status_code == 400 and 'data-testid="files-dropped"' in r.content.decode()


def test_receipt_marks_a_provisional_deadline(client, district, media):
    from core import workdays
    from core.models import CalendarYear

    CalendarYear.objects.all().delete()
    workdays.invalidate()
    try:
        r = client.post("/complaints/new/", form_data(district))
        complaint = Complaint.objects.get()
        assert complaint.acceptance_due_provisional
        assert 'class="badge provisional"' in client.get(r["Location"]).content.decode()
    finally:
        workdays.invalidate()


def test_oversized_form_post_is_a_413_page(client, district, settings):
    settings.WAGEWATCH = {**settings.WAGEWATCH, "EVIDENCE_MAX_TOTAL_BYTES": 10}
    r = client.post("/complaints/new/", {**form_data(district), "description": "x" * (1024 * 1024 + 100)})
    assert r.status_code == 413
