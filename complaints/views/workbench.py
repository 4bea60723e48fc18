"""The inspectors' and managers' workbench (HTML, tablet first): case lists, the case page, actions."""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_fsm import ConcurrentTransition

from core.page_errors import PAGE_ERRORS, add_form_errors, error_message
from core.redirects import safe_next_url
from core.rules import is_manager, is_staff_member

from .. import actions, deadlines
from ..action_forms import (
    ACTION_FORMS,
    ACTION_LABELS,
    GRAVE_ACTIONS,
    GROUP_FORMS,
    GROUP_LABELS,
    NoteAddForm,
)
from ..choices import OPEN_STATUSES, CaseStatus, Category, TransferStatus
from ..filters import CaseFilter
from ..limitation import complaint_within_limitation
from ..models import Complaint
from ..pagination import PAGE_SIZE, CappedPaginator
from ..selectors.cases import (
    assigned_inspector_names,
    choice_label,
    complaint_get_for,
    complaint_list,
    complaint_list_page_prefetch,
    complaint_timeline,
    group_siblings,
    workbench_filters,
)
from ..selectors.records import record_list
from ..services.assignment import complaints_bulk_assign
from ..services.group_actions import complaint_group_act, group_action_check
from ..services.notes import case_note_add

# Module-level labels are lazy: translated when shown, in the language of the request.
VIEWS = {
    "mine": gettext_lazy("My cases"),
    "queue": gettext_lazy("District queue"),
    "all": gettext_lazy("All cases"),
}


def _staff_only(request: HttpRequest) -> None:
    if not is_staff_member(request.user):
        raise PermissionDenied


def _list_filters(request: HttpRequest, view: str) -> dict:
    return workbench_filters(view, request.GET)


def _default_view(user) -> str:
    return "queue" if is_manager(user) else "mine"


_ROW_TEXTS: dict[str, dict[str, str]] = {}


def _row_texts() -> dict[str, str]:
    """The fixed words of a list row, translated once per language."""
    lang = get_language() or ""
    texts = _ROW_TEXTS.get(lang)
    if texts is None:
        texts = _ROW_TEXTS[lang] = {
            "select": _("Select"),
            "unidentified": _("unidentified"),
            "nobody": _("Nobody assigned yet."),
            "overdue": _("overdue"),
            "soon": _("due soon"),
            "provisional": _("provisional"),
            "provisional_help": _("The calendar for that year is not loaded yet; computed on weekdays only."),
            "transfer": _("transfer pending"),
            "supervised": _("supervised"),
            "supervised_help": _("Supervised by the city office (挂牌督办), to be handled by"),
        }
    return texts


def _row_context(complaint: Complaint, user, today) -> dict:
    """Everything one list row shows, computed here so that the row template stays cheap."""
    actions_now = actions.available_actions(complaint, user)
    amount = complaint.amount_owed
    n_actions = len(actions_now)
    return {
        "c": complaint,
        "t": _row_texts(),
        "url": reverse("complaints:staff-case", args=[complaint.pk]),
        "status_label": choice_label(CaseStatus, complaint.status),
        "category_label": choice_label(Category, complaint.category),
        "employer_name": complaint.employer.name
        if complaint.employer_id
        else (complaint.employer_name_given or "—"),
        "amount_text": "—" if amount is None else f"¥{amount:,.0f}",
        "workers_text": ngettext("%(n)d worker", "%(n)d workers", complaint.workers_affected)
        % {"n": complaint.workers_affected},
        "deadline_text": complaint.next_deadline.isoformat() if complaint.next_deadline else "",
        "inspectors": assigned_inspector_names(complaint),
        "deadline_state": deadlines.deadline_state(complaint, today=today),
        "provisional": deadlines.is_provisional(complaint),
        "actions": actions_now,
        "actions_text": ngettext("%(n)d action", "%(n)d actions", n_actions) % {"n": n_actions}
        if n_actions
        else "",
        "can_bulk": is_manager(user),
    }


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    """Lists: my cases (nearest deadline first), the district queue, all visible cases; with filters."""
    _staff_only(request)
    view = request.GET.get("view") or _default_view(request.user)
    if view not in VIEWS:
        view = _default_view(request.user)
    filters = _list_filters(request, view)
    cases = complaint_list(fetched_by=request.user, filters=filters)
    paginator = CappedPaginator(cases, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = complaint_list_page_prefetch(list(page.object_list))
    rows_html = _render_rows(rows, request.user, today)
    query = request.GET.copy()
    query.pop("page", None)
    active = sum(1 for k, v in request.GET.items() if k not in ("view", "page") and v)
    context = {
        "views": VIEWS,
        "view_label": VIEWS[view],
        "view": view,
        "page": page,
        "rows_html": rows_html,
        "filters_html": _filters_html(request, view, active),
        "active_filters": active,
        "query": query.urlencode(),
        "view_query": urlencode({k: v for k, v in request.GET.items() if k not in ("view", "page")}),
        "is_manager": is_manager(request.user),
        "count": min(paginator.count, paginator.cap),
        "count_capped": paginator.count_capped,
        "bulk_inspectors": _bulk_inspectors(request.user) if is_manager(request.user) else [],
        "soon_days": deadlines.settings.WAGEWATCH["DEADLINE_WARNING_WORKING_DAYS"],
    }
    return render(request, "complaints/workbench/list.html", context)


def _bulk_inspectors(user):
    from core.choices import Role
    from core.models import User

    qs = User.objects.filter(role=Role.INSPECTOR, is_active=True)
    if user.district_id is not None:
        qs = qs.filter(district_id=user.district_id)
    return qs.order_by("display_name", "username")


def _render_rows(complaints: list[Complaint], user, today) -> str:
    """Render list rows in one template pass (the row partial for the live client uses it with one)."""
    rows = [_row_context(c, user, today) for c in complaints]
    return mark_safe(get_template("complaints/workbench/_rows.html").render({"rows": rows}).strip())  # noqa: S308


def _filters_html(request: HttpRequest, view: str, active: int) -> str:
    """Render the filter form, cached a few minutes per language and query (widgets are slow to render)."""
    query = urlencode(sorted((k, v) for k, v in request.GET.lists() if k != "page"), doseq=True)
    key = "wb-filters:" + hashlib.sha256(f"{get_language()}|{view}|{active}|{query}".encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        form = CaseFilter(request.GET or None, request_user=request.user).form
        html = render_to_string(
            "complaints/workbench/_filters.html",
            {"filter_form": form, "view": view, "active_filters": active},
        )
        cache.set(key, html, FILTERS_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308  (rendered by our own template)


FILTERS_CACHE_SECONDS = 300


@login_required
def case_row(request: HttpRequest, pk: int) -> HttpResponse:
    """One list row (for the live client to swap in when the case changes)."""
    _staff_only(request)
    complaint = complaint_get_for(request.user, pk)
    return HttpResponse(_render_rows([complaint], request.user, timezone.localdate()))


def _action_forms(complaint: Complaint, user, bound: dict | None = None) -> list[dict]:
    forms = []
    names = actions.available_actions(complaint, user)
    # The next step of the case stands out; assigning and the grave decisions stay secondary.
    primary = next((n for n in names if n != "assign" and n not in GRAVE_ACTIONS), None)
    for name in names:
        form = bound.get(name) if bound else None
        forms.append(
            {
                "name": name,
                "label": ACTION_LABELS[name],
                "form": form or ACTION_FORMS[name](complaint=complaint, auto_id=f"id_{name}_%s"),
                "grave": name in GRAVE_ACTIONS,
                "primary": name == primary,
                "open": form is not None,
            }
        )
    return forms


@login_required
def case_detail(
    request: HttpRequest, pk: int, *, bound: dict | None = None, status: int = 200
) -> HttpResponse:
    """The case page: summary, deadlines, claimants, evidence, group, decisions, timeline, actions."""
    _staff_only(request)
    complaint = complaint_get_for(request.user, pk)
    today = timezone.localdate()
    siblings = group_siblings(complaint)
    context = {
        "c": complaint,
        "deadline_state": deadlines.deadline_state(complaint, today=today),
        "provisional": deadlines.is_provisional(complaint),
        "days_left": deadlines.working_days_left(complaint, today=today),
        # The rule itself, as acceptance applies it (the flag stored at intake shows the intake's view).
        "outside_limitation": not complaint_within_limitation(complaint),
        "see_claimants": request.user.has_perm("complaints.see_claimants", complaint),
        "timeline": _timeline_rows(complaint_timeline(complaint)),
        "siblings": siblings,
        "duplicates": list(complaint.duplicates.order_by("received_at")),
        "action_forms": _action_forms(complaint, request.user, bound),
        "blocked": [
            (ACTION_LABELS[n], reasons) for n, reasons in actions.blocked_actions(complaint, request.user)
        ],
        "assignments": list(complaint.assignments.all()),
        "transfers": (transfers := list(complaint.transfers.all())),
        "pending_transfer": next((t for t in transfers if t.status == TransferStatus.PENDING), None),
        "supervision": next((s for s in complaint.supervisions.all() if s.lifted_at is None), None),
        "notes": list(complaint.notes.all()),
        "note_form": (bound or {}).get("_note") or NoteAddForm(auto_id="id_note_%s"),
        "can_note": request.user.has_perm("complaints.add_note", complaint),
        "group_forms": _group_forms(complaint, request.user, siblings, bound),
        "decisions": list(complaint.decisions.all()),
        "payments": list(complaint.payments.all()),
        "outcome": getattr(complaint, "outcome", None) if _has_outcome(complaint) else None,
        "status_steps": _status_steps(complaint),
        "today": today,
        "records": list(record_list(complaint=complaint)),
        "may_record": request.user.has_perm("complaints.record_investigation", complaint)
        and complaint.status in OPEN_STATUSES,
    }
    return render(request, "complaints/workbench/detail.html", context, status=status)


AUDIT_LABELS = {
    "created": gettext_lazy("Complaint received"),
    "assign": gettext_lazy("Inspectors assigned"),
    "unassign": gettext_lazy("Inspector taken off the case"),
    "supplement_received": gettext_lazy("More material received"),
    "evidence_added": gettext_lazy("Evidence added"),
    "withdraw": gettext_lazy("Withdrawn by the worker"),
    "deadlines_recomputed": gettext_lazy("Deadlines recomputed (calendar changed)"),
    "record_added": gettext_lazy("Investigation record added"),
    "record_attachment_added": gettext_lazy("Attachment added to a record"),
    "merged_in": gettext_lazy("A duplicate was merged into this case"),
    "note_added": gettext_lazy("Internal note added"),
    "deadline_overdue": gettext_lazy("Deadline passed"),
}


def _status_label(value: str) -> str:
    from ..choices import CaseStatus

    try:
        return str(CaseStatus(value).label)
    except ValueError:
        return value


def _timeline_rows(entries) -> list[dict]:
    rows = []
    for e in entries:
        changes = e.changes if isinstance(e.changes, dict) else {}
        names = changes.get("inspectors", [[], []])
        rows.append(
            {
                "e": e,
                "label": ACTION_LABELS.get(e.action) or AUDIT_LABELS.get(e.action) or e.action,
                "moved": bool(e.from_status and e.from_status != e.to_status),
                "from_label": _status_label(e.from_status),
                "to_label": _status_label(e.to_status),
                "people": names[1] if isinstance(names, list) and len(names) == 2 else [],
                "record_id": changes.get("record_id") if e.action == "record_added" else None,
            }
        )
    return rows


def _has_outcome(complaint: Complaint) -> bool:
    try:
        complaint.outcome  # noqa: B018
    except Complaint.outcome.RelatedObjectDoesNotExist:
        return False
    return True


STEPS = [
    ("received", gettext_lazy("Received")),
    ("accepted", gettext_lazy("Case opened")),
    ("investigating", gettext_lazy("Investigating")),
    ("ordered", gettext_lazy("Order issued")),
    ("decided", gettext_lazy("Paid or decided")),
    ("closed", gettext_lazy("Closed")),
]
STEP_OF = {
    "received": 0,
    "needs_supplement": 0,
    "accepted": 1,
    "investigating": 2,
    "ordered": 3,
    "complied": 4,
    "not_complied": 4,
    "resolved": 4,
    "case_withdrawn": 4,
    "closed": 5,
    "not_accepted": 5,
    "referred": 5,
    "withdrawn": 5,
    "merged": 5,
}


def _status_steps(complaint: Complaint) -> list[dict]:
    current = STEP_OF.get(complaint.status, 0)
    if current == len(STEPS) - 1:
        current = len(STEPS)  # finished: every step done
    return [
        {"label": label, "state": "done" if i < current else ("current" if i == current else "")}
        for i, (_key, label) in enumerate(STEPS)
    ]


@login_required
@require_POST
def case_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Take one action from the case page; errors come back on the page, in the action's form."""
    _staff_only(request)
    complaint = complaint_get_for(request.user, pk)
    seen = request.POST.get("seen_status")
    try:
        if seen and seen != complaint.status:
            raise ConcurrentTransition(
                _("This case was changed by someone else just now. Reload it and try again.")
            )
        actions.precheck(complaint, request.user, action)
        form = ACTION_FORMS[action](request.POST, complaint=complaint, auto_id=f"id_{action}_%s")
        if not form.is_valid():
            messages.error(request, _("Please correct the fields marked below."))
            return case_detail(request, pk, bound={action: form}, status=400)
        actions.perform(complaint, request.user, action, form.kwargs())
    except ValidationError as exc:
        form = ACTION_FORMS[action](request.POST, complaint=complaint, auto_id=f"id_{action}_%s")
        form.is_valid()
        add_form_errors(form, exc)
        return case_detail(request, pk, bound={action: form}, status=400)
    except PAGE_ERRORS as exc:
        messages.error(request, error_message(exc))
        return redirect("complaints:staff-case", pk=pk)
    messages.success(request, _("Done: %(action)s.") % {"action": ACTION_LABELS[action]})
    return redirect("complaints:staff-case", pk=pk)


def _group_forms(complaint: Complaint, user, siblings: list, bound: dict | None) -> list[dict]:
    """The group actions the user may take from the case page (only for a case with open siblings)."""
    if complaint.group_id is None or not user.has_perm("complaints.group_act", complaint):
        return []
    if not any(s.status in OPEN_STATUSES for s in siblings):
        return []
    return [
        {
            "name": name,
            "label": GROUP_LABELS[name],
            "form": (bound or {}).get(f"group:{name}")
            or GROUP_FORMS[name](complaint=complaint, auto_id=f"id_group_{name}_%s"),
            "open": bool(bound and f"group:{name}" in bound),
        }
        for name in GROUP_FORMS
    ]


@login_required
@require_POST
def case_group_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Take one action on every open case of the case's group (all or none) from the case page."""
    _staff_only(request)
    complaint = complaint_get_for(request.user, pk)
    if action not in GROUP_FORMS:
        raise Http404
    form = GROUP_FORMS[action](request.POST, complaint=complaint, auto_id=f"id_group_{action}_%s")
    try:
        group_action_check(complaint, request.user, action)
        if not form.is_valid():
            messages.error(request, _("Please correct the fields marked below."))
            return case_detail(request, pk, bound={f"group:{action}": form}, status=400)
        result = complaint_group_act(complaint=complaint, by=request.user, action=action, **form.kwargs())
    except PAGE_ERRORS as exc:
        messages.error(request, error_message(exc))
        return redirect("complaints:staff-case", pk=pk)
    done = "、".join(c.tracking_number for c in result.done)
    text = _("Done for %(n)d case(s) of the group: %(numbers)s.") % {"n": len(result.done), "numbers": done}
    if result.skipped:
        text += " " + _("Left as they are (their state does not admit it): %(numbers)s.") % {
            "numbers": "、".join(c.tracking_number for c in result.skipped)
        }
    messages.success(request, text)
    return redirect("complaints:staff-case", pk=pk)


@login_required
@require_POST
def case_note_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an internal note to the case from its page."""
    _staff_only(request)
    complaint = complaint_get_for(request.user, pk)
    if not request.user.has_perm("complaints.add_note", complaint):
        raise PermissionDenied
    form = NoteAddForm(request.POST, complaint=complaint, auto_id="id_note_%s")
    try:
        if not form.is_valid():
            return case_detail(request, pk, bound={"_note": form}, status=400)
        case_note_add(complaint=complaint, by=request.user, text=form.cleaned_data["text"])
    except ValidationError as exc:
        add_form_errors(form, exc)
        return case_detail(request, pk, bound={"_note": form}, status=400)
    messages.success(request, _("Note added."))
    return redirect(reverse("complaints:staff-case", args=[pk]) + "#notes")


@login_required
@require_POST
def bulk_assign(request: HttpRequest) -> HttpResponse:
    """Managers: assign the selected inspectors to the selected cases."""
    _staff_only(request)
    if not request.user.has_perm("complaints.bulk_assign"):
        raise PermissionDenied
    ids = [int(x) for x in request.POST.getlist("case") if x.isdigit()][:200]
    inspector_ids = [int(x) for x in request.POST.getlist("inspector") if x.isdigit()]
    back = safe_next_url(request, "complaints:staff-cases")
    if not ids or not inspector_ids:
        messages.error(request, _("Choose cases and at least one inspector."))
        return redirect(back)
    cases = [complaint_get_for(request.user, pk) for pk in ids]
    inspectors = list(_bulk_inspectors(request.user).filter(pk__in=inspector_ids))
    try:
        complaints_bulk_assign(complaints=cases, by=request.user, inspectors=inspectors)
    except PAGE_ERRORS as exc:
        messages.error(request, error_message(exc))
        return redirect(back)
    messages.success(request, _("%(n)d case(s) assigned.") % {"n": len(cases)})
    return redirect(back)


@login_required
def notice_file(request: HttpRequest, pk: int, notice_id: int) -> FileResponse:
    """Serve a written notice (PDF) of a case the user may see."""
    _staff_only(request)
    complaint = complaint_get_for(request.user, pk)
    notice = get_object_or_404(complaint.notices.all(), pk=notice_id)
    return FileResponse(
        notice.file.open("rb"),
        content_type="application/pdf",
        filename=f"{complaint.tracking_number}-{notice.kind}.pdf",
    )
