"""Every read of notifications and events that a view, API or consumer needs; visibility lives here."""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps
from django.db.models import Max, Q, QuerySet

from . import registry
from .models import Event, Notification
from .permissions import scope_group, subject_allowed

REPLAY_LIMIT = 200


def notification_list(*, fetched_by, unread_only: bool = False) -> QuerySet[Notification]:
    """Return the user's own notifications, newest first."""
    qs = Notification.objects.filter(user=fetched_by).select_related("event")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-id")


def notification_unread_count(*, user_id: int) -> int:
    return Notification.objects.filter(user_id=user_id, read_at__isnull=True).count()


def event_list_missed(
    *, user, groups: Iterable[str], after_id: int, limit: int = REPLAY_LIMIT
) -> list[Event]:
    """Return the events after ``after_id`` that reach this user, by the same rule as live (registry.py).

    That is the events addressed to them (notifications, ``user-<id>``), and the events of their area or
    of the page groups their connection joined (``groups``, already authorised) whose kind their role may
    receive and whose subject they may see.
    """
    area = scope_group(user)
    page_groups = [g for g in groups if g != area and not g.startswith("user-")]
    exact, families, refused = registry.kinds_for_role(user.role)
    kind_allowed = Q(kind__in=exact)
    for family in families:
        kind_allowed |= Q(kind__startswith=family) & ~Q(kind__in=refused)
    addressed = Q(notifications__user=user) | Q(group_rows__name=f"user-{user.pk}")
    visible = addressed | (Q(group_rows__name__in=[area, *page_groups]) & kind_allowed)
    ids = (
        Event.objects.filter(visible, id__gt=after_id)
        .order_by("id")
        .values_list("id", flat=True)
        .distinct()[:limit]
    )
    events = list(Event.objects.filter(id__in=list(ids)).order_by("id"))
    direct = set(Event.objects.filter(addressed, id__in=[e.pk for e in events]).values_list("id", flat=True))
    shared = [e for e in events if e.pk not in direct]
    allowed = _subjects_visible(user, shared, area, page_groups)
    return [e for e in events if e.pk in direct or e.pk in allowed]


def _subjects_visible(user, events: list[Event], area: str, page_groups: list[str]) -> set[int]:
    """Return the ids of the events whose groups and subject this user may see (checked per object)."""
    wanted: dict[registry.Subject, set[int]] = {}
    candidates: list[tuple[Event, registry.Subject, int]] = []
    for event in events:
        spec = registry.kind_spec(event.kind)
        subject_pk = registry.subject_id(spec, event.payload) if spec else None
        if spec is None or subject_pk is None or user.role not in spec.roles:
            continue
        prefix = f"{spec.subject.prefix}-"
        if not any(g == area or (g in page_groups and g.startswith(prefix)) for g in event.groups):
            continue
        candidates.append((event, spec.subject, subject_pk))
        wanted.setdefault(spec.subject, set()).add(subject_pk)
    loaded = {
        subject: apps.get_model(subject.model).objects.in_bulk(list(pks)) for subject, pks in wanted.items()
    }
    return {
        event.pk
        for event, subject, pk in candidates
        if subject_allowed(user, subject, loaded[subject].get(pk))
    }


def event_latest_id() -> int:
    """Return the newest event id (a freshly rendered page is current up to here)."""
    return Event.objects.aggregate(latest=Max("id"))["latest"] or 0


def event_recorded(*, dedupe_key: str) -> bool:
    """Return whether an event was already recorded under this key (a warning sent once)."""
    return Event.objects.filter(dedupe_key=dedupe_key).exists()
