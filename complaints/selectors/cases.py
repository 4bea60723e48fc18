"""Reading cases: what a member of staff may see, with everything a list or case page needs."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import get_language

from core.rules import is_admin, is_inspector, is_manager, is_staff_member

from ..models import Assignment, AuditEntry, CaseNote, Complaint, Transfer

LIST_PREFETCH: tuple[str, ...] = ()
_LABELS: dict[tuple[str, str], dict[str, str]] = {}


def choice_label(choices_class, value: str) -> str:
    """Return a choice's label in the active language, cached (Model.get_FOO_display evaluates every
    lazy label of the field on each call: ~0.4 ms a row for the case status)."""
    key = (choices_class.__name__, get_language() or "")
    labels = _LABELS.get(key)
    if labels is None:
        labels = _LABELS[key] = {v: str(label) for v, label in choices_class.choices}
    return labels.get(value, value)


# Rows in these states need money and decisions to know which actions are open (thresholds, surcharge).
MONEY_STATES = frozenset({"ordered", "not_complied"})


def visible_to(user) -> Q | None:
    """Return the condition for the cases ``user`` may see (None: none at all)."""
    if not is_staff_member(user):
        return None
    if is_admin(user):
        return Q()
    if not (is_inspector(user) or is_manager(user)):
        return None  # mediators work on mediation requests, not inspection cases
    if user.district_id is None:
        return Q()
    # A case on its way to this district (a pending transfer) is seen by both offices.
    q = Q(district_id=user.district_id) | Q(transfer_to_id=user.district_id)
    if is_inspector(user):
        q |= Q(Exists(Assignment.objects.filter(complaint_id=OuterRef("pk"), inspector_id=user.pk)))
    return q


def complaint_list(*, fetched_by, filters: dict | None = None) -> QuerySet[Complaint]:
    """Return the cases ``fetched_by`` may see, filtered (complaints/filters.py) and sorted by deadline."""
    from ..filters import CaseFilter

    condition = visible_to(fetched_by)
    if condition is None:
        return Complaint.objects.none()
    qs = (
        Complaint.objects.filter(condition)
        .select_related("district", "employer")
        .prefetch_related(*LIST_PREFETCH)
    )
    if filters:
        case_filter = CaseFilter(filters, queryset=qs, request_user=fetched_by)
        qs = case_filter.qs if case_filter.is_valid() else qs.none()
    return qs.order_by(*ordering_for(filters))


def workbench_filters(view: str, params) -> dict:
    """Return the filters of a workbench list: its query ``params`` plus what the tab ``view`` implies.

    "mine" is the user's own open cases, "queue" the open cases of the district, "all" every visible case.
    """
    filters = params.copy()
    for key in ("view", "page"):
        filters.pop(key, None)
    if view == "mine":
        filters["mine"] = "true"
        filters.setdefault("open", "true")
    elif view == "queue":
        filters.setdefault("open", "true")
    return filters


def complaint_home_counts(user) -> list:
    """Return the figures of a staff member's home page: to accept, due soon, overdue (core.views.HomeCount).

    Each is the length of the workbench list its link opens (the same filters), so the two never disagree.
    """
    from urllib.parse import urlencode

    from django.conf import settings
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from core.views import HomeCount

    own = "queue" if is_manager(user) else "mine"
    soon_days = settings.WAGEWATCH["DEADLINE_WARNING_WORKING_DAYS"]
    figures = [
        ("to_accept", _("To accept"), "queue", {"status": "received"}, ""),
        (
            "due_soon",
            _("Due within %(n)d working days") % {"n": soon_days},
            own,
            {"due_within": str(soon_days)},
            "soon",
        ),
        ("overdue", _("Overdue"), own, {"overdue": "true"}, "overdue"),
    ]
    out = []
    for key, label, view, params, tone in figures:
        count = complaint_list(fetched_by=user, filters=workbench_filters(view, dict(params))).count()
        url = reverse("complaints:staff-cases") + "?" + urlencode({"view": view, **params})
        out.append(HomeCount(key=key, label=label, count=count, url=url, tone=tone))
    return out


def complaint_list_page_prefetch(rows: list[Complaint]) -> list[Complaint]:
    """Attach to one page's rows what their actions depend on, in at most four small queries.

    Plain tuples rather than Django's prefetch (which builds a model instance per related row): every
    row gets its assigned inspectors; rows in states that need money get payments, decisions, members.
    """
    from ..models import Decision, GroupMember, Payment
    from ..permissions import LIST_CACHE

    if not rows:
        return rows
    caches: dict[int, dict] = {}
    for c in rows:
        caches[c.pk] = getattr(c, LIST_CACHE, None) or {}
        setattr(c, LIST_CACHE, caches[c.pk])
        caches[c.pk]["assignments"] = []
    for row in (
        Assignment.objects.filter(complaint_id__in=list(caches))
        .order_by("assigned_at", "id")
        .values_list(
            "complaint_id",
            "inspector_id",
            "inspector__display_name",
            "inspector__first_name",
            "inspector__last_name",
            "inspector__username",
            named=True,
        )
    ):
        caches[row.complaint_id]["assignments"].append(row)
    needing = [c.pk for c in rows if c.status in MONEY_STATES]
    if needing:
        related = (
            ("payments", Payment.objects.values_list("complaint_id", "worker_name", "amount", named=True)),
            ("decisions", Decision.objects.values_list("complaint_id", "kind", "amount", named=True)),
            ("members", GroupMember.objects.values_list("complaint_id", "name", "amount_owed", named=True)),
        )
        for name, queryset in related:
            for pk in needing:
                caches[pk][name] = []
            for related_row in queryset.filter(complaint_id__in=needing):
                caches[related_row.complaint_id][name].append(related_row)
    return rows


def assigned_inspector_names(complaint: Complaint) -> list[str]:
    """Return the names of the case's inspectors (as User.__str__), from the list cache when present."""
    from ..permissions import LIST_CACHE

    listed = getattr(complaint, LIST_CACHE, None)
    if listed is not None and "assignments" in listed:
        return [
            row.inspector__display_name
            or f"{row.inspector__first_name} {row.inspector__last_name}".strip()
            or row.inspector__username
            for row in listed["assignments"]
        ]
    return [str(a.inspector) for a in complaint.assignments.all()]


def ordering_for(filters: dict | None) -> list:
    from django.db.models import F

    order = (filters or {}).get("ordering") if filters else None
    if order == "-received_at":
        return ["-received_at", "-id"]
    if order == "received_at":
        return ["received_at", "id"]
    return [F("next_deadline").asc(nulls_last=True), "id"]


def complaint_get_for(user, pk) -> Complaint:
    """Fetch one case with what its page needs, or raise Http404 if ``user`` may not see it."""
    try:
        complaint = (
            Complaint.objects.select_related(
                "district", "employer", "group", "outcome", "transfer_to", "merged_into"
            )
            .prefetch_related(
                Prefetch(
                    "assignments",
                    queryset=Assignment.objects.select_related("inspector").order_by("assigned_at", "id"),
                ),
                "payments",
                "decisions",
                "members",
                "evidence",
                "notices",
                Prefetch(
                    "transfers", queryset=Transfer.objects.select_related("from_district", "to_district")
                ),
                "supervisions",
                Prefetch(
                    "notes", queryset=CaseNote.objects.select_related("author").prefetch_related("mentions")
                ),
            )
            .get(pk=pk)
        )
    except (Complaint.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not user.has_perm("complaints.view_complaint", complaint):
        raise Http404
    return complaint


def complaint_timeline(complaint: Complaint) -> list[AuditEntry]:
    """Return the audit rows of the case, oldest first (the case timeline)."""
    return list(AuditEntry.objects.filter(complaint=complaint).select_related("actor").order_by("at", "id"))


def group_siblings(complaint: Complaint) -> list[Complaint]:
    """Other complaints in the same group (same employer and period), for linking on the case page."""
    if complaint.group_id is None:
        return []
    return list(
        Complaint.objects.filter(group_id=complaint.group_id)
        .exclude(pk=complaint.pk)
        .order_by("received_at")[:50]
    )


def supervised_cases(*, fetched_by, district_ids=None, limit: int = 20) -> dict:
    """Return the open cases under the city office's supervision that the user may see (挂牌督办).

    ``count`` and ``overdue`` are over all of them (within ``district_ids`` when given); ``rows`` are the
    ``limit`` nearest due.
    """
    from django.utils import timezone

    qs = complaint_list(fetched_by=fetched_by, filters={"supervised": "true", "open": "true"})
    if district_ids is not None:
        qs = qs.filter(district_id__in=list(district_ids))
    qs = qs.order_by("supervision_due", "id")
    today = timezone.localdate()
    return {
        "count": qs.count(),
        "overdue": qs.filter(supervision_due__lt=today).count(),
        "rows": list(qs[:limit]),
        "today": today,
    }
