"""factory_boy factories for mediation."""

from __future__ import annotations

import factory
from django.utils import timezone

from complaints.tracking_codes import hash_access_code
from mediation.choices import Matter, MediationSource, MediationStatus
from mediation.models import MediationRequest, Room, WorkingHours
from mediation.services.deadlines import mediation_deadline_for
from tests.factories import DistrictFactory, EmployerFactory

ACCESS_CODE = "ACDEFGHJKMNP"


class MediationRequestFactory(factory.django.DjangoModelFactory):
    """A request in any status (created directly: status is protected after creation)."""

    class Meta:
        model = MediationRequest

    tracking_number = factory.Sequence(lambda n: f"2102M-2026-{n + 500000:06d}")
    access_code_hash = factory.LazyFunction(lambda: hash_access_code(ACCESS_CODE))
    source = MediationSource.ONLINE
    status = MediationStatus.REQUESTED
    district = factory.SubFactory(DistrictFactory)
    employer = factory.SubFactory(EmployerFactory, district=factory.SelfAttribute("..district"))
    employer_name_given = factory.LazyAttribute(lambda o: o.employer.name)
    employer_contact_mobile = "13900000002"
    applicant_name = "王小明"
    applicant_id_number = "11010519491231002X"
    applicant_mobile = factory.Sequence(lambda n: f"138{n:08d}")
    matters = factory.LazyFunction(lambda: [Matter.WAGES])
    reasons = "工地拖欠三个月工资"
    received_at = factory.LazyFunction(timezone.now)
    deadline = factory.LazyAttribute(lambda o: mediation_deadline_for(o.received_at).date)


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    name = factory.Sequence(lambda n: f"调解室{n + 1}")
    capacity = 6
    location = "三楼"


class WorkingHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingHours
