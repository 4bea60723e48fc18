"""Factories for the campaign tests: complaints in a given state, uploaded files."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from complaints.choices import CaseStatus, Category
from complaints.models import Complaint

_seq = itertools.count(1)


def complaint(
    *,
    district,
    employer=None,
    status=CaseStatus.RECEIVED,
    amount=None,
    workers=1,
    accepted_on=None,
    closed_at=None,
    order_due=None,
    category=Category.WAGE_ARREARS,
) -> Complaint:
    """Create a complaint directly in a state (a test fixture, not a transition)."""
    n = next(_seq)
    return Complaint.objects.create(
        tracking_number=f"2102-2026-9{n:05d}",
        access_code_hash="x",
        district=district,
        employer=employer,
        status=status,
        amount_owed=amount,
        workers_affected=workers,
        accepted_on=accepted_on,
        closed_at=closed_at,
        order_due=order_due,
        category=category,
        description="test",
        received_at=timezone.now() - datetime.timedelta(days=3),
    )
