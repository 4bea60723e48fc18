"""No websocket payload carries an ID number or a phone number: scan what the real services record."""

from __future__ import annotations

import pytest

from complaints.choices import CaseStatus
from complaints.services.case_transitions import (
    complaint_accept,
    complaint_decline,
    complaint_request_supplement,
)
from notifications.delivery import event_message
from notifications.models import Event
from notifications.services import payload_check
from tests.complaints.factories import case_in

pytestmark = pytest.mark.django_db


def test_case_events_carry_ids_and_states_but_no_personal_numbers(
    inspector, sms_outbox, django_capture_on_commit_callbacks
):
    cases = [
        case_in(CaseStatus.RECEIVED, inspectors=[inspector], district=inspector.district) for _ in range(3)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        complaint_accept(complaint=cases[0], by=inspector)
        complaint_decline(complaint=cases[1], by=inspector, reason="超过两年")
        complaint_request_supplement(complaint=cases[2], by=inspector, reason="请补充工资条")
    events = list(Event.objects.filter(kind="case.transitioned"))
    assert len(events) == 3
    secrets = {c.complainant_id_number for c in cases} | {c.complainant_mobile for c in cases}
    for event in events:
        message = event_message(event)
        payload_check(message)  # raises on anything shaped like an ID or mobile number
        blob = repr(message)
        assert not any(secret in blob for secret in secrets)
        assert {"case_id", "tracking_number", "status", "status_label", "district_id", "actor_id"} <= set(
            message["payload"]
        )
    # The worker is told by SMS (to the mobile), which never travels over a websocket.
    assert {m.to for m in sms_outbox} == {cases[0].complainant_mobile}
    assert len(sms_outbox) == 3
