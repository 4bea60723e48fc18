"""Every staff transition: allowed sources, forbidden sources, permission denied, required fields."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from complaints.case_states import CLOSABLE
from complaints.choices import CaseStatus as S
from complaints.services import case_transitions as svc
from core.choices import Role
from tests.complaints.factories import case_in, fast_passwords, media_tmp  # noqa: F401
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_tmp")]

TODAY = timezone.localdate()
PAYMENTS = [{"worker_name": "张建国", "amount": "18000.00"}]

# action: (allowed sources, valid arguments, who may act, required argument names)
TABLE = {
    "accept": ([S.RECEIVED], {}, "inspector", []),
    "request_supplement": ([S.RECEIVED], {"reason": "请补充劳动合同或考勤记录"}, "inspector", ["reason"]),
    "decline": ([S.RECEIVED, S.NEEDS_SUPPLEMENT], {"reason": "超过两年时效"}, "inspector", ["reason"]),
    "refer": (
        [S.RECEIVED, S.NEEDS_SUPPLEMENT],
        {"reason": "属于劳动争议", "referral_kind": "mediation"},
        "inspector",
        ["reason", "referral_kind"],
    ),
    "start_investigation": ([S.ACCEPTED], {}, "assigned", []),
    "extend_deadline": ([S.INVESTIGATING], {"reason": "涉及分包多层，案情复杂"}, "manager", ["reason"]),
    "issue_order": (
        [S.INVESTIGATING],
        {
            "due_date": TODAY + datetime.timedelta(days=15),
            "amount": Decimal("18000"),
            "reason": "责令限期支付",
        },
        "assigned",
        ["due_date", "amount", "reason"],
    ),
    "record_compliance": ([S.ORDERED], {"payments": PAYMENTS}, "assigned", ["payments"]),
    "record_non_compliance": ([S.ORDERED], {}, "assigned", []),
    "order_surcharge": (
        [S.NOT_COMPLIED],
        {"rate_percent": 50, "reason": "逾期未支付"},
        "assigned",
        ["rate_percent", "reason"],
    ),
    "decide_penalty": (
        [S.INVESTIGATING, S.NOT_COMPLIED],
        {"amount": Decimal("2000"), "reason": "已告知陈述申辩权利"},
        "assigned",
        ["amount", "reason"],
    ),
    "transfer_to_police": ([S.NOT_COMPLIED], {"reason": "有能力支付而拒不支付"}, "manager", ["reason"]),
    "propose_blacklist": ([S.NOT_COMPLIED], {"reason": "逾期未支付且达到数额"}, "assigned", ["reason"]),
    "resolve": ([S.INVESTIGATING], {"payments": PAYMENTS}, "assigned", ["payments"]),
    "withdraw_case": ([S.INVESTIGATING], {"reason": "情节轻微且已改正"}, "assigned", ["reason"]),
    "close": (list(CLOSABLE), {"summary": "工资已全部支付"}, "assigned", ["summary"]),
    "reopen": ([S.CLOSED], {"reason": "发现新的欠薪事实"}, "manager", ["reason"]),
}

TARGET = {
    "accept": S.ACCEPTED,
    "request_supplement": S.NEEDS_SUPPLEMENT,
    "decline": S.NOT_ACCEPTED,
    "refer": S.REFERRED,
    "start_investigation": S.INVESTIGATING,
    "issue_order": S.ORDERED,
    "record_compliance": S.COMPLIED,
    "record_non_compliance": S.NOT_COMPLIED,
    "resolve": S.RESOLVED,
    "withdraw_case": S.CASE_WITHDRAWN,
    "close": S.CLOSED,
    "reopen": S.INVESTIGATING,
}


@pytest.fixture
def people(district, inspector, inspector2, manager, mediator):
    return {
        "inspector": inspector,
        "assigned": inspector,
        "manager": manager,
        "unassigned": UserFactory(role=Role.INSPECTOR, district=district, username="insp3"),
        "mediator": mediator,
    }


def build(status, district, employer, people, inspector2):
    return case_in(
        status,
        district=district,
        employer=employer,
        inspectors=[people["inspector"], inspector2],
        order_due=TODAY - datetime.timedelta(days=1),
    )


@pytest.mark.parametrize("action", list(TABLE))
def test_allowed_sources(action, district, employer, people, inspector2, sms_outbox):
    sources, kwargs, who, _ = TABLE[action]
    for source in sources:
        case = build(source, district, employer, people, inspector2)
        done = svc.SERVICES[action](complaint=case, by=people[who], **kwargs)
        assert done.status == TARGET.get(action, source)
        entry = done.audit.order_by("-id").first()
        assert entry.action == action and entry.actor == people[who]
        assert entry.from_status == source and entry.to_status == done.status
    for sms in sms_outbox:
        assert "11010519491231002X" not in sms.body and case.tracking_number[:4] in sms.body


@pytest.mark.parametrize("action", list(TABLE))
def test_forbidden_sources(action, district, employer, people, inspector2):
    sources, kwargs, who, _ = TABLE[action]
    for status in S.values:
        if status in sources:
            continue
        case = build(status, district, employer, people, inspector2)
        with pytest.raises(TransitionNotAllowed):
            svc.SERVICES[action](complaint=case, by=people[who], **kwargs)
        case.refresh_from_db()
        assert case.status == status


@pytest.mark.parametrize("action", list(TABLE))
def test_permission_denied(action, district, employer, people, inspector2, other_inspector):
    sources, kwargs, who, _ = TABLE[action]
    case = build(sources[0], district, employer, people, inspector2)
    outsiders = [people["mediator"], other_inspector]
    outsiders.append(
        people["inspector"]
        if who == "manager"
        else people["unassigned"]
        if who == "assigned"
        else other_inspector
    )
    for outsider in outsiders:
        with pytest.raises(PermissionDenied):
            svc.SERVICES[action](complaint=case, by=outsider, **kwargs)
    case.refresh_from_db()
    assert case.status == sources[0]
    assert not case.audit.exists()


@pytest.mark.parametrize("action", [a for a in TABLE if TABLE[a][3]])
def test_required_fields(action, district, employer, people, inspector2):
    sources, kwargs, who, required = TABLE[action]
    case = build(sources[0], district, employer, people, inspector2)
    for name in required:
        with pytest.raises(ValidationError):
            svc.SERVICES[action](
                complaint=case, by=people[who], **(kwargs | {name: "" if name != "payments" else []})
            )
    case.refresh_from_db()
    assert case.status == sources[0]
    assert not case.audit.exists()


def test_accept_needs_an_identified_employer_within_two_years(district, inspector):
    no_employer = case_in(S.RECEIVED, district=district, employer=None, employer_name_given="某老板")
    with pytest.raises(ValidationError, match="employer"):
        svc.complaint_accept(complaint=no_employer, by=inspector)
    old = case_in(
        S.RECEIVED,
        district=district,
        period_start=TODAY - datetime.timedelta(days=1200),
        period_end=TODAY - datetime.timedelta(days=800),
    )
    with pytest.raises(ValidationError, match="two years"):
        svc.complaint_accept(complaint=old, by=inspector)
    # A continuing violation is within the limit however long ago it started.
    continuing = case_in(
        S.RECEIVED, district=district, period_start=TODAY - datetime.timedelta(days=900), continuing=True
    )
    assert svc.complaint_accept(complaint=continuing, by=inspector).status == S.ACCEPTED


def test_investigation_needs_two_inspectors(district, employer, inspector, inspector2):
    case = case_in(S.ACCEPTED, district=district, employer=employer, inspectors=[inspector])
    with pytest.raises(ValidationError, match="two inspectors"):
        svc.complaint_start_investigation(complaint=case, by=inspector)
    from complaints.services.assignment import complaint_assign

    complaint_assign(complaint=case, by=inspector, inspectors=[inspector2])
    assert svc.complaint_start_investigation(complaint=case, by=inspector).status == S.INVESTIGATING


def test_extension_only_once_and_adds_30_working_days(district, employer, inspector, inspector2, manager):
    from core import workdays

    case = case_in(S.INVESTIGATING, district=district, employer=employer, inspectors=[inspector, inspector2])
    before = case.investigation_due
    case = svc.complaint_extend_deadline(complaint=case, by=manager, reason="案情复杂")
    assert case.extended
    assert case.investigation_due == workdays.add_working_days(case.accepted_on, 90).date
    assert case.investigation_due > before
    with pytest.raises(ValidationError, match="only once"):
        svc.complaint_extend_deadline(complaint=case, by=manager, reason="再次延期")


def test_not_complied_only_after_the_due_date(district, employer, inspector, inspector2):
    case = case_in(
        S.ORDERED,
        district=district,
        employer=employer,
        inspectors=[inspector, inspector2],
        order_due=TODAY + datetime.timedelta(days=3),
    )
    with pytest.raises(ValidationError):
        svc.complaint_record_non_compliance(complaint=case, by=inspector)


def test_police_transfer_offered_only_at_the_criminal_thresholds(
    district, employer, inspector, inspector2, manager, settings
):
    from complaints.actions import available_actions

    small = case_in(
        S.NOT_COMPLIED,
        district=district,
        employer=employer,
        inspectors=[inspector, inspector2],
        amount_owed=Decimal("3000"),
        order_due=TODAY - datetime.timedelta(days=2),
    )
    assert "transfer_to_police" not in available_actions(small, manager)
    with pytest.raises(ValidationError):
        svc.complaint_transfer_to_police(complaint=small, by=manager, reason="拒不支付")
    big = case_in(
        S.NOT_COMPLIED,
        district=district,
        employer=employer,
        inspectors=[inspector, inspector2],
        amount_owed=Decimal("60000"),
        workers_affected=12,
        order_due=TODAY - datetime.timedelta(days=2),
    )
    assert "transfer_to_police" in available_actions(big, manager)
    settings.WAGEWATCH = settings.WAGEWATCH | {
        "CRIMINAL_GROUP_AMOUNT": Decimal("100000"),
        "CRIMINAL_SINGLE_WORKER_AMOUNT": Decimal("100000"),
    }
    assert "transfer_to_police" not in available_actions(big, manager)


def test_blacklist_needs_threshold_or_mass_incident(district, employer, inspector, inspector2):
    small = case_in(
        S.NOT_COMPLIED,
        district=district,
        employer=employer,
        inspectors=[inspector, inspector2],
        amount_owed=Decimal("3000"),
        order_due=TODAY - datetime.timedelta(days=2),
    )
    with pytest.raises(ValidationError, match="mass"):
        svc.complaint_propose_blacklist(complaint=small, by=inspector, reason="逾期未付")
    done = svc.complaint_propose_blacklist(
        complaint=small, by=inspector, reason="聚集讨薪", mass_incident=True
    )
    assert done.decisions.filter(kind="blacklist").exists()


def test_surcharge_is_between_50_and_100_percent_of_what_is_still_owed(
    district, employer, inspector, inspector2
):
    from tests.complaints.factories import pay

    case = case_in(
        S.NOT_COMPLIED,
        district=district,
        employer=employer,
        inspectors=[inspector, inspector2],
        amount_owed=Decimal("10000"),
        order_due=TODAY - datetime.timedelta(days=2),
    )
    pay(case, "4000", inspector)
    with pytest.raises(ValidationError):
        svc.complaint_order_surcharge(complaint=case, by=inspector, rate_percent=120, reason="逾期")
    done = svc.complaint_order_surcharge(complaint=case, by=inspector, rate_percent=100, reason="逾期")
    assert done.decisions.get(kind="surcharge").amount == Decimal("6000.00")


def test_refer_to_other_bureau_needs_its_name(district, employer, inspector):
    case = case_in(S.RECEIVED, district=district, employer=employer)
    with pytest.raises(ValidationError):
        svc.complaint_refer(complaint=case, by=inspector, reason="用工地在外市", referral_kind="other_bureau")
    done = svc.complaint_refer(
        complaint=case,
        by=inspector,
        reason="用工地在外市",
        referral_kind="other_bureau",
        referred_to="沈阳市劳动保障监察支队",
    )
    assert done.decisions.get().referred_to.startswith("沈阳")


def test_full_path_writes_notices_payments_and_outcome(
    district, employer, inspector, inspector2, sms_outbox, django_capture_on_commit_callbacks
):
    from complaints.services.assignment import complaint_assign

    case = case_in(S.RECEIVED, district=district, employer=employer)
    with django_capture_on_commit_callbacks(execute=True):
        case = svc.complaint_accept(complaint=case, by=inspector)
    case = complaint_assign(complaint=case, by=inspector, inspectors=[inspector, inspector2])
    case = svc.complaint_start_investigation(complaint=case, by=inspector)
    with django_capture_on_commit_callbacks(execute=True):
        case = svc.complaint_issue_order(
            complaint=case,
            by=inspector,
            due_date=TODAY + datetime.timedelta(days=10),
            amount=Decimal("18000"),
            reason="责令支付",
        )
    assert case.order_due == TODAY + datetime.timedelta(days=10) and case.next_deadline <= case.order_due
    case = svc.complaint_record_compliance(complaint=case, by=inspector2, payments=PAYMENTS)
    with django_capture_on_commit_callbacks(execute=True):
        case = svc.complaint_close(complaint=case, by=inspector, summary="已足额支付")
    assert case.status == S.CLOSED and case.next_deadline is None and case.closed_at
    assert case.outcome.wages_recovered == Decimal("18000.00") and case.outcome.workers_paid == 1
    kinds = list(case.notices.values_list("kind", flat=True))
    assert kinds == ["accepted", "order", "closed"]
    pdf = case.notices.first().file.open("rb").read()
    assert pdf[:5] == b"%PDF-" and b"WenQuanYiMicroHei" in pdf  # Chinese text in the embedded font
    actions = list(case.audit.values_list("action", flat=True))
    assert actions == ["accept", "assign", "start_investigation", "issue_order", "record_compliance", "close"]
    assert len(sms_outbox) == 3  # accepted, ordered, closed
    assert all("11010519491231002X" not in m.body and "13800138000" not in m.body for m in sms_outbox)


def test_reopen_then_close_again_updates_the_outcome(district, employer, inspector, inspector2, manager):
    case = case_in(S.RESOLVED, district=district, employer=employer, inspectors=[inspector, inspector2])
    case = svc.complaint_close(
        complaint=case, by=inspector, summary="已支付", wages_recovered=Decimal("100"), workers_paid=1
    )
    case = svc.complaint_reopen(complaint=case, by=manager, reason="仍有工友未支付")
    assert case.status == S.INVESTIGATING and case.closed_at is None
    case = svc.complaint_resolve(
        complaint=case, by=inspector, payments=[{"worker_name": "李四", "amount": "500"}]
    )
    case = svc.complaint_close(complaint=case, by=inspector, summary="全部支付")
    assert case.outcome.summary == "全部支付"


def test_identify_employer_then_accept(district, inspector, other_inspector):
    from complaints.actions import available_actions
    from complaints.services.case_transitions import complaint_identify_employer

    case = case_in(S.RECEIVED, district=district, employer=None, employer_name_given="大连宏达劳务有限公司")
    assert "identify_employer" in available_actions(case, inspector)
    assert "accept" not in available_actions(case, inspector)
    with pytest.raises(PermissionDenied):
        complaint_identify_employer(complaint=case, by=other_inspector, name="大连宏达劳务有限公司")
    with pytest.raises(ValidationError):
        complaint_identify_employer(complaint=case, by=inspector, name="")
    case = complaint_identify_employer(
        complaint=case, by=inspector, name="大连宏达劳务有限公司", credit_code="91110108551385082Q"
    )
    assert case.employer.credit_code == "91110108551385082Q"
    assert case.audit.get().action == "identify_employer"
    assert "accept" in available_actions(case, inspector)
    assert svc.complaint_accept(complaint=case, by=inspector).status == S.ACCEPTED
