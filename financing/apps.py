from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    name = "financing"
    verbose_name = _("Policy financing")

    def ready(self) -> None:
        from financing import signals  # noqa: F401 - connects the coverage-notice receiver
        from sinosure_portal.audit.labels import register_action_labels

        # acts that are not moves, as histories and the audit trail show them
        register_action_labels(
            {
                "loan.repayment": _("Repayment recorded"),
                "data_authorisation.changed": _("Authorisation changed"),
            }
        )
