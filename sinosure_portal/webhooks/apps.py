from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "sinosure_portal.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from sinosure_portal.audit.services import audit_listener_register
        from sinosure_portal.webhooks import emit

        # the events each app offers, declared in its own webhooks.py (the kernel imports no app)
        autodiscover_modules("webhooks")
        # every audit row (one state change or a bulk move) may raise an event, in its transaction
        audit_listener_register(emit.on_audit_rows, interested=emit.watches_model)
