from django.contrib import admin

from financing.models import (
    CoverageNotice,
    DataAuthorisation,
    IndemnityAssignment,
    Loan,
    LoanReceivable,
    ReceivableAssignment,
    ReceivableAssignmentItem,
    Repayment,
)
from sinosure_portal.base.admin import ReadOnlyAdminMixin


@admin.register(IndemnityAssignment)
class IndemnityAssignmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "number",
        "policy",
        "organisation",
        "bank",
        "scope",
        "effective_date",
        "ended_on",
        "status",
    ]
    list_filter = ["status", "scope"]
    search_fields = ["number", "organisation__name_zh", "bank__name_zh"]
    raw_id_fields = ["policy", "organisation", "bank", "buyers"]


class ReceivableAssignmentItemInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ReceivableAssignmentItem
    raw_id_fields = ["declaration"]
    extra = 0


@admin.register(ReceivableAssignment)
class ReceivableAssignmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "organisation", "bank", "status", "created_at"]
    list_filter = ["status"]
    inlines = [ReceivableAssignmentItemInline]


@admin.register(CoverageNotice)
class CoverageNoticeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "number",
        "invoice_number",
        "organisation",
        "bank",
        "covered_usd",
        "due_date",
        "notified_at",
    ]
    search_fields = ["number", "invoice_number"]
    raw_id_fields = ["declaration", "indemnity_assignment", "receivable_assignment"]


class LoanReceivableInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = LoanReceivable
    raw_id_fields = ["declaration"]
    extra = 0


@admin.register(Loan)
class LoanAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "bank", "organisation", "loan_date", "currency", "amount", "status"]
    list_filter = ["status"]
    inlines = [LoanReceivableInline]


@admin.register(Repayment)
class RepaymentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["loan", "repaid_on", "amount", "bank_reference"]


@admin.register(DataAuthorisation)
class DataAuthorisationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["organisation", "bank", "status", "granted_at", "revoked_at"]
    list_filter = ["status"]
