"""Every read of notifications and events that a view, API or consumer needs; visibility lives here."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Max, Q, QuerySet

from .models import Event, Notification

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
    """Return the events after ``after_id`` that this user sees: their notifications and their groups' events.

    ``groups`` are the groups the connection has joined (already authorised by the consumer).
    """
    visible = Q(notifications__user=user)
    groups = list(groups)
    if groups:
        visible |= Q(group_rows__name__in=groups)
    ids = (
        Event.objects.filter(visible, id__gt=after_id)
        .order_by("id")
        .values_list("id", flat=True)
        .distinct()[:limit]
    )
    return list(Event.objects.filter(id__in=list(ids)).order_by("id"))


def event_latest_id() -> int:
    """Return the newest event id (a freshly rendered page is current up to here)."""
    return Event.objects.aggregate(latest=Max("id"))["latest"] or 0


def event_recorded(*, dedupe_key: str) -> bool:
    """Return whether an event was already recorded under this key (a warning sent once)."""
    return Event.objects.filter(dedupe_key=dedupe_key).exists()
