"""Every transition: allowed sources, forbidden sources, permission denied, concurrent conflict; audit and SMS."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from mediation import services
from mediation.choices import MediationStatus as S
from mediation.models import MediationAuditEntry, MediationRequest
from notifications.models import Event

from .factories import MediationRequestFactory

ALL = list(S.values)


def _call(name, request, by):
    fn = {
        "accept": lambda: services.mediation_accept(request=request, by=by),
        "decline": lambda: services.mediation_decline(request=request, by=by, reason="不属于劳动争议"),
        "start_session": lambda: services.mediation_start_session(request=request, by=by),
        "adjourn": lambda: services.mediation_adjourn(request=request, by=by, reason="补充材料"),
        "fail": lambda: services.mediation_fail(request=request, by=by, reason="用人单位拒绝调解"),
        "record_performed": lambda: services.mediation_record_performed(request=request, by=by),
        "record_not_performed": lambda: services.mediation_record_not_performed(
            request=request, by=by, reason="逾期未付"
        ),
        "follow_up": lambda: services.mediation_follow_up(request=request, by=by, kind="arbitration"),
        "reach_agreement": lambda: services.mediation_reach_agreement(
            request=request,
            by=by,
            terms=[
                {
                    "description": "支付工资",
                    "amount": "8000",
                    "due_date": datetime.date.today() + datetime.timedelta(days=10),
                }
            ],
        ),
    }[name]
    return fn()


TRANSITIONS = {
    # name: (allowed sources, target)
    "accept": ([S.REQUESTED], S.ACCEPTED),
    "decline": ([S.REQUESTED], S.DECLINED),
    "start_session": ([S.SCHEDULED], S.IN_SESSION),
    "adjourn": ([S.IN_SESSION], S.ACCEPTED),
    "reach_agreement": ([S.IN_SESSION], S.AGREEMENT_REACHED),
    "fail": ([S.ACCEPTED, S.SCHEDULED, S.IN_SESSION], S.FAILED),
    "record_performed": ([S.AGREEMENT_REACHED], S.PERFORMED),
    "record_not_performed": ([S.AGREEMENT_REACHED], S.NOT_PERFORMED),
    "follow_up": ([S.NOT_PERFORMED], S.NOT_PERFORMED),
}
CASES = [(name, src, src in allowed) for name, (allowed, _t) in TRANSITIONS.items() for src in ALL]


@pytest.mark.parametrize("name,source,allowed", CASES, ids=[f"{n}-{s}" for n, s, _a in CASES])
def test_transition_sources(name, source, allowed, district, mediator):
    request = MediationRequestFactory(district=district, status=source, mediator=mediator)
    if not allowed:
        with pytest.raises(TransitionNotAllowed):
            _call(name, request, mediator)
        assert MediationRequest.objects.get(pk=request.pk).status == source
        return
    _call(name, request, mediator)
    fresh = MediationRequest.objects.get(pk=request.pk)
    assert fresh.status == TRANSITIONS[name][1]
    entry = MediationAuditEntry.objects.filter(request=request).latest("id")
    assert (entry.action, entry.from_status, entry.to_status, entry.actor) == (
        name,
        source,
        TRANSITIONS[name][1],
        mediator,
    )
    assert Event.objects.filter(payload__mediation_id=request.pk).exists()


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_transition_permission_denied(name, district, inspector, other_mediator):
    allowed, _target = TRANSITIONS[name]
    for user in (inspector, other_mediator):
        request = MediationRequestFactory(district=district, status=allowed[0])
        with pytest.raises(PermissionDenied):
            _call(name, request, user)
        assert MediationRequest.objects.get(pk=request.pk).status == allowed[0]


@pytest.mark.parametrize("name", ["accept", "decline"])
def test_concurrent_change_conflicts(name, mreq, mediator, mediator2):
    stale = MediationRequest.objects.get(pk=mreq.pk)
    services.mediation_accept(request=mreq, by=mediator)
    with pytest.raises(ConcurrentTransition):
        _call(name, stale, mediator2)
    assert MediationRequest.objects.get(pk=mreq.pk).status == S.ACCEPTED


def test_manager_and_citywide_may_act(mreq, manager, city_manager):
    services.mediation_accept(request=mreq, by=manager)
    other = MediationRequestFactory(district=mreq.district)
    services.mediation_accept(request=other, by=city_manager)


def test_reasons_are_required(district, mediator):
    for name, status in [
        ("decline", S.REQUESTED),
        ("fail", S.IN_SESSION),
        ("record_not_performed", S.AGREEMENT_REACHED),
    ]:
        request = MediationRequestFactory(district=district, status=status, mediator=mediator)
        fn = getattr(services, f"mediation_{name}")
        with pytest.raises(ValidationError):
            fn(request=request, by=mediator, reason="  ")


def test_accept_sends_sms_to_worker_without_id_number(
    mreq, mediator, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.mediation_accept(request=mreq, by=mediator)
    assert [m.to for m in sms_outbox] == [mreq.applicant_mobile]
    assert mreq.tracking_number in sms_outbox[0].body
    assert mreq.applicant_id_number not in sms_outbox[0].body
    assert MediationRequest.objects.get(pk=mreq.pk).mediator == mediator


def test_payment_order_only_for_pay(district, mediator):
    request = MediationRequestFactory(district=district, status=S.NOT_PERFORMED, matters=["social_insurance"])
    with pytest.raises(ValidationError):
        services.mediation_follow_up(request=request, by=mediator, kind="payment_order")
    request = MediationRequestFactory(district=district, status=S.NOT_PERFORMED)
    services.mediation_follow_up(request=request, by=mediator, kind="payment_order", note="告知申请支付令")
    assert MediationRequest.objects.get(pk=request.pk).follow_up_kind == "payment_order"


def test_agreement_terms_pdf_and_performance(district, mediator):
    request = MediationRequestFactory(district=district, status=S.IN_SESSION, mediator=mediator)
    today = datetime.date.today()
    services.mediation_reach_agreement(
        request=request,
        by=mediator,
        terms=[
            {
                "description": "支付拖欠工资",
                "amount": "8000.00",
                "due_date": today + datetime.timedelta(days=5),
            },
            {"description": "支付加班费", "amount": "1200", "due_date": today + datetime.timedelta(days=20)},
        ],
        notes="双方无其他争议",
    )
    fresh = MediationRequest.objects.get(pk=request.pk)
    assert fresh.status == S.AGREEMENT_REACHED
    with fresh.agreement_pdf.open("rb") as fh:
        assert fh.read(5) == b"%PDF-"
    t1, t2 = fresh.terms.all()
    services.term_record_performed(term=t1, by=mediator)
    assert MediationRequest.objects.get(pk=request.pk).status == S.AGREEMENT_REACHED
    services.term_record_performed(term=t2, by=mediator)
    assert MediationRequest.objects.get(pk=request.pk).status == S.PERFORMED


def test_agreement_needs_terms_with_due_dates(district, mediator):
    request = MediationRequestFactory(district=district, status=S.IN_SESSION, mediator=mediator)
    with pytest.raises(ValidationError):
        services.mediation_reach_agreement(request=request, by=mediator, terms=[])
    with pytest.raises(ValidationError):
        services.mediation_reach_agreement(
            request=request, by=mediator, terms=[{"description": "x", "due_date": "2000-01-01"}]
        )
    assert MediationRequest.objects.get(pk=request.pk).status == S.IN_SESSION


@pytest.mark.django_db
def test_status_cannot_be_assigned_directly(mreq):
    with pytest.raises(AttributeError):
        mreq.status = S.PERFORMED
