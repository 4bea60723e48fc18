"""A valid resident ID number is accepted at every door whatever its area code, and flagged for staff."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from complaints.models import Complaint
from core.identifiers import resident_id_check_character
from mediation.models import MediationRequest
from tests.complaints.intake_fixtures import api_payload, media  # noqa: F401

from .conftest import complaint_form_data

pytestmark = pytest.mark.django_db

# python-stdnum raises KeyError('county') on Macao's 829504; 990000 is in no table at all.
FIRST17 = ["82950419900101123", "99000019850615004"]
AWKWARD_IDS = [first17 + resident_id_check_character(first17) for first17 in FIRST17]


def _mediation(district, id_number: str) -> dict:
    return {
        "applicant_name": "李四",
        "applicant_mobile": "13812345678",
        "applicant_id_number": id_number,
        "district": district.pk,
        "employer_name": "大连某某餐饮有限公司",
        "matters": ["wages"],
        "reasons": "拖欠工资两个月",
    }


@pytest.mark.parametrize("id_number", AWKWARD_IDS)
def test_the_complaint_api_and_form_accept_it(district, media, id_number):  # noqa: F811
    response = Client().post(
        "/api/v1/complaints/", api_payload(district, id_number=id_number), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    response = Client().post(reverse("complaints:complaint-new"), complaint_form_data(district, id_number))
    assert response.status_code == 302, response.content[:2000]
    assert Complaint.objects.filter(complainant_id_number=id_number).count() == 2


@pytest.mark.parametrize("id_number", AWKWARD_IDS)
def test_the_mediation_api_and_forms_accept_it(district, media, mediator, id_number):  # noqa: F811
    response = Client().post(
        "/api/v1/mediations/", _mediation(district, id_number), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    response = Client().post(reverse("mediation:apply"), _mediation(district, id_number))
    assert response.status_code == 302, response.content[:2000]
    staff = Client()
    staff.force_login(mediator)
    oral = _mediation(district, id_number) | {"applied_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
    response = staff.post(reverse("mediation:oral"), oral)
    assert response.status_code == 200 and "access code" in response.content.decode()  # shown once, here
    assert MediationRequest.objects.filter(applicant_id_number=id_number).count() == 3
    detail = staff.get(reverse("mediation:detail", args=[MediationRequest.objects.first().pk]))
    assert "area code not in table" in detail.content.decode()


def test_staff_see_the_unknown_area_code_flagged_on_the_case(district, media, manager):  # noqa: F811
    Client().post(
        "/api/v1/complaints/",
        api_payload(district, id_number=AWKWARD_IDS[0]),
        content_type="application/json",
    )
    case = Complaint.objects.get()
    staff = Client()
    staff.force_login(manager)
    page = staff.get(reverse("complaints:staff-case", args=[case.pk]))
    assert "area code not in table" in page.content.decode()
    data = staff.get(f"/api/v1/cases/{case.pk}/").json()
    assert "not in our table" in data["complainant"]["id_number_note"]


def test_a_known_area_code_carries_no_note(district, media, manager):  # noqa: F811
    Client().post("/api/v1/complaints/", api_payload(district), content_type="application/json")
    staff = Client()
    staff.force_login(manager)
    case = Complaint.objects.get()
    assert staff.get(f"/api/v1/cases/{case.pk}/").json()["complainant"]["id_number_note"] == ""
    assert (
        "area code not in table"
        not in staff.get(reverse("complaints:staff-case", args=[case.pk])).content.decode()
    )
