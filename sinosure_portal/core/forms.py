from django import forms
from django.utils.translation import gettext_lazy as _

from sinosure_portal.base.forms import DomainErrorFormMixin
from sinosure_portal.money.currency import validate_currency
from sinosure_portal.workdays.models import CalendarDay


class ExchangeRateForm(DomainErrorFormMixin, forms.Form):
    currency = forms.CharField(label=_("Currency"), max_length=3)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    usd_per_unit = forms.DecimalField(label=_("USD per unit"), max_digits=20, decimal_places=10, min_value=0)
    source = forms.CharField(label=_("Source"), max_length=100, required=False)

    def clean_currency(self):
        code = self.cleaned_data["currency"].strip().upper()
        validate_currency(code)
        return code


class CalendarDayForm(DomainErrorFormMixin, forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}


class BusinessDayCalculatorForm(forms.Form):
    start = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.IntegerField(label=_("Business days"), min_value=0, max_value=400)
