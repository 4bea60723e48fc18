"""The workbench lists a tablet opens: the rows name the inspectors, the deadline filters, the home counts.

The browser side (tap targets, sticky action bar) is in tests/browser/test_tablet.py.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from complaints import deadlines
from complaints.choices import CaseStatus as S
from complaints.models import Complaint
from core.models import User
from core.workdays import add_working_days
from tests.complaints.factories import case_in, fast_passwords, media_tmp  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_tmp")]


def _due(case: Complaint, day: datetime.date) -> Complaint:
    Complaint.objects.filter(pk=case.pk).update(next_deadline=day)
    return case


def _listed(client: Client, query: str) -> set[int]:
    page = client.get(f"/staff/cases/?{query}").content.decode()
    return {int(x) for x in re.findall(r'data-case-id="(\d+)"', page)}


def test_rows_name_the_inspectors(district, employer, inspector, inspector2):
    two = case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=[inspector, inspector2])
    none = case_in(S.RECEIVED, district=district, employer=employer)
    client = Client()
    client.force_login(inspector)
    page = client.get("/staff/cases/?view=queue").content.decode()
    row = page[page.index(f'id="case-row-{two.pk}"') :]
    row = row[: row.index("</tr>")]
    assert f"{inspector}、{inspector2}" in row
    other = page[page.index(f'id="case-row-{none.pk}"') :]
    assert "Nobody assigned yet." in other[: other.index("</tr>")]
    # The live client's single row says the same.
    single = client.get(f"/staff/cases/{two.pk}/row/").content.decode()
    assert f"{inspector}、{inspector2}" in single


def test_due_within_and_overdue_filter_the_lists(district, employer, inspector, inspector2):
    today = timezone.localdate()
    team = [inspector, inspector2]
    soon = _due(
        case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=team),
        add_working_days(today, 3).date,
    )
    today_due = _due(case_in(S.ORDERED, district=district, employer=employer, inspectors=team), today)
    late = _due(
        case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=team),
        today - datetime.timedelta(days=1),
    )
    _due(
        case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=team),
        add_working_days(today, 4).date,
    )
    client = Client()
    client.force_login(inspector)
    assert _listed(client, "view=mine&due_within=3") == {soon.pk, today_due.pk}
    assert _listed(client, "view=mine&overdue=true") == {late.pk}
    api = client.get("/api/v1/cases/?mine=true&due_within=3").json()["results"]
    assert {r["id"] for r in api} == {soon.pk, today_due.pk}


def test_home_counts_are_the_lengths_of_the_lists_they_open(
    district, employer, inspector, inspector2, manager
):
    today = timezone.localdate()
    team = [inspector, inspector2]
    for _ in range(2):
        case_in(S.RECEIVED, district=district, employer=employer)
    _due(
        case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=team),
        add_working_days(today, 1).date,
    )
    _due(
        case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=team),
        today - datetime.timedelta(days=5),
    )
    _due(case_in(S.INVESTIGATING, district=district, employer=employer), today - datetime.timedelta(days=5))
    for user, expected in (
        (inspector, {"to_accept": 2, "due_soon": 1, "overdue": 1, "visits_today": 0}),
        (manager, {"to_accept": 2, "due_soon": 1, "overdue": 2}),
    ):
        client = Client()
        client.force_login(user)
        page = client.get("/staff/").content.decode()
        tiles = re.findall(
            r'data-count="(\w+)" href="([^"]+)"><span class="count-n">(\d+)</span>',
            page.replace("&amp;", "&"),
        )
        assert {key: int(n) for key, _url, n in tiles} == expected, user
        for key, url, n in tiles:
            if key != "visits_today":
                assert len(_listed(client, url.split("?", 1)[1])) == int(n), key


def test_demo_data_has_cases_due_soon_and_overdue(db):
    out = io.StringIO()
    call_command("seed_demo", "--employers", "40", "--no-extras", stdout=out)
    call_command("seed_demo_complaints", stdout=out)
    today = timezone.localdate()
    states = [deadlines.deadline_state(c, today=today) for c in Complaint.objects.all()]
    assert states.count("soon") >= 2 and states.count("overdue") >= 2
    client = Client()
    client.force_login(User.objects.get(username="inspector"))
    assert _listed(client, "view=mine&due_within=3") and _listed(client, "view=mine&overdue=true")
    assert _listed(client, "view=queue&due_within=3") and _listed(client, "view=queue&overdue=true")
