import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from creditinfo.models import Buyer, Country, CreditReportOrder, IndustryGroup, RiskEvent
from creditinfo.selectors import alerts as feed


def _countries(request=None):
    return Country.objects.order_by("code")


def _industries(request=None):
    return IndustryGroup.objects.order_by("code")


class BuyerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or registration number"), method="filter_q")
    country = django_filters.ModelChoiceFilter(label=_("Country"), queryset=_countries)
    industry = django_filters.ModelChoiceFilter(label=_("Industry"), queryset=_industries)
    light = django_filters.ChoiceFilter(label=_("Light"), choices=Buyer._meta.get_field("light").choices)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Buyer.Kind.choices)

    class Meta:
        model = Buyer
        fields = ["country", "industry", "light", "kind"]

    def filter_q(self, queryset, name, value):
        from django.db.models import Q

        from creditinfo.models import normalise_name, registration_key

        norm, key = normalise_name(value), registration_key(value)
        match = Q(pk__in=[])
        if norm:
            match |= Q(search_text__contains=norm)
        if key:
            match |= Q(registration_key=key)
        return queryset.filter(match)


class RiskEventFeedFilter(django_filters.FilterSet):
    country = django_filters.ModelChoiceFilter(
        label=_("Country"), queryset=_countries, method="filter_country"
    )
    industry = django_filters.ModelChoiceFilter(
        label=_("Industry"), queryset=_industries, method="filter_industry"
    )
    company = django_filters.CharFilter(label=_("Company"), method="filter_company")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=RiskEvent.Kind.choices)
    followed = django_filters.BooleanFilter(
        label=_("Only what I follow"), method="filter_followed", widget=forms.CheckboxInput
    )

    class Meta:
        model = RiskEvent
        fields = ["kind"]

    def filter_country(self, queryset, name, value):
        return feed.feed_by_country(queryset, value.pk) if value else queryset

    def filter_industry(self, queryset, name, value):
        return feed.feed_by_industry(queryset, value.pk) if value else queryset

    def filter_company(self, queryset, name, value):
        return feed.feed_by_company(queryset, value)

    def filter_followed(self, queryset, name, value):
        user = getattr(self.request, "user", None)
        return feed.feed_followed_by(queryset, user) if value and user else queryset


class ReportOrderFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CreditReportOrder.Status.choices)
    buyer_country = django_filters.ModelChoiceFilter(
        label=_("Country"), queryset=_countries, method="filter_country"
    )

    class Meta:
        model = CreditReportOrder
        fields = ["status"]

    def filter_country(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(buyer__country=value) | Q(buyer_country=value)) if value else queryset
