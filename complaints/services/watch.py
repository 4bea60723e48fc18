"""The deadline watch: warn before acceptance, investigation, order and supervision deadlines, report
overdue cases.

Run periodically by beat (complaints.tasks.deadline_scan). Every warning is recorded once per
case, deadline and due date (an outbox event with a dedupe key), so the scan may run as often as
wanted. Working days come from core.workdays, so warnings are right across holidays and make-up days.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.choices import Role
from core.models import User
from core.services import audit_record
from core.workdays import add_working_days, working_days_between
from notifications.selectors import event_recorded
from notifications.services import event_record

from ..choices import OPEN_STATUSES, CaseEventKind, CaseStatus
from ..models import Complaint
from .events import case_event_payload, case_groups


@dataclass(frozen=True)
class Deadline:
    name: str
    label: str | Promise
    field: str
    provisional_field: str | None
    statuses: frozenset[str]
    # Also reported overdue to the city office (its own supervision due dates).
    city: bool = False


DEADLINES = (
    # 关于实施《劳动保障监察条例》若干规定 第十八条: accept within 5 working days (the clock stops in 补正).
    Deadline(
        "acceptance",
        gettext_lazy("acceptance"),
        "acceptance_due",
        "acceptance_due_provisional",
        frozenset({CaseStatus.RECEIVED}),
    ),
    # 劳动保障监察条例 第十七条: investigate within 60 (+30) working days of 立案.
    Deadline(
        "investigation",
        gettext_lazy("investigation"),
        "investigation_due",
        "investigation_due_provisional",
        frozenset({CaseStatus.ACCEPTED, CaseStatus.INVESTIGATING}),
    ),
    # 责令限期支付: the employer's deadline to pay under the order.
    Deadline("order", gettext_lazy("order to pay"), "order_due", None, frozenset({CaseStatus.ORDERED})),
    # 挂牌督办: the date by which the city office expects a supervised case handled.
    Deadline(
        "supervision",
        gettext_lazy("supervision (挂牌督办)"),
        "supervision_due",
        None,
        frozenset(OPEN_STATUSES),
        city=True,
    ),
)


@dataclass
class ScanResult:
    warned: int = 0
    overdue: int = 0

    @property
    def recorded(self) -> int:
        return self.warned + self.overdue


def _managers(district_id: int | None) -> list[User]:
    city_wide = User.objects.filter(role=Role.MANAGER, district__isnull=True, is_active=True)
    if district_id is None:
        return list(city_wide)
    managers = list(User.objects.filter(role=Role.MANAGER, district_id=district_id, is_active=True))
    return managers or list(city_wide)  # no district manager on file: the city-wide managers hear of it


def _payload(complaint: Complaint, deadline: Deadline, due: datetime.date, **extra) -> dict:
    provisional = bool(deadline.provisional_field and getattr(complaint, deadline.provisional_field))
    return case_event_payload(
        complaint, deadline=deadline.name, due_date=due.isoformat(), provisional=provisional, **extra
    )


def _warn(complaint: Complaint, deadline: Deadline, due: datetime.date, today: datetime.date) -> bool:
    key = f"deadline.warning:{complaint.pk}:{deadline.name}:{due.isoformat()}"
    with transaction.atomic():
        Complaint.objects.select_for_update().filter(pk=complaint.pk).first()  # one scan at a time per case
        if event_recorded(dedupe_key=key):
            return False
        left = working_days_between(today, due).days
        recipients = list(complaint.inspectors.filter(is_active=True)) or _managers(complaint.district_id)
        text = _("Case %(tracking)s: %(deadline)s deadline on %(due)s, %(left)d working day(s) left") % {
            "tracking": complaint.tracking_number,
            "deadline": deadline.label,
            "due": due.isoformat(),
            "left": left,
        }
        event_record(
            kind=CaseEventKind.DEADLINE_WARNING,
            text=text,
            payload=_payload(complaint, deadline, due, working_days_left=left),
            groups=[f"case-{complaint.pk}"],
            recipients=recipients,
            dedupe_key=key,
        )
    return True


def _overdue(complaint: Complaint, deadline: Deadline, due: datetime.date) -> bool:
    key = f"deadline.overdue:{complaint.pk}:{deadline.name}:{due.isoformat()}"
    with transaction.atomic():
        Complaint.objects.select_for_update().filter(pk=complaint.pk).first()
        if event_recorded(dedupe_key=key):
            return False
        managers = _managers(complaint.district_id)
        if deadline.city:
            managers += [m for m in _managers(None) if m not in managers]
        inspectors = list(complaint.inspectors.filter(is_active=True))
        text = _("Case %(tracking)s is overdue: the %(deadline)s deadline was %(due)s") % {
            "tracking": complaint.tracking_number,
            "deadline": deadline.label,
            "due": due.isoformat(),
        }
        audit_record(
            subject=complaint,
            action="deadline_overdue",
            from_status=complaint.status,
            to_status=complaint.status,
            reason=text,
            changes={"deadline": deadline.name, "due": due.isoformat()},
        )
        event_record(
            kind=CaseEventKind.DEADLINE_OVERDUE,
            text=text,
            payload=_payload(complaint, deadline, due),
            groups=case_groups(complaint),
            recipients=[*managers, *inspectors],
            emails=[(m.email, text, text) for m in managers if m.email],
            dedupe_key=key,
        )
    return True


def deadline_scan(*, today: datetime.date | None = None) -> ScanResult:
    """Warn of every open deadline within N working days and report every passed one; return the counts."""
    today = today or timezone.localdate()
    warning_days = settings.WAGEWATCH["DEADLINE_WARNING_WORKING_DAYS"]
    horizon = add_working_days(today, warning_days).date  # due on or before it: N working days or fewer left
    result = ScanResult()
    with translation.override(settings.LANGUAGE_CODE):
        for deadline in DEADLINES:
            due_cases = Complaint.objects.filter(
                status__in=deadline.statuses, **{f"{deadline.field}__lte": horizon}
            ).order_by(deadline.field, "pk")
            for complaint in due_cases.iterator(chunk_size=200):
                due = getattr(complaint, deadline.field)
                if due < today:
                    result.overdue += _overdue(complaint, deadline, due)
                else:
                    result.warned += _warn(complaint, deadline, due, today)
    return result
