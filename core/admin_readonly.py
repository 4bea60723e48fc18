"""Read-only admin for case records: they change only through the services, which write the audit trail."""

from __future__ import annotations

from django.contrib import admin


class ReadOnlyAdminMixin:
    """Let the admin view a model but never add, change or delete a row of it."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyModelAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """A ModelAdmin that only shows rows."""


class ReadOnlyTabularInline(ReadOnlyAdminMixin, admin.TabularInline):
    """An inline that only shows rows."""

    extra = 0
    can_delete = False
