"""The exceptions services raise, and the one wording of each for the people who meet them.

Services raise Django's ``ValidationError`` (bad input, a rule not met: 400) and ``PermissionDenied``
(403), django-fsm's ``TransitionNotAllowed`` (the object's state does not allow the action: 409) and
``ConcurrentTransition`` (someone changed it since it was read: 409), or ``StateConflict`` (409) when
the clash is with other records: a slot already booked, a session no longer open. Services never raise
HTTP exceptions; core/api_errors.py maps these for the API and core/page_errors.py for the pages.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed

CHANGED_MEANWHILE = _("Someone else changed this just now. Reload it and try again.")
NOT_ALLOWED_NOW = _("This action is not allowed in the current state. Reload to see what can be done now.")


class StateConflict(Exception):
    """The action clashes with the current state of other records; the message says which."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


# Exceptions answered with 409 Conflict.
CONFLICTS = (StateConflict, ConcurrentTransition, TransitionNotAllowed)


def conflict_message(exc: Exception) -> str:
    """Return what to tell the user about a 409: ours say what clashed, django-fsm's get one wording each."""
    if isinstance(exc, StateConflict):
        return str(exc)
    if isinstance(exc, ConcurrentTransition):
        return str(CHANGED_MEANWHILE)
    return str(NOT_ALLOWED_NOW)
