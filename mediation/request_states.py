"""The mediation lifecycle as a state machine (django-fsm-2); transitions only change fields.

The services in services.py wrap each transition with its permission check, audit row and events.
"""

from __future__ import annotations

from django.utils import timezone
from django_fsm import transition

from .choices import MediationStatus as S

LAPSABLE = [S.REQUESTED, S.ACCEPTED, S.SCHEDULED, S.IN_SESSION]


class MediationLifecycleMixin:
    """Transitions of MediationRequest.status; mixed into the model."""

    @transition(field="status", source=S.REQUESTED, target=S.ACCEPTED)
    def accept(self) -> None:
        self.accepted_at = timezone.now()

    @transition(field="status", source=S.REQUESTED, target=S.DECLINED)
    def decline(self) -> None:
        self.closed_at = timezone.now()

    # A session booked (or rebooked after an adjournment or a cancellation).
    @transition(field="status", source=[S.ACCEPTED, S.SCHEDULED], target=S.SCHEDULED)
    def schedule(self) -> None:
        pass

    # The last booked session was cancelled: back to accepted, to be booked again.
    @transition(field="status", source=S.SCHEDULED, target=S.ACCEPTED)
    def unschedule(self) -> None:
        pass

    @transition(field="status", source=S.SCHEDULED, target=S.IN_SESSION)
    def start_session(self) -> None:
        pass

    # The session ended without agreement but the parties will meet again.
    @transition(field="status", source=S.IN_SESSION, target=S.ACCEPTED)
    def adjourn(self) -> None:
        pass

    # 劳动争议调解仲裁法 第十四条: a signed agreement (调解协议书) binds both sides.
    @transition(field="status", source=S.IN_SESSION, target=S.AGREEMENT_REACHED)
    def reach_agreement(self) -> None:
        self.agreement_reached_at = timezone.now()

    @transition(field="status", source=[S.ACCEPTED, S.SCHEDULED, S.IN_SESSION], target=S.FAILED)
    def fail(self) -> None:
        self.closed_at = timezone.now()

    @transition(field="status", source=S.AGREEMENT_REACHED, target=S.PERFORMED)
    def record_performed(self) -> None:
        self.closed_at = timezone.now()

    # 第十五条: the worker may apply for arbitration; 第十六条: or ask a court for a payment order.
    @transition(field="status", source=S.AGREEMENT_REACHED, target=S.NOT_PERFORMED)
    def record_not_performed(self) -> None:
        self.closed_at = timezone.now()

    @transition(field="status", source=S.NOT_PERFORMED, target=S.NOT_PERFORMED)
    def follow_up(self) -> None:
        pass

    # 第十四条: no agreement within 15 days of receipt; either party may apply for arbitration.
    @transition(field="status", source=LAPSABLE, target=S.LAPSED)
    def lapse(self) -> None:
        self.closed_at = timezone.now()
