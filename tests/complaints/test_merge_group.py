"""Duplicates merged into the case that goes on, complaints taken out of a wrong group, and one action on a
whole group at once (all or nothing)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from django_fsm import TransitionNotAllowed
from rest_framework.test import APIClient

from complaints import actions
from complaints.choices import CaseStatus as S
from complaints.models import Complaint, Evidence, GroupMember
from complaints.selectors.worker_view import complaint_public_view, complaint_track
from complaints.services.group_actions import complaint_group_act
from complaints.services.merge import complaint_merge, complaint_unlink
from core.choices import Role
from tests.complaints.factories import (  # noqa: F401
    ACCESS_CODE,
    ComplaintGroupFactory,
    EvidenceFactory,
    case_in,
    fast_passwords,
    media_tmp,
)
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_tmp")]

TODAY = timezone.localdate()
REASON = "同一工地同一欠薪事项，已在窗口重复登记"


@pytest.fixture
def pair(district, employer):
    """The same worker's matter complained of twice: online, then again by a co-worker at the counter."""
    survivor = case_in(S.RECEIVED, district=district, employer=employer)
    duplicate = case_in(
        S.RECEIVED,
        district=district,
        employer=employer,
        complainant_name="李四",
        complainant_id_number="110105194912310038",
        complainant_mobile="13900139000",
        amount_owed=Decimal("9000.00"),
    )
    EvidenceFactory(complaint=duplicate, original_name="考勤表.pdf")
    EvidenceFactory(complaint=survivor, original_name="工资条.pdf")
    return survivor, duplicate


def test_merge_closes_the_duplicate_into_the_survivor(
    pair, inspector, sms_outbox, django_capture_on_commit_callbacks
):
    survivor, duplicate = pair
    with django_capture_on_commit_callbacks(execute=True):
        merged = complaint_merge(complaint=duplicate, by=inspector, into=survivor, reason=REASON)
    assert merged.status == S.MERGED and merged.merged_into == survivor and merged.closed_at
    survivor.refresh_from_db()
    # The evidence joins the surviving case (the same stored file), the worker joins its members.
    joined = Evidence.objects.get(complaint=survivor, merged_from=duplicate)
    assert joined.original_name == "考勤表.pdf" and joined.file.name == duplicate.evidence.get().file.name
    member = GroupMember.objects.get(complaint=survivor)
    assert member.name == "李四" and member.amount_owed == Decimal("9000.00")
    assert survivor.workers_affected == 2
    assert survivor.audit.filter(action="merged_in", public=False).exists()
    # The worker is told by SMS, naming the surviving case.
    assert [m.to for m in sms_outbox] == ["13900139000"]
    assert survivor.tracking_number in sms_outbox[0].body
    # The other worker's tracking page does not show the files merged in.
    assert [e["name"] for e in complaint_public_view(survivor)["evidence"]] == ["工资条.pdf"]


def test_the_duplicates_tracking_page_keeps_working_and_follows_the_survivor(pair, inspector):
    survivor, duplicate = pair
    complaint_merge(complaint=duplicate, by=inspector, into=survivor, reason=REASON)
    found = complaint_track(duplicate.tracking_number, ACCESS_CODE)
    assert found is not None
    view = complaint_public_view(found)
    assert view["status"] == "merged"
    assert view["merged_into"]["tracking_number"] == survivor.tracking_number
    assert view["merged_into"]["status"] == S.RECEIVED
    assert any(survivor.tracking_number in e["text"] for e in view["timeline"])
    assert [e["name"] for e in view["evidence"]] == ["考勤表.pdf"]  # their own files stay on their page

    worker = Client()
    worker.post("/track/", {"tracking_number": duplicate.tracking_number, "access_code": ACCESS_CODE})
    page = worker.get(f"/track/{duplicate.tracking_number}/")
    assert page.status_code == 200 and survivor.tracking_number in page.content.decode()
    api = Client().get(f"/api/v1/track/{duplicate.tracking_number}/", headers={"X-Access-Code": ACCESS_CODE})
    assert api.status_code == 200 and api.json()["merged_into"]["tracking_number"] == survivor.tracking_number


def test_merge_refusals(
    pair, district, other_district, employer, inspector, mediator, other_inspector, admin_user
):
    survivor, duplicate = pair
    for outsider in (mediator, other_inspector, admin_user):
        with pytest.raises(PermissionDenied):
            complaint_merge(complaint=duplicate, by=outsider, into=survivor, reason=REASON)
    with pytest.raises(ValidationError):
        complaint_merge(complaint=duplicate, by=inspector, into=duplicate, reason=REASON)
    with pytest.raises(ValidationError):
        complaint_merge(complaint=duplicate, by=inspector, into=survivor, reason="")
    with pytest.raises(ValidationError):
        complaint_merge(complaint=duplicate, by=inspector, into=None, reason=REASON)
    closed = case_in(S.CLOSED, district=district, employer=employer)
    with pytest.raises(ValidationError, match="open"):
        complaint_merge(complaint=duplicate, by=inspector, into=closed, reason=REASON)
    elsewhere = case_in(S.RECEIVED, district=other_district, employer=employer)
    with pytest.raises(ValidationError):  # not seen by this inspector: looks like no case at all
        complaint_merge(complaint=duplicate, by=inspector, into=elsewhere, reason=REASON)
    other_employer = case_in(S.RECEIVED, district=district)
    with pytest.raises(ValidationError, match="different employers"):
        complaint_merge(complaint=duplicate, by=inspector, into=other_employer, reason=REASON)
    ordered = case_in(S.ORDERED, district=district, employer=employer)
    with pytest.raises(TransitionNotAllowed):
        complaint_merge(complaint=ordered, by=inspector, into=survivor, reason=REASON)
    duplicate.refresh_from_db()
    assert duplicate.status == S.RECEIVED and not duplicate.audit.exists()
    assert not Evidence.objects.filter(merged_from__isnull=False).exists()


def test_api_merge(pair, inspector):
    survivor, duplicate = pair
    api = APIClient()
    api.force_authenticate(inspector)
    url = f"/api/v1/cases/{duplicate.pk}/merge/"
    missing = api.post(url, {"into": "2102-2026-999999", "reason": REASON}, format="json")
    assert missing.status_code == 400 and "into" in missing.json()
    ok = api.post(url, {"into": survivor.tracking_number, "reason": REASON}, format="json")
    assert ok.status_code == 200, ok.content
    assert ok.json()["status"] == "merged" and ok.json()["merged_into_number"] == survivor.tracking_number
    assert (
        api.post(url, {"into": survivor.tracking_number, "reason": REASON}, format="json").status_code == 409
    )


@pytest.fixture
def group(district, employer, inspector):
    """Three workers' complaints intake grouped: two received, one already accepted."""
    g = ComplaintGroupFactory(employer=employer)
    cases = [
        case_in(S.RECEIVED, district=district, employer=employer, group=g),
        case_in(S.RECEIVED, district=district, employer=employer, group=g, complainant_name="王五"),
        case_in(S.ACCEPTED, district=district, employer=employer, group=g, complainant_name="赵六"),
    ]
    return g, cases


def test_unlink_takes_a_complaint_out_of_its_group(group, inspector, mediator, other_inspector):
    g, cases = group
    with pytest.raises(PermissionDenied):
        complaint_unlink(complaint=cases[1], by=other_inspector, reason="不同工地")
    with pytest.raises(ValidationError):
        complaint_unlink(complaint=cases[1], by=inspector, reason="")
    assert "unlink" in actions.available_actions(cases[1], inspector)
    done = complaint_unlink(complaint=cases[1], by=inspector, reason="不同工地，误归为一组")
    assert done.group_id is None and done.status == S.RECEIVED
    entry = done.audit.get(action="unlink")
    assert not entry.public and entry.changes["group_id"] == [g.pk, None]
    with pytest.raises(TransitionNotAllowed):
        complaint_unlink(complaint=done, by=inspector, reason="再次")
    assert "unlink" not in actions.available_actions(done, inspector)
    assert set(Complaint.objects.filter(group=g).values_list("pk", flat=True)) == {cases[0].pk, cases[2].pk}


def test_group_accept_acts_on_each_case_in_its_state(group, inspector):
    g, cases = group
    result = complaint_group_act(complaint=cases[0], by=inspector, action="accept", note="集体欠薪")
    assert {c.pk for c in result.done} == {cases[0].pk, cases[1].pk}
    assert [c.pk for c in result.skipped] == [cases[2].pk]
    assert all(Complaint.objects.get(pk=c.pk).status == S.ACCEPTED for c in cases)
    assert all(Complaint.objects.get(pk=c.pk).audit.filter(action="accept").count() == 1 for c in cases[:2])


def test_group_action_is_all_or_nothing_and_names_the_case(group, district, inspector):
    g, cases = group
    Complaint.objects.filter(pk=cases[1].pk).update(employer=None)  # cannot be accepted yet
    with pytest.raises(ValidationError) as caught:
        complaint_group_act(complaint=cases[0], by=inspector, action="accept")
    assert cases[1].tracking_number in str(caught.value)
    assert Complaint.objects.get(pk=cases[0].pk).status == S.RECEIVED  # rolled back
    assert not Complaint.objects.get(pk=cases[0].pk).audit.exists()


def test_group_assign_and_order(group, district, inspector, inspector2, manager):
    g, cases = group
    result = complaint_group_act(
        complaint=cases[2], by=manager, action="assign", inspectors=[inspector, inspector2]
    )
    assert len(result.done) == 3 and not result.skipped
    assert all(Complaint.objects.get(pk=c.pk).assignments.count() == 2 for c in cases)
    for c in cases:
        Complaint.objects.filter(pk=c.pk).update(status=S.INVESTIGATING, accepted_on=TODAY)
    Complaint.objects.filter(pk=cases[1].pk).update(amount_owed=Decimal("7000.00"))
    due = TODAY + datetime.timedelta(days=15)
    done = complaint_group_act(
        complaint=cases[0], by=inspector, action="issue_order", due_date=due, reason="责令限期支付"
    )
    assert len(done.done) == 3
    orders = {c.pk: Complaint.objects.get(pk=c.pk).decisions.get(kind="order").amount for c in cases}
    assert orders[cases[1].pk] == Decimal("7000.00") and orders[cases[0].pk] == Decimal("18000.00")


def test_group_action_refusals(group, district, employer, inspector, other_inspector, mediator):
    g, cases = group
    with pytest.raises(PermissionDenied):
        complaint_group_act(complaint=cases[0], by=mediator, action="accept")
    lone = case_in(S.RECEIVED, district=district, employer=employer)
    with pytest.raises(TransitionNotAllowed):
        complaint_group_act(complaint=lone, by=inspector, action="accept")
    with pytest.raises(ValidationError):
        complaint_group_act(complaint=cases[0], by=inspector, action="close")
    # A case of the group in another district (not visible to this inspector) stops the group action.
    stranger = case_in(S.RECEIVED, district=other_inspector.district, employer=employer, group=g)
    with pytest.raises(PermissionDenied, match=stranger.tracking_number):
        complaint_group_act(complaint=cases[0], by=inspector, action="accept")
    assert Complaint.objects.get(pk=cases[0].pk).status == S.RECEIVED


def test_group_api_and_workbench(group, inspector, manager):
    g, cases = group
    api = APIClient()
    api.force_authenticate(inspector)
    response = api.post(f"/api/v1/cases/{cases[0].pk}/group/accept/", {"note": "集体欠薪"}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert {c["tracking_number"] for c in body["done"]} == {
        cases[0].tracking_number,
        cases[1].tracking_number,
    }
    assert [c["id"] for c in body["skipped"]] == [cases[2].pk]
    again = api.post(f"/api/v1/cases/{cases[0].pk}/group/accept/", {}, format="json")
    assert again.status_code == 409
    bad = api.post(f"/api/v1/cases/{cases[0].pk}/group/issue_order/", {"reason": "x"}, format="json")
    assert bad.status_code == 400 and "due_date" in bad.json()

    page = Client()
    page.force_login(manager)
    html = page.get(f"/staff/cases/{cases[0].pk}/").content.decode()
    assert 'id="group-assign"' in html
    response = page.post(
        f"/staff/cases/{cases[0].pk}/group/assign/", {"inspectors": [inspector.pk]}, follow=True
    )
    text = response.content.decode()
    assert response.status_code == 200 and cases[2].tracking_number in text
    assert all(Complaint.objects.get(pk=c.pk).assignments.filter(inspector=inspector).exists() for c in cases)


def test_workbench_merge(pair, inspector):
    survivor, duplicate = pair
    page = Client()
    page.force_login(inspector)
    assert 'id="action-merge"' in page.get(f"/staff/cases/{duplicate.pk}/").content.decode()
    response = page.post(
        f"/staff/cases/{duplicate.pk}/act/merge/",
        {"seen_status": "received", "into": survivor.tracking_number, "reason": REASON},
    )
    assert response.status_code == 302
    html = page.get(f"/staff/cases/{survivor.pk}/").content.decode()
    assert duplicate.tracking_number in html and "考勤表.pdf" in html


def test_mediator_and_admin_take_no_group_action(group, admin_user):
    g, cases = group
    with pytest.raises(PermissionDenied):
        complaint_group_act(complaint=cases[0], by=admin_user, action="accept")
    city_inspector = UserFactory(role=Role.INSPECTOR, district=None, username="city-insp")
    assert len(complaint_group_act(complaint=cases[0], by=city_inspector, action="accept").done) == 2
