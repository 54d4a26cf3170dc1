from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeclarationsConfig(AppConfig):
    name = "declarations"
    verbose_name = _("Shipment declarations")

    def ready(self):
        from declarations import workflow  # noqa: F401  (registers the history's act labels)
