"""Filters of the declaration, receivable, payment, upload-row and exposure lists (pages and API)."""

from datetime import timedelta

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from declarations import rules
from declarations.models import DeclarationBatchRow, Payment, ShipmentDeclaration
from policies.models import PaymentTerm
from sinosure_portal.workdays.calendar import today

BUCKET_LABELS = {
    "current": _("Not yet due"),
    "1_30": _("1-30 days past due"),
    "31_60": _("31-60 days past due"),
    "61_90": _("61-90 days past due"),
    "91_180": _("91-180 days past due"),
    "over_180": _("Over 180 days past due"),
}


def bucket_range(key: str, on):
    """The due dates of an ageing bucket, as (earliest, latest); None where open-ended."""
    for k, low, high in rules.AGEING_BUCKETS:
        if k == key:
            latest = on - timedelta(days=low) if low is not None else None
            earliest = on - timedelta(days=high) if high is not None and low is not None else None
            if low is None:  # current: due today or later
                return on, None
            return earliest, latest
    return None, None


class _Base(django_filters.FilterSet):
    buyer = django_filters.CharFilter(method="filter_buyer", label=_("Buyer"))
    invoice_number = django_filters.CharFilter(
        lookup_expr="icontains", label=pgettext_lazy("shipment", "Invoice number")
    )

    def filter_buyer(self, qs, name, value):
        from django.db.models import Q

        return qs.filter(
            Q(buyer__name__icontains=value)
            | Q(buyer__name_en__icontains=value)
            | Q(buyer__name_zh__icontains=value)
        )


class DeclarationFilter(_Base):
    status = django_filters.ChoiceFilter(choices=ShipmentDeclaration.Status.choices, label=_("Status"))
    payment_term = django_filters.ChoiceFilter(choices=PaymentTerm.choices, label=_("Payment term"))
    shipped_from = django_filters.DateFilter(
        field_name="shipment_date", lookup_expr="gte", label=_("Shipped from")
    )
    shipped_to = django_filters.DateFilter(
        field_name="shipment_date", lookup_expr="lte", label=_("Shipped to")
    )
    late = django_filters.ChoiceFilter(
        choices=[("1", _("Declared late")), ("0", _("Declared in time"))],
        method="filter_late",
        label=_("Deadline"),
    )

    class Meta:
        model = ShipmentDeclaration
        fields = ["status", "invoice_number"]

    def filter_late(self, qs, name, value):
        return qs.filter(late=value == "1")


class DeclarationApiFilter(DeclarationFilter):
    policy = django_filters.NumberFilter(field_name="policy_id", label=_("Policy"))
    # not "limit": that is the page size (LimitOffsetPagination)
    credit_limit = django_filters.NumberFilter(field_name="limit_id", label=_("Credit limit"))
    batch = django_filters.NumberFilter(field_name="batch_id", label=_("Upload"))
    due_from = django_filters.DateFilter(field_name="due_date", lookup_expr="gte", label=_("Due from"))
    due_to = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label=_("Due to"))


class ReceivableFilter(_Base):
    bucket = django_filters.ChoiceFilter(
        choices=list(BUCKET_LABELS.items()), method="filter_bucket", label=_("Ageing")
    )
    status = django_filters.ChoiceFilter(
        choices=[(s, ShipmentDeclaration.Status(s).label) for s in ShipmentDeclaration.OPEN],
        label=_("Status"),
    )
    currency = django_filters.CharFilter(lookup_expr="iexact", label=_("Currency"))
    due_from = django_filters.DateFilter(field_name="due_date", lookup_expr="gte", label=_("Due from"))
    due_to = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label=_("Due to"))

    class Meta:
        model = ShipmentDeclaration
        fields = ["status", "currency"]

    def filter_bucket(self, qs, name, value):
        earliest, latest = bucket_range(value, today())
        if earliest:
            qs = qs.filter(due_date__gte=earliest)
        if latest:
            qs = qs.filter(due_date__lte=latest)
        return qs


class ReceivableApiFilter(ReceivableFilter):
    policy = django_filters.NumberFilter(field_name="policy_id", label=_("Policy"))


class PaymentFilter(django_filters.FilterSet):
    invoice_number = django_filters.CharFilter(
        field_name="declaration__invoice_number",
        lookup_expr="icontains",
        label=pgettext_lazy("shipment", "Invoice number"),
    )
    received_from = django_filters.DateFilter(
        field_name="received_on", lookup_expr="gte", label=_("Received from")
    )
    received_to = django_filters.DateFilter(
        field_name="received_on", lookup_expr="lte", label=_("Received to")
    )

    class Meta:
        model = Payment
        fields = ["currency"]


class BatchRowFilter(django_filters.FilterSet):
    outcome = django_filters.ChoiceFilter(choices=DeclarationBatchRow.Outcome.choices, label=_("Outcome"))

    class Meta:
        model = DeclarationBatchRow
        fields = ["outcome"]
