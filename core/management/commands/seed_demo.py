"""Load demo districts, ~300 employers and one user per role; safe to run twice."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from core import demo
from core.models import CalendarYear, District, Employer, User
from core.services import calendar_load_all_from_package


class Command(BaseCommand):
    help = "Load demo districts, employers and one user per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--employers", type=int, default=300)
        parser.add_argument("--no-extras", action="store_true", help="Skip the other apps' demo data.")

    @transaction.atomic
    def handle(self, *args, **options):
        if not CalendarYear.objects.exists():
            calendar_load_all_from_package()
        city, _ = District.objects.update_or_create(
            code=demo.CITY[0], defaults={"name": demo.CITY[1], "parent": None}
        )
        districts = {}
        for code, name in demo.DISTRICTS:
            districts[code], _ = District.objects.update_or_create(
                code=code, defaults={"name": name, "parent": city}
            )

        created = 0
        for row in demo.demo_employers(options["employers"]):
            row = dict(row)
            district = districts[row.pop("district_code")]
            _, was_created = Employer.objects.update_or_create(
                credit_code=row.pop("credit_code"), defaults={**row, "district": district}
            )
            created += was_created

        self.stdout.write(self.style.MIGRATE_HEADING(f"Demo staff (password for all: {demo.DEMO_PASSWORD})"))
        for username, role, district_code, display in demo.STAFF:
            user, was_created = User.objects.get_or_create(username=username)
            user.role = role
            user.display_name = display
            user.district = districts.get(district_code) if district_code else None
            user.is_staff = role == "admin"
            user.is_superuser = role == "admin"
            if was_created or not user.has_usable_password():
                user.set_password(demo.DEMO_PASSWORD)
            user.save()
            self.stdout.write(
                f"  {role:<10} {username:<12} {user.district.name if user.district else '全市'}"
            )
        self.stdout.write(self.style.SUCCESS(f"Districts: {len(districts)}; employers created: {created}"))
        if not options["no_extras"]:
            for command in ("seed_demo_complaints", "seed_demo_mediation", "seed_demo_campaign"):
                try:
                    call_command(command, stdout=self.stdout)
                except Exception as exc:  # the command may not exist yet in this app
                    if "Unknown command" not in str(exc):
                        raise
