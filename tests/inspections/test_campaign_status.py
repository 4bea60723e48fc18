"""A campaign's status follows its dates, by the beat task and on every read, each change on its trail."""

from __future__ import annotations

import datetime

from django.utils import timezone

from inspections.choices import CampaignStatus
from inspections.models import Campaign, CampaignAudit
from inspections.services import campaigns
from inspections.services.campaign_status import campaign_status_follow_dates
from inspections.tasks import campaign_status_task


def _campaign(city_manager, district, starts_on, ends_on):
    return campaigns.campaign_create(
        created_by=city_manager, name="冬季", starts_on=starts_on, ends_on=ends_on, districts=[district]
    )


def test_preparing_then_under_way_then_finished_by_its_dates(calendar_2026, city_manager, district):
    start, end = datetime.date(2026, 11, 30), datetime.date(2026, 12, 11)
    c = _campaign(city_manager, district, start, end)
    assert (
        campaign_status_follow_dates(campaign=c, today=start - datetime.timedelta(days=1)).status == "draft"
    )
    assert campaign_status_follow_dates(campaign=c, today=start).status == CampaignStatus.ACTIVE
    assert campaign_status_follow_dates(campaign=c, today=end).status == CampaignStatus.ACTIVE
    assert campaign_status_follow_dates(campaign=c, today=end + datetime.timedelta(days=1)).status == "closed"
    # Finished stays finished, whatever the date.
    assert campaign_status_follow_dates(campaign=c, today=start).status == CampaignStatus.CLOSED
    trail = list(CampaignAudit.objects.filter(campaign=c).values_list("action", "from_status", "to_status"))
    assert trail == [("started", "draft", "active"), ("closed", "active", "closed")]
    assert all(a.actor is None and a.actor_kind == "system" for a in CampaignAudit.objects.filter(campaign=c))


def test_the_beat_task_and_a_read_bring_the_status_in_line(calendar_2026, city_manager, district, client):
    today = timezone.localdate()
    running = _campaign(
        city_manager, district, today - datetime.timedelta(days=3), today + datetime.timedelta(days=9)
    )
    over = _campaign(
        city_manager, district, today - datetime.timedelta(days=30), today - datetime.timedelta(days=1)
    )
    later = _campaign(
        city_manager, district, today + datetime.timedelta(days=5), today + datetime.timedelta(days=40)
    )
    assert campaign_status_task() == 2
    statuses = dict(Campaign.objects.values_list("pk", "status"))
    assert statuses == {running.pk: "active", over.pk: "closed", later.pk: "draft"}
    # On read: a page shows the status the dates call for, even before beat ran.
    fresh = _campaign(city_manager, district, today, today + datetime.timedelta(days=9))
    client.force_login(city_manager)
    assert client.get("/staff/campaigns/").status_code == 200
    fresh.refresh_from_db()
    assert fresh.status == CampaignStatus.ACTIVE
    assert CampaignAudit.objects.filter(campaign=fresh, action="started").count() == 1
