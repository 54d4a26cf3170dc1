from django import forms
from django.utils.translation import gettext_lazy as _

from creditinfo.models import Buyer, Country, IndustryGroup
from limits.models import FIRST_TRADE_YEAR_MAX, FIRST_TRADE_YEAR_MIN, MAX_CREDIT_PERIOD_DAYS
from policies.models import PaymentTerm, Product
from sinosure_portal.base.forms import DomainErrorFormMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
USD = {"min_value": 0, "max_digits": 18, "decimal_places": 2}
CHECKBOXES = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


class BuyerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Buyer) -> str:
        name = obj.display_name
        if obj.name != name:
            name = f"{name} ({obj.name})"
        return f"{name} · {obj.country_id}" + (f" · SWIFT {obj.swift_code}" if obj.swift_code else "")


class PolicyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.number} · {obj.get_product_display()} · {obj.period_start:%Y-%m-%d} – {obj.period_end:%Y-%m-%d}"


class LimitApplicationForm(DomainErrorFormMixin, forms.Form):
    policy = PolicyChoiceField(label=_("Policy"), queryset=None, empty_label=None)
    buyer = BuyerChoiceField(
        label=_("Buyer"),
        queryset=Buyer.objects.select_related("country").order_by("kind", "name"),
        required=False,
        help_text=_("Choose a registered buyer, or register a new one below."),
    )
    new_buyer_name = forms.CharField(label=_("New buyer: name (original)"), max_length=255, required=False)
    new_buyer_name_en = forms.CharField(label=_("New buyer: English name"), max_length=255, required=False)
    new_buyer_country = forms.ModelChoiceField(
        label=_("New buyer: country"), queryset=Country.objects.order_by("code"), required=False
    )
    new_buyer_registration_number = forms.CharField(
        label=_("New buyer: registration number"), max_length=64, required=False
    )
    new_buyer_industry = forms.ModelChoiceField(
        label=_("New buyer: industry"), queryset=IndustryGroup.objects.order_by("code"), required=False
    )
    new_buyer_address = forms.CharField(label=_("New buyer: address"), max_length=300, required=False)
    payment_term = forms.ChoiceField(label=_("Payment term"), choices=PaymentTerm.choices)
    credit_period_days = forms.IntegerField(
        label=_("Credit period (days)"),
        min_value=1,
        max_value=MAX_CREDIT_PERIOD_DAYS,
        help_text=_("At most 720 days (two years)."),
    )
    amount_requested_usd = forms.DecimalField(label=_("Amount requested (USD)"), **USD)
    open_orders_usd = forms.DecimalField(label=_("Open orders (USD)"), required=False, **USD)
    goods_category = forms.CharField(label=_("Goods or services"), max_length=200)
    first_trade_year = forms.IntegerField(
        label=_("Trading with the buyer since (year)"),
        min_value=FIRST_TRADE_YEAR_MIN,
        max_value=FIRST_TRADE_YEAR_MAX,
        required=False,
    )
    financing_need = forms.BooleanField(label=_("I need financing on these receivables"), required=False)
    related_party = forms.BooleanField(label=_("The buyer is a related party"), required=False)
    issuing_bank = BuyerChoiceField(
        label=_("Issuing bank (L/C)"),
        queryset=Buyer.objects.filter(kind=Buyer.Kind.BANK).select_related("country").order_by("name"),
        required=False,
    )
    new_bank_name = forms.CharField(label=_("New issuing bank: name"), max_length=255, required=False)
    new_bank_swift = forms.CharField(label=_("New issuing bank: SWIFT code"), max_length=11, required=False)
    new_bank_country = forms.ModelChoiceField(
        label=_("New issuing bank: country"), queryset=Country.objects.order_by("code"), required=False
    )
    latest_shipment_date = forms.DateField(label=_("Latest shipment date (L/C)"), required=False, widget=DATE)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    NEW_BUYER_FIELDS = (
        "new_buyer_name",
        "new_buyer_name_en",
        "new_buyer_country",
        "new_buyer_registration_number",
        "new_buyer_industry",
        "new_buyer_address",
    )
    NEW_BANK_FIELDS = ("new_bank_name", "new_bank_swift", "new_bank_country")

    def __init__(self, *args, policies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = policies

    def clean(self):
        data = super().clean()
        if not data.get("buyer") and not data.get("new_buyer_name"):
            self.add_error("buyer", _("Choose the buyer, or register a new one."))
        if data.get("new_buyer_name") and not data.get("buyer") and not data.get("new_buyer_country"):
            self.add_error("new_buyer_country", _("Give the new buyer's country."))
        if data.get("new_bank_name") and not (data.get("new_bank_swift") and data.get("new_bank_country")):
            self.add_error("new_bank_swift", _("A new issuing bank needs its SWIFT code and country."))
        return data


class DecisionForm(DomainErrorFormMixin, forms.Form):
    amount_usd = forms.DecimalField(label=_("Amount approved (USD)"), **USD)
    credit_period_days = forms.IntegerField(
        label=_("Longest credit period (days)"), min_value=1, max_value=720
    )
    payment_terms = forms.MultipleChoiceField(
        label=_("Payment terms"), choices=PaymentTerm.choices, widget=CHECKBOXES
    )
    conditions = forms.CharField(
        label=_("Conditions"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(DomainErrorFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ReduceForm(DomainErrorFormMixin, forms.Form):
    amount_usd = forms.DecimalField(label=_("New amount (USD)"), **USD)
    max_credit_period_days = forms.IntegerField(
        label=_("Longest credit period (days)"), min_value=1, max_value=720, required=False
    )
    payment_terms = forms.MultipleChoiceField(
        label=_("Payment terms"),
        choices=PaymentTerm.choices,
        widget=CHECKBOXES,
        required=False,
    )
    notice_date = forms.DateField(
        label=_("Notice date"), widget=DATE, help_text=_("Applies to shipments made after this date.")
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CancelForm(DomainErrorFormMixin, forms.Form):
    notice_date = forms.DateField(
        label=_("Notice date"), widget=DATE, help_text=_("Shipments made after this date are not covered.")
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AutoRuleForm(DomainErrorFormMixin, forms.Form):
    name = forms.CharField(label=_("Rule name"), max_length=100)
    enabled = forms.BooleanField(label=_("Enabled"), required=False)
    max_amount_usd = forms.DecimalField(label=_("Largest amount approved automatically (USD)"), **USD)
    max_country_class = forms.IntegerField(label=_("Highest country risk class"), min_value=1, max_value=9)
    allowed_lights = forms.MultipleChoiceField(
        label=_("Buyer lights allowed"),
        choices=[("green", _("Green")), ("yellow", _("Yellow"))],
        widget=CHECKBOXES,
        help_text=_("A red buyer is never approved automatically."),
    )
    allowed_payment_terms = forms.MultipleChoiceField(
        label=_("Payment terms allowed"), choices=PaymentTerm.choices, widget=CHECKBOXES
    )
    max_credit_period_days = forms.IntegerField(
        label=_("Longest credit period (days)"), min_value=1, max_value=720
    )
    allow_related_party = forms.BooleanField(label=_("Related parties allowed"), required=False)
    products = forms.MultipleChoiceField(
        label=_("Products (none ticked: all)"),
        choices=Product.choices,
        widget=CHECKBOXES,
        required=False,
    )
