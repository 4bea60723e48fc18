"""The notifications page (read/unread, mark read, mark all read): thin views over selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.redirects import redirect_next
from core.rules import is_staff_member

from . import registry, selectors, services
from .models import Notification


def target_url(kind: str, payload: dict) -> str | None:
    """Return the page of the event's subject (registry.py), if its app provides one."""
    spec = registry.kind_spec(kind)
    subject_pk = registry.subject_id(spec, payload) if spec else None
    if subject_pk is None or not spec.subject.url_name:
        return None
    try:
        return reverse(spec.subject.url_name, args=[subject_pk])
    except NoReverseMatch:
        return None


def _staff(request: HttpRequest) -> None:
    if not is_staff_member(request.user):
        raise PermissionDenied


def _back(request: HttpRequest) -> HttpResponse:
    return redirect_next(request, "notifications:page")


@login_required
def notification_page(request: HttpRequest) -> HttpResponse:
    _staff(request)
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(
        selectors.notification_list(fetched_by=request.user, unread_only=unread_only), 25
    ).get_page(request.GET.get("page"))
    items = [
        {
            "n": n,
            "label": registry.kind_label(n.event.kind),
            "url": target_url(n.event.kind, n.event.payload or {}),
        }
        for n in page
    ]
    context = {
        "page": page,
        "items": items,
        "unread_only": unread_only,
        "unread": selectors.notification_unread_count(user_id=request.user.pk),
    }
    template = "notifications/_list.html" if request.GET.get("partial") else "notifications/page.html"
    return render(request, template, context)


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    try:
        services.notification_mark_read(user=request.user, notification_id=pk)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    return _back(request)


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    _staff(request)
    changed = services.notification_mark_all_read(user=request.user)
    if changed:
        messages.success(request, _("All notifications marked as read."))
    return _back(request)
