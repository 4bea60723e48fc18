"""Choices for the winter campaign: English values, Chinese labels through gettext."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    ACTIVE = "active", _("Under way")
    CLOSED = "closed", _("Finished")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class WagePaymentStatus(models.TextChoices):
    ON_TIME = "on_time", _("Paid on time")
    LATE = "late", _("Paid late")
    ARREARS = "arrears", _("In arrears")
    UNKNOWN = "unknown", _("Not reported")


class VisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    COMPLETED = "completed", _("Completed")
    REMOVED = "removed", _("Removed from the plan")


class VisitKind(models.TextChoices):
    PLANNED = "planned", _("Risk-based visit")
    MUST = "must", _("Must-visit (open case)")
    FOLLOW_UP = "follow_up", _("Follow-up of an order")


class Outcome(models.TextChoices):
    NO_VIOLATION = "no_violation", _("No violation found")
    ORDER = "order", _("Order to correct (责令改正)")
    CASE = "case", _("Case opened (立案)")


class OrderStatus(models.TextChoices):
    OPEN = "open", _("Awaiting correction")
    COMPLIED = "complied", _("Corrected")
    NOT_COMPLIED = "not_complied", _("Not corrected")


class PlanDecision(models.TextChoices):
    """What the manager did with a computed plan: a plan is a proposal until it is confirmed."""

    PROPOSED = "proposed", _("Proposed, awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DISCARDED = "discarded", _("Discarded")
    SUPERSEDED = "superseded", _("Superseded by another plan")


class PlanMethod(models.TextChoices):
    MILP = "milp", _("Exact (MILP, HiGHS)")
    GREEDY = "greedy", _("Greedy baseline")


# The checklist of 保障农民工工资支付条例; which items apply depends on the sector.
class CheckItem(models.TextChoices):
    WAGE_LEDGER = "wage_ledger", _("Wage ledger kept for 3 years (第十五条)")
    CONTRACTS = "contracts", _("Written labour contracts")
    REAL_NAME = "real_name", _("Real-name register (第二十八条)")
    WAGE_ACCOUNT = "wage_account", _("Dedicated wage account (第二十六条)")
    WAGE_DEPOSIT = "wage_deposit", _("Wage deposit paid")
    HOLIDAY_OVERTIME = "holiday_overtime", _("Holiday and overtime pay arrangements")
    PAY_ON_TIME = "pay_on_time", _("Wages paid in full and on time (第十一、十二条)")


CONSTRUCTION_ONLY = {CheckItem.REAL_NAME, CheckItem.WAGE_ACCOUNT, CheckItem.WAGE_DEPOSIT}


class RiskFactor(models.TextChoices):
    OPEN_COMPLAINTS = "open_complaints", _("Open complaints")
    PAST_COMPLAINTS = "past_complaints", _("Past complaints")
    PAST_ORDERS = "past_orders", _("Past orders and violations")
    ARREARS = "arrears", _("Arrears amount")
    MIGRANT_SHARE = "migrant_share", _("Share of migrant workers")
    CONSTRUCTION_GAPS = "construction_gaps", _("Construction without wage account or deposit")
    SUBCONTRACTING = "subcontracting", _("Subcontracting depth")
    BLACKLIST = "blacklist", _("Blacklist history")
    LEDGER_ANOMALY = "ledger_anomaly", _("Ledger anomalies")


DEFAULT_WEIGHTS = {
    RiskFactor.OPEN_COMPLAINTS.value: 25,
    RiskFactor.PAST_COMPLAINTS.value: 10,
    RiskFactor.PAST_ORDERS.value: 10,
    RiskFactor.ARREARS.value: 15,
    RiskFactor.MIGRANT_SHARE.value: 10,
    RiskFactor.CONSTRUCTION_GAPS.value: 10,
    RiskFactor.SUBCONTRACTING.value: 5,
    RiskFactor.BLACKLIST.value: 10,
    RiskFactor.LEDGER_ANOMALY.value: 5,
}


class Metric(models.TextChoices):
    """The figures a bureau reports upward (docs/law/inspection-campaign.md)."""

    EMPLOYERS_INSPECTED = "employers_inspected", _("Employers inspected")
    WORKERS_COVERED = "workers_covered", _("Workers covered")
    CASES_FILED = "cases_filed", _("Cases filed (立案)")
    CASES_CLOSED = "cases_closed", _("Cases closed (结案)")
    WAGES_RECOVERED = "wages_recovered", _("Wages recovered (yuan)")
    WORKERS_PAID = "workers_paid", _("Workers paid")
    ORDERS = "orders", _("Orders issued")
    PENALTIES = "penalties", _("Penalties")
    BLACKLISTINGS = "blacklistings", _("Blacklistings")
    POLICE_TRANSFERS = "police_transfers", _("Transfers to the police")
    OPEN_ARREARS = "open_arrears", _("Open arrears cases left (清零)")


# How a visit's audit actions read on its history.
AUDIT_LABELS = {
    "locked": _("Locked in the plan"),
    "unlocked": _("Unlocked"),
    "removed": _("Removed from the plan"),
    "completed": _("Visit recorded"),
    "photo_added": _("Photo added"),
    "scheduled": _("Follow-up scheduled"),
    "replanned": _("Moved by a confirmed plan"),
    "order_complied": _("Order corrected (follow-up visit)"),
    "order_not_complied": _("Order not corrected (follow-up visit)"),
}

# How a campaign's audit actions read on its history.
CAMPAIGN_AUDIT_LABELS = {
    "started": _("Campaign under way (its first day)"),
    "closed": _("Campaign finished"),
    "plan_confirmed": _("Plan confirmed"),
    "plan_discarded": _("Plan proposal discarded"),
    "plan_restored": _("Earlier plan restored"),
}


class CheckinStatus(models.TextChoices):
    """What the tablet's geolocation gave when the visit was started on site."""

    RECORDED = "recorded", _("position recorded")
    REFUSED = "refused", _("location permission refused")
    UNAVAILABLE = "unavailable", _("position unavailable")


class MapStatus(models.TextChoices):
    """An employer's state in a campaign, as the map shows it (the furthest step it reached)."""

    NOT_PLANNED = "not_planned", _("Not planned")
    PLANNED = "planned", _("Visit planned")
    VISITED = "visited", _("Visited")
    ORDER = "order", _("Order to correct issued")
    CASE = "case", _("Case opened")


class RiskBand(models.TextChoices):
    """Where an employer's score falls among the campaign's scores (the map's colours)."""

    HIGH = "high", _("Highest fifth of the campaign's risk scores")
    MEDIUM = "medium", _("Next three tenths")
    LOW = "low", _("Lower half")
