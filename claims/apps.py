from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Losses and claims")

    def ready(self):
        from claims import selectors  # noqa: F401  (registers the history's act labels)
