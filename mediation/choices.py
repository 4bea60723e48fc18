"""Choices for mediation: English values, Chinese labels through gettext."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import ActorKind  # noqa: F401  (re-exported: who acted on a request's trail)


class MediationStatus(models.TextChoices):
    """States of a mediation request; transitions live in mediation/request_states.py."""

    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    SCHEDULED = "scheduled", _("Session scheduled")
    IN_SESSION = "in_session", _("In session")
    AGREEMENT_REACHED = "agreement_reached", _("Agreement reached")
    PERFORMED = "performed", _("Agreement performed")
    NOT_PERFORMED = "not_performed", _("Agreement not performed")
    FAILED = "failed", _("Mediation failed")
    LAPSED = "lapsed", _("Lapsed (no agreement within the time limit)")


# Open requests: the 15-day clock of 第十四条 still runs.
OPEN_STATUSES = frozenset(
    {
        MediationStatus.REQUESTED,
        MediationStatus.ACCEPTED,
        MediationStatus.SCHEDULED,
        MediationStatus.IN_SESSION,
    }
)
FINISHED_STATUSES = frozenset(
    {
        MediationStatus.DECLINED,
        MediationStatus.PERFORMED,
        MediationStatus.NOT_PERFORMED,
        MediationStatus.FAILED,
        MediationStatus.LAPSED,
    }
)


class MediationSource(models.TextChoices):
    ONLINE = "online", _("Filed online")
    API = "api", _("Filed through the API")
    ORAL = "oral", _("Oral application recorded by a mediator")
    COMPLAINT = "complaint", _("Referred from a complaint")


class Matter(models.TextChoices):
    WAGES = "wages", _("Unpaid wages")
    OVERTIME_PAY = "overtime_pay", _("Overtime pay")
    HOLIDAY_PAY = "holiday_pay", _("Holiday pay")
    SEVERANCE = "severance", _("Severance or compensation")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance")
    OTHER = "other", _("Other")


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class FollowUp(models.TextChoices):
    """What the worker may do when the employer does not perform (第十五条、第十六条)."""

    ARBITRATION = "arbitration", _("Referred to arbitration")
    PAYMENT_ORDER = "payment_order", _("Payment order (支付令) from a court advised")


# How each audit action reads on the timeline (staff and worker).
ACTION_LABELS = {
    "received": _("Request received"),
    "accept": _("Accepted by the mediation centre"),
    "decline": _("Declined"),
    "schedule": _("Session booked"),
    "reschedule": _("Session moved"),
    "cancel_session": _("Session cancelled"),
    "start_session": _("Session started"),
    "adjourn": _("Session adjourned"),
    "reach_agreement": _("Agreement reached"),
    "term_performed": _("Agreement term performed"),
    "record_performed": _("Agreement performed"),
    "record_not_performed": _("Agreement not performed"),
    "follow_up": _("Follow-up recorded"),
    "fail": _("Mediation failed"),
    "lapse": _("Mediation period ended without agreement"),
    "access_code_reissued": _("A new access code was sent to your mobile"),
}
