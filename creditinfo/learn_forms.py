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
