"""How a statistics table shows a value of each column kind (sinosure_portal/core/stats.py)."""

from decimal import Decimal

from django import template

from sinosure_portal.money.currency import format_amount

register = template.Library()


@register.simple_tag
def stat_value(column, value) -> str:
    if value is None or value == "":
        return "—"
    if column.kind == "money":
        return f"{column.currency} {format_amount(value, column.currency)}"
    if column.kind == "count":
        return f"{int(value):,}"
    if column.kind == "percent":
        return f"{Decimal(value) * 100:.1f}%"
    if column.kind == "date":
        return value.isoformat()
    if column.kind == "days":
        return f"{Decimal(value):.1f}"
    return str(value)
