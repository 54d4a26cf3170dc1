from django.contrib import admin

from sinosure_portal.base.admin import ReadOnlyAdminMixin
from sinosure_portal.ledger.models import ReconciliationRun


@admin.register(ReconciliationRun)
class ReconciliationRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["started_at", "status", "trigger", "findings_count"]
    list_filter = ["status", "trigger"]
