"""Read-only admin views: state changes go through the services (and their workflow and audit),
never through an admin form."""

from django.contrib import admin

from policies.models import Policy, PolicyApplication, PremiumInvoice, PremiumRate
from sinosure_portal.base.admin import ReadOnlyAdmin, ReadOnlyInline


@admin.register(PolicyApplication)
class PolicyApplicationAdmin(ReadOnlyAdmin):
    list_display = ["number", "company_name", "product", "status", "submitted_at"]
    list_filter = ["status", "product"]
    search_fields = ["number", "company_name", "uscc"]


class PremiumRateInline(ReadOnlyInline):
    model = PremiumRate


@admin.register(Policy)
class PolicyAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "organisation",
        "product",
        "status",
        "period_start",
        "period_end",
        "max_liability_usd",
    ]
    list_filter = ["status", "product"]
    search_fields = ["number", "organisation__name_zh"]
    inlines = [PremiumRateInline]


@admin.register(PremiumInvoice)
class PremiumInvoiceAdmin(ReadOnlyAdmin):
    list_display = ["number", "policy", "payer", "amount_usd", "due_date", "status"]
    list_filter = ["status", "payer"]
    search_fields = ["number", "policy__number"]
