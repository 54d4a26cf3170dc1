from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from policies import rules
from policies.models import PaymentTerm, PremiumPayer, Product
from policies.services.terms import SETTING_FIELDS
from sinosure_portal.base.forms import DomainErrorFormMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
HUNDRED = Decimal("100")


def percent_field(label, *, required=True, max_value=100, places=4, help_text=""):
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=0,
        max_value=max_value,
        max_digits=9,
        decimal_places=places,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )


class PolicyApplicationForm(DomainErrorFormMixin, forms.Form):
    product = forms.ChoiceField(label=_("Product"), choices=Product.choices)
    company_name = forms.CharField(label=_("Company name"), max_length=200)
    company_name_en = forms.CharField(label=_("English company name"), max_length=200, required=False)
    address = forms.CharField(label=_("Registered address"), max_length=300, required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=100)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=40)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    goods_description = forms.CharField(label=_("Main goods or services"), max_length=300, required=False)
    main_markets = forms.CharField(label=_("Main export markets"), max_length=300, required=False)
    estimated_turnover_usd = forms.DecimalField(
        label=_("Estimated insured turnover for the year (USD)"), min_value=0, max_digits=18, decimal_places=2
    )
    requested_max_liability_usd = forms.DecimalField(
        label=_("Maximum liability requested (USD)"),
        min_value=0,
        max_digits=18,
        decimal_places=2,
        required=False,
    )
    pre_shipment_cover = forms.BooleanField(
        label=_("Pre-shipment risk cover (comprehensive only)"), required=False
    )
    micro_sme_classification = forms.BooleanField(
        label=_("Small or micro enterprise under the 2011 SME classification rules"), required=False
    )
    last_year_exports_usd = forms.DecimalField(
        label=_("Last year's customs exports (USD)"),
        min_value=0,
        max_digits=18,
        decimal_places=2,
        required=False,
    )
    micro_provincial_designation = forms.BooleanField(
        label=_("Designated small or micro by a provincial government"), required=False
    )
    micro_association_designation = forms.BooleanField(
        label=_("Designated small or micro by a national industry association"), required=False
    )
    premium_payer = forms.ChoiceField(label=_("Premium payer"), choices=PremiumPayer.choices)
    platform_name = forms.CharField(
        label=_("Unified platform"),
        max_length=200,
        required=False,
        help_text=_("When a local government's unified platform (统保平台) pays all or part of the premium."),
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    MICRO_FIELDS = (
        "micro_sme_classification",
        "last_year_exports_usd",
        "micro_provincial_designation",
        "micro_association_designation",
    )

    # what only an exporter's application asks (a bank insures its loans or forfaited claims: it
    # has no goods, pre-shipment risk, micro eligibility or unified platform paying its premium)
    EXPORTER_ONLY = (
        "goods_description",
        "main_markets",
        "pre_shipment_cover",
        *MICRO_FIELDS,
        "premium_payer",
        "platform_name",
    )
    PRODUCT_NOTES = {
        "COMPREHENSIVE": _(
            "Comprehensive: goods and services, credit limits per buyer, shipment declarations, premium per declaration."
        ),
        "SME": _("SME comprehensive: goods only, credit limits, no declarations, a simple annual premium."),
        "MICRO": _(
            "Micro-enterprise: no limits or declarations needed, one premium covers the year; for eligible micro exporters."
        ),
        "BANK": _(
            "Bank policy: covers the bank's export financing against the buyer's non-payment, with credit limits and declarations."
        ),
        "FORFAITING": _(
            "Forfaiting policy: covers deferred-payment L/C claims the bank bought without recourse, up to 100%, with a limit on each issuing bank."
        ),
    }

    def __init__(self, *args, organisation_kind: str = "exporter", **kwargs):
        super().__init__(*args, **kwargs)
        allowed = rules.products_for(organisation_kind)
        self.fields["product"].choices = [(c, label) for c, label in Product.choices if c in allowed]
        self.product_notes = [str(self.PRODUCT_NOTES[c]) for c in allowed if c in self.PRODUCT_NOTES]
        self.for_exporter = organisation_kind == "exporter"
        if not self.for_exporter:
            for name in self.EXPORTER_ONLY:
                self.fields.pop(name, None)


class ConsentForm(DomainErrorFormMixin, forms.Form):
    consent = forms.BooleanField(label=_("I agree to provide the data listed above"), required=True)


class SignForm(DomainErrorFormMixin, forms.Form):
    signer_name = forms.CharField(label=_("Signer's full name"), max_length=100)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=100)
    accept = forms.BooleanField(label=_("I have read and accept the service agreement"), required=True)


class ReasonForm(DomainErrorFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class SettingsFieldsMixin(forms.Form):
    declaration_deadline_days = forms.IntegerField(
        label=_("Declaration deadline (calendar days after shipment)"),
        min_value=0,
        max_value=rules.SETTING_MAX["declaration_deadline_days"],
        initial=15,
    )
    loss_notice_default_days = forms.IntegerField(
        label=_("Possible-loss notice after a default (calendar days)"),
        min_value=0,
        max_value=rules.SETTING_MAX["loss_notice_default_days"],
        initial=30,
    )
    loss_notice_other_business_days = forms.IntegerField(
        label=_("Possible-loss notice after another event (business days)"),
        min_value=0,
        max_value=rules.SETTING_MAX["loss_notice_other_business_days"],
        initial=10,
    )
    claim_deadline_months = forms.IntegerField(
        label=_("Claim deadline (months after the notice)"),
        min_value=0,
        max_value=rules.SETTING_MAX["claim_deadline_months"],
        initial=4,
    )
    idle_limit_months = forms.IntegerField(
        label=_("Idle-limit reminder after (months)"),
        min_value=0,
        max_value=rules.SETTING_MAX["idle_limit_months"],
        initial=6,
    )
    idle_limit_revoke_after_days = forms.IntegerField(
        label=_("Idle limit revoked after the reminder (days)"),
        min_value=0,
        max_value=rules.SETTING_MAX["idle_limit_revoke_after_days"],
        initial=30,
    )
    renewal_reminder_days = forms.IntegerField(
        label=_("Renewal reminder (days before expiry)"),
        min_value=0,
        max_value=rules.SETTING_MAX["renewal_reminder_days"],
        initial=30,
    )
    receivable_due_reminder_days = forms.IntegerField(
        label=_("Receivable due reminder (days before)"),
        min_value=0,
        max_value=rules.SETTING_MAX["receivable_due_reminder_days"],
        initial=7,
    )
    financing_ratio = percent_field(_("Financing ratio (%)"))
    max_credit_period_days = forms.IntegerField(
        label=_("Longest credit period (days)"), min_value=1, max_value=720, initial=720
    )

    SETTING_NAMES = SETTING_FIELDS

    def settings_values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in self.SETTING_NAMES}
        values["financing_ratio"] = values["financing_ratio"] / HUNDRED
        return values


class PolicySettingsForm(DomainErrorFormMixin, SettingsFieldsMixin):
    pass


class PolicyIssueForm(DomainErrorFormMixin, SettingsFieldsMixin):
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)
    indemnity_ratio = percent_field(_("Indemnity ratio (%)"))
    max_liability_usd = forms.DecimalField(
        label=_("Maximum liability (USD)"), min_value=0, max_digits=18, decimal_places=2
    )
    per_buyer_cap_usd = forms.DecimalField(
        label=_("Cap per buyer or bank (USD, micro)"),
        min_value=0,
        max_digits=18,
        decimal_places=2,
        required=False,
    )
    premium_payer = forms.ChoiceField(label=_("Premium payer"), choices=PremiumPayer.choices)
    platform_name = forms.CharField(label=_("Unified platform"), max_length=200, required=False)
    platform_share = percent_field(_("Platform's share of the premium (%)"), required=False)
    base_rate = percent_field(
        _("Base premium rate (%)"),
        required=False,
        places=6,
        help_text=_(
            "Rate for a class 1-2 country, O/A, up to 90 days; the table is scaled from it and can be edited."
        ),
    )
    premium_flat_rate = percent_field(
        _("Flat premium rate on turnover (%, SME and micro)"), required=False, places=6
    )
    annual_premium_usd = forms.DecimalField(
        label=_("Annual premium (USD, SME and micro)"),
        min_value=0,
        max_digits=18,
        decimal_places=2,
        required=False,
        help_text=_("Leave empty to compute it from the turnover and the flat rate."),
    )

    def terms(self):
        from policies.services import PolicyTerms

        d = self.cleaned_data
        return PolicyTerms(
            period_start=d["period_start"],
            period_end=d["period_end"],
            indemnity_ratio=d["indemnity_ratio"] / HUNDRED,
            max_liability_usd=d["max_liability_usd"],
            per_buyer_cap_usd=d.get("per_buyer_cap_usd"),
            premium_payer=d["premium_payer"],
            platform_name=d.get("platform_name") or "",
            platform_share=(d.get("platform_share") or Decimal("0")) / HUNDRED,
            premium_flat_rate=d["premium_flat_rate"] / HUNDRED
            if d.get("premium_flat_rate") is not None
            else None,
            annual_premium_usd=d.get("annual_premium_usd"),
            base_rate=d["base_rate"] / HUNDRED if d.get("base_rate") is not None else None,
            settings=self.settings_values(),
        )


class RateRowForm(forms.Form):
    country_class_from = forms.IntegerField(label=_("Class from"), min_value=1, max_value=9)
    country_class_to = forms.IntegerField(label=_("Class to"), min_value=1, max_value=9)
    payment_term = forms.ChoiceField(
        label=_("Payment term"), choices=[("", _("any")), *PaymentTerm.choices], required=False
    )
    credit_days_from = forms.IntegerField(label=_("Days from"), min_value=0, max_value=720)
    credit_days_to = forms.IntegerField(label=_("Days to"), min_value=0, max_value=720)
    rate = percent_field(_("Rate (%)"), places=6)


RateFormSet = forms.formset_factory(RateRowForm, extra=2, can_delete=True)
