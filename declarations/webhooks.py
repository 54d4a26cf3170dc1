"""The events declarations raise for webhooks (see sinosure_portal.webhooks.registry)."""

from django.utils.translation import gettext_lazy as _

from declarations.apis.batches import BatchRowListApi
from declarations.apis.declarations import DeclarationOutput
from declarations.models import DeclarationBatchRow, ShipmentDeclaration
from sinosure_portal.webhooks.registry import webhook_event, webhook_object, webhook_on_audit

S = ShipmentDeclaration.Status

webhook_event("declaration.covered", _("Shipment declared and covered"), order=20)
webhook_event("declaration.partly_covered", _("Shipment declared and partly covered"), order=21)
webhook_event("declaration.refused", _("Shipment refused in an upload"), order=22)
webhook_event("receivable.overdue", _("Receivable overdue"), order=30)
webhook_event("receivable.loss_notice_due", _("Possible-loss notice deadline near"), order=31)
webhook_object(
    ShipmentDeclaration,
    queryset=lambda: ShipmentDeclaration.objects.select_related("policy", "buyer", "limit"),
    serialize=lambda declaration: DeclarationOutput(declaration).data,
)
# a declaration is born covered or partly covered (its first audit row has no state before it)
webhook_on_audit(
    ShipmentDeclaration,
    "declaration.covered",
    lambda action, before, after: not before and after == S.COVERED,
)
webhook_on_audit(
    ShipmentDeclaration,
    "declaration.partly_covered",
    lambda action, before, after: not before and after == S.PARTLY_COVERED,
)
webhook_on_audit(ShipmentDeclaration, "receivable.overdue", lambda action, before, after: after == S.OVERDUE)


def _refused_row(row: DeclarationBatchRow) -> dict:
    """A refused row as the upload's report shows it (GET /api/v1/declarations/batches/{id}/rows/)."""
    values = {f.attname: getattr(row, f.attname) for f in DeclarationBatchRow._meta.concrete_fields}
    values["declaration_id"] = None  # a refused row declared nothing
    return {"batch": row.batch_id, **BatchRowListApi.Output(values).data}


# a shipment refused on its own is answered at once and stored nowhere; a refused row of an upload
# is raised when the upload completes (services.bulk)
webhook_object(
    DeclarationBatchRow,
    queryset=lambda: DeclarationBatchRow.objects.select_related("batch"),
    serialize=_refused_row,
    organisations=lambda row: [row.batch.organisation_id],
)
