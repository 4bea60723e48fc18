"""Transfers between district offices (移送管辖, 劳动保障监察条例 第十三条): who may send, receive, return;
who sees the case at each moment; the periods; what the worker sees."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from django_fsm import ConcurrentTransition, TransitionNotAllowed
from rest_framework.test import APIClient

from complaints import actions, deadlines
from complaints.choices import CaseStatus as S
from complaints.choices import TransferStatus
from complaints.models import Complaint, Transfer
from complaints.selectors.cases import complaint_list
from complaints.selectors.worker_view import complaint_public_view, complaint_track
from complaints.services import case_transitions as svc
from complaints.services.transfer import (
    complaint_transfer,
    complaint_transfer_accept,
    complaint_transfer_return,
)
from core import workdays
from core.choices import Role
from notifications.models import Event
from tests.complaints.factories import ACCESS_CODE, case_in, fast_passwords, media_tmp  # noqa: F401
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_tmp")]

TODAY = timezone.localdate()
REASON = "用工单位及工地均在中山区"


@pytest.fixture
def other_manager(other_district):
    return UserFactory(role=Role.MANAGER, district=other_district, username="mgr-other")


@pytest.fixture
def received(district, employer, inspector):
    """A complaint received three days ago by the district office, one of its inspectors assigned."""
    return case_in(
        S.RECEIVED,
        district=district,
        employer=employer,
        inspectors=[inspector],
        received_at=timezone.now() - datetime.timedelta(days=3),
    )


@pytest.fixture
def sent(received, manager, other_district, other_manager):
    return complaint_transfer(complaint=received, by=manager, to_district=other_district, reason=REASON)


def visible(user) -> set[int]:
    return set(complaint_list(fetched_by=user).values_list("pk", flat=True))


def test_transfer_keeps_the_case_with_the_sender_and_stops_the_clock(
    sent, district, other_district, inspector, manager, other_inspector, other_manager
):
    assert sent.status == S.RECEIVED and sent.district == district
    assert sent.transfer_to == other_district
    assert sent.acceptance_due is None and sent.next_deadline is None
    transfer = Transfer.objects.get(complaint=sent)
    assert transfer.status == TransferStatus.PENDING and transfer.from_district == district
    # Both offices see it while it is on its way.
    for user in (inspector, manager, other_inspector, other_manager):
        assert user.has_perm("complaints.view_complaint", sent)
        assert sent.pk in visible(user)
    entry = sent.audit.get(action="transfer")
    assert entry.public and entry.actor == manager and entry.changes["to_district"] == other_district.name
    event = Event.objects.get(kind="case.transferred")
    assert f"district-{other_district.pk}" in event.groups and f"district-{district.pk}" in event.groups
    assert set(event.notifications.values_list("user_id", flat=True)) >= {other_manager.pk}


def test_nobody_decides_on_acceptance_while_a_transfer_is_pending(sent, inspector, manager, other_manager):
    for action in ("accept", "decline", "request_supplement", "refer"):
        assert action not in actions.available_actions(sent, manager)
    with pytest.raises(ValidationError, match="transfer"):
        svc.complaint_accept(complaint=sent, by=inspector)
    with pytest.raises(ValidationError, match="transfer"):
        svc.complaint_decline(complaint=sent, by=manager, reason="超过时效")
    # The receiving office decides only once it has received the case.
    with pytest.raises(PermissionDenied):
        svc.complaint_accept(complaint=sent, by=other_manager)
    assert actions.available_actions(sent, other_manager)[-2:] == ["transfer_accept", "transfer_return"]
    # Nor is the case transferred a second time.
    with pytest.raises(ValidationError):
        complaint_transfer(complaint=sent, by=manager, to_district=sent.transfer_to, reason=REASON)


def test_who_may_transfer(received, other_district, inspector, other_manager, mediator, admin_user):
    for outsider in (inspector, other_manager, mediator, admin_user):
        with pytest.raises(PermissionDenied):
            complaint_transfer(complaint=received, by=outsider, to_district=other_district, reason=REASON)
    received.refresh_from_db()
    assert received.transfer_to is None and not received.audit.exists()


def test_transfer_needs_another_district_and_a_reason_and_comes_before_acceptance(
    received, district, other_district, employer, manager
):
    with pytest.raises(ValidationError):
        complaint_transfer(complaint=received, by=manager, to_district=district, reason=REASON)
    with pytest.raises(ValidationError):
        complaint_transfer(complaint=received, by=manager, to_district=other_district, reason=" ")
    with pytest.raises(ValidationError):
        complaint_transfer(complaint=received, by=manager, to_district=None, reason=REASON)
    for status in (S.ACCEPTED, S.INVESTIGATING, S.CLOSED, S.REFERRED):
        case = case_in(status, district=district, employer=employer)
        with pytest.raises(TransitionNotAllowed):
            complaint_transfer(complaint=case, by=manager, to_district=other_district, reason=REASON)
    supplement = case_in(S.NEEDS_SUPPLEMENT, district=district, employer=employer)
    done = complaint_transfer(complaint=supplement, by=manager, to_district=other_district, reason=REASON)
    assert done.transfer_to == other_district and done.status == S.NEEDS_SUPPLEMENT


def test_receipt_by_the_competent_office(
    sent,
    district,
    other_district,
    inspector,
    manager,
    other_inspector,
    other_manager,
    sms_outbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        done = complaint_transfer_accept(complaint=sent, by=other_manager, note="已接收")
    assert done.district == other_district and done.transfer_to is None and done.status == S.RECEIVED
    # 第十三条: the competent office's period runs from its own receipt (today), not the first receipt.
    assert done.acceptance_due == workdays.add_working_days(TODAY, 5).date
    assert done.next_deadline == done.acceptance_due
    assert Transfer.objects.get(complaint=done).status == TransferStatus.ACCEPTED
    # The sending office's inspector comes off the case; the sending office no longer sees it.
    assert not done.assignments.exists()
    for user in (inspector, manager):
        assert not user.has_perm("complaints.view_complaint", done) and done.pk not in visible(user)
    for user in (other_inspector, other_manager):
        assert user.has_perm("complaints.view_complaint", done) and done.pk in visible(user)
    # Now the competent office decides on acceptance.
    assert "accept" in actions.available_actions(done, other_inspector)
    assert svc.complaint_accept(complaint=done, by=other_inspector).status == S.ACCEPTED
    # The worker is told by SMS, naming the office; the number and the code still work.
    assert len(sms_outbox) == 1 and other_district.name in sms_outbox[0].body
    assert sent.tracking_number in sms_outbox[0].body
    assert complaint_track(sent.tracking_number, ACCESS_CODE) == done


def test_a_calendar_change_recomputes_from_the_receipt(sent, other_manager):
    done = complaint_transfer_accept(complaint=sent, by=other_manager)
    Complaint.objects.filter(pk=done.pk).update(acceptance_due=TODAY)
    deadlines.recompute([Complaint.objects.get(pk=done.pk)])
    assert Complaint.objects.get(pk=done.pk).acceptance_due == workdays.add_working_days(TODAY, 5).date


def test_no_period_runs_while_pending_even_after_a_calendar_change(sent):
    deadlines.recompute([Complaint.objects.get(pk=sent.pk)])
    again = Complaint.objects.get(pk=sent.pk)
    assert again.acceptance_due is None and again.next_deadline is None


def test_who_may_answer(sent, inspector, manager, other_inspector, city_manager, admin_user):
    for outsider in (inspector, manager, other_inspector, admin_user):
        with pytest.raises(PermissionDenied):
            complaint_transfer_accept(complaint=sent, by=outsider)
        with pytest.raises(PermissionDenied):
            complaint_transfer_return(complaint=sent, by=outsider, reason="不属于本区")
    # The city office, the common superior, settles it.
    assert complaint_transfer_accept(complaint=sent, by=city_manager).transfer_to is None


def test_nothing_to_answer_without_a_pending_transfer(received, city_manager):
    with pytest.raises(TransitionNotAllowed):
        complaint_transfer_accept(complaint=received, by=city_manager)
    with pytest.raises(TransitionNotAllowed):
        actions.precheck(received, city_manager, "transfer_return")


def test_return_sends_it_back_with_its_own_period(sent, received, district, inspector, other_manager):
    with pytest.raises(ValidationError):
        complaint_transfer_return(complaint=sent, by=other_manager, reason="")
    back = complaint_transfer_return(
        complaint=sent, by=other_manager, reason="工地实际在甘井子区，不属于本区"
    )
    assert back.district == district and back.transfer_to is None and back.status == S.RECEIVED
    assert back.acceptance_due == received.acceptance_due and back.next_deadline == received.acceptance_due
    assert not other_manager.has_perm("complaints.view_complaint", back)
    assert back.assignments.filter(inspector=inspector).exists()
    assert "accept" in actions.available_actions(back, inspector)
    view = complaint_public_view(back)
    texts = [e["text"] for e in view["timeline"]]
    assert any("did not go ahead" in t for t in texts)
    # The offices' dispute stays between them.
    assert all("不属于本区" not in (e["reason"] or "") for e in view["timeline"])


def test_concurrent_answers_conflict(sent, other_manager, city_manager):
    stale = Complaint.objects.get(pk=sent.pk)
    complaint_transfer_accept(complaint=sent, by=other_manager)
    with pytest.raises(ConcurrentTransition):
        complaint_transfer_return(complaint=stale, by=city_manager, reason="不属于本区")


def test_worker_timeline_says_where_it_went(sent, other_manager, other_district, district):
    done = complaint_transfer_accept(complaint=sent, by=other_manager)
    texts = [e["text"] for e in complaint_public_view(done)["timeline"]]
    assert any(district.name in t and other_district.name in t and "transferring" in t for t in texts)
    assert any(t.startswith(other_district.name) and "received your complaint" in t for t in texts)


def test_api_transfer_then_receipt_and_the_workers_tracking_still_works(
    received, manager, other_manager, other_district
):
    api = APIClient()
    api.force_authenticate(manager)
    url = f"/api/v1/cases/{received.pk}/transfer/"
    assert api.post(url, {"reason": REASON}, format="json").status_code == 400
    bad = api.post(url, {"to_district": received.district_id, "reason": REASON}, format="json")
    assert bad.status_code == 400 and "to_district" in bad.json()
    response = api.post(url, {"to_district": other_district.pk, "reason": REASON}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["transfer_to"] == other_district.pk and body["transfers"][0]["status"] == "pending"
    assert (
        api.post(url, {"to_district": other_district.pk, "reason": REASON}, format="json").status_code == 400
    )
    assert api.post(f"/api/v1/cases/{received.pk}/transfer_accept/", {}, format="json").status_code == 403

    receiver = APIClient()
    receiver.force_authenticate(other_manager)
    ok = receiver.post(f"/api/v1/cases/{received.pk}/transfer_accept/", {"note": "已接收"}, format="json")
    assert ok.status_code == 200 and ok.json()["district"] == other_district.pk
    again = receiver.post(f"/api/v1/cases/{received.pk}/transfer_accept/", {}, format="json")
    assert again.status_code == 409
    assert api.get(f"/api/v1/cases/{received.pk}/").status_code == 404  # no longer the sender's

    worker = Client()
    track = worker.get(f"/api/v1/track/{received.tracking_number}/", headers={"X-Access-Code": ACCESS_CODE})
    assert track.status_code == 200
    assert any("received your complaint" in e["text"] for e in track.json()["timeline"])


def test_workbench_transfer_and_receipt(client, received, manager, other_manager, other_district):
    client.force_login(manager)
    page = client.get(f"/staff/cases/{received.pk}/")
    assert 'id="action-transfer"' in page.content.decode()
    response = client.post(
        f"/staff/cases/{received.pk}/act/transfer/",
        {"seen_status": "received", "to_district": other_district.pk, "reason": REASON},
    )
    assert response.status_code == 302
    html = client.get(f"/staff/cases/{received.pk}/").content.decode()
    assert "transfer-pending" in html and other_district.name in html
    assert 'id="action-accept"' not in html

    other = Client()
    other.force_login(other_manager)
    listing = other.get("/staff/cases/?view=queue").content.decode()
    assert received.tracking_number in listing and "transfer pending" in listing
    assert 'id="action-transfer_accept"' in other.get(f"/staff/cases/{received.pk}/").content.decode()
    response = other.post(f"/staff/cases/{received.pk}/act/transfer_accept/", {"seen_status": "received"})
    assert response.status_code == 302
    html = other.get(f"/staff/cases/{received.pk}/").content.decode()
    assert "transfer-pending" not in html and 'id="action-accept"' in html

    worker = Client()
    worker.post("/track/", {"tracking_number": received.tracking_number, "access_code": ACCESS_CODE})
    tracking = worker.get(f"/track/{received.tracking_number}/")
    assert tracking.status_code == 200 and other_district.name in tracking.content.decode()


def test_openapi_schema_lists_the_transfer_endpoints(admin_user):
    client = Client()
    client.force_login(admin_user)
    paths = client.get("/api/schema/?format=json").json()["paths"]
    for action in ("transfer", "transfer_accept", "transfer_return"):
        assert f"/api/v1/cases/{{id}}/{action}/" in paths, action
    body = paths["/api/v1/cases/{id}/transfer/"]["post"]["requestBody"]["content"]["application/json"]
    schema = body["schema"]
    assert schema
