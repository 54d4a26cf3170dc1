"""Forms of the claims pages. They only parse input; the services decide."""

from decimal import Decimal

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from claims.models import Cause, ClaimDeduction, EvidenceKind
from sinosure_portal.base.forms import DomainErrorFormMixin
from sinosure_portal.money.fields import (
    CurrencyAmountFormField,
    CurrencyAmountsFormMixin,
    CurrencyCodeFormField,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # ISO, whatever the language
TEXT = forms.Textarea(attrs={"rows": 3})
EVIDENCE_UPLOADS = list(EvidenceKind.choices)


class NoticeForm(DomainErrorFormMixin, forms.Form):
    declarations = forms.MultipleChoiceField(
        label=_("Shipments affected"), widget=forms.CheckboxSelectMultiple, required=True
    )
    cause = forms.ChoiceField(label=_("Cause of loss"), choices=[("", "---------"), *Cause.choices])
    event_date = forms.DateField(
        label=_("Event date"),
        widget=DATE,
        required=False,
        help_text=_("For a buyer default, leave empty: the deadline runs from the earliest due date."),
    )
    amount_at_risk_usd = forms.DecimalField(
        label=_("Amount at risk (USD)"), max_digits=18, decimal_places=2, min_value=Decimal("0.01")
    )
    description = forms.CharField(label=_("What happened"), widget=TEXT)

    def __init__(self, *args, shipments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["declarations"].choices = [(str(d.pk), d.invoice_number) for d in shipments]


class DescriptionForm(DomainErrorFormMixin, forms.Form):
    description = forms.CharField(
        label=_("Anything to add to the notice's description"), widget=TEXT, required=False
    )


class DirectClaimForm(DomainErrorFormMixin, forms.Form):
    policy = forms.ChoiceField(label=_("Policy"))
    buyer = forms.ModelChoiceField(label=_("Buyer"), queryset=None)
    cause = forms.ChoiceField(label=_("Cause of loss"), choices=[("", "---------"), *Cause.choices])
    event_date = forms.DateField(label=_("Event date"), widget=DATE)
    description = forms.CharField(label=_("What happened"), widget=TEXT)

    def __init__(self, *args, policies=(), **kwargs):
        from creditinfo.models import Buyer

        super().__init__(*args, **kwargs)
        self.fields["policy"].choices = [
            (str(p.pk), f"{p.number} · {p.get_product_display()}") for p in policies
        ]
        self.fields["buyer"].queryset = Buyer.objects.select_related("country").order_by("name")


class InvoiceLineForm(CurrencyAmountsFormMixin, forms.Form):
    invoice_number = forms.CharField(label=pgettext_lazy("shipment", "Invoice number"), max_length=64)
    shipment_date = forms.DateField(label=_("Shipment date"), widget=DATE)
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    currency = CurrencyCodeFormField(label=_("Currency"), initial="USD")
    amount = CurrencyAmountFormField(label=_("Invoice amount"), min_value=Decimal("0.001"))
    paid_amount = CurrencyAmountFormField(
        label=_("Paid by the buyer"), min_value=Decimal("0"), initial=Decimal("0")
    )
    is_service = forms.BooleanField(label=_("A service"), required=False)


InvoiceLineFormSet = formset_factory(InvoiceLineForm, extra=3, min_num=1, validate_min=True, max_num=50)


class UploadForm(DomainErrorFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=EVIDENCE_UPLOADS)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG, PNG, XLSX or DOCX."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.xlsx,.docx"}),
    )
    request = forms.IntegerField(required=False, widget=forms.HiddenInput)


class RequestForm(DomainErrorFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=EVIDENCE_UPLOADS)
    message = forms.CharField(label=_("What is needed"), widget=forms.Textarea(attrs={"rows": 2}))
    due_date = forms.DateField(label=_("Answer by"), widget=DATE)


class AnswerForm(DomainErrorFormMixin, forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))


class DeductionForm(DomainErrorFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Deduction"), choices=ClaimDeduction.Kind.choices)
    amount_usd = forms.DecimalField(label=_("Amount (USD)"), max_digits=18, decimal_places=2)
    line = forms.TypedChoiceField(
        label=_("Against"), coerce=int, empty_value=None, required=False, choices=[]
    )
    note = forms.CharField(label=_("Note"), max_length=500)

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [("", _("the whole claim (pro rata to what is unpaid)"))] + [
            (line.pk, line.invoice_number) for line in lines if line.included
        ]


class RatioForm(DomainErrorFormMixin, forms.Form):
    percent = forms.DecimalField(
        label=_("Indemnity ratio (%)"),
        max_digits=6,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        required=False,
        help_text=_("Empty: the policy's ratio."),
    )
    note = forms.CharField(label=_("Why"), max_length=500, required=False)

    @property
    def ratio(self):
        value = self.cleaned_data.get("percent")
        return None if value is None else (value / Decimal("100")).quantize(Decimal("0.0001"))


class DecisionForm(DomainErrorFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=pgettext_lazy("claim", "Decision"),
        choices=[
            ("approve", pgettext_lazy("claim decision", "Approve")),
            ("partly", _("Approve in part")),
            ("deny", _("Deny")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reasons"), widget=TEXT)


class ReasonForm(DomainErrorFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class NoteForm(DomainErrorFormMixin, forms.Form):
    text = forms.CharField(label=_("Investigation note"), widget=forms.Textarea(attrs={"rows": 2}))


class PayForm(DomainErrorFormMixin, forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE, required=False)
    reference = forms.CharField(label=_("Payment reference"), max_length=64, required=False)


class RecoveryReverseForm(DomainErrorFormMixin, forms.Form):
    reason = forms.CharField(label=_("Why reverse it"), max_length=2000)


class RecoveryForm(CurrencyAmountsFormMixin, DomainErrorFormMixin, forms.Form):
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    currency = CurrencyCodeFormField(label=_("Currency"), initial="USD")
    amount = CurrencyAmountFormField(label=_("Amount recovered"))
    costs = CurrencyAmountFormField(label=_("Collection costs"), initial=Decimal("0"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    # one per form shown: a double submit records the recovery once
    client_reference = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
