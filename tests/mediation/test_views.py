"""The pages: the worker's form and tracking page; the mediator's queue, case page, week, rooms, files."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mediation import services
from mediation.choices import MediationStatus as S
from mediation.models import MediationRequest

from .conftest import at
from .factories import ACCESS_CODE, MediationRequestFactory


def test_worker_applies_and_follows_the_request(client, district):
    page = client.get(reverse("mediation:apply"))
    assert page.status_code == 200
    data = {
        "applicant_name": "李四",
        "applicant_mobile": "13812345678",
        "district": district.pk,
        "employer_name": "大连某某物流有限公司",
        "matters": ["wages"],
        "reasons": "拖欠工资",
        "evidence": [SimpleUploadedFile("a.pdf", b"%PDF-1.4 test", content_type="application/pdf")],
    }
    response = client.post(reverse("mediation:apply"), data)
    assert response.status_code == 302
    done = client.get(response["Location"])
    request = MediationRequest.objects.get()
    assert request.tracking_number in done.content.decode()
    assert request.evidence.count() == 1
    tracked = client.get(reverse("complaints:track-case", args=[request.tracking_number]))
    assert tracked.status_code == 200
    assert request.deadline.isoformat() in tracked.content.decode()
    # A second visit to the confirmation page does not show the code again.
    assert client.get(reverse("mediation:applied")).status_code == 302


def test_apply_form_errors_are_shown(client, district):
    response = client.post(reverse("mediation:apply"), {"applicant_mobile": "12", "district": district.pk})
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert not MediationRequest.objects.exists()


def _track(client, request, code=ACCESS_CODE):
    return client.post(
        reverse("complaints:track"), {"tracking_number": request.tracking_number, "access_code": code}
    )


def test_tracking_through_intakes_page_needs_the_access_code(client, district):
    request = MediationRequestFactory(district=district)
    page_url = reverse("complaints:track-case", args=[request.tracking_number])
    assert client.get(page_url).status_code == 302
    assert _track(client, request, "WRONGWRONG12").status_code == 404
    assert client.get(reverse("mediation:track")).status_code == 302  # the shared tracking page
    right = client.post(
        reverse("complaints:track"),
        {"tracking_number": request.tracking_number.lower(), "access_code": ACCESS_CODE},
    )
    assert right.status_code == 302
    page = client.get(page_url).content.decode()
    assert request.tracking_number in page
    assert request.applicant_id_number not in page


def test_tracking_api_serves_mediation(client, district, mediator, room, day):
    request = MediationRequestFactory(district=district, status=S.ACCEPTED, mediator=mediator)
    services.session_book(
        request=request, by=mediator, mediator=mediator, start_at=at(day, 9), end_at=at(day, 10), room=room
    )
    url = f"/api/v1/track/{request.tracking_number}/"
    assert client.get(url, HTTP_X_ACCESS_CODE="WRONGWRONG12").status_code == 404
    data = client.get(url, HTTP_X_ACCESS_CODE=ACCESS_CODE).json()
    assert data["type"] == "mediation" and data["status"] == "scheduled"
    assert data["sessions"][0]["room"] == room.name
    assert request.applicant_mobile not in str(data) and request.applicant_id_number not in str(data)


def test_worker_sees_session_and_agreement(client, district, mediator, room, day):
    request = MediationRequestFactory(district=district, status=S.ACCEPTED, mediator=mediator)
    session = services.session_book(
        request=request, by=mediator, mediator=mediator, start_at=at(day, 9), end_at=at(day, 10), room=room
    )
    _track(client, request)
    page = client.get(reverse("complaints:track-case", args=[request.tracking_number])).content.decode()
    assert room.name in page and "09:00" in page
    ics = client.get(reverse("mediation:track-ics", args=[request.tracking_number, session.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in ics.content and request.applicant_name.encode() not in ics.content
    services.mediation_start_session(request=MediationRequest.objects.get(pk=request.pk), by=mediator)
    services.mediation_reach_agreement(
        request=MediationRequest.objects.get(pk=request.pk),
        by=mediator,
        terms=[{"description": "支付工资", "amount": "100", "due_date": day + datetime.timedelta(days=3)}],
    )
    pdf = client.get(reverse("mediation:track-agreement", args=[request.tracking_number]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    api_pdf = client.get(
        reverse("mediation:api-track-agreement", args=[request.tracking_number]),
        HTTP_X_ACCESS_CODE=ACCESS_CODE,
    )
    assert api_pdf.status_code == 200
    other = MediationRequestFactory(district=district)
    assert client.get(reverse("mediation:track-agreement", args=[other.tracking_number])).status_code == 404


@pytest.mark.parametrize("name", ["list", "week", "rooms", "oral"])
def test_staff_pages_render(client, mediator, room, name):
    client.force_login(mediator)
    assert client.get(reverse(f"mediation:{name}")).status_code == 200


def test_staff_pages_refuse_others(client, inspector, district):
    request = MediationRequestFactory(district=district)
    assert client.get(reverse("mediation:list")).status_code == 302  # to login
    client.force_login(inspector)
    assert client.get(reverse("mediation:list")).status_code == 403
    assert client.get(reverse("mediation:detail", args=[request.pk])).status_code == 403


def test_mediator_works_a_request_through_the_pages(client, district, mediator, room, day):
    request = MediationRequestFactory(district=district)
    client.force_login(mediator)
    assert client.get(reverse("mediation:detail", args=[request.pk])).status_code == 200
    client.post(reverse("mediation:act", args=[request.pk, "accept"]))
    page = client.get(reverse("mediation:schedule", args=[request.pk]), {"duration": 60, "attendees": 3})
    assert page.status_code == 200 and page.context["slots"]
    slot = page.context["slots"][0]["slot"]
    booked = client.post(
        reverse("mediation:schedule", args=[request.pk]),
        {
            "mediator": mediator.pk,
            "room": room.pk,
            "attendees": 3,
            "start_at": f"{slot.start:%Y-%m-%dT%H:%M}",
            "end_at": f"{slot.end:%Y-%m-%dT%H:%M}",
        },
    )
    assert booked.status_code == 302
    session = MediationRequest.objects.get(pk=request.pk).sessions.get()
    week = client.get(reverse("mediation:week"), {"week": slot.start.date().isoformat()})
    assert request.tracking_number in week.content.decode()
    rooms = client.get(
        reverse("mediation:rooms"),
        {"week": slot.start.date().isoformat(), "day": slot.start.date().isoformat()},
    )
    assert request.tracking_number in rooms.content.decode()
    assert client.get(reverse("mediation:session-ics", args=[session.pk])).status_code == 200
    client.post(reverse("mediation:act", args=[request.pk, "start_session"]))
    form = {
        "term-TOTAL_FORMS": 3,
        "term-INITIAL_FORMS": 0,
        "term-0-description": "支付拖欠工资",
        "term-0-amount": "5000",
        "term-0-due_date": (day + datetime.timedelta(days=10)).isoformat(),
        "notes": "",
    }
    assert client.post(reverse("mediation:agreement", args=[request.pk]), form).status_code == 302
    assert MediationRequest.objects.get(pk=request.pk).status == S.AGREEMENT_REACHED
    assert client.get(reverse("mediation:agreement-pdf", args=[request.pk])).status_code == 200
    # A wrong-state action is a message, not an error page.
    response = client.post(reverse("mediation:act", args=[request.pk, "accept"]), follow=True)
    assert response.status_code == 200


def test_oral_application_page(client, mediator, district):
    client.force_login(mediator)
    response = client.post(
        reverse("mediation:oral"),
        {
            "applicant_name": "钱七",
            "applicant_mobile": "13600001111",
            "district": district.pk,
            "employer_name": "大连某某制造有限公司",
            "matters": ["holiday_pay"],
            "reasons": "国庆加班未付三倍工资",
            "applied_at": "2026-11-25T09:30",
        },
    )
    assert response.status_code == 200
    request = MediationRequest.objects.get()
    assert request.source == "oral"
    assert request.tracking_number in response.content.decode()


def test_demo_seed_is_idempotent(district, mediator):
    from django.core.management import call_command

    from mediation.models import Room

    call_command("seed_demo_mediation", stdout=__import__("io").StringIO())
    call_command("seed_demo_mediation", stdout=__import__("io").StringIO())
    assert Room.objects.count() == 3
    assert MediationRequest.objects.count() == 4
    assert MediationRequest.objects.filter(status=S.SCHEDULED).count() == 2


def test_staff_home_links_for_mediators(client, mediator, inspector):
    client.force_login(mediator)
    page = client.get(reverse("core:staff-home")).content.decode()
    for name in ("list", "week", "rooms", "oral"):
        assert reverse(f"mediation:{name}") in page
    client.force_login(inspector)
    assert reverse("mediation:list") not in client.get(reverse("core:staff-home")).content.decode()
