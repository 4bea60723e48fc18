"""The agreement PDF read back as text: every term, amount and the total, from both downloads."""

from __future__ import annotations

import datetime
import hashlib
import io

from django.urls import reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from mediation import services
from mediation.choices import MediationStatus as S
from mediation.models import MediationRequest

from .factories import ACCESS_CODE, MediationRequestFactory


def pdf_text(data: bytes) -> str:
    """Return the text of every page, without the spaces and line breaks a layout inserts."""
    reader = PdfReader(io.BytesIO(data))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def test_agreement_pdf_carries_every_term_and_the_total(client, district, mediator, day, settings):
    settings.LANGUAGE_CODE = "zh-hans"  # the document is written in the site's language
    request = MediationRequestFactory(district=district, status=S.IN_SESSION, mediator=mediator)
    client.force_login(mediator)
    form = {
        "term-TOTAL_FORMS": 3,
        "term-INITIAL_FORMS": 0,
        "term-0-description": "支付拖欠工资",
        "term-0-amount": "5000",
        "term-0-due_date": (day + datetime.timedelta(days=10)).isoformat(),
        "term-1-description": "支付加班费",
        "term-1-amount": "1234.50",
        "term-1-due_date": (day + datetime.timedelta(days=20)).isoformat(),
        "notes": "",
    }
    assert client.post(reverse("mediation:agreement", args=[request.pk]), form).status_code == 302
    assert MediationRequest.objects.get(pk=request.pk).status == S.AGREEMENT_REACHED
    staff = client.get(reverse("mediation:agreement-pdf", args=[request.pk]))
    staff_bytes = b"".join(staff.streaming_content)
    text = pdf_text(staff_bytes)
    for expected in ("支付拖欠工资", "5,000.00", "支付加班费", "1,234.50", "合计", "6,234.50"):
        assert expected in text, expected
    assert "0.00元" not in text.replace("6,234.50元", "").replace("1,234.50元", "").replace("5,000.00元", "")
    due = day + datetime.timedelta(days=20)
    assert f"{due:%Y年%m月%d日}" in text

    client.logout()
    client.post(
        reverse("complaints:track"), {"tracking_number": request.tracking_number, "access_code": ACCESS_CODE}
    )
    worker = client.get(reverse("mediation:track-agreement", args=[request.tracking_number]))
    assert b"".join(worker.streaming_content) == staff_bytes


def test_agreement_pdf_from_the_api_carries_the_terms(district, mediator, day):
    api = APIClient()
    request = MediationRequestFactory(district=district, status=S.IN_SESSION, mediator=mediator)
    api.force_authenticate(mediator)
    terms = [
        {
            "description": "支付工资",
            "amount": "6000",
            "due_date": (day + datetime.timedelta(days=7)).isoformat(),
        }
    ]
    done = api.post(f"/api/v1/mediations/{request.pk}/reach_agreement/", {"terms": terms}, format="json")
    assert done.status_code == 200, done.content
    stored = MediationRequest.objects.get(pk=request.pk).agreement_pdf.read()
    text = pdf_text(stored)
    assert "支付工资" in text and "6,000.00" in text


def test_agreement_names_both_parties_in_full(district, mediator, day, employer, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    employer.legal_representative = "刘大海"
    employer.save()
    request = MediationRequestFactory(
        district=district,
        status=S.IN_SESSION,
        mediator=mediator,
        employer=employer,
        applicant_id_number="11010519491231002X",
    )
    services.mediation_reach_agreement(
        request=request,
        by=mediator,
        terms=[{"description": "支付工资", "amount": "100", "due_date": day}],
    )
    stored = MediationRequest.objects.get(pk=request.pk)
    data = stored.agreement_pdf.read()
    text = pdf_text(data)
    for expected in (
        request.applicant_name,
        "11010519491231002X",
        employer.name,
        employer.credit_code,
        employer.address,
        "刘大海",
        "调协〔",
    ):
        assert expected in text, expected
    audit = stored.audit.get(action="reach_agreement")
    assert audit.changes["sha256"] == hashlib.sha256(data).hexdigest()
    assert audit.changes["document"] in text
