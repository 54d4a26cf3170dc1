from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LimitsConfig(AppConfig):
    name = "limits"
    verbose_name = _("Credit limits")

    def ready(self) -> None:
        from sinosure_portal.audit.labels import register_action_labels

        # acts that are not moves, as histories and the audit trail show them
        register_action_labels(
            {
                "limit_auto_rule.changed": _("Automatic rule changed"),
                "limit_application.referred": _("Referred to an underwriter"),
                "credit_limit.amended": _("Limit amended"),
                "credit_limit.reduced": _("Limit reduced"),
            }
        )
