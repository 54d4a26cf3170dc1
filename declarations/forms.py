"""Forms of the declaration pages. They only shape input; the services decide."""

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from creditinfo.models import Country
from declarations.models import MAX_CREDIT_DAYS
from policies.models import PaymentTerm
from sinosure_portal.base.forms import DomainErrorFormMixin
from sinosure_portal.money.currency import iso_currencies
from sinosure_portal.money.fields import CurrencyAmountFormField, CurrencyAmountsFormMixin
from sinosure_portal.workdays.calendar import today

COMMON_CURRENCIES = ["USD", "EUR", "CNY", "JPY", "GBP", "HKD", "AUD", "SGD", "AED", "CAD", "CHF", "KRW"]


def currency_choices() -> list[tuple[str, str]]:
    """The common currencies first, then every other legal tender currency (KWD, BHD, ...), as the
    API accepts them."""
    rest = sorted(iso_currencies() - set(COMMON_CURRENCIES))
    return [(c, c) for c in [*COMMON_CURRENCIES, *rest]]


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LimitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        state = "" if obj.is_live else f" [{obj.get_status_display()}]"
        return f"{obj.buyer.display_name} · {obj.policy.number} · {obj.number or obj.pk}{state}"


class PolicyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.number} · {obj.get_product_display()}"


class DeclarationForm(CurrencyAmountsFormMixin, DomainErrorFormMixin, forms.Form):
    limit = LimitChoiceField(
        label=_("Buyer (from your credit limits)"), queryset=None, empty_label=_("Choose the buyer")
    )
    invoice_number = forms.CharField(label=pgettext_lazy("shipment", "Invoice number"), max_length=64)
    client_reference = forms.CharField(label=_("Your reference"), max_length=64, required=False)
    shipment_date = forms.DateField(label=_("Shipment date"), widget=DATE)
    currency = forms.ChoiceField(label=_("Currency"), choices=currency_choices, initial="USD")
    amount = CurrencyAmountFormField(label=_("Invoice amount"), min_value=0)
    payment_term = forms.ChoiceField(
        label=_("Payment term"), choices=PaymentTerm.choices, initial=PaymentTerm.OA
    )
    credit_days = forms.IntegerField(label=_("Credit period (days)"), min_value=0, max_value=MAX_CREDIT_DAYS)
    hs_code = forms.CharField(
        label=_("HS code"),
        max_length=12,
        required=False,
        help_text=_("For goods; leave empty for a service."),
    )
    description = forms.CharField(label=_("Goods or service description"), max_length=300, required=False)
    destination = forms.ModelChoiceField(
        label=_("Destination country"),
        queryset=Country.objects.order_by("code"),
        required=False,
        empty_label=_("The buyer's country"),
    )
    financing_intent = forms.BooleanField(label=_("I want financing on this receivable"), required=False)

    def __init__(self, *args, limits=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["limit"].queryset = limits
        if not self.is_bound:
            self.initial.setdefault("shipment_date", today())


class PaymentForm(CurrencyAmountsFormMixin, DomainErrorFormMixin, forms.Form):
    """A payment on one invoice, in the invoice's currency (``amount_currency``)."""

    received_on = forms.DateField(label=_("Received on"), widget=DATE, initial=today)
    amount = CurrencyAmountFormField(label=_("Amount received"), min_value=0)

    def __init__(self, *args, currency: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.amount_currency = currency

    client_reference = forms.CharField(label=_("Your reference"), max_length=64, required=False)


class BuyerPaymentForm(CurrencyAmountsFormMixin, DomainErrorFormMixin, forms.Form):
    """A payment on a buyer without an invoice number: it goes to the oldest open invoices first."""

    buyer = forms.ChoiceField(label=_("Buyer"))
    invoice_number = forms.CharField(
        label=pgettext_lazy("shipment", "Invoice number"),
        max_length=64,
        required=False,
        help_text=_("Leave empty to pay the buyer's oldest open invoices first."),
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=currency_choices, initial="USD")
    amount = CurrencyAmountFormField(label=_("Amount received"), min_value=0)
    received_on = forms.DateField(label=_("Received on"), widget=DATE, initial=today)
    client_reference = forms.CharField(label=_("Your reference"), max_length=64, required=False)

    def __init__(self, *args, buyers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buyer"].choices = [("", "---------"), *buyers]


class AmendmentForm(DomainErrorFormMixin, forms.Form):
    new_amount = CurrencyAmountFormField(label=_("New invoice amount"), min_value=0, required=False)
    new_shipment_date = forms.DateField(label=_("New shipment date"), widget=DATE, required=False)
    new_credit_days = forms.IntegerField(
        label=_("New credit period (days)"), min_value=0, max_value=MAX_CREDIT_DAYS, required=False
    )
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(DomainErrorFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class UploadForm(DomainErrorFormMixin, forms.Form):
    policy = PolicyChoiceField(label=_("Policy"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_("Up to 100,000 rows, Chinese or English column headers (see the template)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def __init__(self, *args, policies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = policies


class PaymentUploadForm(DomainErrorFormMixin, forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file of payments"),
        help_text=_(
            "Columns: invoice number (or buyer), received on, currency, amount, your reference; "
            "Chinese or English headers."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )


class NilDeclarationForm(DomainErrorFormMixin, forms.Form):
    """ "No shipments this month" for one of the insured's declaring policies."""

    policy = PolicyChoiceField(label=_("Policy"), queryset=None, empty_label=None)
    month = forms.DateField(
        label=_("Month without shipments"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def __init__(self, *args, policies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = policies


class CoverQuoteForm(CurrencyAmountsFormMixin, DomainErrorFormMixin, forms.Form):
    """An order not shipped yet: what would be covered (and, on request, listed as planned)."""

    limit = LimitChoiceField(
        label=_("Buyer (from your credit limits)"), queryset=None, empty_label=_("Choose the buyer")
    )
    shipment_date = forms.DateField(label=_("Planned shipment date"), widget=DATE)
    currency = forms.ChoiceField(label=_("Currency"), choices=currency_choices, initial="USD")
    amount = CurrencyAmountFormField(label=_("Order amount"), min_value=0)
    payment_term = forms.ChoiceField(
        label=_("Payment term"), choices=PaymentTerm.choices, initial=PaymentTerm.OA
    )
    credit_days = forms.IntegerField(label=_("Credit period (days)"), min_value=0, max_value=MAX_CREDIT_DAYS)
    after_planned = forms.BooleanField(
        label=_("Count my planned orders to this buyer first"), required=False, initial=True
    )
    client_reference = forms.CharField(
        label=_("Your order reference"),
        max_length=64,
        required=False,
        help_text=_("Only to list the order as planned; the same reference lists it once."),
    )

    def __init__(self, *args, limits=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["limit"].queryset = limits
        if not self.is_bound:
            self.initial.setdefault("shipment_date", today() + timedelta(days=14))


class LimitBatchForm(DomainErrorFormMixin, forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_(
            "One action a row (apply, reduce, cancel or renew), Chinese or English headers (see the template)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    client_reference = forms.CharField(
        label=_("Your batch reference"),
        max_length=64,
        required=False,
        help_text=_("The same reference uploads the batch once, however often it is sent."),
    )
