"""What the webhooks tell people (see sinosure_portal.texts)."""

from django.utils.translation import gettext_lazy as _

from sinosure_portal.texts import register_texts

register_texts(
    "webhooks.endpoint_disabled",
    title=_("Webhook endpoint %(url)s disabled after a day of failed deliveries"),
    body=_(
        "Events could not be delivered to %(url)s for 24 hours, so it is disabled. Fix the receiver, "
        "then enable the endpoint again: its pending events are sent then."
    ),
)
