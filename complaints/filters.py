"""Filters for case lists (workbench and API), django-filter."""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import District, Employer

from . import deadlines
from .choices import OPEN_STATUSES, CaseStatus, Category
from .models import Complaint

# Searching employers by name first, then cases by employer id, keeps the case query on its indexes.
EMPLOYER_SEARCH_LIMIT = 200
# A text search narrows to at most this many cases (found through trigram indexes) before sorting.
TEXT_MATCH_LIMIT = 5000
TRACKING_PREFIX = re.compile(r"^\d{4}[A-Za-z]?-\d")


class StatusSelect(forms.SelectMultiple):
    """Shown as one drop-down on the tablet; the API may still pass ?status=a&status=b."""

    allow_multiple_selected = False

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if isinstance(values, str):
            values = [values]
        return [v for v in values or [] if v]


class CaseFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=[("", _("Any status")), *CaseStatus.choices],
        widget=StatusSelect,
        distinct=False,  # no join: DISTINCT would only force a sort of every match
    )
    open = django_filters.BooleanFilter(label=_("Open cases only"), method="filter_open")
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Category.choices, empty_label=_("Any category")
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"), queryset=District.objects.all(), empty_label=_("Any district")
    )
    # An id, not a drop-down: there are tens of thousands of employers (search them with ``q``).
    employer = django_filters.NumberFilter(
        field_name="employer_id", label=_("Employer id"), widget=forms.HiddenInput
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"),
        method="filter_overdue",
        widget=forms.Select(
            choices=[("", _("Any")), ("true", _("Overdue only")), ("false", _("Not overdue"))]
        ),
    )
    # (mine and open are set by the workbench's tabs; hidden in its filter form)
    due_within = django_filters.NumberFilter(
        label=_("Due within (working days)"), method="filter_due_within", min_value=0, max_value=90
    )
    amount_min = django_filters.NumberFilter(
        field_name="amount_owed", lookup_expr="gte", label=_("Amount from")
    )
    amount_max = django_filters.NumberFilter(
        field_name="amount_owed", lookup_expr="lte", label=_("Amount to")
    )
    received_from = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__gte", label=_("Received from")
    )
    received_to = django_filters.DateFilter(
        field_name="received_at", lookup_expr="date__lte", label=_("Received to")
    )
    supervised = django_filters.BooleanFilter(
        label=_("Under supervision (挂牌督办)"),
        method="filter_supervised",
        widget=forms.Select(
            choices=[("", _("Any")), ("true", _("Supervised only")), ("false", _("Not supervised"))]
        ),
    )
    transfer = django_filters.ChoiceFilter(
        label=_("Transfers"),
        method="filter_transfer",
        choices=[("pending", _("Transfer pending")), ("incoming", _("Transferred to my district"))],
        empty_label=_("Any"),
    )
    mine = django_filters.BooleanFilter(label=_("Assigned to me"), method="filter_mine")
    q = django_filters.CharFilter(label=_("Tracking number or employer"), method="filter_text")

    class Meta:
        model = Complaint
        fields: list[str] = []

    def __init__(self, *args, request_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_user = request_user

    def filter_open(self, qs, name, value):
        if value is None:
            return qs
        statuses = list(OPEN_STATUSES)
        return qs.filter(status__in=statuses) if value else qs.exclude(status__in=statuses)

    def filter_overdue(self, qs, name, value):
        if value is None:
            return qs
        today = timezone.localdate()
        if value:
            return qs.filter(next_deadline__lt=today)
        return qs.filter(Q(next_deadline__gte=today) | Q(next_deadline__isnull=True))

    def filter_due_within(self, qs, name, value):
        if value is None:
            return qs
        today = timezone.localdate()
        return qs.filter(next_deadline__gte=today, next_deadline__lte=deadlines.soon_limit(today, int(value)))

    def filter_supervised(self, qs, name, value):
        if value is None:
            return qs
        return qs.filter(supervision_due__isnull=not value)

    def filter_transfer(self, qs, name, value):
        if value == "pending":
            return qs.filter(transfer_to__isnull=False)
        if value == "incoming":
            user = self.request_user
            district_id = getattr(user, "district_id", None)
            return (
                qs.filter(transfer_to_id=district_id) if district_id else qs.filter(transfer_to__isnull=False)
            )
        return qs

    def filter_mine(self, qs, name, value):
        user = self.request_user
        if not value or user is None:
            return qs
        return qs.filter(assignments__inspector_id=user.pk)

    def filter_text(self, qs, name, value):
        text = (value or "").strip()
        if not text:
            return qs
        if TRACKING_PREFIX.match(text):
            # A tracking number typed from its start: a B-tree prefix scan (every number shares the
            # "2102-2026-" trigrams, so a trigram search would read most of the index).
            return qs.filter(tracking_number__startswith=text.upper())
        employer_ids = list(
            Employer.objects.filter(name__icontains=text).values_list("pk", flat=True)[:EMPLOYER_SEARCH_LIMIT]
        )
        q = Q(tracking_number__icontains=text) | Q(employer_name_given__icontains=text)
        if employer_ids:
            q |= Q(employer_id__in=employer_ids)
        # Match first (bitmap OR over the trigram indexes), then sort: otherwise the planner walks the
        # deadline index and filters a million rows to find 25 matches.
        matching = Complaint.objects.filter(q).values("pk")[:TEXT_MATCH_LIMIT]
        return qs.filter(pk__in=matching)
