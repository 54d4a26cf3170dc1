"""What the accounts part of the kernel tells people (see sinosure_portal.texts)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from sinosure_portal.texts import register_texts

register_texts(
    "password_age",
    title=_("Please change your password"),
    body=ngettext_lazy(
        "Your password is more than %(count)d day old.",
        "Your password is more than %(count)d days old.",
        "count",
    ),
)


def _act_params(params: dict) -> dict:
    from sinosure_portal.accounts.acts import act_registry

    return {**params, "act": act_registry.label(params.get("act", ""))}


register_texts(
    "act_to_approve",
    title=_("To approve: %(act)s"),
    body=_("%(about)s, drafted by %(by)s. Approve or reject it on the approvals page."),
    prepare=_act_params,
)
register_texts(
    "team_invitation",
    title=_("You are invited to the portal"),
    body=_("%(by)s invited you to work for %(organisation)s. Set your password: %(link)s"),
)
