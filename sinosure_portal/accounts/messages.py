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
