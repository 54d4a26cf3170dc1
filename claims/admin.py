"""Read-only admin: loss notices, claims, indemnity payments and recoveries change only through the
claims services (one transaction, workflow and audit row), never through an admin form."""

from django.contrib import admin

from claims.models import (
    Claim,
    ClaimDeduction,
    ClaimLine,
    IndemnityPayment,
    PossibleLossNotice,
    Recovery,
)
from sinosure_portal.base.admin import ReadOnlyAdmin, ReadOnlyInline


@admin.register(PossibleLossNotice)
class PossibleLossNoticeAdmin(ReadOnlyAdmin):
    list_display = ["number", "policy", "organisation", "buyer", "status"]
    list_filter = ["status"]
    search_fields = ["number", "buyer__name"]
    list_select_related = ["policy", "organisation", "buyer"]


class ClaimLineInline(ReadOnlyInline):
    model = ClaimLine
    raw_id_fields = ["declaration"]


class ClaimDeductionInline(ReadOnlyInline):
    model = ClaimDeduction


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ["number", "policy", "organisation", "buyer", "status", "claimed_usd", "indemnity_usd"]
    list_filter = ["status", "cause"]
    search_fields = ["number", "buyer__name", "organisation__name_zh"]
    list_select_related = ["policy", "organisation", "buyer"]
    inlines = [ClaimLineInline, ClaimDeductionInline]


@admin.register(IndemnityPayment)
class IndemnityPaymentAdmin(ReadOnlyAdmin):
    list_display = ["claim", "policy", "buyer", "payee", "amount_usd", "paid_on", "reference"]
    list_select_related = ["claim", "policy", "buyer", "payee"]


@admin.register(Recovery)
class RecoveryAdmin(ReadOnlyAdmin):
    list_display = ["claim", "received_on", "currency", "amount", "net_usd", "insurer_share_usd"]
    list_filter = ["before_payment"]
    list_select_related = ["claim"]
