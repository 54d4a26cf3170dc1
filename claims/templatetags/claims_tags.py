"""Badges for the states of notices, claims and requests (the kernel's colours, plus this app's own)."""

import re

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from sinosure_portal.core.templatetags.portal import BADGE_COLOURS

register = template.Library()

COLOURS = {
    **BADGE_COLOURS,
    "acknowledged": "primary",
    "claimed": "primary",
    "notice_issued": "info",
    "receipt_returned": "info",
    "payment_approved": "info",
    "open": "warning",
    "answered": "success",
    "near": "warning",
}


@register.simple_tag
def claims_badge(obj, field="status"):
    value = getattr(obj, field)
    return format_html(
        '<span class="badge badge-status text-bg-{}" data-status="{}">{}</span>',
        COLOURS.get(value, "secondary"),
        value,
        getattr(obj, f"get_{field}_display")(),
    )


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


RULE = re.compile(
    r"^(due date|event date|notice date|claim date) \+ (\d+) (calendar days|business days|months)$"
)
RULE_TEXTS = {
    ("due date", "calendar days"): _("due date + %(n)s calendar days"),
    ("event date", "business days"): _("event date + %(n)s business days"),
    ("notice date", "months"): _("notice date + %(n)s months"),
    ("claim date", "business days"): _("claim date + %(n)s business days"),
}


@register.filter
def rule_text(rule: str) -> str:
    """A deadline's rule (stored in English by the pure rules) in the reader's language."""
    match = RULE.match(rule or "")
    text = RULE_TEXTS.get((match.group(1), match.group(3))) if match else None
    return str(text) % {"n": match.group(2)} if text else rule
