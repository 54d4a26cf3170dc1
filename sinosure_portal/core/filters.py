import django_filters
from django.utils.translation import gettext_lazy as _

from sinosure_portal.audit.models import AuditEvent
from sinosure_portal.money.models import ExchangeRate


class ExchangeRateFilter(django_filters.FilterSet):
    currency = django_filters.CharFilter(label=_("Currency"), lookup_expr="iexact")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("To"))

    class Meta:
        model = ExchangeRate
        fields = ["currency"]


class AuditEventFilter(django_filters.FilterSet):
    object_type = django_filters.CharFilter(field_name="content_type__model", label=_("Object type"))
    object_id = django_filters.CharFilter(label=_("Object id"))
    action = django_filters.CharFilter(lookup_expr="icontains", label=_("Action"))
    actor = django_filters.CharFilter(field_name="actor__username", label=_("Who"))
    at_from = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("From"))
    at_to = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("To"))

    class Meta:
        model = AuditEvent
        fields = ["object_id"]
