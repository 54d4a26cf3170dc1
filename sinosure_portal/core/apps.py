from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sinosure_portal.core"
    label = "core"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from sinosure_portal.base import bounds

        bounds.install()  # every API and form field bounded (sinosure_portal/base/bounds.py)
        # each app may contribute dashboard cards in its own dashboard.py
        autodiscover_modules("dashboard")
        # each app registers the texts it writes for people in its messages.py (sinosure_portal/texts.py)
        autodiscover_modules("messages")
        # each app tells the top bar's global search what it can find, in its search.py
        autodiscover_modules("search")
        # each app contributes its statistics sections in its stats.py (sinosure_portal/core/stats.py)
        autodiscover_modules("stats")
        # each app registers the acts that commit an organisation in its acts.py (accounts.acts)
        autodiscover_modules("acts")
