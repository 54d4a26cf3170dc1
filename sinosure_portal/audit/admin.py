from django.contrib import admin

from sinosure_portal.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is written by workflows, never edited."""

    list_display = ["at", "object_repr", "action", "from_state", "to_state", "actor", "why"]
    list_filter = ["content_type", "action"]
    search_fields = ["object_repr", "object_id", "reason", "actor__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
