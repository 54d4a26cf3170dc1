from django.contrib import admin

from sinosure_portal.base.admin import ReadOnlyAdminMixin
from sinosure_portal.money.models import ExchangeRate


@admin.register(ExchangeRate)
class ExchangeRateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["currency", "date", "usd_per_unit", "source"]
    list_filter = ["currency"]
    date_hierarchy = "date"
