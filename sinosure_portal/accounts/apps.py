from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sinosure_portal.accounts"
    label = "accounts"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        from sinosure_portal.accounts import authentication, signals, team  # noqa: F401 (team: audit labels)
