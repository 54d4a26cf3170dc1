"""Badges for the states the shared status badge does not colour (uploads, ageing buckets)."""

from django import template
from django.utils.html import format_html

from sinosure_portal.core.templatetags.portal import BADGE_COLOURS

register = template.Library()

EXTRA = {
    "queued": "secondary",
    "running": "primary",
    "completed": "success",
    "failed": "danger",
    "duplicate": "secondary",
    "loss_notified": "danger",
    "claimed": "dark",
    "indemnified": "dark",
    "current": "success",
    "1_30": "warning",
    "31_60": "warning",
    "61_90": "danger",
    "91_180": "danger",
    "over_180": "dark",
}


@register.simple_tag
def badge(obj, field="status"):
    value = getattr(obj, field)
    label = getattr(obj, f"get_{field}_display")()
    return format_html(
        '<span class="badge badge-status text-bg-{}" data-status="{}">{}</span>',
        EXTRA.get(value) or BADGE_COLOURS.get(value, "secondary"),
        value,
        label,
    )


@register.simple_tag
def bucket_badge(key, labels):
    return format_html(
        '<span class="badge text-bg-{}" data-bucket="{}">{}</span>',
        EXTRA.get(key, "secondary"),
        key,
        labels.get(key, key),
    )
