"""Read-mostly admin views: the services are the way to change declarations (they keep the limits'
exposure and the audit trail right), so the admin lists and shows, it does not edit amounts."""

from django.contrib import admin

from declarations.models import (
    DeclarationAmendment,
    DeclarationBatch,
    DeclarationBatchRow,
    Payment,
    ShipmentDeclaration,
)
from sinosure_portal.base.admin import ReadOnlyAdmin as ReadOnly


@admin.register(ShipmentDeclaration)
class ShipmentDeclarationAdmin(ReadOnly):
    list_display = [
        "invoice_number",
        "policy",
        "buyer",
        "shipment_date",
        "currency",
        "amount",
        "covered_usd",
        "status",
    ]
    list_filter = ["status", "late", "payment_term"]
    search_fields = ["invoice_number", "client_reference", "buyer__name"]
    list_select_related = ["policy", "buyer"]
    date_hierarchy = "shipment_date"


@admin.register(DeclarationBatch)
class DeclarationBatchAdmin(ReadOnly):
    list_display = ["pk", "file_name", "policy", "status", "total_rows", "processed_rows", "created_at"]
    list_filter = ["status", "source"]
    list_select_related = ["policy"]


@admin.register(DeclarationBatchRow)
class DeclarationBatchRowAdmin(ReadOnly):
    list_display = ["batch", "row_number", "invoice_number", "outcome", "reason_code"]
    list_filter = ["outcome"]


@admin.register(Payment)
class PaymentAdmin(ReadOnly):
    list_display = ["declaration", "received_on", "currency", "amount", "client_reference"]
    list_select_related = ["declaration"]


@admin.register(DeclarationAmendment)
class DeclarationAmendmentAdmin(ReadOnly):
    list_display = [
        "declaration",
        "status",
        "new_amount",
        "new_shipment_date",
        "new_credit_days",
        "created_at",
    ]
    list_filter = ["status"]
    list_select_related = ["declaration"]
