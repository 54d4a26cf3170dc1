import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from policies.models import Policy, PolicyApplication, PremiumInvoice, Product


def _search(fields):
    def method(queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        query = Q()
        for field in fields:
            query |= Q(**{f"{field}__icontains": value})
        return queryset.filter(query)

    return method


class PolicyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method=_search(["number", "organisation__name_zh", "organisation__name_en"])
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Policy.Status.choices)
    product = django_filters.ChoiceFilter(label=_("Product"), choices=Product.choices)
    ends_before = django_filters.DateFilter(field_name="period_end", lookup_expr="lte", label=_("Ends by"))

    class Meta:
        model = Policy
        fields = ["q", "status", "product", "ends_before"]


class PolicyApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method=_search(["number", "company_name", "organisation__name_zh"])
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PolicyApplication.Status.choices)
    product = django_filters.ChoiceFilter(label=_("Product"), choices=Product.choices)

    class Meta:
        model = PolicyApplication
        fields = ["q", "status", "product"]


class PremiumInvoiceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method=_search(["number", "policy__number", "payer_name"])
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PremiumInvoice.Status.choices)
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label=_("Due by"))
    period_from = django_filters.DateFilter(
        field_name="period_start", lookup_expr="gte", label=_("Period from")
    )

    class Meta:
        model = PremiumInvoice
        fields = ["q", "status", "due_before", "period_from"]
