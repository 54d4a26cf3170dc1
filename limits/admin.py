"""Admin views. Limits and applications are read-only here (their changes go through the services,
workflow and audit); automatic-decision rules are tuned on the portal's own rules page, which
refuses a rule that would let a red buyer through."""

from django.contrib import admin

from limits.models import CreditLimit, CreditLimitApplication, CreditLimitChange, LimitAutoRule
from sinosure_portal.base.admin import ReadOnlyAdmin, ReadOnlyInline


@admin.register(CreditLimitApplication)
class CreditLimitApplicationAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "organisation",
        "buyer",
        "amount_requested_usd",
        "status",
        "auto_decided",
        "created_at",
    ]
    list_filter = ["status", "auto_decided", "payment_term"]
    search_fields = ["number", "buyer__name", "organisation__name_zh"]


class ChangeInline(ReadOnlyInline):
    model = CreditLimitChange


@admin.register(CreditLimit)
class CreditLimitAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "organisation",
        "buyer",
        "amount_usd",
        "exposure_usd",
        "status",
        "effective_date",
    ]
    list_filter = ["status"]
    search_fields = ["number", "buyer__name", "organisation__name_zh"]
    inlines = [ChangeInline]


@admin.register(LimitAutoRule)
class LimitAutoRuleAdmin(ReadOnlyAdmin):
    list_display = ["name", "enabled", "max_amount_usd", "max_country_class", "max_credit_period_days"]
