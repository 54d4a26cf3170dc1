"""Template helpers every page uses: form styling, money, status badges and days left."""

from datetime import date
from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from sinosure_portal.money.currency import format_amount as _format_amount
from sinosure_portal.money.currency import quantize
from sinosure_portal.workdays.calendar import today

register = template.Library()


EMPTY_CHOICE = "---------"  # what Django and django-filter offer for "nothing chosen"


def _is_filter_form(form) -> bool:
    return type(form).__name__.endswith("FilterForm")  # django-filter names its forms so


def _readable_choices(bound) -> None:
    """A select says what its empty choice means in the reader's language: "All" in a filter,
    "Choose…" for a required field, "None" for an optional one; a yes/no filter offers All, Yes and
    No (never "Unknown"). Django's "---------" never reaches a page."""
    from django import forms

    f = bound.field
    widget = f.widget
    if _is_filter_form(bound.form):
        empty = pgettext("filter", "All")
    elif f.required:
        empty = pgettext("select", "Choose…")
    else:
        empty = pgettext("select", "None")
    if isinstance(widget, forms.NullBooleanSelect):
        widget.choices = (("unknown", empty), ("true", _("Yes")), ("false", _("No")))
        return
    if getattr(f, "empty_label", None) == EMPTY_CHOICE:
        f.empty_label = empty
        iterator = getattr(widget, "choices", None)
        if getattr(iterator, "field", f) is not f and hasattr(iterator, "choices"):
            # django-filter's widget keeps an iterator over another copy of the field: give this
            # widget its own, over this field (the shared one is never changed)
            widget.choices = type(iterator)(f, iterator.choices)
    choices = getattr(f, "choices", None)
    if choices is not None and not hasattr(choices, "field"):  # a plain list (or Django's blank iterator)
        items = list(choices)
        if any(label == EMPTY_CHOICE for _v, label in items):
            f.choices = [(value, empty if label == EMPTY_CHOICE else label) for value, label in items]


@register.filter
def bs(field):
    """Render a bound field with Bootstrap's class for its widget type."""
    _readable_choices(field)
    widget = field.field.widget
    kind = getattr(widget, "input_type", "")
    css = (
        "form-select"
        if kind == "select" or widget.__class__.__name__.endswith("Select")
        else ("form-check-input" if kind in {"checkbox", "radio"} else "form-control")
    )
    if field.errors:
        css += " is-invalid"
    return field.as_widget(attrs={"class": css})


@register.filter
def money(amount, currency="USD"):
    if amount is None or amount == "":
        return "-"
    value = quantize(Decimal(amount), currency or "USD")
    return f"{currency} {value:,}"


@register.filter
def format_amount(amount, currency="USD"):
    """The bare amount at its currency's scale: KWD 1000.125 -> "1,000.125", JPY 1000 -> "1,000"."""
    return _format_amount(amount, currency or "USD") or "-"


BADGE_COLOURS = {
    # shared across apps: states that mean "waiting on someone", "done well", "done badly", "stopped"
    "draft": "secondary",
    "submitted": "info",
    "pending": "info",
    "under_review": "primary",
    "referred": "primary",
    "accepted": "primary",
    "investigating": "primary",
    "assessed": "primary",
    "approved": "success",
    "issued": "success",
    "active": "success",
    "covered": "success",
    "paid": "success",
    "settled": "success",
    "closed": "dark",
    "partly_covered": "warning",
    "partly_approved": "warning",
    "reduced": "warning",
    "overdue": "danger",
    "rejected": "danger",
    "denied": "danger",
    "refused": "danger",
    "cancelled": "dark",
    "revoked": "dark",
    "expired": "dark",
    "withdrawn": "secondary",
    "terminated": "dark",
    "clean": "success",  # a reconciliation run that found no drift
    "drift": "danger",
}


@register.simple_tag
def status_badge(obj, field="status"):
    value = getattr(obj, field)
    label = getattr(obj, f"get_{field}_display")()
    return format_html(
        '<span class="badge badge-status text-bg-{}" data-status="{}">{}</span>',
        BADGE_COLOURS.get(value, "secondary"),
        value,
        label,
    )


@register.simple_tag
def days_left(deadline, provisional=False):
    """A deadline with the days left (or overdue), coloured as it nears."""
    if not deadline:
        return "-"
    if not isinstance(deadline, date):
        return deadline
    n = (deadline - today()).days
    if n < 0:
        text, css = ngettext("%(n)d day overdue", "%(n)d days overdue", -n) % {"n": -n}, "overdue"
    elif n == 0:
        text, css = _("due today"), "overdue"
    else:
        text, css = ngettext("%(n)d day left", "%(n)d days left", n) % {"n": n}, "soon" if n <= 7 else ""
    flag = (
        format_html(
            ' <span class="badge text-bg-warning" title="{}">{}</span>',
            _("computed without the official calendar for that year"),
            _("provisional"),
        )
        if provisional
        else ""
    )
    return format_html(
        '<span class="days-left {}" data-days-left="{}">{} <small>({})</small>{}</span>',
        css,
        n,
        deadline.isoformat(),
        text,
        flag,
    )


@register.filter
def percent(value, places=0):
    if value is None:
        return "-"
    return f"{Decimal(value) * 100:.{int(places)}f}%"


@register.filter
def bilingual_name(party) -> str:
    """One name for a party (buyer, insured, bank) in every language version of a bilingual
    document: the name as registered, then its Chinese and its English name where they differ, in
    that fixed order ("Müller Handels GmbH / 穆勒贸易有限公司 / Mueller Trading"). The Chinese and the
    English half of a receipt then name the same buyer identically."""
    if party is None:
        return ""
    parts: list[str] = []
    for attr in ("name", "name_zh", "name_en"):
        value = str(getattr(party, attr, "") or "").strip()
        if value and value not in parts:
            parts.append(value)
    return " / ".join(parts)


@register.filter
def document_names(party) -> str:
    """bilingual_name for a PDF: each name is kept whole on its line (a document never shows
    "穆勒贸易有限公 / 司"); the names may still go to separate lines at their " / "."""
    from django.utils.html import format_html_join
    from django.utils.safestring import mark_safe

    names = [n for n in bilingual_name(party).split(" / ") if n]
    return format_html_join(mark_safe(" / "), '<span class="name">{}</span>', ((n,) for n in names))


@register.filter
def filters_in_use(query) -> int:
    """How many filters a list's query string sets (paging, sorting and the export format aside): the
    phone's folded filter bar says so on its button and opens when any is set."""
    return sum(1 for key, values in query.lists() if key not in {"page", "format", "sort"} and any(values))
