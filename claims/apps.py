from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Losses and claims")

    def ready(self):
        from claims.errors import register_constraints

        register_constraints()  # what a broken constraint of claims means to the user
        from claims import selectors  # noqa: F401  (registers the history's act labels)
        from claims.deadlines import decision_due_recompute, notice_deadlines_recompute
        from sinosure_portal.workdays.deadlines import deadline_recompute_register

        deadline_recompute_register("claims.notice_deadline", notice_deadlines_recompute)
        deadline_recompute_register("claims.decision_due", decision_due_recompute)

        from claims.reconciliation import policy_indemnities_check
        from sinosure_portal.ledger.checks import AT_MOST, ledger_check_register

        ledger_check_register(
            "claims.indemnities_within_max_liability",
            _("Indemnities paid on a policy stay within its maximum liability"),
            policy_indemnities_check,
            relation=AT_MOST,
        )
