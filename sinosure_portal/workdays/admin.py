from django.contrib import admin

from sinosure_portal.workdays.models import CalendarDay, CalendarYear

admin.site.register(CalendarDay, list_display=["date", "kind", "name"], list_filter=["kind"])
admin.site.register(CalendarYear, list_display=["year", "official", "notice"])
