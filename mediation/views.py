"""HTML pages: the worker's request form and tracking page; the mediator's queue, case page, week and rooms.

Views parse, call one service or selector, and render; errors from services become messages.
"""

from __future__ import annotations

import datetime
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from complaints import tracking_session
from complaints.services.upload_staging import (
    staged_as_uploads,
    staged_discard,
    staged_uploads,
    upload_stage,
)
from core.forms import is_too_large
from core.page_errors import PAGE_ERRORS, add_form_errors, error_message
from core.redirects import redirect_next

from . import selectors, services, tracking_registration
from .actions import action_get, mediation_reschedule, mediation_schedule
from .choices import MediationStatus
from .forms import (
    AgreementForm,
    ApplyForm,
    BookForm,
    FollowUpForm,
    OralForm,
    ReasonForm,
    SlotSearchForm,
    TermFormSet,
    UnavailabilityForm,
    week_start,
)
from .ics import ics_filename, session_ics
from .models import MediationEvidence
from .scheduling.finder import mediator_candidates, room_candidates, slot_search
from .services.common import require
from .services.requests import ALLOWED_TYPES as EVIDENCE_TYPES

FILED_SESSION_KEY = "mediation_filed"


def _days() -> int:
    # 劳动争议调解仲裁法 第十四条 (settings.WAGEWATCH, configurable).
    return settings.WAGEWATCH["MEDIATION_CALENDAR_DAYS"]


def staff_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm("mediation.view_schedule"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


# ---------------------------------------------------------------- public


def apply(request):
    if request.method == "POST":
        from complaints import throttles
        from core.views import too_many_requests

        verdict = throttles.gate(request, "intake")
        if not verdict.allowed:
            return too_many_requests(request, verdict.retry_after)
    form = ApplyForm(
        request.POST or None, request.FILES or None, initial={"form_token": ApplyForm.new_token()}
    )
    status, staged, dropped = 200, [], False
    if request.method == "POST":
        status = 400
        token = request.POST.get("form_token", "")
        staged = staged_uploads(token=token, keep=request.POST.getlist("staged"))
        if form.is_valid():
            kept = staged_as_uploads(staged)
            try:
                mreq, code = services.mediation_file(
                    data=form.cleaned_data, files=kept + form.cleaned_data["evidence"]
                )
            except ValidationError as exc:
                status = 413 if is_too_large(exc) else status
                add_form_errors(form, exc)
            else:
                staged_discard(token=token)
                request.session.cycle_key()
                request.session[FILED_SESSION_KEY] = {"number": mreq.tracking_number, "code": code}
                tracking_session.authorise(
                    request.session, mreq.tracking_number, tracking_registration.KIND, mreq
                )
                return redirect("mediation:applied")
            finally:
                for upload in kept:
                    upload.close()
        # Refused: keep the files received for the next submission (a browser cannot refill a file input).
        chosen = request.FILES.getlist("evidence")
        new = (
            []
            if status == 413
            else upload_stage(token=token, uploads=chosen, already=len(staged), allowed_types=EVIDENCE_TYPES)
        )
        staged, dropped = staged + new, len(new) < len(chosen)
    context = {"form": form, "mediation_days": _days(), "staged": staged, "files_dropped": dropped}
    return render(request, "mediation/apply.html", context, status=status)


@require_POST
def apply_check(request):
    """Check the fields of one step of the request form by the rules the filing is judged by."""
    from complaints.views.public import step_check_response

    return step_check_response(request, ApplyForm(request.POST))


def applied(request):
    filed = request.session.pop(FILED_SESSION_KEY, None)
    if not filed:
        return redirect("complaints:track")
    mreq = tracking_registration.fetch(filed["number"])
    return render(
        request, "mediation/applied.html", {"filed": filed, "mreq": mreq, "mediation_days": _days()}
    )


def track(request):
    """The tracking page is intake's: it serves complaints and mediation requests alike."""
    return redirect("complaints:track")


def _tracked(request, tracking_number: str):
    """Return the request whose current code this session proved; raise Http404 otherwise."""
    entry, mreq = tracking_session.tracked(request.session, tracking_number)
    if entry.name != tracking_registration.KIND:
        raise Http404
    return mreq


@tracking_session.back_to_tracking_when_replaced
def track_agreement(request, tracking_number: str):
    mreq = _tracked(request, tracking_number)
    if not mreq.agreement_pdf:
        raise Http404
    return FileResponse(mreq.agreement_pdf.open("rb"), filename=f"{mreq.tracking_number}.pdf")


@tracking_session.back_to_tracking_when_replaced
def track_session_ics(request, tracking_number: str, pk: int):
    mreq = _tracked(request, tracking_number)
    session = get_object_or_404(mreq.sessions, pk=pk)
    return _ics_response(session, for_staff=False)


def _ics_response(session, *, for_staff: bool) -> HttpResponse:
    response = HttpResponse(
        session_ics(session, for_staff=for_staff), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{ics_filename(session)}"'
    return response


# ---------------------------------------------------------------- staff


@staff_required
def request_list(request):
    filters = {
        "status": request.GET.get("status", "open"),
        "q": request.GET.get("q", ""),
        "mine": request.GET.get("mine"),
    }
    qs = selectors.mediation_list(fetched_by=request.user, filters=filters)[:200]
    return render(
        request,
        "mediation/list.html",
        {
            "requests": qs,
            "filters": filters,
            "statuses": MediationStatus.choices,
            "today": timezone.localdate(),
        },
    )


@staff_required
def request_detail(request, pk: int):
    mreq = selectors.mediation_get_for(request.user, pk)
    available = (
        {t.name for t in mreq.get_available_user_status_transitions(request.user)}
        if hasattr(mreq, "get_available_user_status_transitions")
        else {t.name for t in mreq.get_available_status_transitions()}
    )
    return render(
        request,
        "mediation/detail.html",
        {
            "mreq": mreq,
            "can_change": request.user.has_perm("mediation.change_request", mreq),
            "available": available,
            "sessions": mreq.sessions.all(),
            "audit": mreq.audit.select_related("actor").order_by("-at", "-id"),
            "reason_form": ReasonForm(),
            "follow_up_form": FollowUpForm(),
            "today": timezone.localdate(),
            "live_group": f"mediation-{mreq.pk}",
        },
    )


@staff_required
@require_POST
def request_act(request, pk: int, action: str):
    entry = action_get(action)
    mreq = selectors.mediation_get_for(request.user, pk)
    form = entry.form(request.POST, user=request.user)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        entry.run(request=mreq, by=request.user, **form.cleaned_data)
    except PAGE_ERRORS as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": entry.label})
    return redirect_next(request, "mediation:detail", pk=pk)


def _slot_query(search: SlotSearchForm) -> dict:
    """Return the slot search's parameters, or the defaults while the search form is not valid."""
    if search.is_valid():
        return search.cleaned_data
    return {"duration": 60, "attendees": 3, "remote": False, "mediator": None, "earliest": None}


def _slot_rows(request, mreq, q: dict, session) -> list[dict]:
    """Find the earliest free slots for the query, each with its mediator and room."""
    candidates = [m.pk for m in mediator_candidates(mreq)]
    if q.get("mediator"):
        candidates = [m for m in candidates if m == q["mediator"].pk]
    rooms = None if q.get("remote") else [r.pk for r in room_candidates(mreq, attendees=q["attendees"] or 3)]
    earliest = None
    if q.get("earliest"):
        earliest = timezone.make_aware(datetime.datetime.combine(q["earliest"], datetime.time.min))
    slots = slot_search(
        request=mreq,
        mediator_ids=candidates,
        room_ids=rooms,
        duration=datetime.timedelta(minutes=q["duration"] or 60),
        earliest=earliest,
        limit=8,
        exclude_session_id=session.pk if session else None,
    )
    people = {m.pk: m for m in selectors.mediators_for(request.user)}
    room_names = {r.pk: r for r in selectors.rooms_for(request.user)}
    return [
        {"slot": s, "mediator": people.get(s.mediator_id), "room": room_names.get(s.room_id)} for s in slots
    ]


def _booking_initial(mreq, q: dict, session) -> dict:
    """Return the booking form's first values: the request's mediator, or the session being moved."""
    initial = {"attendees": q["attendees"] or 3, "mediator": mreq.mediator_id}
    if session:
        initial.update(
            mediator=session.mediator_id,
            room=session.room_id,
            remote=session.remote,
            start_at=timezone.localtime(session.start_at).strftime("%Y-%m-%dT%H:%M"),
            end_at=timezone.localtime(session.end_at).strftime("%Y-%m-%dT%H:%M"),
        )
    return initial


@staff_required
def schedule(request, pk: int, session_pk: int | None = None):
    """Find a slot and book it (or move an existing session)."""
    mreq = selectors.mediation_get_for(request.user, pk)
    if request.method == "POST":
        require(request.user, "mediation.schedule_session", mreq)  # the role first, then the input
    session = get_object_or_404(mreq.sessions, pk=session_pk) if session_pk else None
    search = SlotSearchForm(
        request.GET or None,
        mediators=selectors.mediators_for(request.user),
        initial={"duration": 60, "attendees": 3},
    )
    q = _slot_query(search)
    form = BookForm(request.POST or None, user=request.user, initial=_booking_initial(mreq, q, session))
    if request.method == "POST" and form.is_valid():
        try:
            if session:
                mediation_reschedule(request=mreq, by=request.user, session=session.pk, **form.cleaned_data)
            else:
                mediation_schedule(request=mreq, by=request.user, **form.cleaned_data)
        except PAGE_ERRORS as exc:
            messages.error(request, error_message(exc))
        else:
            messages.success(request, _("Session booked. The parties are told by SMS."))
            return redirect("mediation:detail", pk=mreq.pk)
    return render(
        request,
        "mediation/schedule.html",
        {
            "mreq": mreq,
            "session": session,
            "search": search,
            "slots": _slot_rows(request, mreq, q, session),
            "form": form,
            "remote": q.get("remote"),
        },
    )


@staff_required
def agreement(request, pk: int):
    mreq = selectors.mediation_get_for(request.user, pk)
    if request.method == "POST":
        require(request.user, "mediation.change_request", mreq)  # the role first, then the input
    form = AgreementForm(request.POST or None, user=request.user)
    terms = TermFormSet(request.POST or None, prefix="term")  # renders the rows; form.terms reads them
    if request.method == "POST" and form.is_valid():
        try:
            services.mediation_reach_agreement(request=mreq, by=request.user, **form.cleaned_data)
        except PAGE_ERRORS as exc:
            messages.error(request, error_message(exc))
        else:
            messages.success(request, _("Agreement recorded; the agreement PDF is ready."))
            return redirect("mediation:detail", pk=mreq.pk)
    return render(request, "mediation/agreement.html", {"mreq": mreq, "form": form, "terms": terms})


@staff_required
def agreement_pdf(request, pk: int):
    mreq = selectors.mediation_get_for(request.user, pk)
    if not mreq.agreement_pdf:
        raise Http404
    return FileResponse(mreq.agreement_pdf.open("rb"), filename=f"{mreq.tracking_number}.pdf")


@staff_required
def session_ics_view(request, pk: int):
    return _ics_response(selectors.session_get_for(request.user, pk), for_staff=True)


@staff_required
def evidence_file(request, pk: int):
    evidence = get_object_or_404(MediationEvidence.objects.select_related("request"), pk=pk)
    if not request.user.has_perm("mediation.view_request", evidence.request):
        raise PermissionDenied
    return FileResponse(
        evidence.file.open("rb"), filename=evidence.original_name, content_type=evidence.content_type
    )


HOURS = list(range(8, 19))


def _week_days(monday: datetime.date) -> list[datetime.date]:
    return [monday + datetime.timedelta(days=i) for i in range(7)]


def _place(session, day_start_hour: int = HOURS[0]) -> dict:
    start = timezone.localtime(session.start_at)
    end = timezone.localtime(session.end_at)
    top = (start.hour - day_start_hour) * 60 + start.minute
    height = max(int((end - start).total_seconds() // 60), 20)
    return {"s": session, "top": top, "height": height, "start": start, "end": end}


def _columns(sessions, days):
    cols = {d: [] for d in days}
    for s in sessions:
        day = timezone.localtime(s.start_at).date()
        if day in cols:
            cols[day].append(_place(s))
    return [{"day": d, "items": cols[d], "today": d == timezone.localdate()} for d in days]


def _blocks(periods, days):
    """Unavailable periods cut into per-day blocks on the calendar grid."""
    out = {d: [] for d in days}
    for u in periods:
        for d in days:
            lo = timezone.make_aware(datetime.datetime.combine(d, datetime.time(HOURS[0])))
            hi = timezone.make_aware(
                datetime.datetime.combine(d, datetime.time(HOURS[-1]))
            ) + datetime.timedelta(hours=1)
            s, e = max(u.start_at, lo), min(u.end_at, hi)
            if s < e:
                top = int((s - lo).total_seconds() // 60)
                out[d].append({"u": u, "top": top, "height": max(int((e - s).total_seconds() // 60), 15)})
    return out


@staff_required
def week(request):
    monday = week_start(request.GET.get("week"))
    mediators = selectors.mediators_for(request.user)
    mediator = request.user if request.user.role == "mediator" else mediators.first()
    if request.GET.get("mediator"):
        mediator = get_object_or_404(mediators, pk=request.GET["mediator"])
    form = UnavailabilityForm(request.POST or None)
    if request.method == "POST" and mediator is not None and form.is_valid():
        try:
            services.unavailability_add(mediator=mediator, by=request.user, **form.cleaned_data)
        except PAGE_ERRORS as exc:
            messages.error(request, error_message(exc))
        else:
            messages.success(request, _("The period is blocked in the calendar."))
            return redirect(f"{reverse('mediation:week')}?week={monday:%Y-%m-%d}&mediator={mediator.pk}")
    days = _week_days(monday)
    sessions = selectors.week_sessions(mediator=mediator, monday=monday) if mediator else []
    periods = selectors.week_unavailability(mediator=mediator, monday=monday) if mediator else []
    weekend = any(timezone.localtime(s.start_at).weekday() >= 5 for s in sessions)
    shown = days if weekend else days[:5]
    blocks = _blocks(periods, shown)
    columns = _columns(sessions, shown)
    for col in columns:
        col["blocks"] = blocks[col["day"]]
    return render(
        request,
        "mediation/week.html",
        {
            "monday": monday,
            "days": days,
            "columns": columns,
            "hours": HOURS,
            "mediator": mediator,
            "mediators": mediators,
            "prev": monday - datetime.timedelta(days=7),
            "next": monday + datetime.timedelta(days=7),
            "sessions": sessions,
            "periods": periods,
            "grid_height": len(HOURS) * 60,
            "form": form,
        },
    )


@staff_required
def rooms(request):
    monday = week_start(request.GET.get("week"))
    day = request.GET.get("day")
    try:
        day = (
            datetime.date.fromisoformat(day)
            if day
            else max(monday, timezone.localdate())
            if monday <= timezone.localdate() < monday + datetime.timedelta(days=7)
            else monday
        )
    except ValueError:
        day = monday
    room_list = list(selectors.rooms_for(request.user))
    sessions = [
        s
        for s in selectors.room_sessions(rooms=room_list, monday=monday)
        if timezone.localtime(s.start_at).date() == day
    ]
    by_room = {r.pk: [] for r in room_list}
    for s in sessions:
        by_room[s.room_id].append(_place(s))
    return render(
        request,
        "mediation/rooms.html",
        {
            "day": day,
            "days": _week_days(monday)[:5],
            "monday": monday,
            "columns": [{"room": r, "items": by_room[r.pk]} for r in room_list],
            "hours": HOURS,
            "grid_height": len(HOURS) * 60,
            "prev": monday - datetime.timedelta(days=7),
            "next": monday + datetime.timedelta(days=7),
        },
    )


@staff_required
def oral(request):
    if not request.user.has_perm("mediation.record_oral"):
        raise PermissionDenied
    form = OralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mreq, code = services.mediation_record_oral(
                by=request.user, data=form.cleaned_data, applied_at=form.cleaned_data["applied_at"]
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            return render(
                request,
                "mediation/applied.html",
                {
                    "filed": {"number": mreq.tracking_number, "code": code},
                    "mreq": mreq,
                    "staff": True,
                    "mediation_days": _days(),
                },
            )
    return render(request, "mediation/oral.html", {"form": form})


@login_required
def refer_complaint(request, complaint_pk: int):
    """An inspector refers a complaint as a private dispute: one action, no retyping."""
    from complaints.models import Complaint

    complaint = get_object_or_404(Complaint, pk=complaint_pk)
    if not request.user.has_perm("mediation.refer_complaint", complaint):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mreq = services.complaint_refer_to_mediation(
                complaint=complaint, by=request.user, reason=form.cleaned_data["reason"]
            )
        except PAGE_ERRORS as exc:
            messages.error(request, error_message(exc))
        else:
            messages.success(
                request, _("Referred to mediation as %(number)s.") % {"number": mreq.tracking_number}
            )
            return redirect("core:staff-home")
    return render(request, "mediation/refer.html", {"complaint": complaint, "form": form})
