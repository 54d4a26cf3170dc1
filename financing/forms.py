"""Forms of the financing pages. Rules live in the services; a DomainError is shown next to the
field it names (DomainErrorFormMixin)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from financing.models import DataItem
from sinosure_portal.base.forms import DomainErrorFormMixin
from sinosure_portal.money.fields import (
    CurrencyAmountFormField,
    CurrencyAmountsFormMixin,
    CurrencyCodeFormField,
)
from sinosure_portal.workdays.calendar import today

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class AgreementForm(DomainErrorFormMixin, forms.Form):
    policy = forms.ModelChoiceField(label=_("Policy"), queryset=None)
    bank = OrgChoiceField(label=_("Bank"), queryset=None)
    effective_date = forms.DateField(label=_("Effective date"), widget=DATE, initial=today)
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=[
            ("policy", _("Assign the indemnities of the whole policy")),
            ("buyers", _("Assign only the indemnities on the buyers chosen below")),
        ],
        required=False,
        widget=forms.RadioSelect,
    )
    buyers = forms.ModelMultipleChoiceField(
        label=_("Buyers"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    financing_ratio = forms.DecimalField(
        label=_("Financing ratio (leave empty for the policy's)"),
        required=False,
        min_value=0.01,
        max_value=1,
        decimal_places=4,
    )
    signer_name = forms.CharField(label=_("Signed by (name)"), max_length=100)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=100)

    def __init__(self, *args, policies, banks, buyers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = policies
        self.fields["bank"].queryset = banks
        self.fields["buyers"].queryset = buyers
        self.fields["buyers"].label_from_instance = lambda b: f"{b.display_name} ({b.country_id})"


class SignForm(DomainErrorFormMixin, forms.Form):
    signer_name = forms.CharField(label=_("Signed by (name)"), max_length=100)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=100)


class ReasonForm(DomainErrorFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TerminateForm(DomainErrorFormMixin, forms.Form):
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE, initial=today)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReceivableAssignmentForm(DomainErrorFormMixin, forms.Form):
    bank = OrgChoiceField(label=_("Bank"), queryset=None)
    declarations = forms.ModelMultipleChoiceField(
        label=_("Covered receivables"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, banks, receivables, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank"].queryset = banks
        self.fields["declarations"].queryset = receivables
        self.fields["declarations"].label_from_instance = lambda d: (
            f"{d.invoice_number} · {d.buyer.display_name} · USD {d.covered_usd:,} · {d.due_date:%Y-%m-%d}"
        )


class LoanForm(CurrencyAmountsFormMixin, DomainErrorFormMixin, forms.Form):
    declarations = forms.ModelMultipleChoiceField(
        label=_("Receivables financed"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    loan_date = forms.DateField(label=_("Loan date"), widget=DATE, initial=today)
    maturity_date = forms.DateField(label=_("Maturity date"), widget=DATE, required=False)
    currency = CurrencyCodeFormField(label=_("Currency"), initial="USD")
    amount = CurrencyAmountFormField(label=_("Amount"), min_value=Decimal("0.001"))
    bank_reference = forms.CharField(label=_("Your reference"), max_length=64, required=False)

    def __init__(self, *args, receivables, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["declarations"].queryset = receivables
        self.fields["declarations"].label_from_instance = lambda d: (
            f"{d.invoice_number} · {d.organisation.display_name} · {d.buyer.display_name} · "
            f"USD {d.covered_usd:,} · {d.due_date:%Y-%m-%d}"
        )

    def clean_declarations(self):
        chosen = self.cleaned_data["declarations"]
        if len({d.organisation_id for d in chosen}) > 1:
            raise forms.ValidationError(_("Choose receivables of one borrower per loan."))
        return chosen


class RepaymentForm(CurrencyAmountsFormMixin, DomainErrorFormMixin, forms.Form):
    """A repayment in the loan's currency (``amount_currency``)."""

    repaid_on = forms.DateField(label=_("Repaid on"), widget=DATE, initial=today)
    amount = CurrencyAmountFormField(label=_("Amount"), min_value=Decimal("0.001"))

    def __init__(self, *args, currency: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.amount_currency = currency

    bank_reference = forms.CharField(label=_("Your reference"), max_length=64, required=False)


class DataAuthorisationForm(DomainErrorFormMixin, forms.Form):
    bank = OrgChoiceField(label=_("Bank"), queryset=None)
    items = forms.MultipleChoiceField(
        label=_("Data items"),
        choices=DataItem.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(DataItem.values),
    )
    agree = forms.BooleanField(label=_("I agree to provide the data items above to this bank"))

    def __init__(self, *args, banks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank"].queryset = banks
