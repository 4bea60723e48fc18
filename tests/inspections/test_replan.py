"""Re-planning a generated campaign: a proposal first, and the properties a manager relies on.

The campaign is generated around today (the service plans from today at the earliest): three teams,
eighty employers (more than the teams can visit) or thirty (capacity to spare), open cases that make
must-visits, a day off for one team. The manager re-plans from the plan page, as in the reported incident, in the middle of the
running campaign: some visits already recorded, some locked.
"""

from __future__ import annotations

import datetime
import random
import re

import pytest
from django.conf import settings
from django.utils import timezone

from complaints.choices import CaseStatus
from core.choices import Role, Sector
from core.models import CalendarDay, CalendarYear
from core.workdays import invalidate, is_working_day, working_days_in
from inspections.choices import JobStatus, Outcome, PlanDecision, VisitKind, VisitStatus
from inspections.models import CampaignAudit, PlanRun, PlanVersion, RiskScore, Visit
from inspections.services import campaigns, planning
from inspections.services.plan_changes import must_window_end
from inspections.services.plan_proposals import plan_confirm
from inspections.services.risk import risk_compute
from inspections.services.visits import checklist_for, visit_complete
from tests.factories import EmployerFactory, UserFactory

from .factories import complaint

N_EMPLOYERS = 80


def _team(campaign, manager, name, home, *, travel=False, off=()):
    a = UserFactory(role=Role.INSPECTOR, district=home)
    b = UserFactory(role=Role.INSPECTOR, district=home)
    return campaigns.team_create(
        campaign=campaign,
        created_by=manager,
        name=name,
        inspector_a=a,
        inspector_b=b,
        home_district=home,
        may_travel=travel,
        unavailable=list(off),
    )


def generated_campaign(*, starts_on, ends_on, district, other_district, manager, seed=17, n=N_EMPLOYERS):
    """A campaign over two districts: three teams, n employers, five open cases (must-visits)."""
    rng = random.Random(seed)
    campaign = campaigns.campaign_create(
        created_by=manager,
        name="生成的专项行动",
        starts_on=starts_on,
        ends_on=ends_on,
        districts=[district, other_district],
        travel_cost=5.0,
    )
    days, _ = working_days_in(max(starts_on, timezone.localdate()), ends_on)
    _team(campaign, manager, "甘井子一组", district)
    _team(campaign, manager, "甘井子二组", district, off=[days[3]] if len(days) > 3 else [])
    _team(campaign, manager, "中山一组", other_district, travel=True)
    employers = []
    for i in range(n):
        head = rng.choice([10, 30, 60, 120, 350])
        employers.append(
            EmployerFactory(
                district=district if i % 3 else other_district,
                sector=rng.choice([Sector.CONSTRUCTION, Sector.MANUFACTURING, Sector.CATERING]),
                headcount=head,
                migrant_worker_count=rng.randint(0, head),
            )
        )
    for e in employers[:5]:  # open cases: must-visits
        complaint(district=e.district, employer=e, status=CaseStatus.INVESTIGATING)
    risk_compute(campaign=campaign)
    return campaign


@pytest.fixture(params=[N_EMPLOYERS, 30], ids=["more-employers-than-capacity", "capacity-to-spare"])
def running(request, calendar_2026, district, other_district, city_manager):
    """A campaign that started ten days ago and runs three more weeks."""
    today = timezone.localdate()
    return generated_campaign(
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=21),
        district=district,
        other_district=other_district,
        manager=city_manager,
        n=request.param,
    )


def _propose_from_page(client, campaign, manager, django_capture_on_commit_callbacks, calendar_from=None):
    """Click the plan page's re-plan button, as the manager does (the calendar may show a later fortnight)."""
    client.force_login(manager)
    url = f"/staff/campaigns/{campaign.pk}/plan/"
    page = client.get(url + (f"?from={calendar_from.isoformat()}" if calendar_from else ""))
    html = page.content.decode()
    form = re.search(r'<form method="post" action="([^"]+/plan/run/)"[^>]*>(.*?)</form>', html, re.S)
    assert form, "the plan page has a re-plan button"
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form.group(2)))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form.group(1), data)
    assert response.status_code == 302
    run = PlanRun.objects.filter(campaign=campaign).first()
    assert response["Location"] == f"/staff/campaigns/plan-runs/{run.pk}/"
    assert run.status == JobStatus.DONE, run.message
    return run


def _confirm_from_page(client, run):
    response = client.post(f"/staff/campaigns/plan-runs/{run.pk}/confirm/", {"note": ""})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.decision == PlanDecision.CONFIRMED
    return run


def _planned(campaign):
    return list(Visit.objects.filter(campaign=campaign, status=VisitStatus.PLANNED).select_related("team"))


def _complete(visit, outcome=Outcome.NO_VIOLATION):
    items = checklist_for(visit.employer.sector, visit.employer.is_construction_project)
    answers = {i.value: "ok" for i in items}
    if outcome == Outcome.ORDER:
        answers[items[0].value] = "fail"
    return visit_complete(
        visit=visit,
        completed_by=visit.team.inspector_a,
        version=visit.version,
        checklist=answers,
        findings="工资台账不完整" if outcome == Outcome.ORDER else "",
        outcome=outcome,
        order_due=timezone.localdate() + datetime.timedelta(days=3) if outcome == Outcome.ORDER else None,
    )


def assert_replan_properties(campaign, run, *, today, locked_before, done_before):
    """Every property a re-plan promises, checked on the campaign's visits after the confirmation."""
    days, _ = working_days_in(today, campaign.ends_on)
    visits = _planned(campaign)
    teams = {t.pk: t for t in campaign.teams.all()}
    used = {}
    for v in Visit.objects.filter(campaign=campaign).exclude(status=VisitStatus.REMOVED):
        if v.team_id:
            used[(v.team_id, v.date)] = used.get((v.team_id, v.date), 0) + v.units
    # Never on a day off: the calendar's, or a team's own; never in the past; never over a day's capacity.
    for v in visits:
        if v.locked or v.pk in done_before:
            continue
        assert v.date >= today, v
        assert is_working_day(v.date).working, v.date
        assert v.date.isoformat() not in (v.team.unavailable or []), v
    assert all(n <= 2 for n in used.values()), used
    # Locked visits stay where they were; recorded ones are untouched.
    for pk, (team_id, day) in locked_before.items():
        v = Visit.objects.get(pk=pk)
        assert (v.status, v.locked, v.team_id, v.date) == (VisitStatus.PLANNED, True, team_id, day)
    assert set(
        Visit.objects.filter(campaign=campaign, status=VisitStatus.COMPLETED).values_list("pk", flat=True)
    ) >= set(done_before)
    # Must-visits are planned within their window: from the day they may take place, N working days.
    musts = set(
        RiskScore.objects.filter(campaign=campaign, must_visit=True).values_list("employer_id", flat=True)
    )
    inspected = set(
        Visit.objects.filter(campaign=campaign, status=VisitStatus.COMPLETED).values_list(
            "employer_id", flat=True
        )
    )
    for v in visits:
        if v.kind in (VisitKind.MUST, VisitKind.FOLLOW_UP) and not v.locked:
            release = max(today, v.earliest or today)
            assert release <= v.date <= must_window_end(days, release), (v.kind, v.date, release)
    planned_employers = {v.employer_id for v in visits}
    assert musts - inspected <= planned_employers
    # No near-term team-day is left with room while a visit it could take waits for a later day, or an
    # employer worth visiting is not planned at all.
    unplanned = list(
        RiskScore.objects.filter(campaign=campaign, score__gt=0)
        .exclude(employer_id__in=planned_employers | inspected)
        .values("employer_id", "district_id", "units")
    )
    near = days[: settings.WAGEWATCH["PLAN_NEAR_TERM_WORKING_DAYS"]]
    for team in teams.values():
        served = {team.home_district_id} | (
            set(campaign.districts.values_list("pk", flat=True)) if team.may_travel else set()
        )
        later = [v for v in visits if v.team_id == team.pk and not v.locked]
        for day in near:
            if day.isoformat() in (team.unavailable or []):
                continue
            free = 2 - used.get((team.pk, day), 0)
            if free <= 0:
                continue
            movable = [
                v
                for v in later
                if v.date > day and v.units <= free and (v.earliest is None or v.earliest <= day)
            ]
            assert not movable, (team.name, day, free, [(v.employer_id, v.date) for v in movable])
            waiting = [
                u for u in unplanned if u["units"] <= free and u["district_id"] == team.home_district_id
            ]
            assert not waiting, (team.name, day, free, waiting[:3])
            assert served  # a team always serves its home district


def test_the_reported_replan_is_reproduced_then_fixed(
    client, running, city_manager, django_capture_on_commit_callbacks
):
    """One click on the plan page's re-plan button while the calendar shows the next fortnight.

    The button used to send the first day the calendar showed as the plan's first day; the re-plan then
    deleted every unlocked visit (also those before that day) and planned only from it on: every team
    empty for two weeks, must-visits weeks out, fewer visits. Now the button plans from today, nothing
    changes before a confirmation, and the confirmed plan keeps every property.
    """
    today = timezone.localdate()
    first = _propose_from_page(client, running, city_manager, django_capture_on_commit_callbacks)
    assert Visit.objects.filter(campaign=running).count() == 0  # a proposal changes nothing
    _confirm_from_page(client, first)
    before = [v for v in _planned(running) if v.date >= today]
    assert before

    run = _propose_from_page(
        client,
        running,
        city_manager,
        django_capture_on_commit_callbacks,
        calendar_from=today + datetime.timedelta(days=14),
    )
    assert run.from_date == today
    assert {(v.pk, v.team_id, v.date) for v in _planned(running)} == {
        (v.pk, v.team_id, v.date) for v in before
    }
    changes = run.changes
    assert changes["after"]["visits"] >= changes["before"]["visits"] == len(before)
    assert changes["after"]["near_empty_team_days"] <= changes["before"]["near_empty_team_days"]
    _confirm_from_page(client, run)
    after = _planned(running)
    assert len(after) >= len(before)
    assert_replan_properties(running, run, today=today, locked_before={}, done_before=set())


def test_replan_in_the_middle_of_a_running_campaign(
    client, running, city_manager, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    _confirm_from_page(
        client, _propose_from_page(client, running, city_manager, django_capture_on_commit_callbacks)
    )
    planned = sorted(_planned(running), key=lambda v: (v.date, v.pk))
    # Two visits recorded today (one orders a correction: its follow-up is a must-visit), two locked
    # later on, one of them moved by hand to the campaign's last working day.
    done = [_complete(planned[0]), _complete(planned[1], Outcome.ORDER)]
    last_day = working_days_in(today, running.ends_on)[0][-1]
    locked = [planned[-1], planned[len(planned) // 2]]
    for v in locked:
        planning.visit_set_locked(visit=v, locked=True, changed_by=city_manager)
    Visit.objects.filter(pk=locked[0].pk).update(date=last_day)
    locked_before = {v.pk: (v.team_id, v.date) for v in Visit.objects.filter(pk__in=[x.pk for x in locked])}
    follow = Visit.objects.get(campaign=running, kind=VisitKind.FOLLOW_UP)

    run = _propose_from_page(client, running, city_manager, django_capture_on_commit_callbacks)
    assert run.changes["must_outside_window"] == []
    _confirm_from_page(client, run)
    assert_replan_properties(
        running, run, today=today, locked_before=locked_before, done_before={v.pk for v in done}
    )
    follow.refresh_from_db()
    assert follow.status == VisitStatus.PLANNED and follow.date >= follow.earliest
    assert PlanVersion.objects.filter(campaign=running).count() == 2


def test_a_confirmation_on_a_changed_campaign_is_refused_and_a_discard_changes_nothing(
    client, running, city_manager, django_capture_on_commit_callbacks
):
    _confirm_from_page(
        client, _propose_from_page(client, running, city_manager, django_capture_on_commit_callbacks)
    )
    snapshot = {(v.pk, v.team_id, v.date) for v in _planned(running)}
    run = _propose_from_page(client, running, city_manager, django_capture_on_commit_callbacks)
    v = _planned(running)[0]
    planning.visit_set_locked(visit=v, locked=True, changed_by=city_manager)  # the campaign moved on
    page = client.post(f"/staff/campaigns/plan-runs/{run.pk}/confirm/", {"note": ""}, follow=True)
    assert "changed after this proposal was computed" in page.content.decode()
    run.refresh_from_db()
    assert run.decision == PlanDecision.PROPOSED
    client.post(f"/staff/campaigns/plan-runs/{run.pk}/discard/", {"note": "不需要"})
    run.refresh_from_db()
    assert run.decision == PlanDecision.DISCARDED
    assert {(x.pk, x.team_id, x.date) for x in _planned(running)} == snapshot
    trail = list(CampaignAudit.objects.filter(campaign=running).values_list("action", "reason"))
    assert ("plan_discarded", "不需要") in trail and ("plan_confirmed", "") in trail


def test_the_previous_plan_can_be_restored(client, running, city_manager, django_capture_on_commit_callbacks):
    _confirm_from_page(
        client, _propose_from_page(client, running, city_manager, django_capture_on_commit_callbacks)
    )
    first = {v.employer_id: (v.team_id, v.date) for v in _planned(running)}
    # A second plan after the weights change: a different plan.
    weights = dict(running.weights, migrant_share=0, open_complaints=0, arrears=100)
    campaigns.campaign_set_weights(campaign=running, weights=weights, changed_by=city_manager)
    _confirm_from_page(
        client, _propose_from_page(client, running, city_manager, django_capture_on_commit_callbacks)
    )
    second = {v.employer_id: (v.team_id, v.date) for v in _planned(running)}
    assert second != first
    response = client.post(f"/staff/campaigns/{running.pk}/plan/versions/1/restore/", {"note": ""})
    assert response.status_code == 302
    assert {v.employer_id: (v.team_id, v.date) for v in _planned(running)} == first
    v3 = PlanVersion.objects.get(campaign=running, number=3)
    assert v3.restored_from.number == 1
    entry = CampaignAudit.objects.get(campaign=running, action="plan_restored")
    assert entry.actor == city_manager and entry.changes["restored_version"] == 1
    page = client.get(f"/staff/campaigns/{running.pk}/plan/versions/").content.decode()
    assert 'data-version="3"' in page and 'data-restore="1"' in page


@pytest.fixture
def unloaded_next_year(db):
    """Next year's working-day calendar is not published yet (provisional)."""
    year = timezone.localdate().year + 1
    for y in (year, year + 1):
        CalendarDay.objects.filter(date__year=y).delete()
        CalendarYear.objects.filter(year=y).delete()
    invalidate()
    yield year
    invalidate()


def test_no_visit_on_new_years_day_of_a_provisional_year_and_the_proposal_says_so(
    client, unloaded_next_year, district, other_district, city_manager, django_capture_on_commit_callbacks
):
    year = unloaded_next_year
    campaign = generated_campaign(
        starts_on=datetime.date(year, 12, 21),
        ends_on=datetime.date(year + 1, 1, 8),
        district=district,
        other_district=other_district,
        manager=city_manager,
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = planning.plan_request(
            campaign=campaign, requested_by=city_manager, from_date=campaign.starts_on
        )
    run.refresh_from_db()
    assert run.status == JobStatus.DONE, run.message
    days = {it["d"] for it in run.proposal}
    assert f"{year + 1}-01-01" not in days  # 元旦, fixed by law even before the year is published
    assert all(datetime.date.fromisoformat(d).weekday() < 5 for d in days)
    assert run.changes["provisional_days"] and set(run.changes["provisional_days"]) <= days
    client.force_login(city_manager)
    page = client.get(f"/staff/campaigns/plan-runs/{run.pk}/").content.decode()
    assert "data-provisional-days" in page
    plan_confirm(run=run, confirmed_by=city_manager)
    assert not Visit.objects.filter(campaign=campaign, date=datetime.date(year + 1, 1, 1)).exists()
