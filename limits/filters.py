import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from creditinfo.models import Country
from limits.models import CreditLimit, CreditLimitApplication, Light, LimitAutoRule
from policies.models import PaymentTerm


def search_buyer_and_number(queryset, name, value):
    value = (value or "").strip()
    if not value:
        return queryset
    return queryset.filter(
        Q(number__icontains=value)
        | Q(buyer__name__icontains=value)
        | Q(buyer__name_en__icontains=value)
        | Q(buyer__name_zh__icontains=value)
        | Q(buyer__registration_number__icontains=value)
        | Q(policy__number__icontains=value)
        | Q(organisation__name_zh__icontains=value)
    )


class LimitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method=search_buyer_and_number)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CreditLimit.Status.choices)
    country = django_filters.ModelChoiceFilter(
        field_name="buyer__country", label=_("Country"), queryset=Country.objects.order_by("code")
    )
    light = django_filters.ChoiceFilter(
        field_name="buyer__light", label=_("Traffic light"), choices=Light.choices
    )
    payment_term = django_filters.ChoiceFilter(
        field_name="payment_term", label=_("Payment term"), choices=PaymentTerm.choices, method="filter_term"
    )

    class Meta:
        model = CreditLimit
        fields = ["q", "status", "country", "light", "payment_term"]

    def filter_term(self, queryset, name, value):
        # JSON list membership, written so that SQLite and PostgreSQL both answer it
        return queryset.filter(payment_terms__icontains=f'"{value}"') if value else queryset


class LimitApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method=search_buyer_and_number)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CreditLimitApplication.Status.choices)
    light = django_filters.ChoiceFilter(
        field_name="buyer__light", label=_("Traffic light"), choices=Light.choices
    )
    country = django_filters.ModelChoiceFilter(
        field_name="buyer__country", label=_("Country"), queryset=Country.objects.order_by("code")
    )
    auto_decided = django_filters.BooleanFilter(label=_("Decided automatically"))

    class Meta:
        model = CreditLimitApplication
        fields = ["q", "status", "light", "country", "auto_decided"]


class QueueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method=search_buyer_and_number)
    light = django_filters.ChoiceFilter(
        field_name="buyer__light", label=_("Traffic light"), choices=Light.choices
    )
    max_country_class = django_filters.NumberFilter(
        field_name="buyer__country__risk_class", lookup_expr="lte", label=_("Country class up to")
    )
    min_amount = django_filters.NumberFilter(
        field_name="amount_requested_usd", lookup_expr="gte", label=_("Amount from (USD)")
    )

    class Meta:
        model = CreditLimitApplication
        fields = ["q", "light", "max_country_class", "min_amount"]


class LimitAutoRuleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))
    enabled = django_filters.BooleanFilter(label=_("Enabled"))

    class Meta:
        model = LimitAutoRule
        fields = ["q", "enabled"]
