"""The transactional outbox: events recorded with the change, one row per recipient, outbound messages."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """Something that happened, recorded in the same transaction as the change (the outbox row).

    ``payload`` carries ids, states and display text only: never ID numbers or phone numbers.
    ``groups`` names the websocket groups that should see it (e.g. ``district-3``, ``case-42``).
    """

    kind = models.CharField(_("kind"), max_length=48, db_index=True)
    text = models.CharField(_("text"), max_length=500)
    payload = models.JSONField(default=dict, blank=True)
    groups = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Set once the event went out to its websocket groups (delivery is idempotent per step).
    broadcast_at = models.DateTimeField(_("sent live"), null=True, blank=True)
    # Lets a caller record "this warning, once" however often it runs (e.g. the deadline scan).
    dedupe_key = models.CharField(max_length=160, null=True, blank=True, unique=True)
    last_error = models.CharField(max_length=300, blank=True)
    # After a failed delivery the sweeper leaves the event alone until then (exponential backoff).
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(
                fields=["created_at"],
                name="event_undispatched_idx",
                condition=models.Q(dispatched_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind}"


class EventGroup(models.Model):
    """One websocket group an event goes to; a reconnecting client's replay is read through this table."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="group_rows")
    name = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("event group")
        verbose_name_plural = _("event groups")
        constraints = [models.UniqueConstraint(fields=["name", "event"], name="event_group_unique")]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.name}"


class Notification(models.Model):
    """An event as one staff member sees it (read or unread)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notifications")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="notification_once_per_user")]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return f"{self.event_id} → {self.user_id}"


class OutboundChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class OutboundMessage(models.Model):
    """An SMS or e-mail to send through a backend; delivered at most once per row (idempotent)."""

    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.CASCADE, related_name="outbound")
    channel = models.CharField(max_length=8, choices=OutboundChannel.choices)
    to = models.CharField(max_length=254)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    # What ``body`` becomes once sent, with secrets (an access code) starred out; empty: keep ``body``.
    redacted_body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("outbound message")
        verbose_name_plural = _("outbound messages")

    def __str__(self) -> str:
        return f"{self.channel} #{self.pk}"
