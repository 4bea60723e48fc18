"""A small world for the hostile-input tests: a case, a mediation request, a campaign visit, staff to act."""

from __future__ import annotations

import pytest

from tests.complaints.factories import ACCESS_CODE, case_in
from tests.mediation.factories import MediationRequestFactory


@pytest.fixture
def world(db, settings, tmp_path, district, manager, inspector, inspector2, mediator):
    """Objects every path parameter can point at, so that bodies reach their parsers and forms."""
    from complaints.choices import CaseStatus

    settings.MEDIA_ROOT = tmp_path / "media"
    case = case_in(CaseStatus.INVESTIGATING, inspectors=[inspector, inspector2], district=district)
    mreq = MediationRequestFactory(district=district, status="accepted", mediator=mediator)
    return {
        "case": case,
        "tracking_number": case.tracking_number,
        "access_code": ACCESS_CODE,
        "mediation": mreq,
        "manager": manager,
        "inspector": inspector,
    }
