from django.contrib import admin

from .models import Document, Office


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    """Reference data the administrator keeps: the name, abbreviation, address, phone and seal printed,
    and the opening hours the worker's portal shows."""

    list_display = ["full_name", "abbreviation", "district", "phone", "opening_hours"]
    search_fields = ["full_name", "abbreviation"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Read-only: an issued document is never edited; a correction is a new document that supersedes it."""

    list_display = ["number", "kind", "recipient", "office", "issued_at", "supersedes"]
    list_filter = ["kind", "office", "year"]
    search_fields = ["number", "recipient"]
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
