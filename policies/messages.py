"""What policies tell people (notifications, reminders, system audit reasons), registered once and
rendered in each reader's language (see sinosure_portal.texts). Kinds keep the names the
notifications always had."""

from django.utils.translation import gettext_lazy as _

from sinosure_portal.texts import register_texts


def _product(params: dict) -> dict:
    """The product's code as its name in the reader's language (older notifications kept the name)."""
    from policies.models import Product

    if params.get("product") in Product.values:
        params["product"] = Product(params["product"]).label
    return params


register_texts(
    "policy_application_submitted",
    title=_("New policy application %(number)s"),
    body=_("%(company)s · %(product)s"),
    prepare=_product,
)
register_texts(
    "policy_application_rejected",
    title=_("Policy application %(number)s was not accepted"),
    body=_("%(reason)s"),
)
register_texts(
    "policy_issued",
    title=_("Policy %(number)s issued"),
    body=_("%(product)s, %(start)s to %(end)s"),
    prepare=_product,
)
register_texts(
    "policy_renewed", title=_("Policy %(old)s renewed as %(number)s"), body=_("%(start)s to %(end)s")
)
register_texts("policy_cancelled", title=_("Policy %(number)s cancelled"), body=_("%(reason)s"))
register_texts(
    "policy_renewal",
    title=_("Policy %(number)s expires on %(date)s: renew it"),
    body=_("Apply for the renewal before the end of the period so that your cover continues."),
)
# system audit reasons
register_texts("policy_renewed_by", title=_("Renewed by %(number)s"))
register_texts("policy_period_ended_renewed", title=_("Period ended; a renewal follows"))
register_texts("policy_period_ended", title=_("Period ended"))
