"""The events credit information raises for webhooks (see sinosure_portal.webhooks.registry)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from creditinfo.apis.outputs import EventOutput
from creditinfo.models import RiskEvent, Subscription
from sinosure_portal.webhooks.registry import webhook_event, webhook_object, webhook_on_audit

webhook_event("risk_alert", _("Risk alert on a followed subject"), order=60)


def _followers_organisations(event: RiskEvent) -> set[int]:
    """The organisations of the users who follow the event's buyer, country or industry (the
    insurer's staff see every event)."""
    match = Q(pk__in=[])
    if event.buyer_id:
        match |= Q(buyer_id=event.buyer_id)
    if event.country_id:
        match |= Q(country_id=event.country_id)
    if event.industry_id:
        match |= Q(industry_id=event.industry_id)
    return set(
        Subscription.objects.filter(
            match, user__is_active=True, user__organisation__isnull=False
        ).values_list("user__organisation_id", flat=True)
    )


webhook_object(
    RiskEvent,
    queryset=lambda: RiskEvent.objects.select_related("buyer"),
    serialize=lambda event: EventOutput(event).data,
    organisations=_followers_organisations,
)
webhook_on_audit(RiskEvent, "risk_alert", lambda action, before, after: action == "risk_event.recorded")
