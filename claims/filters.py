"""Filters of the notice, claim and recovery lists (pages and API)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from claims.models import Cause, Claim, PossibleLossNotice, Recovery
from policies.models import Product

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _buyer_or_number(qs, value):
    return qs.filter(
        Q(buyer__name__icontains=value)
        | Q(buyer__name_en__icontains=value)
        | Q(buyer__name_zh__icontains=value)
        | Q(number__icontains=value)
        | Q(policy__number__icontains=value)
    )


class NoticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Buyer, notice or policy number"))
    status = django_filters.ChoiceFilter(choices=PossibleLossNotice.Status.choices, label=_("Status"))
    cause = django_filters.ChoiceFilter(choices=Cause.choices, label=_("Cause"))
    late = django_filters.BooleanFilter(label=_("Notified late"))

    class Meta:
        model = PossibleLossNotice
        fields = ["status", "cause", "late"]

    def filter_q(self, qs, name, value):
        return _buyer_or_number(qs, value)


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Buyer, claim or policy number"))
    status = django_filters.ChoiceFilter(choices=Claim.Status.choices, label=_("Status"))
    cause = django_filters.ChoiceFilter(choices=Cause.choices, label=_("Cause"))
    product = django_filters.ChoiceFilter(
        field_name="policy__product", choices=Product.choices, label=_("Product")
    )
    escalation = django_filters.ChoiceFilter(
        choices=[c for c in Claim.Escalation.choices if c[0]], label=_("Escalation")
    )
    filed_from = django_filters.DateFilter(
        field_name="filed_on", lookup_expr="gte", label=_("Filed from"), widget=DATE
    )
    filed_to = django_filters.DateFilter(
        field_name="filed_on", lookup_expr="lte", label=_("Filed to"), widget=DATE
    )

    class Meta:
        model = Claim
        fields = ["status", "cause", "escalation"]

    def filter_q(self, qs, name, value):
        return _buyer_or_number(qs, value)


class RecoveryFilter(django_filters.FilterSet):
    claim = django_filters.CharFilter(
        field_name="claim__number", lookup_expr="icontains", label=_("Claim number")
    )
    before_payment = django_filters.BooleanFilter(label=_("Before the indemnity was paid"))
    received_from = django_filters.DateFilter(
        field_name="received_on", lookup_expr="gte", label=_("Received from"), widget=DATE
    )
    received_to = django_filters.DateFilter(
        field_name="received_on", lookup_expr="lte", label=_("Received to"), widget=DATE
    )

    class Meta:
        model = Recovery
        fields = ["before_payment"]
