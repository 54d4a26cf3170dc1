"""Filters of the financing lists (pages and API)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from declarations.filters import BUCKET_LABELS, bucket_range
from declarations.models import ShipmentDeclaration
from financing.models import (
    CoverageNotice,
    DataAuthorisation,
    IndemnityAssignment,
    Loan,
    ReceivableAssignment,
)
from sinosure_portal.workdays.calendar import today


def _org_name(qs, prefix: str, value: str):
    return qs.filter(
        Q(**{f"{prefix}__name_zh__icontains": value}) | Q(**{f"{prefix}__name_en__icontains": value})
    )


class AgreementFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=IndemnityAssignment.Status.choices, label=_("Status"))
    party = django_filters.CharFilter(method="filter_party", label=_("Insured or bank"))

    class Meta:
        model = IndemnityAssignment
        fields = ["status"]

    def filter_party(self, qs, name, value):
        return qs.filter(
            Q(organisation__name_zh__icontains=value)
            | Q(organisation__name_en__icontains=value)
            | Q(bank__name_zh__icontains=value)
            | Q(bank__name_en__icontains=value)
            | Q(number__icontains=value)
        )


class ReceivableAssignmentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReceivableAssignment.Status.choices, label=_("Status"))

    class Meta:
        model = ReceivableAssignment
        fields = ["status"]


class BankReceivableFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ShipmentDeclaration.Status.choices, label=_("Status"))
    bucket = django_filters.ChoiceFilter(
        choices=list(BUCKET_LABELS.items()), method="filter_bucket", label=_("Ageing")
    )
    insured = django_filters.CharFilter(method="filter_insured", label=_("Insured"))
    buyer = django_filters.CharFilter(method="filter_buyer", label=_("Buyer"))
    invoice_number = django_filters.CharFilter(lookup_expr="icontains", label=_("Invoice number"))
    due_from = django_filters.DateFilter(field_name="due_date", lookup_expr="gte", label=_("Due from"))
    due_to = django_filters.DateFilter(field_name="due_date", lookup_expr="lte", label=_("Due to"))

    class Meta:
        model = ShipmentDeclaration
        fields = ["status"]

    def filter_insured(self, qs, name, value):
        return _org_name(qs, "organisation", value)

    def filter_buyer(self, qs, name, value):
        return qs.filter(
            Q(buyer__name__icontains=value)
            | Q(buyer__name_en__icontains=value)
            | Q(buyer__name_zh__icontains=value)
        )

    def filter_bucket(self, qs, name, value):
        earliest, latest = bucket_range(value, today())
        if earliest:
            qs = qs.filter(due_date__gte=earliest)
        if latest:
            qs = qs.filter(due_date__lte=latest)
        return qs.filter(status__in=list(ShipmentDeclaration.OPEN))


class CoverageNoticeFilter(django_filters.FilterSet):
    invoice_number = django_filters.CharFilter(lookup_expr="icontains", label=_("Invoice number"))
    insured = django_filters.CharFilter(method="filter_insured", label=_("Insured"))
    issued_from = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__gte", label=_("Issued from")
    )
    issued_to = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__lte", label=_("Issued to")
    )

    class Meta:
        model = CoverageNotice
        fields = ["invoice_number"]

    def filter_insured(self, qs, name, value):
        return _org_name(qs, "organisation", value)


class LoanFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Loan.Status.choices, label=_("Status"))
    borrower = django_filters.CharFilter(method="filter_borrower", label=_("Borrower"))
    loan_from = django_filters.DateFilter(field_name="loan_date", lookup_expr="gte", label=_("Lent from"))
    loan_to = django_filters.DateFilter(field_name="loan_date", lookup_expr="lte", label=_("Lent to"))

    class Meta:
        model = Loan
        fields = ["status"]

    def filter_borrower(self, qs, name, value):
        return _org_name(qs, "organisation", value)


class DataAuthorisationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=DataAuthorisation.Status.choices, label=_("Status"))

    class Meta:
        model = DataAuthorisation
        fields = ["status"]
