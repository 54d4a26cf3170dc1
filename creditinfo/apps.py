from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditinfoConfig(AppConfig):
    name = "creditinfo"
    verbose_name = _("Credit information")

    def ready(self) -> None:
        from sinosure_portal.audit.labels import register_action_labels

        # acts that are not moves, as histories and the audit trail show them
        register_action_labels(
            {
                "risk_event.recorded": _("Risk event recorded"),
                "risk_event.resolved": _("Risk event resolved"),
                "buyer.light_changed": _("Traffic light changed"),
                "buyer.registered": _("Buyer registered"),
            }
        )
