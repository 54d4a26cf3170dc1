"""The events limits raise for webhooks (see sinosure_portal.webhooks.registry)."""

from django.utils.translation import gettext_lazy as _

from limits.apis.applications import LimitApplicationOutput
from limits.models import CreditLimitApplication
from sinosure_portal.webhooks.registry import webhook_event, webhook_object, webhook_on_audit

DECIDED = {"approved", "partly_approved", "rejected"}

webhook_event("limit.decided", _("Credit limit decided"), order=10)
webhook_object(
    CreditLimitApplication,
    queryset=lambda: CreditLimitApplication.objects.select_related(
        "policy", "buyer", "issuing_bank"
    ).prefetch_related("limits"),
    serialize=lambda application: LimitApplicationOutput(application).data,
)
# an underwriter's decision, or the automatic one, moves the application to its decided state
webhook_on_audit(CreditLimitApplication, "limit.decided", lambda action, before, after: after in DECIDED)
