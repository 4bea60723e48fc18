"""The case lifecycle as a state machine (django-fsm-2): states and transitions from the law.

Transition methods only change fields; the services in complaints/services/ wrap each one in a
transaction with its permission check, required fields, audit row and events. Conditions
here are the legal preconditions; permissions are the rules in complaints/permissions.py.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone
from django_fsm import Transition, transition

from .choices import CaseStatus as S
from .limitation import complaint_within_limitation
from .permissions import transition_permission

# The worker may withdraw before an order is issued.
WORKER_WITHDRAWABLE = [S.RECEIVED, S.NEEDS_SUPPLEMENT, S.ACCEPTED, S.INVESTIGATING]
# A case is transferred before the decision on acceptance (若干规定 第十八条 (三): jurisdiction).
TRANSFERABLE = [S.RECEIVED, S.NEEDS_SUPPLEMENT]
# A duplicate is merged into the case that goes on before any order is made in it.
MERGEABLE = [S.RECEIVED, S.NEEDS_SUPPLEMENT, S.ACCEPTED, S.INVESTIGATING]
CLOSABLE = [S.COMPLIED, S.NOT_COMPLIED, S.RESOLVED, S.CASE_WITHDRAWN]
# 劳动保障监察条例 第十五条: an investigation needs at least two inspectors.
MIN_INSPECTORS = 2


def within_limitation(complaint) -> bool:
    """第二十条: the complaint came within the two-year limitation (the rule: complaints/limitation.py)."""
    return complaint_within_limitation(complaint)


def employer_identified(complaint) -> bool:
    """若干规定 第十八条 (二): a clearly identified employer."""
    return complaint.employer_id is not None


def in_jurisdiction(complaint) -> bool:
    """第十三条: the workplace is in one of our districts."""
    return complaint.district_id is not None


def no_transfer_pending(complaint) -> bool:
    """第十三条: while the case waits for the competent office to receive it, nobody else decides on it."""
    return complaint.transfer_to_id is None


def has_two_inspectors(complaint) -> bool:
    from .permissions import assigned_inspector_ids

    return len(assigned_inspector_ids(complaint)) >= MIN_INSPECTORS


def not_yet_extended(complaint) -> bool:
    """第十七条: one extension only."""
    return not complaint.extended


def order_deadline_passed(complaint) -> bool:
    """An order is "not complied with" only once its due date has passed."""
    return complaint.order_due is not None and complaint.order_due < timezone.localdate()


def _prefetched(complaint, name: str):
    listed = getattr(complaint, "_case_list_cache", None)
    if listed is not None and name in listed:
        return list(listed[name])
    cache = getattr(complaint, "_prefetched_objects_cache", {})
    if name in cache:
        return list(cache[name])
    return list(getattr(complaint, name).all())


def amount_paid(complaint) -> Decimal:
    return sum((p.amount for p in _prefetched(complaint, "payments")), Decimal("0"))


def amount_outstanding(complaint) -> Decimal:
    """What is still owed: the ordered (or claimed) amount less what has been paid."""
    ordered = None
    for decision in _prefetched(complaint, "decisions"):
        if decision.kind == "order" and decision.amount is not None:
            ordered = decision.amount
    owed = ordered if ordered is not None else (complaint.amount_owed or Decimal("0"))
    return max(owed - amount_paid(complaint), Decimal("0"))


def _months(start: datetime.date | None, end: datetime.date | None) -> int:
    if not start or not end:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    return months + (1 if end.day >= start.day else 0)


def criminal_threshold_met(complaint) -> bool:
    """刑法 第二百七十六条之一 / 法释〔2013〕3号 第三条 with the configured (Liaoning) amounts.

    One worker unpaid for 3+ months with at least the single-worker amount, or 10+ workers with at
    least the group amount in total, still outstanding after the order.
    """
    w = settings.WAGEWATCH
    outstanding = amount_outstanding(complaint)
    if (
        complaint.workers_affected >= w["CRIMINAL_GROUP_WORKERS"]
        and outstanding >= w["CRIMINAL_GROUP_AMOUNT"]
    ):
        return True
    if _months(complaint.period_start, complaint.period_end) < w["CRIMINAL_SINGLE_WORKER_MONTHS"]:
        return False
    single = [complaint.amount_owed or Decimal("0")]
    single += [m.amount_owed or Decimal("0") for m in _prefetched(complaint, "members")]
    if complaint.workers_affected > 1 and not _prefetched(complaint, "members"):
        single = [(complaint.amount_owed or Decimal("0")) / complaint.workers_affected]
    return (
        max(single) >= w["CRIMINAL_SINGLE_WORKER_AMOUNT"]
        and outstanding >= w["CRIMINAL_SINGLE_WORKER_AMOUNT"]
    )


def _decided(complaint, kind: str) -> bool:
    return any(d.kind == kind for d in _prefetched(complaint, "decisions"))


def police_transfer_possible(complaint) -> bool:
    return criminal_threshold_met(complaint) and not _decided(complaint, "police_transfer")


def blacklist_proposal_possible(complaint) -> bool:
    """保障农民工工资支付条例 第四十八条: missed the order deadline (the state says so) and not yet proposed.

    The second limb (criminal threshold, or a mass or extreme incident) is checked by the service,
    because the incident is a fact the inspector states.
    """
    return not _decided(complaint, "blacklist")


def surcharge_not_yet_ordered(complaint) -> bool:
    return not _decided(complaint, "surcharge")


class CaseLifecycleMixin:
    """Transitions of Complaint.status; mixed into the Complaint model."""

    if TYPE_CHECKING:  # django-fsm adds these for the ``status`` field at class creation

        def get_all_status_transitions(self) -> Iterator[Transition]: ...

        def get_available_status_transitions(self) -> Iterator[Transition]: ...

    # 关于实施《劳动保障监察条例》若干规定 第十八条: ask for missing material (补正).
    @transition(
        field="status",
        source=S.RECEIVED,
        target=S.NEEDS_SUPPLEMENT,
        conditions=[no_transfer_pending],
        permission=transition_permission("complaints.request_supplement"),
    )
    def request_supplement(self) -> None:
        pass

    # The 5-working-day clock restarts when the material arrives (the service recomputes acceptance_due).
    @transition(field="status", source=S.NEEDS_SUPPLEMENT, target=S.RECEIVED)
    def supplement_received(self) -> None:
        pass

    # 立案 on the day of acceptance, only when the three conditions of 第十八条 hold.
    @transition(
        field="status",
        source=S.RECEIVED,
        target=S.ACCEPTED,
        conditions=[no_transfer_pending, within_limitation, employer_identified, in_jurisdiction],
        permission=transition_permission("complaints.accept_complaint"),
    )
    def accept(self) -> None:
        self.accepted_on = timezone.localdate()

    # 不予受理 (reason required by the service).
    @transition(
        field="status",
        source=[S.RECEIVED, S.NEEDS_SUPPLEMENT],
        target=S.NOT_ACCEPTED,
        conditions=[no_transfer_pending],
        permission=transition_permission("complaints.decline_complaint"),
    )
    def decline(self) -> None:
        self.closed_at = timezone.now()

    # Another bureau's jurisdiction, or a private dispute for mediation/arbitration.
    @transition(
        field="status",
        source=[S.RECEIVED, S.NEEDS_SUPPLEMENT],
        target=S.REFERRED,
        conditions=[no_transfer_pending],
        permission=transition_permission("complaints.refer_complaint"),
    )
    def refer(self) -> None:
        self.closed_at = timezone.now()

    # 移送管辖 (第十三条): sent to the competent district office, not closed; the state stays (the
    # service names the receiving office in ``transfer_to``).
    @transition(
        field="status",
        source=TRANSFERABLE,
        target=None,
        conditions=[no_transfer_pending],
        permission=transition_permission("complaints.transfer_complaint"),
    )
    def transfer(self) -> None:
        pass

    # The receiving office receives the case: its acceptance period runs from this receipt.
    @transition(
        field="status",
        source=TRANSFERABLE,
        target=None,
        permission=transition_permission("complaints.receive_transfer"),
    )
    def transfer_accept(self) -> None:
        pass

    # The receiving office disputes its jurisdiction: the case goes back to the sending office.
    @transition(
        field="status",
        source=TRANSFERABLE,
        target=None,
        permission=transition_permission("complaints.receive_transfer"),
    )
    def transfer_return(self) -> None:
        pass

    # 劳动保障监察条例 第十五条: at least two inspectors.
    @transition(
        field="status",
        source=S.ACCEPTED,
        target=S.INVESTIGATING,
        conditions=[has_two_inspectors],
        permission=transition_permission("complaints.start_investigation"),
    )
    def start_investigation(self) -> None:
        pass

    # 第十七条: one extension of 30 working days, approved by a manager.
    @transition(
        field="status",
        source=S.INVESTIGATING,
        target=S.INVESTIGATING,
        conditions=[not_yet_extended],
        permission=transition_permission("complaints.extend_deadline"),
    )
    def extend_deadline(self) -> None:
        self.extended = True

    # 责令限期支付/改正, with a due date.
    @transition(
        field="status",
        source=S.INVESTIGATING,
        target=S.ORDERED,
        permission=transition_permission("complaints.issue_order"),
    )
    def issue_order(self) -> None:
        pass

    @transition(
        field="status",
        source=S.ORDERED,
        target=S.COMPLIED,
        permission=transition_permission("complaints.record_compliance"),
    )
    def record_compliance(self) -> None:
        pass

    @transition(
        field="status",
        source=S.ORDERED,
        target=S.NOT_COMPLIED,
        conditions=[order_deadline_passed],
        permission=transition_permission("complaints.record_non_compliance"),
    )
    def record_non_compliance(self) -> None:
        pass

    # 劳动保障监察条例 第二十六条; 劳动合同法 第八十五条: 50%–100% surcharge after a missed order.
    @transition(
        field="status",
        source=S.NOT_COMPLIED,
        target=S.NOT_COMPLIED,
        conditions=[surcharge_not_yet_ordered],
        permission=transition_permission("complaints.order_surcharge"),
    )
    def order_surcharge(self) -> None:
        pass

    # 第十八条 (一): administrative penalty, after the employer was heard (第十九条).
    @transition(
        field="status",
        source=[S.INVESTIGATING, S.NOT_COMPLIED],
        target=None,
        permission=transition_permission("complaints.decide_penalty"),
    )
    def decide_penalty(self) -> None:
        pass

    # 刑法 第二百七十六条之一: offered only when the configured thresholds are met.
    @transition(
        field="status",
        source=S.NOT_COMPLIED,
        target=S.NOT_COMPLIED,
        conditions=[police_transfer_possible],
        permission=transition_permission("complaints.transfer_to_police"),
    )
    def transfer_to_police(self) -> None:
        pass

    # 保障农民工工资支付条例 第四十八条.
    @transition(
        field="status",
        source=S.NOT_COMPLIED,
        target=S.NOT_COMPLIED,
        conditions=[blacklist_proposal_possible],
        permission=transition_permission("complaints.propose_blacklist"),
    )
    def propose_blacklist(self) -> None:
        pass

    @transition(
        field="status",
        source=S.INVESTIGATING,
        target=S.RESOLVED,
        permission=transition_permission("complaints.resolve_complaint"),
    )
    def resolve(self) -> None:
        pass

    # 撤销立案: minor and already corrected.
    @transition(
        field="status",
        source=S.INVESTIGATING,
        target=S.CASE_WITHDRAWN,
        permission=transition_permission("complaints.withdraw_case"),
    )
    def withdraw_case(self) -> None:
        pass

    @transition(
        field="status",
        source=CLOSABLE,
        target=S.CLOSED,
        permission=transition_permission("complaints.close_complaint"),
    )
    def close(self) -> None:
        self.closed_at = timezone.now()

    @transition(
        field="status",
        source=S.CLOSED,
        target=S.INVESTIGATING,
        permission=transition_permission("complaints.reopen_complaint"),
    )
    def reopen(self) -> None:
        self.closed_at = None

    # A duplicate of another case (the same matter): closed into it (complaints/services/merge.py).
    @transition(
        field="status",
        source=MERGEABLE,
        target=S.MERGED,
        conditions=[no_transfer_pending],
        permission=transition_permission("complaints.merge_complaint"),
    )
    def merge(self) -> None:
        self.closed_at = timezone.now()

    # By the worker (complaints/services/intake.py); no staff permission.
    @transition(field="status", source=WORKER_WITHDRAWABLE, target=S.WITHDRAWN)
    def withdraw(self) -> None:
        self.closed_at = timezone.now()


# Transitions staff take from the workbench / API, in the order the workbench shows them.
STAFF_TRANSITIONS = [
    "accept",
    "request_supplement",
    "decline",
    "refer",
    "transfer",
    "transfer_accept",
    "transfer_return",
    "start_investigation",
    "extend_deadline",
    "issue_order",
    "record_compliance",
    "record_non_compliance",
    "order_surcharge",
    "decide_penalty",
    "transfer_to_police",
    "propose_blacklist",
    "resolve",
    "withdraw_case",
    "merge",
    "close",
    "reopen",
]
