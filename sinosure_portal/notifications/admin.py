from django.contrib import admin

from sinosure_portal.notifications.models import Notification, Reminder, SweepRun

admin.site.register(
    Notification, list_display=["created_at", "user", "kind", "heading", "read_at"], list_filter=["kind"]
)
admin.site.register(
    Reminder, list_display=["key", "kind", "user", "due_date", "delivered_at"], list_filter=["kind"]
)
admin.site.register(SweepRun, list_display=["name", "for_date", "started_at", "finished_at", "created"])
