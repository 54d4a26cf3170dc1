from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from sinosure_portal.accounts.keys import NAME_MAX_LENGTH
from sinosure_portal.base.forms import DomainErrorFormMixin


class ApiKeyForm(DomainErrorFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("What the key is for, e.g. the system that uses it."),
    )
    expires_in_days = forms.IntegerField(label=_("Valid for (days)"), min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = settings.PORTAL_API_KEY_DAYS
        field = self.fields["expires_in_days"]
        field.max_value = days
        field.initial = days
        field.validators.append(MaxValueValidator(days))
        field.widget.attrs.update({"min": 1, "max": days})


class DutiesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})


def _duties_field(**kwargs):
    from sinosure_portal.accounts.models import Duty

    return DutiesField(label=_("Duties"), choices=Duty.choices, required=False, **kwargs)


class InviteForm(DomainErrorFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=150)
    display_name = forms.CharField(label=_("Full name"), max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from sinosure_portal.accounts.models import Duty

        self.fields["duties"] = _duties_field(initial=[Duty.DATA_ENTRY])


class DutiesForm(DomainErrorFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duties"] = _duties_field()


class FourEyesForm(forms.Form):
    four_eyes = forms.BooleanField(
        label=_("Four-eyes: a claim, an assignment or an application confirmation needs a second person"),
        required=False,
    )


class ActDecisionForm(DomainErrorFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False, widget=forms.TextInput)


class InvitationForm(DomainErrorFormMixin, forms.Form):
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=128, strip=False)
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput, max_length=128, strip=False
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data
