"""Demo complaints in every stage of the lifecycle, filed and moved through the real services.

Idempotent: does nothing when demo complaints already exist.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from complaints import deadlines
from complaints.choices import CaseStatus, Category, ComplaintKind, Source
from complaints.models import Complaint
from complaints.services import case_transitions as case
from complaints.services.assignment import complaint_assign
from complaints.services.intake import complaint_file, intake_clean
from core.choices import Role
from core.demo import DEMO_PASSWORD
from core.models import District, Employer, User
from core.workdays import add_working_days

NAMES = ["张建国", "李秀英", "王强", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴芳", "孙浩", "马丽"]
STORIES = [
    "在工地干了五个月，包工头一直拖欠工资不给，多次讨要无果。",
    "公司连续三个月未发工资，说资金周转困难。",
    "国庆期间安排上班，没有安排补休也没有支付加班费。",
    "每天工作超过十小时，加班费从未发放。",
    "离职后公司扣着最后两个月工资不结算。",
]
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(rng: random.Random) -> str:
    """Return a valid-looking demo ID number (real check character, fictitious person)."""
    body = (
        "210211"
        + f"{rng.randint(1965, 2002)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        + f"{rng.randint(0, 999):03d}"
    )
    total = sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


class Command(BaseCommand):
    help = "File demo complaints and move them through the lifecycle (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=24)

    def handle(self, *args, count: int, **options):
        if Complaint.objects.filter(source=Source.ONLINE).exists():
            self.stdout.write("Demo complaints already present.")
            return
        district = District.objects.filter(code="210211").first()
        inspectors = list(
            User.objects.filter(role=Role.INSPECTOR, district=district).order_by("username")[:2]
        )
        manager = User.objects.filter(role=Role.MANAGER, district=district).first()
        employers = list(Employer.objects.filter(district=district).order_by("id")[:count])
        if not district or len(inspectors) < 2 or not manager or not employers:
            self.stdout.write("Run seed_demo first (districts, staff, employers).")
            return
        rng = random.Random(7)
        today = timezone.localdate()
        for i in range(count):
            employer = employers[i % len(employers)]
            start = today - datetime.timedelta(days=rng.randint(60, 300))
            raw = {
                "kind": ComplaintKind.COMPLAINT,
                "category": rng.choice(
                    [Category.WAGE_ARREARS] * 3 + [Category.OVERTIME_PAY, Category.HOLIDAY_PAY]
                ),
                "name": NAMES[i % len(NAMES)],
                "id_number": resident_id(rng),
                "mobile": f"139{rng.randint(10000000, 99999999)}",
                "employer": employer,
                "district": district,
                "project_name": f"{employer.name[:6]}项目{i + 1}号楼"
                if employer.is_construction_project
                else "",
                "amount_owed": Decimal(rng.choice([3600, 8000, 12500, 18000, 26000, 54000])),
                "period_start": start,
                "period_end": start + datetime.timedelta(days=rng.randint(30, 55)),
                "continuing": False,
                "workers_affected": rng.choice([1, 1, 2, 5, 12]),
                "description": rng.choice(STORIES),
                "confirm_different_matter": True,
            }
            with transaction.atomic():
                complaint = complaint_file(data=intake_clean(raw)).complaint
                self._advance(complaint, i % 6, inspectors, manager, today)
        self._some_came_in_earlier(today)
        self.stdout.write(self.style.SUCCESS(f"Demo complaints: {count} (staff password {DEMO_PASSWORD})"))

    def _some_came_in_earlier(self, today) -> None:
        """Date a few cases back so that the workbench shows deadlines due soon and overdue.

        Demo only: every case above was filed today, so no deadline would be near yet. The acceptance
        clock (5 working days) and the investigation clock (60) are recomputed from the earlier dates
        with the same rules as intake and acceptance (complaints/deadlines.py).
        """
        received = list(Complaint.objects.filter(status=CaseStatus.RECEIVED).order_by("id")[:2])
        investigating = list(Complaint.objects.filter(status=CaseStatus.INVESTIGATING).order_by("id")[:2])
        acceptance = settings.WAGEWATCH["ACCEPTANCE_WORKING_DAYS"]
        investigation = settings.WAGEWATCH["INVESTIGATION_WORKING_DAYS"]
        # (case, working days ago it came in): due in 2 working days, and 2 working days overdue.
        plan = [(c, acceptance - 2 + 4 * i, None) for i, c in enumerate(received)]
        plan += [
            (c, investigation + 1 + 4 * i, investigation - 2 + 4 * i) for i, c in enumerate(investigating)
        ]
        for complaint, received_ago, accepted_ago in plan:
            came_in = add_working_days(today, -received_ago).date
            complaint.received_at = timezone.make_aware(
                datetime.datetime.combine(came_in, datetime.time(9, 30))
            )
            deadlines.set_acceptance_due(complaint, start=came_in)
            if accepted_ago is not None:
                complaint.accepted_on = add_working_days(today, -accepted_ago).date
                deadlines.set_investigation_due(complaint)
            Complaint.objects.filter(pk=complaint.pk).update(
                received_at=complaint.received_at,
                accepted_on=complaint.accepted_on,
                **{field: getattr(complaint, field) for field in deadlines.DEADLINE_FIELDS},
            )

    def _advance(self, complaint, stage: int, inspectors, manager, today) -> None:
        """Stage 0 stays received; 1 accepted; 2 investigating; 3 ordered; 4 complied; 5 closed."""
        if stage == 0:
            return
        first = inspectors[0]
        complaint = case.complaint_accept(complaint=complaint, by=first, note="材料齐全，符合受理条件。")
        if stage == 1:
            return
        complaint = complaint_assign(complaint=complaint, by=manager, inspectors=inspectors)
        complaint = case.complaint_start_investigation(complaint=complaint, by=first)
        if stage == 2:
            return
        complaint = case.complaint_issue_order(
            complaint=complaint,
            by=first,
            due_date=today + datetime.timedelta(days=10),
            amount=complaint.amount_owed,
            reason="经调查，拖欠工资属实，责令限期支付。",
        )
        if stage == 3:
            return
        complaint = case.complaint_record_compliance(
            complaint=complaint,
            by=first,
            payments=[{"worker_name": complaint.complainant_name, "amount": complaint.amount_owed}],
            paid_on=today,
        )
        if stage == 4:
            return
        case.complaint_close(complaint=complaint, by=first, summary="用人单位已足额支付拖欠工资，案件办结。")
