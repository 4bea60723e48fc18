"""Minimal complaint rows for the notification tests (the full case factories are in tests/complaints/factories.py)."""

from __future__ import annotations

import factory

from complaints.choices import CaseStatus
from complaints.models import Complaint
from tests.factories import DistrictFactory


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Complaint

    tracking_number = factory.Sequence(lambda n: f"2102-2026-{n:06d}")
    access_code_hash = "0" * 64
    district = factory.SubFactory(DistrictFactory)
    status = CaseStatus.RECEIVED
    description = "欠薪三个月"
    complainant_name = "张三"
    complainant_id_number = "11010519491231002X"
    complainant_mobile = "13800138000"
