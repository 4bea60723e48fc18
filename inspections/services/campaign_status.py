"""A campaign's status follows its dates: being prepared before its first day, under way from it, and
finished after its last day (or earlier, when a manager finishes it: services/campaigns.campaign_close).

Run by beat every hour and whenever a campaign is read (selectors.campaign_get_for, campaign_list), so
a page never shows a status its dates contradict. Each change is written to the campaign's trail.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import audit_record
from notifications.services import event_record

from ..choices import CampaignStatus
from ..models import Campaign


def campaign_status_due(campaign: Campaign, today: datetime.date) -> str:
    """Return the status the campaign's dates call for (a finished campaign stays finished)."""
    if campaign.status == CampaignStatus.CLOSED or today > campaign.ends_on:
        return CampaignStatus.CLOSED
    if today >= campaign.starts_on:
        return CampaignStatus.ACTIVE
    return CampaignStatus.DRAFT


def campaign_status_follow_dates(*, campaign: Campaign, today: datetime.date | None = None) -> Campaign:
    """Move the campaign to the status its dates call for; return it (unchanged if it already is)."""
    today = today or timezone.localdate()
    if campaign_status_due(campaign, today) == campaign.status:
        return campaign
    with transaction.atomic():
        fresh = Campaign.objects.select_for_update().get(pk=campaign.pk)
        due = campaign_status_due(fresh, today)
        before = fresh.status
        if due == before:
            campaign.refresh_from_db(fields=["status"])
            return campaign
        if due == CampaignStatus.ACTIVE:
            fresh.start()
            action, text = "started", _("%(name)s is under way")
        else:
            fresh.close()
            action, text = "closed", _("%(name)s is finished")
        fresh.save(update_fields=["status"])
        audit_record(
            subject=fresh,
            action=action,
            from_status=before,
            changes={"starts_on": fresh.starts_on.isoformat(), "ends_on": fresh.ends_on.isoformat()},
        )
        event_record(
            kind=f"campaign.{action}",
            text=text % {"name": fresh.name},
            payload={"campaign_id": fresh.pk},
            groups=[f"campaign-{fresh.pk}"],
        )
    campaign.refresh_from_db(fields=["status"])  # the caller's copy too (django-fsm checks it on save)
    return campaign


def campaign_status_follow_dates_all(*, today: datetime.date | None = None) -> int:
    """Bring every campaign that is not finished in line with its dates; return how many changed."""
    today = today or timezone.localdate()
    changed = 0
    for campaign in Campaign.objects.exclude(status=CampaignStatus.CLOSED):
        before = campaign.status
        changed += campaign_status_follow_dates(campaign=campaign, today=today).status != before
    return changed
