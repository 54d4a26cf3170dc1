"""What limits tell people (notifications, reminders, system audit reasons), registered once and
rendered in each reader's language (see sinosure_portal.texts). Amounts come formatted (USD)."""

from django.utils.translation import gettext_lazy as _

from sinosure_portal.texts import register_texts

register_texts(
    "limit_application_submitted",
    title=_("Credit limit application %(number)s to decide"),
    body=_("%(organisation)s · %(buyer)s · USD %(amount)s"),
)


def _reasons(params: dict) -> dict:
    """The referral reasons' codes, as the reader's words ("reasons" kept by older notifications)."""
    from limits.services.applications import REFERRAL_REASONS

    if "codes" in params:
        params["reasons"] = "; ".join(str(REFERRAL_REASONS.get(c, c)) for c in params["codes"])
    return params


register_texts(
    "limit_application_referred",
    title=_("Credit limit application %(number)s goes to an underwriter"),
    body=_("%(reasons)s"),
    prepare=_reasons,
)
register_texts("limit_referred_reason", title=_("%(reasons)s"), prepare=_reasons)
register_texts(
    "limit_approved", title=_("Credit limit on %(buyer)s approved: USD %(amount)s"), body=_("%(reason)s")
)
register_texts(
    "limit_approved_with_changes",
    title=_("Credit limit on %(buyer)s approved with changes: USD %(amount)s"),
    body=_("%(reason)s"),
)
register_texts(
    "limit_approved_automatically",
    title=_("Credit limit on %(buyer)s approved: USD %(amount)s"),
    body=_("Approved automatically under the rule “%(rule)s”"),
)
register_texts("limit_rejected", title=_("Credit limit on %(buyer)s not approved"), body=_("%(reason)s"))
register_texts(
    "limit_reduced",
    title=_("Credit limit %(number)s on %(buyer)s reduced to USD %(amount)s from %(date)s"),
    body=_("%(reason)s"),
)
register_texts(
    "limit_cancelled",
    title=_("Credit limit %(number)s on %(buyer)s cancelled for shipments after %(date)s"),
    body=_("%(reason)s"),
)
register_texts(
    "limit_idle",
    title=_("Credit limit %(number)s on %(buyer)s has not been used since %(date)s"),
    body=_("Unless it is used, the limit will be revoked on %(revoke_date)s."),
)
register_texts(
    "limit_revoked",
    title=_("Credit limit %(number)s on %(buyer)s revoked after a long idle period"),
    body=_("Shipments made after %(date)s are not covered; apply again if you trade with this buyer."),
)
# system audit reasons
register_texts("limit_auto_approved_reason", title=_("Approved automatically under the rule “%(rule)s”"))
register_texts("limit_carried_over", title=_("Carried over from policy %(number)s"))
register_texts("limit_idle_revoked_reason", title=_("Not used since the pre-revocation reminder"))
