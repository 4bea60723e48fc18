"""factory_boy factories for the shared domain; apps add theirs in tests/<app>/factories.py."""

from __future__ import annotations

import factory

from core.choices import Role, Sector
from core.demo import uscc_with_check
from core.models import District, Employer, User

PASSWORD = "test-pass-123!"


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"21{n:04d}")
    name = factory.Sequence(lambda n: f"区{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.INSPECTOR
    display_name = factory.Sequence(lambda n: f"员工{n}")
    password = factory.django.Password(PASSWORD)


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"大连测试{n}建筑工程有限公司")
    credit_code = factory.Sequence(lambda n: uscc_with_check(f"91210211{n:09d}"))
    address = "大连市甘井子区人民路1号"
    district = factory.SubFactory(DistrictFactory)
    sector = Sector.CONSTRUCTION
    headcount = 50
    migrant_worker_count = 30
