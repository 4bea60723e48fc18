"""Template tags for the live client and the unread badge."""

from __future__ import annotations

from django import template

from core.rules import is_staff_member

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_count(context) -> int:
    """Return the current user's unread notifications (0 for anyone who is not staff)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not is_staff_member(user):
        return 0
    cache = getattr(request, "_unread_count", None)
    if cache is None:
        cache = request._unread_count = selectors.notification_unread_count(user_id=user.pk)
    return cache


@register.simple_tag
def live_latest_event_id() -> int:
    """Return the newest event id: the rendered page is current up to it, the client resumes after it."""
    return selectors.event_latest_id()
