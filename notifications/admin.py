"""Admin: read the outbox, see what is stuck, and send it again; rows are never edited here."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.admin_readonly import ReadOnlyModelAdmin, ReadOnlyTabularInline

from .models import Event, EventGroup, Notification, OutboundMessage
from .services import dispatch_after_commit


class OutboundInline(ReadOnlyTabularInline):
    model = OutboundMessage
    fields = ["channel", "to_masked", "subject", "sent_at", "attempts", "last_error"]
    readonly_fields = fields

    @admin.display(description=_("to"))
    def to_masked(self, obj) -> str:
        from core.identifiers import mask_mobile

        return mask_mobile(obj.to) if obj.channel == "sms" else obj.to


@admin.register(Event)
class EventAdmin(ReadOnlyModelAdmin):
    list_display = ["id", "kind", "text", "created_at", "broadcast_at", "dispatched_at", "attempts"]
    list_filter = ["kind", ("dispatched_at", admin.EmptyFieldListFilter)]
    search_fields = ["text", "dedupe_key"]
    inlines = [OutboundInline]
    actions = ["redispatch"]
    date_hierarchy = "created_at"

    @admin.action(description=_("Send again (only what is not delivered yet)"))
    def redispatch(self, request, queryset) -> None:
        count = 0
        for event_id in queryset.filter(dispatched_at__isnull=True).values_list("id", flat=True):
            dispatch_after_commit(event_id)
            count += 1
        self.message_user(request, _("%(n)d event(s) queued again.") % {"n": count}, messages.SUCCESS)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyModelAdmin):
    list_display = ["id", "user", "event", "read_at"]
    list_filter = [("read_at", admin.EmptyFieldListFilter)]
    raw_id_fields = ["event", "user"]


admin.site.register(EventGroup, ReadOnlyModelAdmin)
