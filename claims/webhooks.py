"""The events claims raise for webhooks (see sinosure_portal.webhooks.registry)."""

from django.utils.translation import gettext_lazy as _

from claims.apis.outputs import ClaimOutput
from claims.models import Claim
from sinosure_portal.webhooks.registry import webhook_event, webhook_object, webhook_on_audit

webhook_event("claim.state_changed", _("Claim state changed"), order=40)
webhook_event("indemnity.paid", _("Indemnity paid"), order=41)
webhook_object(
    Claim,
    queryset=lambda: Claim.objects.select_related("policy", "organisation", "buyer", "officer", "payee"),
    serialize=lambda claim: ClaimOutput(claim).data,
)
# filed, and every move after (each audit row of a claim that names the state it went to)
webhook_on_audit(Claim, "claim.state_changed", lambda action, before, after: bool(after) and before != after)
webhook_on_audit(Claim, "indemnity.paid", lambda action, before, after: after == Claim.Status.PAID)
