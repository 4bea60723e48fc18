"""HTML pages of the campaign: thin views that parse, call one service or selector, and render."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import is_too_large
from core.models import District
from core.page_errors import PAGE_ERRORS, add_form_errors, error_message
from core.redirects import redirect_next
from core.rules import in_same_district
from core.views import request_refused

from . import selectors
from .charts import bar_chart, column_chart
from .choices import (
    AUDIT_LABELS,
    CAMPAIGN_AUDIT_LABELS,
    JobStatus,
    MapStatus,
    Metric,
    RiskBand,
    RiskFactor,
    VisitStatus,
)
from .forms import (
    CampaignForm,
    LedgerUploadForm,
    MapFilterForm,
    PhotoForm,
    PlanDecisionForm,
    PlanForm,
    TeamForm,
    VisitCompleteForm,
    WeightsForm,
)
from .models import PlanRun, VisitPhoto
from .selectors import map as map_selectors
from .selectors import tablet as tablet_selectors
from .services import campaigns as campaign_services
from .services import exports
from .services import ledger as ledger_services
from .services import plan_proposals as planning_proposals
from .services import plan_versions as plan_version_services
from .services import planning as planning_services
from .services import visits as visit_services
from .services.checkin import checkin_distance_m
from .services.dashboard import figures_refresh


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("inspections.view_campaign_list"):
        raise PermissionDenied
    form = None
    if request.method == "POST" and not request.user.has_perm("inspections.add_campaign"):
        raise PermissionDenied
    if request.user.has_perm("inspections.add_campaign"):
        form = CampaignForm(request.POST or None)
        if request.user.district_id:
            form.fields["districts"].queryset = District.objects.filter(pk=request.user.district_id)
        if request.method == "POST" and form.is_valid():
            try:
                campaign = campaign_services.campaign_create(created_by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Campaign created. Now form the inspector teams."))
                return redirect("inspections:campaign-detail", pk=campaign.pk)
    campaigns = selectors.campaign_list(fetched_by=request.user).prefetch_related("districts")
    return render(request, "inspections/campaign_list.html", {"campaigns": campaigns, "form": form})


def _campaign_command(request: HttpRequest, campaign, action: str) -> None:
    """Run a campaign action that takes no input: finish the campaign, or recompute the risk scores."""
    if action == "close":
        campaign_services.campaign_close(campaign=campaign, closed_by=request.user)
        messages.success(request, _("The campaign is finished."))
    else:
        from .services.risk import risk_compute

        n = risk_compute(campaign=campaign)
        messages.success(request, _("Risk scored for %(n)s employers.") % {"n": n})


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for(request.user, pk)
    can_manage = request.user.has_perm("inspections.manage_campaign", campaign)
    can_form_team = request.user.has_perm("inspections.manage_campaign_district", campaign)
    team_form = TeamForm(campaign=campaign, prefix="team", user=request.user)
    weights_form = WeightsForm(weights=campaign.weights, prefix="w")
    if request.method == "POST":
        action = request.POST.get("action")
        if not (can_form_team if action == "team" else can_manage):
            raise PermissionDenied
        try:
            if action == "team":
                team_form = TeamForm(request.POST, campaign=campaign, prefix="team", user=request.user)
                if team_form.is_valid():
                    campaign_services.team_create(
                        campaign=campaign, created_by=request.user, **team_form.cleaned_data
                    )
                    messages.success(request, _("Team added."))
                    return redirect(request.path)
            elif action == "weights":
                weights_form = WeightsForm(request.POST, weights=campaign.weights, prefix="w")
                if weights_form.is_valid():
                    campaign_services.campaign_set_weights(
                        campaign=campaign, weights=weights_form.cleaned_data, changed_by=request.user
                    )
                    messages.success(request, _("Weights saved; risk scores recomputed."))
                    return redirect(request.path)
            elif action in ("close", "risk"):
                _campaign_command(request, campaign, action)
                return redirect(request.path)
        except ValidationError as exc:
            add_form_errors(team_form if action == "team" else weights_form, exc)
        except PAGE_ERRORS as exc:
            messages.error(request, error_message(exc))
    run = selectors.plan_run_latest(campaign=campaign)
    weights = campaign.weights
    return render(
        request,
        "inspections/campaign_detail.html",
        {
            "campaign": campaign,
            "can_manage": can_manage,
            "can_form_team": can_form_team,
            "teams": selectors.team_list(campaign=campaign),
            "team_form": team_form,
            "weights_form": weights_form,
            "ranking": selectors.risk_ranking(campaign=campaign, limit=15),
            "run": run,
            "plan_form": PlanForm(initial={"from_date": max(timezone.localdate(), campaign.starts_on)}),
            "factors": [(f.label, weights.get(f.value, 0)) for f in RiskFactor],
            "checkins": tablet_selectors.checkin_list(campaign=campaign, fetched_by=request.user),
        },
    )


@login_required
@require_POST
def campaign_plan_request(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for(request.user, pk, perm="inspections.manage_campaign")
    form = PlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid date."))
        return redirect("inspections:campaign-detail", pk=pk)
    try:
        run = planning_services.plan_request(
            campaign=campaign, requested_by=request.user, from_date=form.cleaned_data.get("from_date")
        )
    except PAGE_ERRORS as exc:
        messages.error(request, error_message(exc))
        return redirect("inspections:campaign-detail", pk=pk)
    run.refresh_from_db()
    if run.status == JobStatus.DONE:
        messages.success(
            request, _("The proposal is ready: check what it changes, then confirm or discard it.")
        )
    elif run.status == JobStatus.FAILED:
        messages.error(request, run.message)
    else:
        messages.info(request, _("The proposal is being computed; progress is shown below."))
    return redirect("inspections:plan-run", pk=run.pk)


@login_required
def plan_run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A plan proposal: what it changes per team and day, coverage before and after; confirm or discard."""
    run = selectors.plan_run_get_for(request.user, pk)
    rows, total_rows = selectors.plan_proposal_rows(run=run)
    changes = run.changes or {}
    return render(
        request,
        "inspections/plan_run.html",
        {
            "campaign": run.campaign,
            "run": run,
            "changes": changes,
            "rows": rows,
            "total_rows": total_rows,
            "outside_window": selectors.employer_names(changes.get("must_outside_window", [])[:50]),
            "provisional_days": [datetime.date.fromisoformat(d) for d in changes.get("provisional_days", [])],
            "can_manage": request.user.has_perm("inspections.manage_campaign", run.campaign),
            "form": PlanDecisionForm(),
        },
    )


@login_required
@require_POST
def plan_run_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Confirm or discard a plan proposal."""
    run = selectors.plan_run_get_for(request.user, pk, perm="inspections.manage_campaign")
    if action not in ("confirm", "discard"):
        raise Http404
    form = PlanDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note is too long."))
        return redirect("inspections:plan-run", pk=pk)
    try:
        if action == "confirm":
            planning_proposals.plan_confirm(run=run, confirmed_by=request.user, **form.cleaned_data)
            messages.success(request, _("Plan confirmed; the teams' calendars show it now."))
            return redirect("inspections:campaign-plan", pk=run.campaign_id)
        planning_proposals.plan_discard(run=run, discarded_by=request.user, **form.cleaned_data)
        messages.success(request, _("Proposal discarded; the plan stays as it was."))
    except PAGE_ERRORS as exc:
        messages.error(request, error_message(exc))
    return redirect("inspections:plan-run", pk=pk)


@login_required
def plan_versions(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmed plan versions of a campaign; an earlier one can be restored."""
    campaign = selectors.campaign_get_for(request.user, pk)
    versions = list(selectors.plan_version_list(campaign=campaign))
    return render(
        request,
        "inspections/plan_versions.html",
        {
            "campaign": campaign,
            "versions": versions,
            "current": versions[0].number if versions else None,
            "audit": selectors.campaign_audit_list(campaign=campaign),
            "audit_labels": CAMPAIGN_AUDIT_LABELS,
            "can_manage": request.user.has_perm("inspections.manage_campaign", campaign),
            "form": PlanDecisionForm(),
        },
    )


@login_required
@require_POST
def plan_version_restore(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    campaign = selectors.campaign_get_for(request.user, pk, perm="inspections.manage_campaign")
    version = selectors.plan_version_get(campaign=campaign, number=number)
    form = PlanDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note is too long."))
        return redirect("inspections:plan-versions", pk=pk)
    try:
        new = plan_version_services.plan_version_restore(
            version=version, restored_by=request.user, **form.cleaned_data
        )
        messages.success(
            request,
            _("Version %(old)s restored as version %(new)s.") % {"old": version.number, "new": new.number},
        )
    except PAGE_ERRORS as exc:
        messages.error(request, error_message(exc))
    return redirect("inspections:plan-versions", pk=pk)


def _parse_date(value: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value) if value else default
    except ValueError:
        return default


@login_required
def campaign_plan(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for(request.user, pk)
    visits = selectors.plan_visits(
        campaign=campaign,
        fetched_by=request.user,
        district_id=_int(request.GET.get("district")),
        team_id=_int(request.GET.get("team")),
        status=request.GET.get("status") or None,
    )
    start = _parse_date(request.GET.get("from"), max(timezone.localdate(), campaign.starts_on))
    start = min(max(start, campaign.starts_on), campaign.ends_on)
    calendar = selectors.team_calendar(campaign=campaign, visits=visits, first=start, days=10)
    from django.core.paginator import Paginator

    page = Paginator(visits, 50).get_page(request.GET.get("page"))
    can_edit_plan = request.user.has_perm("inspections.manage_campaign_district", campaign)
    # A district manager changes only the visits to the own district's workplaces.
    editable = {v.pk for v in page if can_edit_plan and in_same_district(request.user, v)}
    return render(
        request,
        "inspections/campaign_plan.html",
        {
            "campaign": campaign,
            "page": page,
            "calendar": calendar,
            "run": selectors.plan_run_latest(campaign=campaign),
            "version": selectors.plan_current_version(campaign=campaign),
            "can_manage": request.user.has_perm("inspections.manage_campaign", campaign),
            "can_edit_plan": can_edit_plan,
            "editable": editable,
            "teams": selectors.team_list(campaign=campaign),
            "districts": campaign.districts.all(),
            "statuses": VisitStatus.choices,
            "start": start,
            "prev_start": start - datetime.timedelta(days=14),
            "next_start": start + datetime.timedelta(days=14),
            "query": request.GET.urlencode(),
        },
    )


def _int(value) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


@login_required
@require_POST
def visit_plan_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    visit = selectors.visit_get_for(request.user, pk)
    try:
        if action == "lock":
            planning_services.visit_set_locked(visit=visit, locked=True, changed_by=request.user)
        elif action == "unlock":
            planning_services.visit_set_locked(visit=visit, locked=False, changed_by=request.user)
        elif action == "remove":
            planning_services.visit_remove(visit=visit, removed_by=request.user)
    except PAGE_ERRORS as exc:
        messages.error(request, error_message(exc))
    return redirect_next(request, "inspections:campaign-plan", pk=visit.campaign_id)


@login_required
def plan_run_status(request: HttpRequest, pk: int) -> JsonResponse:
    run = get_object_or_404(PlanRun, pk=pk)
    selectors.campaign_get_for(request.user, run.campaign_id)
    return JsonResponse(
        {
            "job": run.job_id,
            "status": run.status,
            "done": run.done,
            "total": run.total,
            "stage": run.stage,
            "message": run.message,
            "visits": run.visits,
            "gap": run.gap,
        }
    )


@login_required
def employer_risk(request: HttpRequest, pk: int, employer_id: int) -> HttpResponse:
    campaign = selectors.campaign_get_for(request.user, pk)
    risk = selectors.risk_get(campaign=campaign, employer_id=employer_id)
    if risk is None:
        from django.http import Http404

        raise Http404
    return render(
        request,
        "inspections/employer_risk.html",
        {"campaign": campaign, "risk": risk, "history": selectors.ledger_history(employer_id=employer_id)},
    )


# ------------------------------------------------------------------------------------------------
# Dashboard
# ------------------------------------------------------------------------------------------------


def _supervised_context(user, campaign) -> dict:
    """The cases of the campaign's districts under the city office's supervision (挂牌督办), as the user sees them."""
    from complaints.selectors.cases import supervised_cases

    district_ids = campaign.districts.values_list("pk", flat=True)
    return {"supervised": supervised_cases(fetched_by=user, district_ids=district_ids)}


def _dashboard_context(campaign) -> dict:
    fig = selectors.dashboard_figures(campaign=campaign)
    t = fig["totals"]
    inspected = float(t[Metric.EMPLOYERS_INSPECTED])
    goal = campaign.goal_employers
    charts = {
        "inspected": bar_chart(
            [(d["name"], float(d["values"][Metric.EMPLOYERS_INSPECTED])) for d in fig["districts"]],
            title=_("Employers inspected by district"),
        ),
        "open": bar_chart(
            [(d["name"], float(d["values"][Metric.OPEN_ARREARS])) for d in fig["districts"]],
            title=_("Open arrears cases by district"),
        ),
        "weekly": column_chart(
            [
                (w["week"].strftime("%m-%d"), float(w["values"][Metric.EMPLOYERS_INSPECTED]))
                for w in fig["weeks"]
            ],
            title=_("Employers inspected by week"),
        ),
        "cases": column_chart(
            [(w["week"].strftime("%m-%d"), float(w["values"][Metric.CASES_FILED])) for w in fig["weeks"]],
            title=_("Cases filed by week"),
        ),
    }
    return {
        "campaign": campaign,
        "fig": fig,
        "charts": charts,
        "progress": min(int(100 * inspected / goal), 100) if goal else None,
        "keys": [m["key"] for m in fig["metrics"]],
    }


@login_required
def campaign_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for(request.user, pk)
    if request.method == "POST":
        if not request.user.has_perm("inspections.manage_campaign_district", campaign):
            raise PermissionDenied
        figures_refresh(campaign=campaign)
        return redirect(request.path)
    if campaign.figures_refreshed_at is None:
        figures_refresh(campaign=campaign, announce=False)
    context = _dashboard_context(campaign) | _supervised_context(request.user, campaign)
    return render(request, "inspections/dashboard.html", context)


@login_required
def campaign_dashboard_panel(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for(request.user, pk)
    context = _dashboard_context(campaign) | _supervised_context(request.user, campaign)
    return render(request, "inspections/_dashboard_panel.html", context)


@login_required
def campaign_dashboard_print(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for(request.user, pk)
    return render(request, "inspections/dashboard_print.html", _dashboard_context(campaign))


EXPORTS = {
    "xlsx": (exports.figures_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "csv": (exports.figures_csv, "text/csv; charset=utf-8"),
    "pdf": (exports.figures_pdf, "application/pdf"),
}


@login_required
def campaign_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in EXPORTS:
        raise Http404
    campaign = selectors.campaign_get_for(request.user, pk)
    build, content_type = EXPORTS[fmt]
    fig = selectors.dashboard_figures(campaign=campaign)
    response = HttpResponse(build(campaign=campaign, fig=fig), content_type=content_type)
    as_of = fig["as_of"]
    stamp = timezone.localtime(as_of).strftime("%Y%m%d-%H%M") if as_of else "none"
    response["Content-Disposition"] = f'attachment; filename="campaign-{campaign.pk}-{stamp}.{fmt}"'
    return response


@login_required
def campaign_map(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for(request.user, pk, perm="inspections.view_campaign_map")
    districts = map_selectors.map_districts(campaign=campaign, fetched_by=request.user)
    form = MapFilterForm(request.GET or None, districts=districts)
    valid = form.is_valid() if form.is_bound else True
    query = request.GET.urlencode() if valid else ""
    api = reverse("inspections:api-campaign-map", args=[campaign.pk])
    config = {
        "url": f"{api}?{query}" if query else api,
        "tiles": settings.MAP_TILE_LAYERS,
        "strings": {
            "loading": _("Loading the map…"),
            "failed": _("The map's data could not be loaded."),
            "shown": _("%(n)s employers on the map"),
            "withoutPosition": _("%(n)s without a position (no coordinates in the ledger, no check-in)"),
            "truncated": _("Only the %(n)s highest risks are shown: narrow the filters."),
            "risk": _("Risk score"),
            "mustVisit": _("Must visit"),
            "checkin": _("Check-in"),
            "accuracy": _("accuracy %(n)s m"),
            "distance": _("%(n)s m from the workplace"),
            "positionFromCheckin": _("Position from a visit's check-in"),
            "area": _("Area covered by %(n)s workplaces (not the district boundary)"),
        },
    }
    return render(
        request,
        "inspections/campaign_map.html",
        {
            "campaign": campaign,
            "form": form,
            "districts": districts,
            "config": config,
            "statuses": MapStatus.choices,
            "bands": RiskBand.choices,
            "basemap": bool(settings.MAP_TILE_LAYERS),
        },
    )


# ------------------------------------------------------------------------------------------------
# Inspector's day and the visit
# ------------------------------------------------------------------------------------------------


@login_required
def my_day(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("inspections.view_campaign_list"):
        raise PermissionDenied
    day = _parse_date(request.GET.get("date"), timezone.localdate())
    visits = list(selectors.inspector_day(user=request.user, day=day))
    for v in visits:
        v.items = visit_services.checklist_for(v.employer.sector, v.employer.is_construction_project)
    return render(
        request,
        "inspections/my_day.html",
        {
            "cases": tablet_selectors.tablet_cases(user=request.user),
            "last_visits": tablet_selectors.last_visits(visits),
            "day": day,
            "visits": visits,
            "prev": day - datetime.timedelta(days=1),
            "next": day + datetime.timedelta(days=1),
            "done": sum(v.status == VisitStatus.COMPLETED for v in visits),
        },
    )


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.visit_get_for(request.user, pk)
    items = visit_services.checklist_for(visit.employer.sector, visit.employer.is_construction_project)
    can_complete = (
        request.user.has_perm("inspections.complete_visit", visit) and visit.status == VisitStatus.PLANNED
    )
    form = VisitCompleteForm(request.POST or None, items=items, initial={"version": visit.version})
    if request.method == "POST":
        if not can_complete:
            raise PermissionDenied
        if form.is_valid():
            try:
                visit_services.visit_complete(visit=visit, completed_by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_form_errors(form, exc)
            except PAGE_ERRORS as exc:
                form.add_error(None, error_message(exc))
            else:
                messages.success(request, _("Visit recorded."))
                return redirect("inspections:visit-detail", pk=visit.pk)
    risk = selectors.risk_get(campaign=visit.campaign, employer_id=visit.employer_id)
    return render(
        request,
        "inspections/visit_detail.html",
        {
            "checkin_distance": checkin_distance_m(visit),
            "last_visit": tablet_selectors.employer_last_visit(visit=visit),
            "visit": visit,
            "form": form,
            "can_complete": can_complete,
            "photo_form": PhotoForm(),
            "photos": visit.photos.all(),
            "risk": risk,
            "order": getattr(visit, "order", None),
            "audit": _audit_rows(visit),
            "checklist_labels": {i.value: i.label for i in items},
            "profile": getattr(visit.employer, "campaign_profile", None),
        },
    )


def _audit_rows(visit) -> list:
    rows = list(visit.audit.select_related("actor").order_by("at", "id"))
    for row in rows:
        row.label = AUDIT_LABELS.get(row.action, row.action)
    return rows


@login_required
@require_POST
def visit_photo_upload(request: HttpRequest, pk: int) -> HttpResponse:
    visit = selectors.visit_get_for(request.user, pk, perm="inspections.complete_visit")
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            visit_services.visit_photo_add(
                visit=visit, upload=form.cleaned_data["photo"], uploaded_by=request.user
            )
            messages.success(request, _("Photo added."))
        except PAGE_ERRORS as exc:
            if isinstance(exc, ValidationError) and is_too_large(exc):
                return request_refused(request, 413, error_message(exc))
            messages.error(request, error_message(exc))
    else:
        messages.error(request, _("Choose a photo."))
    return redirect("inspections:visit-detail", pk=visit.pk)


@login_required
def visit_photo(request: HttpRequest, pk: int, photo_id: int) -> FileResponse:
    visit = selectors.visit_get_for(request.user, pk)
    photo = get_object_or_404(VisitPhoto, pk=photo_id, visit=visit)
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def visit_order_document(request: HttpRequest, pk: int) -> FileResponse:
    """Serve the order to correct issued on a visit, as issued, to whoever may see the visit."""
    visit = selectors.visit_get_for(request.user, pk)
    order = getattr(visit, "order", None)
    if order is None or order.document is None:
        raise Http404
    return FileResponse(
        order.document.file.open("rb"),
        content_type="application/pdf",
        filename=f"{order.document.number}.pdf",
    )


# ------------------------------------------------------------------------------------------------
# Ledger
# ------------------------------------------------------------------------------------------------


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("inspections.import_ledger"):
        raise PermissionDenied
    form = LedgerUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            job = ledger_services.ledger_import_create(
                upload=form.cleaned_data["file"], uploaded_by=request.user
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
            status = 413 if is_too_large(exc) else status
        else:
            return redirect("inspections:ledger-import", pk=job.pk)
    return render(
        request,
        "inspections/ledger.html",
        {
            "form": form,
            "imports": selectors.ledger_import_list(fetched_by=request.user)[:20],
            "columns": ledger_services.COLUMNS,
        },
        status=status,
    )


@login_required
def ledger_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.ledger_import_get_for(request.user, pk)
    return render(request, "inspections/ledger_import.html", {"job": job, "errors": job.errors[:500]})


@login_required
def ledger_import_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = selectors.ledger_import_get_for(request.user, pk)
    return JsonResponse(
        {
            "job": job.job_id,
            "status": job.status,
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "errors": job.error_count,
            "created": job.created_count,
            "changed": job.changed_count,
            "unchanged": job.unchanged_count,
        }
    )
