"""Optimistic concurrency for every staff action: lock the row, then check it is still what the caller saw.

The caller names the fields it saw (a case's status, a visit's version); if the locked row differs,
someone changed it in the meantime and the action stops with django-fsm's ConcurrentTransition (409),
which core/api_errors.py and core/page_errors.py word for the user.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

from django.db import models
from django_fsm import ConcurrentTransition

from .exceptions import CHANGED_MEANWHILE

M = TypeVar("M", bound=models.Model)


def lock_for_change(obj: M, *, seen: Mapping[str, object], related: Sequence[str] = ()) -> M:
    """Return the object's row locked for this transaction; raise ConcurrentTransition if ``seen`` no longer holds."""
    fresh = type(obj)._default_manager.select_for_update(of=("self",)).select_related(*related).get(pk=obj.pk)
    if any(getattr(fresh, field) != value for field, value in seen.items()):
        raise ConcurrentTransition(str(CHANGED_MEANWHILE))
    return fresh
