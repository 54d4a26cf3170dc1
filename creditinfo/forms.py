from django import forms
from django.utils.translation import gettext_lazy as _

from creditinfo.models import Buyer, Country, IndustryGroup, RiskEvent
from sinosure_portal.base.forms import DomainErrorFormMixin

DATE = forms.DateInput(attrs={"type": "date"})


class CountryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class IndustryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class BuyerRegisterForm(DomainErrorFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Buyer.Kind.choices, initial=Buyer.Kind.COMPANY)
    name = forms.CharField(label=_("Name (original)"), max_length=255)
    name_en = forms.CharField(label=_("English name"), max_length=255, required=False)
    name_zh = forms.CharField(label=_("Chinese name"), max_length=255, required=False)
    country = CountryChoiceField(label=_("Country"), queryset=Country.objects.order_by("code"))
    registration_number = forms.CharField(label=_("Registration number"), max_length=64, required=False)
    swift_code = forms.CharField(
        label=_("SWIFT code"), max_length=11, required=False, help_text=_("Required for an issuing bank.")
    )
    industry = IndustryChoiceField(
        label=_("Industry"), queryset=IndustryGroup.objects.order_by("code"), required=False
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)


class BuyerPicker(forms.Widget):
    """A buyer chosen by typing its name or registration number (the global search's buyers, as you
    type); the form receives the buyer's id, people never see it."""

    template_name = "creditinfo/widgets/buyer_picker.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        buyer = None
        if value not in (None, ""):
            try:
                buyer = Buyer.objects.filter(pk=int(value)).first()
            except (TypeError, ValueError):
                buyer = None
        context["widget"]["buyer"] = buyer
        context["widget"]["typed"] = str(value)[1:] if str(value or "").startswith("?") else ""
        return context

    def value_from_datadict(self, data, files, name):
        chosen = (data.get(name) or "").strip()
        typed = (data.get(f"{name}_search") or "").strip()
        if not chosen and typed:
            return f"?{typed}"  # typed but not chosen from the list: refused, never read as an id
        return chosen


class BuyerPickerField(forms.IntegerField):
    widget = BuyerPicker

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"invalid": _("Choose the buyer from the list.")})
        super().__init__(**kwargs)

    def clean(self, value):
        pk = super().clean(value)
        if pk is not None and not Buyer.objects.filter(pk=pk).exists():
            raise forms.ValidationError(_("No such buyer."), code="no_buyer")
        return pk


class RiskEventForm(DomainErrorFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=RiskEvent.Kind.choices)
    event_date = forms.DateField(label=_("Event date"), widget=DATE)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    buyer = BuyerPickerField(
        label=_("Buyer"),
        required=False,
        help_text=_(
            "Type a name or a registration number and choose; leave empty for an event on a country or an industry only."
        ),
    )
    country = CountryChoiceField(
        label=_("Country"), queryset=Country.objects.order_by("code"), required=False
    )
    industry = IndustryChoiceField(
        label=_("Industry"), queryset=IndustryGroup.objects.order_by("code"), required=False
    )


class FollowForm(DomainErrorFormMixin, forms.Form):
    country = forms.CharField(required=False, max_length=2)
    industry = forms.CharField(required=False, max_length=1)
    buyer = forms.IntegerField(required=False)
    email = forms.BooleanField(label=_("also by e-mail"), required=False)
    next = forms.CharField(required=False, max_length=300)


class FinderForm(forms.Form):
    country = CountryChoiceField(label=_("Country"), queryset=Country.objects.order_by("code"))
    product = forms.CharField(
        label=_("Product name or HS code"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 8504 or transformers / 变压器")}),
    )
    order = forms.ChoiceField(
        label=_("Rank by"),
        choices=[("value", _("Value")), ("weight", _("Weight")), ("count", _("Number of trades"))],
        required=False,
    )
    contact_known = forms.BooleanField(label=_("Contact known"), required=False)
    china_origin = forms.BooleanField(label=_("Origin China"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)


class ReportOrderForm(DomainErrorFormMixin, forms.Form):
    buyer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    buyer_name = forms.CharField(label=_("Buyer's name"), max_length=255, required=False)
    buyer_country = CountryChoiceField(
        label=_("Country"), queryset=Country.objects.order_by("code"), required=False
    )
    buyer_registration_number = forms.CharField(label=_("Registration number"), max_length=64, required=False)
    buyer_address = forms.CharField(label=_("Address"), max_length=300, required=False)
    notes = forms.CharField(
        label=_("What you want to know"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReportDeliverForm(DomainErrorFormMixin, forms.Form):
    findings = forms.CharField(
        label=_("Analyst's findings"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    pdf = forms.FileField(
        label=_("Report PDF"),
        required=False,
        help_text=_("Upload the analyst's PDF, or leave empty to generate the report from the buyer's file."),
    )


class ReasonForm(DomainErrorFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)
