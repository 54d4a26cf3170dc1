from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    name = "financing"
    verbose_name = _("Policy financing")

    def ready(self) -> None:
        from financing import signals  # noqa: F401 - connects the coverage-notice receiver
