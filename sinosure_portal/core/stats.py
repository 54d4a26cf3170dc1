"""Statistics (SOL's 统计分析): figures each role reads on ``/stats/`` and ``/api/v1/stats/``, each
with a chart, a table and an Excel export.

Each app registers its sections in its own ``stats.py`` (autodiscovered, like dashboard cards) with
``@stat_section(key=..., title=..., roles=[...], columns=[...], chart=...)``; the decorated function
receives the user and the :class:`StatFilters` and returns the table's rows as dicts keyed by the
columns' keys. It reads through the app's own "visible to this user" selectors, so a figure never
counts what the user could not open in the list it summarises. The kernel imports no app: the
policy filter's choices come from whichever app registers them (``policy_choices_register``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sinosure_portal.money.currency import quantize

KINDS = ("text", "money", "count", "percent", "days", "date")


@dataclass(frozen=True)
class StatColumn:
    """One column: ``money`` (Decimal in ``currency``), ``count`` (int), ``percent`` (a ratio,
    0.25 shown as 25.0%), ``days`` (a Decimal number of days), ``date`` or ``text``."""

    key: str
    label: object
    kind: str = "text"
    currency: str = "USD"
    total: bool | None = None  # summed in the totals row; default: money and counts

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"column {self.key}: kind {self.kind} is not one of {KINDS}")

    @property
    def summed(self) -> bool:
        return self.total if self.total is not None else self.kind in ("money", "count")


@dataclass(frozen=True)
class ChartSpec:
    """A Chart.js chart of the table: the ``label`` column along the axis, one data set per
    ``series`` column (bar, line or doughnut)."""

    label: str
    series: tuple[str, ...]
    type: str = "bar"
    stacked: bool = False


@dataclass(frozen=True)
class StatFilters:
    date_from: date | None = None
    date_to: date | None = None
    policy: int | None = None

    def dated(self, qs, field_name: str):
        """``qs`` restricted to the date range on ``field_name`` (a date or a datetime's __date)."""
        if self.date_from:
            qs = qs.filter(**{f"{field_name}__gte": self.date_from})
        if self.date_to:
            qs = qs.filter(**{f"{field_name}__lte": self.date_to})
        return qs

    def of_policy(self, qs, field_name: str = "policy"):
        return qs.filter(**{f"{field_name}_id": self.policy}) if self.policy else qs


@dataclass(frozen=True)
class Section:
    key: str
    title: object
    roles: frozenset[str]
    columns: tuple[StatColumn, ...]
    query: Callable[[object, StatFilters], list[dict]]
    chart: ChartSpec | None = None
    description: object = ""
    dated_by: object = None  # what the date range applies to; None: a picture as of today
    order: int = 100

    def column(self, key: str) -> StatColumn:
        return next(c for c in self.columns if c.key == key)


_SECTIONS: dict[str, Section] = {}


def stat_section(
    *,
    key: str,
    title,
    roles: Iterable[str],
    columns: Sequence[StatColumn],
    chart: ChartSpec | None = None,
    description="",
    dated_by=None,
    order: int = 100,
):
    """Register ``func(user, filters) -> list[dict]`` as the section ``key``."""

    def register(func):
        keys = [c.key for c in columns]
        if chart and not {chart.label, *chart.series} <= set(keys):
            raise ValueError(f"section {key}: the chart names columns the table does not have")
        _SECTIONS[key] = Section(
            key=key,
            title=title,
            roles=frozenset(str(r) for r in roles),
            columns=tuple(columns),
            query=func,
            chart=chart,
            description=description,
            dated_by=dated_by,
            order=order,
        )
        return func

    return register


def all_sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def sections_for(user) -> list[Section]:
    role = getattr(user, "role", None)
    return [s for s in all_sections() if role in s.roles]


def section_get(user, key: str) -> Section:
    """The section if the user's role reads it; else not found (404), like any other object."""
    section = _SECTIONS.get(key)
    if section is None or getattr(user, "role", None) not in section.roles:
        raise Http404
    return section


# --- the policy filter ------------------------------------------------------------------------------

_policy_choices: list[Callable[[object], list[tuple[int, str]]]] = []


def policy_choices_register(func: Callable[[object], list[tuple[int, str]]]) -> None:
    """The app that owns policies says which the user may filter by: ``func(user) -> [(id, label)]``."""
    if func not in _policy_choices:
        _policy_choices.append(func)


def policy_choices(user) -> list[tuple[int, str]]:
    seen: dict[int, str] = {}
    for func in _policy_choices:
        for pk, label in func(user):
            seen.setdefault(pk, label)
    return list(seen.items())


class StatsFilterForm(forms.Form):
    """Date range and policy, on the page and (the same rules) in the API."""

    date_from = forms.DateField(
        label=pgettext_lazy("date range", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=pgettext_lazy("date range", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    policy = forms.TypedChoiceField(label=_("Policy"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].choices = [("", pgettext_lazy("filter", "All")), *policy_choices(user)]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the date range comes before its start."))
        return data

    def filters(self) -> StatFilters:
        """The filters the form was given (none while it has errors: the page says which)."""
        if not self.is_bound or not self.is_valid():
            return StatFilters()
        d = self.cleaned_data
        return StatFilters(date_from=d.get("date_from"), date_to=d.get("date_to"), policy=d.get("policy"))


# --- a section's table, chart and export -----------------------------------------------------------


@dataclass
class Table:
    section: Section
    rows: list[dict]
    totals: dict = field(default_factory=dict)

    @property
    def has_totals(self) -> bool:
        return bool(self.totals)


def table(section: Section, user, filters: StatFilters) -> Table:
    rows = list(section.query(user, filters))
    totals = {}
    summed = [c for c in section.columns if c.summed]
    if summed and rows:
        for c in summed:
            values = [r.get(c.key) or 0 for r in rows]
            totals[c.key] = sum(values, Decimal("0")) if c.kind == "money" else sum(values)
    return Table(section=section, rows=rows, totals=totals)


PALETTE = ["#1f4e79", "#f79009", "#12b76a", "#d92d20", "#7a5af8", "#0ba5ec", "#667085", "#ee46bc"]


def _chart_value(column: StatColumn, value):
    if value is None:
        return None
    if column.kind == "money":
        return float(quantize(Decimal(value), column.currency))
    if column.kind == "percent":
        return round(float(value) * 100, 1)
    return float(value) if isinstance(value, Decimal) else value


def chart_config(tbl: Table) -> dict | None:
    spec = tbl.section.chart
    if spec is None or not tbl.rows:
        return None
    section = tbl.section
    labels = [str(r.get(spec.label) or "-") for r in tbl.rows]
    datasets = []
    for index, key in enumerate(spec.series):
        column = section.column(key)
        data = [_chart_value(column, r.get(key)) for r in tbl.rows]
        colour = PALETTE[index % len(PALETTE)]
        dataset = {"label": str(column.label), "data": data}
        if spec.type == "doughnut":
            dataset["backgroundColor"] = [PALETTE[i % len(PALETTE)] for i in range(len(data))]
        elif spec.type == "line":
            dataset.update(borderColor=colour, backgroundColor=colour, tension=0.2)
        else:
            dataset["backgroundColor"] = colour
        datasets.append(dataset)
    options: dict = {"responsive": True, "maintainAspectRatio": False}
    if spec.type != "doughnut":
        options["scales"] = {
            "x": {"stacked": spec.stacked},
            "y": {"stacked": spec.stacked, "beginAtZero": True},
        }
    return {"type": spec.type, "data": {"labels": labels, "datasets": datasets}, "options": options}


def cell(column: StatColumn, value):
    """A value as the Excel export writes it (kernel export helpers: numbers keep their format)."""
    from sinosure_portal.core import exports

    if value is None:
        return None
    if column.kind == "money":
        return exports.amount(value, column.currency)
    if column.kind == "percent":
        return exports.percent(value, 1)
    if column.kind == "days":
        return exports.Number(Decimal(value), "0.0")
    if column.kind == "count":
        return int(value)
    if column.kind == "date":
        return value
    return str(value)


def workbook(tbl: Table, filters_shown: Sequence[tuple[str, str]]) -> bytes:
    from sinosure_portal.core.exports import workbook_bytes

    columns = tbl.section.columns
    rows = [[cell(c, r.get(c.key)) for c in columns] for r in tbl.rows]
    if tbl.totals:
        total_row = [cell(c, tbl.totals.get(c.key)) if c.summed else None for c in columns]
        total_row[0] = str(_("Total"))
        rows.append(total_row)
    return workbook_bytes(
        [str(c.label) for c in columns], rows, sheet=str(tbl.section.title), filters=list(filters_shown)
    )


def filters_shown(form: StatsFilterForm) -> list[tuple[str, str]]:
    from sinosure_portal.core.exports import filters_used

    return filters_used(form)


def json_value(column: StatColumn, value):
    """A value as the API gives it: money as a string with the currency's decimals."""
    if value is None:
        return None
    if column.kind == "money":
        return str(quantize(Decimal(value), column.currency))
    if column.kind in ("percent", "days"):
        return str(Decimal(value).quantize(Decimal("0.0001")))
    if column.kind == "count":
        return int(value)
    if column.kind == "date":
        return value.isoformat()
    return str(value)


def days_between(start, end) -> Decimal | None:
    """Days from ``start`` to ``end`` (dates or datetimes), one decimal; None if either is missing."""
    if start is None or end is None:
        return None
    delta = end - start
    return (Decimal(delta.total_seconds()) / Decimal(86400)).quantize(Decimal("0.1"))


def mean(values: Iterable) -> Decimal | None:
    values = [Decimal(v) for v in values if v is not None]
    if not values:
        return None
    return (sum(values, Decimal("0")) / len(values)).quantize(Decimal("0.1"))


def localised(zh: str | None, en: str | None, original: str | None = None) -> str:
    """A name in the reader's language (the Chinese one on a Chinese page when there is one)."""
    from django.utils.translation import get_language

    if (get_language() or "").startswith("zh") and zh:
        return zh
    return en or original or zh or ""
