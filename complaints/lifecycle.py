"""The case lifecycle as a state machine (django-fsm-2): states and transitions from the law.

Transition methods only change fields; the services in complaints/services/ wrap each one in a
transaction with its permission check, required fields, audit row and events (style.md).
"""

from __future__ import annotations

from django.utils import timezone
from django_fsm import transition

from .choices import CaseStatus as S

# The worker may withdraw before an order is issued.
WORKER_WITHDRAWABLE = [S.RECEIVED, S.NEEDS_SUPPLEMENT, S.ACCEPTED, S.INVESTIGATING]
CLOSABLE = [S.COMPLIED, S.NOT_COMPLIED, S.RESOLVED, S.CASE_WITHDRAWN]


class CaseLifecycleMixin:
    """Transitions of Complaint.status; mixed into the Complaint model."""

    # 关于实施《劳动保障监察条例》若干规定 第十八条: ask for missing material (补正).
    @transition(field="status", source=S.RECEIVED, target=S.NEEDS_SUPPLEMENT)
    def request_supplement(self) -> None:
        pass

    # The 5-working-day clock restarts when the material arrives (services recompute acceptance_due).
    @transition(field="status", source=S.NEEDS_SUPPLEMENT, target=S.RECEIVED)
    def supplement_received(self) -> None:
        pass

    # 立案 on the day of acceptance; the service sets the 60-working-day investigation deadline.
    @transition(field="status", source=S.RECEIVED, target=S.ACCEPTED)
    def accept(self) -> None:
        self.accepted_on = timezone.localdate()

    # 不予受理 (reason required by the service).
    @transition(field="status", source=[S.RECEIVED, S.NEEDS_SUPPLEMENT], target=S.NOT_ACCEPTED)
    def decline(self) -> None:
        self.closed_at = timezone.now()

    # Another bureau's jurisdiction, or a private dispute for mediation/arbitration.
    @transition(field="status", source=[S.RECEIVED, S.NEEDS_SUPPLEMENT], target=S.REFERRED)
    def refer(self) -> None:
        self.closed_at = timezone.now()

    # 劳动保障监察条例 第十五条: at least two inspectors (condition checked by the service).
    @transition(field="status", source=S.ACCEPTED, target=S.INVESTIGATING)
    def start_investigation(self) -> None:
        pass

    # 第十七条: one extension of 30 working days, approved by a manager.
    @transition(field="status", source=S.INVESTIGATING, target=S.INVESTIGATING)
    def extend_deadline(self) -> None:
        self.extended = True

    # 责令限期支付/改正, with a due date.
    @transition(field="status", source=S.INVESTIGATING, target=S.ORDERED)
    def issue_order(self) -> None:
        pass

    @transition(field="status", source=S.ORDERED, target=S.COMPLIED)
    def record_compliance(self) -> None:
        pass

    @transition(field="status", source=S.ORDERED, target=S.NOT_COMPLIED)
    def record_non_compliance(self) -> None:
        pass

    @transition(field="status", source=S.INVESTIGATING, target=S.RESOLVED)
    def resolve(self) -> None:
        pass

    # 撤销立案: minor and already corrected.
    @transition(field="status", source=S.INVESTIGATING, target=S.CASE_WITHDRAWN)
    def withdraw_case(self) -> None:
        pass

    @transition(field="status", source=CLOSABLE, target=S.CLOSED)
    def close(self) -> None:
        self.closed_at = timezone.now()

    @transition(field="status", source=S.CLOSED, target=S.INVESTIGATING)
    def reopen(self) -> None:
        self.closed_at = None

    @transition(field="status", source=WORKER_WITHDRAWABLE, target=S.WITHDRAWN)
    def withdraw(self) -> None:
        self.closed_at = timezone.now()
