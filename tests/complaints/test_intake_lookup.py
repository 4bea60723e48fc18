"""The one-statement intake read gives what the ORM gives: employer, the worker's own open case, a peer."""

from __future__ import annotations

import datetime
import random

import pytest
from django.db.models import Q
from django.utils import timezone

from complaints.choices import OPEN_STATUSES, CaseStatus, ComplaintKind
from complaints.models import Complaint, ComplaintGroup
from complaints.selectors.intake import PEER_FIELDS, intake_lookup
from core.models import Employer
from core.selectors import employer_match
from tests.factories import DistrictFactory, EmployerFactory, uscc_with_check

from .factories import ComplaintFactory

pytestmark = pytest.mark.django_db

IDS = ["11010519491231002X", "110105194912310029", "110105195001010014", "110105196001010017"]
NAMES = ["大连海湾建筑工程有限公司", "大连山川劳务有限公司", "大连星河物业服务有限公司"]


def reference(*, employer, kind, id_number, start, end, today):
    """The ORM formulation (what intake did before it was one statement)."""
    if employer is None:
        return None, None
    own = id_number if kind == ComplaintKind.COMPLAINT else ""
    open_cases = Complaint.objects.filter(employer=employer, status__in=OPEN_STATUSES).order_by("id")
    duplicate = (
        open_cases.filter(complainant_id_number=own, kind=ComplaintKind.COMPLAINT)
        .values_list("tracking_number", flat=True)
        .first()
        if own
        else None
    )
    peer = None
    if start is not None:
        overlap = open_cases.filter(
            Q(period_start__lte=end or today) & (Q(period_end__gte=start) | Q(period_end__isnull=True))
        )
        if id_number:
            overlap = overlap.exclude(complainant_id_number=id_number)
        peer = overlap.values(*PEER_FIELDS).first()
    return duplicate, peer


def test_lookup_matches_the_orm_on_random_cases():
    rng = random.Random(20261126)
    today = timezone.localdate()
    home, other = DistrictFactory(code="210211"), DistrictFactory(code="210212")
    employers = []
    for i, name in enumerate(NAMES):
        employers.append(EmployerFactory(name=name, district=home))
        employers.append(EmployerFactory(name=name, district=other))  # the same name elsewhere
        employers.append(EmployerFactory(name=f"{name}（分公司{i}）", district=home, credit_code=""))
    statuses = [s.value for s in CaseStatus]
    for n in range(120):
        employer = rng.choice(employers)
        start = today - datetime.timedelta(days=rng.randrange(30, 400))
        group = (
            ComplaintGroup.objects.create(
                employer=employer, period_start=start, period_end=start + datetime.timedelta(days=30)
            )
            if rng.random() < 0.2
            else None
        )
        case = ComplaintFactory(
            tracking_number=f"2102-2026-{n + 500:06d}",
            district=employer.district,
            employer=employer,
            kind=rng.choice([ComplaintKind.COMPLAINT, ComplaintKind.COMPLAINT, ComplaintKind.CLUE]),
            complainant_id_number=rng.choice(IDS + [""]),
            period_start=start if rng.random() < 0.9 else None,
            period_end=None if rng.random() < 0.2 else start + datetime.timedelta(days=rng.randrange(0, 90)),
            group=group,
        )
        Complaint.objects.filter(pk=case.pk).update(status=rng.choice(statuses))

    checked = 0
    for _ in range(300):
        picked = rng.choice(employers) if rng.random() < 0.2 else None
        name = rng.choice(NAMES + [f"{NAMES[0]}（分公司0）", "大连不存在有限公司", ""])
        code = rng.choice(["", "", picked.credit_code if picked else "", employers[4].credit_code])
        district = rng.choice([home, other])
        kind = rng.choice([ComplaintKind.COMPLAINT, ComplaintKind.CLUE])
        id_number = rng.choice(IDS + [""])
        start = rng.choice([None, today - datetime.timedelta(days=rng.randrange(10, 420))])
        end = rng.choice([None, start + datetime.timedelta(days=rng.randrange(0, 60))]) if start else None

        found = intake_lookup(
            employer_id=picked.pk if picked else None,
            employer_name=name,
            credit_code=code,
            district_id=district.pk,
            kind=kind,
            complainant_id_number=id_number,
            period_start=start,
            period_end=end,
            today=today,
        )
        expected_employer = picked or employer_match(name=name, credit_code=code, district=district)
        assert (found.employer.pk if found.employer else None) == (
            expected_employer.pk if expected_employer else None
        )
        duplicate, peer = reference(
            employer=expected_employer, kind=kind, id_number=id_number, start=start, end=end, today=today
        )
        assert found.duplicate_of == duplicate
        assert found.group_peer == peer
        checked += bool(duplicate) + bool(peer)
    assert checked > 50  # the random cases did exercise duplicates and peers


def test_lookup_loads_the_employer_with_its_district():
    employer = EmployerFactory(credit_code=uscc_with_check("91210211000000777"))
    found = intake_lookup(
        employer_id=None,
        employer_name="",
        credit_code=employer.credit_code,
        district_id=employer.district_id,
        kind=ComplaintKind.COMPLAINT,
        complainant_id_number=IDS[0],
        period_start=None,
        period_end=None,
        today=timezone.localdate(),
    )
    assert isinstance(found.employer, Employer)
    assert (found.employer.pk, found.employer.name, found.employer.district_id) == (
        employer.pk,
        employer.name,
        employer.district_id,
    )
    assert found.employer.address == employer.address  # a deferred field still loads on access
    assert found.duplicate_of is None and found.group_peer is None
