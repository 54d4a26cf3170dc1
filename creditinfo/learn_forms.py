"""Forms of the learning corner: staff write cases, notes and terms; anyone uses the tools."""

from django import forms
from django.utils.translation import gettext_lazy as _

from creditinfo.forms import CountryChoiceField
from creditinfo.learn_models import GlossaryTerm, RiskTag
from creditinfo.models import Country
from sinosure_portal.base.forms import DomainErrorFormMixin

TEXT = forms.Textarea(attrs={"rows": 4})


class GlossaryTermForm(DomainErrorFormMixin, forms.Form):
    zh = forms.CharField(label=_("Term (Chinese)"), max_length=100)
    en = forms.CharField(label=_("Term (English)"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=GlossaryTerm.Category.choices)
    definition_zh = forms.CharField(label=_("Definition (Chinese)"), widget=TEXT)
    definition_en = forms.CharField(label=_("Definition (English)"), widget=TEXT)


class LossCaseForm(DomainErrorFormMixin, forms.Form):
    title_zh = forms.CharField(label=_("Title (Chinese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    country = CountryChoiceField(label=_("Country"), queryset=Country.objects.order_by("code"))
    tags = forms.MultipleChoiceField(
        label=_("Risk tags"), choices=RiskTag.choices, widget=forms.CheckboxSelectMultiple
    )
    happened_zh = forms.CharField(label=_("What happened (Chinese)"), widget=TEXT)
    happened_en = forms.CharField(label=_("What happened (English)"), widget=TEXT)
    insured_did_zh = forms.CharField(label=_("What the insured did (Chinese)"), widget=TEXT)
    insured_did_en = forms.CharField(label=_("What the insured did (English)"), widget=TEXT)
    claim_zh = forms.CharField(label=_("How the claim went (Chinese)"), widget=TEXT)
    claim_en = forms.CharField(label=_("How the claim went (English)"), widget=TEXT)
    lesson_zh = forms.CharField(label=_("The lesson (Chinese)"), widget=TEXT)
    lesson_en = forms.CharField(label=_("The lesson (English)"), widget=TEXT)


class CountryNoteForm(DomainErrorFormMixin, forms.Form):
    notes_zh = forms.CharField(
        label=_("The insurer's notes (Chinese)"), widget=forms.Textarea(attrs={"rows": 8})
    )
    notes_en = forms.CharField(
        label=_("The insurer's notes (English)"), widget=forms.Textarea(attrs={"rows": 8})
    )


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PAYMENT_TERMS = [("LC", _("L/C")), ("DP", _("D/P")), ("DA", _("D/A")), ("OA", _("O/A"))]


def currency_choices() -> list[tuple[str, str]]:
    from sinosure_portal.money.models import ExchangeRate

    codes = sorted({"USD", *ExchangeRate.objects.values_list("currency", flat=True).distinct()})
    return [(c, c) for c in codes]


class BusinessDaysForm(forms.Form):
    start = forms.DateField(label=_("Count from"), widget=DATE)
    days = forms.IntegerField(label=_("Business days"), min_value=0, max_value=1000)


class BusinessDaysCountForm(forms.Form):
    start = forms.DateField(label=_("Count from"), widget=DATE)
    end = forms.DateField(label=_("Count to"), widget=DATE)


class ConvertForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=18, decimal_places=3)
    from_currency = forms.ChoiceField(label=_("From currency"))
    to_currency = forms.ChoiceField(label=_("To currency"))
    on = forms.DateField(label=_("Rate of"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_currency"].choices = self.fields["to_currency"].choices = currency_choices()


class PremiumForm(DomainErrorFormMixin, forms.Form):
    policy = forms.TypedChoiceField(label=_("Rate table"), coerce=int, required=False, empty_value=None)
    country = CountryChoiceField(label=_("Buyer's country"), queryset=Country.objects.order_by("code"))
    payment_term = forms.ChoiceField(label=_("Payment terms"), choices=PAYMENT_TERMS, initial="OA")
    credit_days = forms.IntegerField(label=_("Credit period (days)"), min_value=0, max_value=720, initial=90)
    amount = forms.DecimalField(label=_("Invoice amount"), min_value=0, max_digits=18, decimal_places=3)
    currency = forms.ChoiceField(label=_("Currency"))
    on = forms.DateField(label=_("Shipment date"), widget=DATE)

    def __init__(self, *args, policies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].choices = [("", _("The sample rate table")), *policies]
        self.fields["currency"].choices = currency_choices()
