"""A small world for the hostile-input tests: a case, a mediation request, a campaign visit, staff to act."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.complaints.factories import ACCESS_CODE, case_in
from tests.mediation.factories import MediationRequestFactory


@pytest.fixture
def world(db, settings, tmp_path, district, manager, inspector, inspector2, mediator):
    """Objects every path parameter can point at, so that bodies reach their parsers and forms."""
    from complaints.choices import CaseStatus

    settings.MEDIA_ROOT = tmp_path / "media"
    # A number far from the sequence that filings through the API draw from.
    case = case_in(
        CaseStatus.INVESTIGATING,
        inspectors=[inspector, inspector2],
        district=district,
        tracking_number="2102-2026-900001",
    )
    mreq = MediationRequestFactory(district=district, status="accepted", mediator=mediator)
    return {
        "case": case,
        "tracking_number": case.tracking_number,
        "access_code": ACCESS_CODE,
        "mediation": mreq,
        "manager": manager,
        "inspector": inspector,
    }


def complaint_form_data(district, id_number: str = "11010519491231002X") -> dict:
    """A valid filing through the HTML form."""
    today = timezone.localdate()
    return {
        "form_token": f"tok-{id_number}",
        "kind": "complaint",
        "category": "wage_arrears",
        "name": "张三",
        "id_number": id_number,
        "mobile": "13800138000",
        "employer_name": "大连另一家装修工程有限公司",  # not the API's: that would be a duplicate
        "district": str(district.pk),
        "amount_owed": "18600",
        "period_start": (today - datetime.timedelta(days=100)).isoformat(),
        "period_end": (today - datetime.timedelta(days=5)).isoformat(),
        "workers_affected": "1",
        "description": "工资未发",
    }
