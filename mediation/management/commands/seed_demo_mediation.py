"""Demo mediation data: rooms, the demo mediator's hours, and a few requests at different stages.

Called by ``seed_demo``; idempotent (does nothing when mediation rooms already exist). Requests go
through the real services so that audit rows, events and deadlines are as in production.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from core import workdays
from core.models import District, User


def _next_working_day(after: datetime.date) -> datetime.date:
    day = after + datetime.timedelta(days=1)
    while not workdays.is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


class Command(BaseCommand):
    help = "Load demo mediation rooms, hours and requests (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        from mediation import services
        from mediation.models import Room, WorkingHours

        if Room.objects.exists():
            self.stdout.write("Mediation demo data already present.")
            return
        district = District.objects.filter(code="210211").first()
        mediator = User.objects.filter(role="mediator", district=district).order_by("id").first()
        if district is None or mediator is None:
            self.stdout.write("No demo district or mediator: run seed_demo first.")
            return
        rooms = [
            Room.objects.create(
                name="第一调解室", district=district, capacity=6, location="区劳动监察大队三楼"
            ),
            Room.objects.create(
                name="第二调解室", district=district, capacity=10, location="区劳动监察大队三楼"
            ),
            Room.objects.create(
                name="市调解中心大会议室", district=None, capacity=20, location="市人社局二楼"
            ),
        ]
        for weekday in range(5):
            WorkingHours.objects.create(
                mediator=mediator, weekday=weekday, start=datetime.time(9), end=datetime.time(12)
            )
            WorkingHours.objects.create(
                mediator=mediator, weekday=weekday, start=datetime.time(13, 30), end=datetime.time(17, 30)
            )
        people = [
            (
                "王建国",
                "13800000101",
                "大连海湾建筑工程有限公司",
                ["wages"],
                "18600",
                "2026年9月至11月工资未发",
            ),
            (
                "李秀英",
                "13800000102",
                "大连星海餐饮管理有限公司",
                ["overtime_pay", "holiday_pay"],
                "4200",
                "国庆加班未付加班费",
            ),
            (
                "赵志强",
                "13800000103",
                "大连北方物流有限公司",
                ["wages", "severance"],
                "26000",
                "被辞退后未结清工资及补偿",
            ),
            (
                "孙丽",
                "13800000104",
                "大连金州电子制造有限公司",
                ["holiday_pay"],
                "1500",
                "春节值班未付三倍工资",
            ),
        ]
        created = []
        for name, mobile, employer, matters, amount, reasons in people:
            request, _code = services.mediation_file(
                data={
                    "applicant_name": name,
                    "applicant_mobile": mobile,
                    "district": district,
                    "employer_name": employer,
                    "employer_contact_mobile": "13900000100",
                    "matters": matters,
                    "amount_claimed": amount,
                    "reasons": reasons,
                }
            )
            created.append(request)
        services.mediation_accept(request=created[0], by=mediator)
        services.mediation_accept(request=created[1], by=mediator)
        day = _next_working_day(timezone.localdate())
        at = lambda h, m=0: timezone.make_aware(datetime.datetime.combine(day, datetime.time(h, m)))  # noqa: E731
        services.session_book(
            request=created[1],
            by=mediator,
            mediator=mediator,
            start_at=at(9, 30),
            end_at=at(10, 30),
            room=rooms[0],
        )
        services.mediation_accept(request=created[2], by=mediator)
        services.session_book(
            request=created[2],
            by=mediator,
            mediator=mediator,
            start_at=at(14),
            end_at=at(15, 30),
            remote=True,
        )
        self.stdout.write(self.style.SUCCESS(f"Mediation: {len(rooms)} rooms, {len(created)} requests"))
