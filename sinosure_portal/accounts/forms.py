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
