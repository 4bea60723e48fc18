"""factory_boy factories for complaints and cases (shared by the tests of every app)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
import pytest
from django.utils import timezone

from complaints import deadlines
from complaints.choices import CaseStatus, Category, ComplaintKind, DecisionKind, Source
from complaints.models import (
    Assignment,
    AuditEntry,
    Complaint,
    ComplaintGroup,
    Decision,
    Evidence,
    GroupMember,
    Payment,
)
from complaints.tracking_codes import hash_access_code
from core.choices import Role
from tests.factories import DistrictFactory, EmployerFactory, UserFactory

ACCESS_CODE = "ACDEFGHJKMNP"


class ComplaintGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplaintGroup

    employer = factory.SubFactory(EmployerFactory)


class ComplaintFactory(factory.django.DjangoModelFactory):
    """A complaint just received (status received, acceptance deadline set as intake sets it)."""

    class Meta:
        model = Complaint
        skip_postgeneration_save = True

    tracking_number = factory.Sequence(lambda n: f"2102-2026-{n + 1:06d}")
    access_code_hash = factory.LazyFunction(lambda: hash_access_code(ACCESS_CODE))
    kind = ComplaintKind.COMPLAINT
    category = Category.WAGE_ARREARS
    source = Source.ONLINE
    district = factory.SubFactory(DistrictFactory, code="210211", name="甘井子区")
    employer = factory.SubFactory(EmployerFactory, district=factory.SelfAttribute("..district"))
    employer_name_given = factory.LazyAttribute(lambda o: o.employer.name if o.employer else "大连某建筑公司")
    amount_owed = Decimal("18000.00")
    period_start = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=150))
    period_end = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=20))
    workers_affected = 1
    description = "工地干了五个月，老板一直拖欠工资不给。"
    complainant_name = "张建国"
    complainant_id_number = "11010519491231002X"
    complainant_mobile = "13800138000"
    received_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def set_deadlines(obj, create, extracted, **kwargs):
        if obj.acceptance_due is None:
            deadlines.set_acceptance_due(obj, start=timezone.localdate(obj.received_at))
            if create:
                Complaint.objects.filter(pk=obj.pk).update(
                    acceptance_due=obj.acceptance_due,
                    acceptance_due_provisional=obj.acceptance_due_provisional,
                    next_deadline=obj.next_deadline,
                )


class GroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMember

    complaint = factory.SubFactory(ComplaintFactory)
    name = factory.Sequence(lambda n: f"工友{n}")
    amount_owed = Decimal("6000.00")


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    complaint = factory.SubFactory(ComplaintFactory)
    file = factory.django.FileField(filename="payslip.pdf", data=b"%PDF-1.4\n%test\n")
    stored_name = factory.Sequence(lambda n: f"ev{n}.pdf")
    original_name = "工资条.pdf"
    kind = "pdf"
    content_type = "application/pdf"
    size = 16
    sha256 = "0" * 64


def inspector_for(district, **kwargs):
    return UserFactory(role=Role.INSPECTOR, district=district, **kwargs)


def case_in(status: str, *, inspectors=(), order_due=None, **kwargs) -> Complaint:
    """Build a case already in ``status``, with the fields and records that state implies."""
    today = timezone.localdate()
    fields = dict(kwargs)
    if status not in (
        CaseStatus.RECEIVED,
        CaseStatus.NEEDS_SUPPLEMENT,
        CaseStatus.NOT_ACCEPTED,
        CaseStatus.REFERRED,
    ):
        fields.setdefault("accepted_on", today - datetime.timedelta(days=10))
    if status in (CaseStatus.ORDERED, CaseStatus.COMPLIED, CaseStatus.NOT_COMPLIED):
        fields.setdefault("order_due", order_due or today + datetime.timedelta(days=15))
    complaint = ComplaintFactory(status=status, **fields)
    if complaint.accepted_on:
        deadlines.set_investigation_due(complaint)
    deadlines.update_next_deadline(complaint)
    Complaint.objects.filter(pk=complaint.pk).update(
        investigation_due=complaint.investigation_due,
        investigation_due_provisional=complaint.investigation_due_provisional,
        next_deadline=complaint.next_deadline,
    )
    for person in inspectors:
        Assignment.objects.create(complaint=complaint, inspector=person)
    if complaint.order_due:
        Decision.objects.create(
            complaint=complaint,
            kind=DecisionKind.ORDER,
            amount=complaint.amount_owed,
            due_date=complaint.order_due,
            reason="责令限期支付",
            decided_by=inspectors[0] if inspectors else UserFactory(role=Role.INSPECTOR),
        )
    return Complaint.objects.get(pk=complaint.pk)


def pay(complaint: Complaint, amount: str, by, worker: str = "张建国") -> Payment:
    return Payment.objects.create(
        complaint=complaint, worker_name=worker, amount=Decimal(amount), recorded_by=by
    )


def audit_actions(complaint: Complaint) -> list[str]:
    return list(
        AuditEntry.objects.filter(complaint=complaint).order_by("at", "id").values_list("action", flat=True)
    )


@pytest.fixture
def media_tmp(settings, tmp_path):
    """Keep notices and evidence written by a test out of the project's media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


__all__ = [
    "ACCESS_CODE",
    "ComplaintFactory",
    "ComplaintGroupFactory",
    "EvidenceFactory",
    "GroupMemberFactory",
    "audit_actions",
    "case_in",
    "inspector_for",
    "media_tmp",
    "fast_passwords",
    "pay",
]


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Hash the staff fixtures' passwords quickly (PBKDF2 costs ~0.3 s a user); import into a module to use."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
