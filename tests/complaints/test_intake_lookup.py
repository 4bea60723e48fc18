"""Intake's lookup: which employer is meant, the worker's own open case, another worker's overlapping case."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from complaints.choices import CaseStatus, ComplaintKind
from complaints.models import Complaint, ComplaintGroup
from complaints.selectors.intake import intake_lookup
from core.models import Employer
from tests.factories import DistrictFactory, EmployerFactory, uscc_with_check

from .factories import ComplaintFactory

pytestmark = pytest.mark.django_db

WORKER, OTHER, THIRD = "11010519491231002X", "110105194912310029", "110105195001010014"
NAME = "大连海湾建筑工程有限公司"


def day(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def case(employer, *, id_number=WORKER, status=CaseStatus.RECEIVED, kind=ComplaintKind.COMPLAINT, **kw):
    made = ComplaintFactory(
        district=employer.district, employer=employer, complainant_id_number=id_number, kind=kind, **kw
    )
    if status != CaseStatus.RECEIVED:
        Complaint.objects.filter(pk=made.pk).update(status=status)
    return made


def lookup(
    employer=None,
    *,
    name="",
    code="",
    district=None,
    kind=ComplaintKind.COMPLAINT,
    id_number=WORKER,
    start=None,
    end=None,
):
    return intake_lookup(
        employer_id=employer.pk if employer else None,
        employer_name=name,
        credit_code=code,
        district_id=(district or (employer.district if employer else None)).pk,
        kind=kind,
        complainant_id_number=id_number,
        period_start=start,
        period_end=end,
        today=timezone.localdate(),
    )


# --- which employer ----------------------------------------------------------------------------------


def test_the_credit_code_wins_over_a_name_in_the_district():
    home = DistrictFactory(code="210211")
    by_name = EmployerFactory(name=NAME, district=home, credit_code="")
    by_code = EmployerFactory(name="大连别的公司", district=DistrictFactory(code="210212"))
    found = lookup(name=NAME, code=by_code.credit_code, district=home)
    assert found.employer.pk == by_code.pk
    assert lookup(name=NAME, code="", district=home).employer.pk == by_name.pk


def test_a_name_is_looked_for_in_the_district_first_then_the_oldest_elsewhere():
    home, away, third = (DistrictFactory(code=c) for c in ("210211", "210212", "210213"))
    older_away = EmployerFactory(name=NAME, district=away, credit_code="")
    EmployerFactory(name=NAME, district=third, credit_code="")
    in_home = EmployerFactory(name=f"  {NAME} ", district=home, credit_code="")  # the same once normalised
    assert lookup(name=NAME, district=home).employer.pk == in_home.pk
    assert lookup(name=NAME, district=DistrictFactory(code="210214")).employer.pk == older_away.pk


def test_no_name_and_no_code_finds_nothing_without_a_query():
    district = DistrictFactory()
    with CaptureQueriesContext(connection) as ctx:
        found = lookup(name="", code="", district=district)
    assert found.employer is None and found.duplicate_of is None and found.group_peer is None
    assert len(ctx.captured_queries) == 0


def test_an_unknown_employer_is_none():
    assert lookup(name="大连不存在有限公司", district=DistrictFactory()).employer is None


def test_the_employer_is_loaded_in_one_statement_with_the_rest():
    employer = EmployerFactory(credit_code=uscc_with_check("91210211000000777"))
    case(employer, id_number=OTHER, period_start=day(100), period_end=day(10))
    lookup(code=employer.credit_code, district=employer.district, start=day(60))  # first-use checks
    with CaptureQueriesContext(connection) as ctx:
        found = lookup(code=employer.credit_code, district=employer.district, start=day(60), end=day(5))
    assert len(ctx.captured_queries) == 1
    assert isinstance(found.employer, Employer)
    assert (found.employer.pk, found.employer.name, found.employer.district_id) == (
        employer.pk,
        employer.name,
        employer.district_id,
    )
    assert found.employer.address == employer.address  # a deferred field still loads on access


# --- the worker's own open case ----------------------------------------------------------------------


def test_the_workers_earliest_open_complaint_against_the_employer_is_a_duplicate():
    employer = EmployerFactory()
    first, _second = case(employer), case(employer)
    assert lookup(employer).duplicate_of == first.tracking_number


@pytest.mark.parametrize("status", [CaseStatus.CLOSED, CaseStatus.NOT_ACCEPTED, CaseStatus.WITHDRAWN])
def test_a_finished_case_is_no_duplicate(status):
    employer = EmployerFactory()
    case(employer, status=status)
    assert lookup(employer).duplicate_of is None


def test_every_open_status_counts_as_a_duplicate():
    employer = EmployerFactory()
    made = case(employer, status=CaseStatus.INVESTIGATING)
    assert lookup(employer).duplicate_of == made.tracking_number


def test_no_duplicate_from_another_worker_another_employer_or_a_clue():
    employer, elsewhere = EmployerFactory(), EmployerFactory()
    case(employer, id_number=OTHER)
    case(elsewhere)
    case(employer, kind=ComplaintKind.CLUE)
    assert lookup(employer).duplicate_of is None
    # and a clue is never refused as a duplicate of the worker's complaint
    case(employer)
    assert lookup(employer, kind=ComplaintKind.CLUE).duplicate_of is None


# --- another worker's overlapping case (grouping) -----------------------------------------------------


def test_the_earliest_overlapping_open_case_of_another_worker_is_the_peer():
    employer = EmployerFactory()
    case(employer, id_number=OTHER, period_start=day(400), period_end=day(300))  # over before ours began
    case(employer, id_number=OTHER, status=CaseStatus.CLOSED, period_start=day(100), period_end=day(10))
    case(employer, period_start=day(100), period_end=day(10))  # the worker's own
    peer = case(employer, id_number=OTHER, period_start=day(100), period_end=day(10))
    case(employer, id_number=THIRD, period_start=day(90), period_end=day(5))
    found = lookup(employer, start=day(60), end=day(20))
    assert found.group_peer == {
        "id": peer.pk,
        "tracking_number": peer.tracking_number,
        "group_id": None,
        "period_start": day(100),
        "period_end": day(10),
        "group__period_start": None,
        "group__period_end": None,
    }


def test_a_case_still_continuing_overlaps_and_its_group_period_comes_along():
    employer = EmployerFactory()
    group = ComplaintGroup.objects.create(employer=employer, period_start=day(300), period_end=day(1))
    peer = case(employer, id_number=OTHER, period_start=day(300), period_end=None, group=group)
    found = lookup(employer, start=day(30), end=None)
    assert found.group_peer["id"] == peer.pk and found.group_peer["period_end"] is None
    assert (found.group_peer["group_id"], found.group_peer["group__period_start"]) == (group.pk, day(300))
    assert found.group_peer["group__period_end"] == day(1)


def test_a_case_that_begins_after_ours_ended_is_no_peer():
    employer = EmployerFactory()
    case(employer, id_number=OTHER, period_start=day(10), period_end=day(5))
    assert lookup(employer, start=day(60), end=day(20)).group_peer is None
    assert lookup(employer, start=day(60), end=day(10)).group_peer is not None  # touching overlaps


def test_no_period_means_no_peer_and_an_anonymous_clue_still_finds_one():
    employer = EmployerFactory()
    case(employer, id_number=OTHER, period_start=day(100), period_end=day(10))
    assert lookup(employer, start=None).group_peer is None
    assert lookup(employer, kind=ComplaintKind.CLUE, id_number="", start=day(50)).group_peer is not None
