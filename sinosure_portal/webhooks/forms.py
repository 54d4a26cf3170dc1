from django import forms
from django.utils.translation import gettext_lazy as _

from sinosure_portal.base.forms import DomainErrorFormMixin
from sinosure_portal.webhooks import registry


def _event_choices():
    return [(e.type, e.label) for e in registry.event_types() if e.type != registry.TEST_EVENT]


class EndpointForm(DomainErrorFormMixin, forms.Form):
    url = forms.CharField(
        label=_("Address (URL)"),
        max_length=500,
        help_text=_("Where your system receives events, e.g. https://erp.example.com/hooks/portal"),
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = _event_choices()
