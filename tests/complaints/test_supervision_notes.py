"""The city office's supervision of a district's case (挂牌督办), and staff's internal notes with @mentions."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from django_fsm import TransitionNotAllowed
from rest_framework.test import APIClient

from complaints import actions
from complaints.choices import CaseStatus as S
from complaints.models import CaseNote, Complaint
from complaints.selectors.cases import supervised_cases
from complaints.selectors.worker_view import complaint_public_view
from complaints.services.notes import case_note_add, note_mentions
from complaints.services.supervision import complaint_supervise, complaint_supervision_lift
from complaints.services.watch import deadline_scan
from core import workdays
from core.choices import Role
from notifications.models import Event, Notification
from tests.complaints.factories import ACCESS_CODE, case_in, fast_passwords, media_tmp  # noqa: F401
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_tmp")]

TODAY = timezone.localdate()
DUE = TODAY + datetime.timedelta(days=20)
REASON = "涉及农民工五十余人，春节前须办结"


@pytest.fixture
def case(district, employer, inspector, inspector2):
    return case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=[inspector, inspector2])


def test_the_city_office_supervises_a_district_case(case, city_manager, manager, inspector):
    done = complaint_supervise(complaint=case, by=city_manager, due_date=DUE, reason=REASON)
    assert done.supervision_due == DUE
    assert done.next_deadline == min(DUE, done.investigation_due)
    assert done.supervisions.get().flagged_by == city_manager
    entry = done.audit.get(action="supervise")
    assert not entry.public and entry.changes["supervision_due"] == [None, DUE.isoformat()]
    event = Event.objects.get(kind="case.supervised")
    assert set(event.notifications.values_list("user_id", flat=True)) >= {manager.pk, inspector.pk}
    # Both workbenches show it: the district's list filter and the city's.
    for user in (manager, inspector, city_manager):
        listed = supervised_cases(fetched_by=user)
        assert [c.pk for c in listed["rows"]] == [case.pk] and listed["count"] == 1
    # The worker never hears of it.
    assert all("supervis" not in e["text"] for e in complaint_public_view(done)["timeline"])


def test_who_may_supervise(case, manager, inspector, admin_user, mediator, district, employer, city_manager):
    for outsider in (manager, inspector, admin_user, mediator):
        with pytest.raises(PermissionDenied):
            complaint_supervise(complaint=case, by=outsider, due_date=DUE, reason=REASON)
    assert "supervise" in actions.available_actions(case, city_manager)
    assert "supervise" not in actions.available_actions(case, manager)
    with pytest.raises(ValidationError):
        complaint_supervise(complaint=case, by=city_manager, due_date=TODAY, reason=REASON)
    with pytest.raises(ValidationError):
        complaint_supervise(complaint=case, by=city_manager, due_date=DUE, reason="")
    closed = case_in(S.CLOSED, district=district, employer=employer)
    with pytest.raises(TransitionNotAllowed):
        complaint_supervise(complaint=closed, by=city_manager, due_date=DUE, reason=REASON)
    complaint_supervise(complaint=case, by=city_manager, due_date=DUE, reason=REASON)
    with pytest.raises(ValidationError, match="already"):
        complaint_supervise(
            complaint=Complaint.objects.get(pk=case.pk), by=city_manager, due_date=DUE, reason=REASON
        )


def test_lifting_the_supervision(case, city_manager, manager):
    complaint_supervise(
        complaint=case, by=city_manager, due_date=TODAY + datetime.timedelta(days=1), reason=REASON
    )
    fresh = Complaint.objects.get(pk=case.pk)
    assert fresh.next_deadline == TODAY + datetime.timedelta(days=1)
    assert "supervision_lift" in actions.available_actions(fresh, city_manager)
    with pytest.raises(PermissionDenied):
        complaint_supervision_lift(complaint=fresh, by=manager)
    lifted = complaint_supervision_lift(complaint=fresh, by=city_manager, note="已督促")
    assert lifted.supervision_due is None and lifted.next_deadline == lifted.investigation_due
    assert lifted.supervisions.get().lifted_by == city_manager
    with pytest.raises(TransitionNotAllowed):
        complaint_supervision_lift(complaint=lifted, by=city_manager)
    assert supervised_cases(fetched_by=city_manager)["count"] == 0


def test_the_deadline_scan_warns_and_reports_supervision_overdue_to_the_city(case, city_manager, manager):
    complaint_supervise(complaint=case, by=city_manager, due_date=DUE, reason=REASON)
    soon = workdays.add_working_days(TODAY, 1).date
    Complaint.objects.filter(pk=case.pk).update(
        supervision_due=soon, investigation_due=TODAY + datetime.timedelta(days=200)
    )
    deadline_scan(today=TODAY)
    warning = Event.objects.get(kind="deadline.warning", payload__deadline="supervision")
    assert warning.payload["due_date"] == soon.isoformat()
    overdue_day = soon + datetime.timedelta(days=1)
    deadline_scan(today=overdue_day)
    overdue = Event.objects.get(kind="deadline.overdue", payload__deadline="supervision")
    told = set(Notification.objects.filter(event=overdue).values_list("user_id", flat=True))
    assert {city_manager.pk, manager.pk} <= told
    # Recorded once however often the scan runs.
    deadline_scan(today=overdue_day)
    assert Event.objects.filter(kind="deadline.overdue", payload__deadline="supervision").count() == 1


def test_supervision_on_the_workbench_api_and_dashboard(
    case, city_manager, manager, district, other_district
):
    api = APIClient()
    api.force_authenticate(city_manager)
    response = api.post(
        f"/api/v1/cases/{case.pk}/supervise/", {"due_date": DUE.isoformat(), "reason": REASON}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["supervision_due"] == DUE.isoformat()
    district_api = APIClient()
    district_api.force_authenticate(manager)
    assert district_api.post(f"/api/v1/cases/{case.pk}/supervise/", {}, format="json").status_code == 403
    listed = district_api.get("/api/v1/cases/?supervised=true").json()["results"]
    assert [r["id"] for r in listed] == [case.pk]

    for user in (manager, city_manager):
        page = Client()
        page.force_login(user)
        html = page.get(f"/staff/cases/{case.pk}/").content.decode()
        assert "supervision-banner" in html and DUE.isoformat() in html
        rows = page.get("/staff/cases/?view=queue&supervised=true").content.decode()
        assert case.tracking_number in rows and "badge-supervised" in rows

    from inspections.services import campaigns

    campaign = campaigns.campaign_create(
        created_by=city_manager,
        name="冬季专项行动",
        starts_on=TODAY,
        ends_on=TODAY + datetime.timedelta(days=30),
        districts=[district, other_district],
    )
    page = Client()
    page.force_login(manager)
    html = page.get(f"/staff/campaigns/{campaign.pk}/dashboard/").content.decode()
    assert "supervised-cases" in html and case.tracking_number in html


# --- internal notes -------------------------------------------------------------------------------


def test_mentions_are_parsed():
    assert note_mentions("请 @insp2 和 @张三 核对，邮箱 a@b.cn 不算；@insp2 再次") == ["insp2", "张三"]


def test_a_note_notifies_the_colleagues_it_mentions(case, inspector, inspector2, manager):
    note = case_note_add(
        complaint=case, by=inspector, text="已约谈老板，@insp2 明天去工地核对考勤；@mgr1 知悉"
    )
    assert set(note.mentions.values_list("pk", flat=True)) == {inspector2.pk, manager.pk}
    told = set(Notification.objects.filter(event__kind="case.note_added").values_list("user_id", flat=True))
    assert told == {inspector2.pk, manager.pk}
    mention = Event.objects.get(kind="case.note_added", payload__mentioned=True)
    assert set(mention.groups) == {f"user-{inspector2.pk}", f"user-{manager.pk}"}
    assert "工地" not in mention.text  # the note's text never travels in an event
    entry = case.audit.get(action="note_added")
    assert not entry.public


def test_note_refusals(case, inspector, mediator, admin_user, other_inspector, other_district):
    with pytest.raises(ValidationError):
        case_note_add(complaint=case, by=inspector, text="  ")
    for outsider in (mediator, admin_user, other_inspector):
        with pytest.raises(PermissionDenied):
            case_note_add(complaint=case, by=outsider, text="看一下")
    with pytest.raises(ValidationError, match="nobody-here"):
        case_note_add(complaint=case, by=inspector, text="@nobody-here 看一下")
    UserFactory(role=Role.INSPECTOR, district=other_district, username="far-away")
    with pytest.raises(ValidationError, match="may not see"):
        case_note_add(complaint=case, by=inspector, text="@far-away 看一下")
    assert not CaseNote.objects.exists()


def test_notes_stay_internal(case, inspector, inspector2):
    case_note_add(complaint=case, by=inspector, text="内部意见：老板有转移资产迹象 @insp2")
    view = complaint_public_view(case)
    assert "转移资产" not in str(view)
    worker = Client()
    worker.post("/track/", {"tracking_number": case.tracking_number, "access_code": ACCESS_CODE})
    assert "转移资产" not in worker.get(f"/track/{case.tracking_number}/").content.decode()
    api = Client().get(f"/api/v1/track/{case.tracking_number}/", headers={"X-Access-Code": ACCESS_CODE})
    assert api.status_code == 200 and "转移资产" not in api.content.decode()


def test_notes_api_and_page(case, inspector, inspector2):
    api = APIClient()
    api.force_authenticate(inspector)
    created = api.post(f"/api/v1/cases/{case.pk}/notes/", {"text": "@insp2 请补充询问笔录"}, format="json")
    assert created.status_code == 201 and created.json()["mention_ids"] == [inspector2.pk]
    assert api.post(f"/api/v1/cases/{case.pk}/notes/", {"text": ""}, format="json").status_code == 400
    assert (
        api.post(f"/api/v1/cases/{case.pk}/notes/", {"text": "@ghost 你好"}, format="json").status_code == 400
    )
    detail = api.get(f"/api/v1/cases/{case.pk}/").json()
    assert [n["text"] for n in detail["notes"]] == ["@insp2 请补充询问笔录"]

    page = Client()
    page.force_login(inspector2)
    response = page.post(f"/staff/cases/{case.pk}/notes/", {"text": "收到，明天去 @insp1"})
    assert response.status_code == 302
    html = page.get(f"/staff/cases/{case.pk}/").content.decode()
    assert 'id="notes"' in html and "收到，明天去" in html and "请补充询问笔录" in html
    refused = page.post(f"/staff/cases/{case.pk}/notes/", {"text": "@ghost 你好"})
    assert refused.status_code == 400 and "ghost" in refused.content.decode()
