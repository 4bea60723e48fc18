"""Load a demo winter campaign: teams, risk scores, a plan and a few completed visits (idempotent)."""

from __future__ import annotations

import datetime
import math
import random
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from core import demo
from core.choices import Role
from core.models import District, User

from ...choices import CheckinStatus, Outcome, VisitStatus
from ...models import Campaign, PlanRun, Team, Visit
from ...services import campaigns, plan_proposals, planning, visits
from ...services.dashboard import figures_refresh
from ...services.risk import risk_compute

NAME = "2026—2027年度根治欠薪冬季专项行动"
DISTRICTS = ["210211", "210202", "210213"]
EXTRA_INSPECTORS = [
    ("inspector4", "210202", "孙监察"),
    ("inspector5", "210213", "钱监察"),
    ("inspector6", "210213", "吴监察"),
]


def _demo_checkin(visit: Visit, n: int) -> None:
    """Demo data: the position a tablet would have recorded on arrival, 10 to 250 m from the workplace
    (the visit's check-in fields; the demo has no tablet to record them through)."""
    employer = visit.employer
    if employer.latitude is None or employer.longitude is None:
        return
    rng = random.Random(visit.pk)
    metres, angle = rng.uniform(10, 250), rng.uniform(0, 2 * math.pi)
    lat = float(employer.latitude) + metres * math.sin(angle) / 111_320
    lng = float(employer.longitude) + metres * math.cos(angle) / (111_320 * math.cos(math.radians(lat)))
    Visit.objects.filter(pk=visit.pk).update(
        checkin_status=CheckinStatus.RECORDED,
        checkin_at=timezone.make_aware(datetime.datetime.combine(visit.date, datetime.time(9, 30 + n % 20))),
        checkin_latitude=Decimal(f"{lat:.6f}"),
        checkin_longitude=Decimal(f"{lng:.6f}"),
        checkin_accuracy_m=rng.choice([8, 15, 25, 40]),
    )


class Command(BaseCommand):
    help = "Load a demo winter campaign with teams, a plan and some visits (idempotent)."

    def handle(self, *args, **options):
        if Campaign.objects.filter(name=NAME).exists():
            self.stdout.write(f"Demo campaign already present: {NAME}")
            return
        manager = User.objects.filter(username="citymanager").first()
        if manager is None:
            self.stdout.write("Run seed_demo first (no demo manager).")
            return
        districts = {d.code: d for d in District.objects.filter(code__in=DISTRICTS)}
        with transaction.atomic():
            for username, code, display in EXTRA_INSPECTORS:
                user, created = User.objects.get_or_create(
                    username=username,
                    defaults={
                        "role": Role.INSPECTOR,
                        "district": districts.get(code),
                        "display_name": display,
                    },
                )
                if created:
                    user.set_password(demo.DEMO_PASSWORD)
                    user.save()
            today = timezone.localdate()
            start = datetime.date(2026, 11, 16) if today.year <= 2026 else today - datetime.timedelta(days=10)
            campaign = campaigns.campaign_create(
                created_by=manager,
                name=NAME,
                starts_on=start,
                ends_on=start + datetime.timedelta(days=81),
                districts=list(districts.values()),
                goal_employers=90,
                goal_arrears_cleared=30,
            )
            pairs = [
                ("甘井子一组", "inspector", "inspector2", "210211", False),
                ("中山一组", "inspector3", "inspector4", "210202", True),
                ("金州一组", "inspector5", "inspector6", "210213", False),
            ]
            for name, a, b, code, travel in pairs:
                campaigns.team_create(
                    campaign=campaign,
                    created_by=manager,
                    name=name,
                    inspector_a=User.objects.get(username=a),
                    inspector_b=User.objects.get(username=b),
                    home_district=districts[code],
                    may_travel=travel,
                )
            risk_compute(campaign=campaign)
            run = PlanRun.objects.create(campaign=campaign, from_date=start, requested_by=manager)
        planning.plan_execute(run_id=run.pk)
        run.refresh_from_db()
        if run.status == "done":  # the demo's first plan: confirmed by its manager
            plan_proposals.plan_confirm(run=run, confirmed_by=manager, note="")
        done = 0
        for visit in campaign.visits.filter(status=VisitStatus.PLANNED, date__lt=today).order_by("date")[:12]:
            items = visits.checklist_for(visit.employer.sector, visit.employer.is_construction_project)
            outcome = [Outcome.NO_VIOLATION, Outcome.NO_VIOLATION, Outcome.ORDER][done % 3]
            answers = {i.value: "ok" for i in items}
            if outcome == Outcome.ORDER:
                answers[items[0].value] = "fail"
            _demo_checkin(visit, done)
            visit.refresh_from_db()
            visits.visit_complete(
                visit=visit,
                completed_by=visit.team.inspector_a,
                version=visit.version,
                checklist=answers,
                findings="工资台账不完整" if outcome == Outcome.ORDER else "",
                outcome=outcome,
                workers_on_site=visit.employer.headcount,
                order_due=today + datetime.timedelta(days=10) if outcome == Outcome.ORDER else None,
            )
            done += 1
        figures_refresh(campaign=campaign, announce=False)
        run.refresh_from_db()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo campaign: {Team.objects.filter(campaign=campaign).count()} teams, "
                f"{run.visits} visits planned ({run.status}), {done} completed"
            )
        )
