"""Event kinds (brief.md contract): English values, Chinese labels through gettext."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    CASE_CREATED = "case.created", _("New case")
    CASE_ASSIGNED = "case.assigned", _("Case assigned")
    CASE_TRANSITIONED = "case.transitioned", _("Case status changed")
    CASE_EVIDENCE_ADDED = "case.evidence_added", _("New evidence")
    DEADLINE_WARNING = "deadline.warning", _("Deadline approaching")
    DEADLINE_OVERDUE = "deadline.overdue", _("Deadline passed")


def kind_label(kind: str) -> str:
    """Return a display label for any event kind, including mediation.* and campaign.* ones."""
    if kind in EventKind.values:
        return str(EventKind(kind).label)
    if kind.startswith("mediation."):
        return str(_("Mediation"))
    if kind.startswith("campaign."):
        return str(_("Winter campaign"))
    return kind
