from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditinfoConfig(AppConfig):
    name = "creditinfo"
    verbose_name = _("Credit information")

    def ready(self) -> None:
        from creditinfo import errors  # noqa: F401 - registers the constraints' meanings
        from creditinfo.deadlines import report_due_recompute
        from creditinfo.models import RiskEvent
        from sinosure_portal.audit.labels import register_action_labels, register_state_labels
        from sinosure_portal.workdays.deadlines import deadline_recompute_register

        deadline_recompute_register("creditinfo.report_due", report_due_recompute)

        # acts that are not moves, as histories and the audit trail show them
        register_action_labels(
            {
                "risk_event.recorded": _("Risk event recorded"),
                "risk_event.resolved": _("Risk event resolved"),
                "buyer.light_changed": _("Traffic light changed"),
                "buyer.registered": _("Buyer registered"),
                "learn.term_created": _("Glossary term added"),
                "learn.term_changed": _("Glossary term changed"),
                "learn.case_created": _("Loss case added"),
                "learn.case_changed": _("Loss case changed"),
                "learn.note_created": _("Country notes written"),
                "learn.note_changed": _("Country notes changed"),
            }
        )
        # a recorded event "moves" to its kind, resolving it from open to resolved; a buyer's
        # audited state is its light (see Buyer)
        register_state_labels(
            "creditinfo.RiskEvent",
            {**dict(RiskEvent.Kind.choices), "open": _("open"), "resolved": _("resolved")},
        )
