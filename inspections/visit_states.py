"""The life of a visit as a state machine (django-fsm-2): planned, then completed or removed from the plan.

Transitions only change fields; the services in services/visits.py and services/planning.py wrap each
with its checks, the audit row and the events.
"""

from __future__ import annotations

from django.utils import timezone
from django_fsm import transition

from .choices import VisitStatus as S


class VisitLifecycleMixin:
    """Transitions of Visit.status; mixed into the model."""

    @transition(field="status", source=S.PLANNED, target=S.COMPLETED)
    def complete(self) -> None:
        self.completed_at = timezone.now()

    # Re-planning will not bring the employer back into the plan.
    @transition(field="status", source=S.PLANNED, target=S.REMOVED)
    def remove(self) -> None:
        self.locked = False
