"""A case that changes (a decision, a payment, its outcome, a new status) makes the campaign figures
of its district due for a refresh (services.dashboard.figures_due), a few seconds after it commits.

The complaints app does not know about campaigns: this module listens to its models' signals.
Complaints filed by intake (one SQL statement on PostgreSQL, no model signal) reach the figures
through the periodic refresh.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from complaints.models import CaseOutcome, Complaint, Decision, Payment

from .services.dashboard import figures_due


@receiver([post_save, post_delete], sender=Complaint, dispatch_uid="inspections-figures-complaint")
def _complaint_changed(sender, instance: Complaint, created: bool = False, **kwargs) -> None:
    if created:
        return  # intake; the periodic refresh counts new complaints
    figures_due(district_ids=[instance.district_id])


@receiver([post_save, post_delete], sender=Decision, dispatch_uid="inspections-figures-decision")
@receiver([post_save, post_delete], sender=Payment, dispatch_uid="inspections-figures-payment")
@receiver([post_save, post_delete], sender=CaseOutcome, dispatch_uid="inspections-figures-outcome")
def _case_record_changed(sender, instance, **kwargs) -> None:
    field = sender._meta.get_field("complaint")
    if field.is_cached(instance):
        figures_due(district_ids=[field.get_cached_value(instance).district_id])
    else:
        figures_due(
            district_ids=Complaint.objects.filter(pk=instance.complaint_id).values_list(
                "district_id", flat=True
            )
        )
