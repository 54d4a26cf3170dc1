"""The events declarations raise for webhooks (see sinosure_portal.webhooks.registry)."""

from django.utils.translation import gettext_lazy as _

from declarations.apis.declarations import DeclarationOutput
from declarations.models import ShipmentDeclaration
from sinosure_portal.webhooks.registry import webhook_event, webhook_object, webhook_on_audit

S = ShipmentDeclaration.Status

webhook_event("declaration.covered", _("Shipment declared and covered"), order=20)
webhook_event("declaration.partly_covered", _("Shipment declared and partly covered"), order=21)
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
