from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    name = "financing"
    verbose_name = _("Policy financing")

    def ready(self) -> None:
        from claims.hooks import INDEMNITY_ASSIGNMENT_IN_FORCE
        from declarations.hooks import DECLARATIONS_WRITTEN
        from financing.selectors import indemnity_assignment_in_force
        from financing.services.notices import coverage_notices_queue
        from sinosure_portal.base.hooks import hook_register

        # declared shipments with financing intent: their coverage notices, single and bulk alike
        hook_register(DECLARATIONS_WRITTEN, coverage_notices_queue)

        # the payee port of claims: a bank holding an indemnity assignment is paid the indemnity
        hook_register(INDEMNITY_ASSIGNMENT_IN_FORCE, indemnity_assignment_in_force)
        from financing.reconciliation import loan_repaid_check
        from sinosure_portal.ledger.checks import ledger_check_register

        ledger_check_register(
            "financing.loan_repaid",
            _("A loan's repaid amount equals the sum of its repayments"),
            loan_repaid_check,
        )
        from sinosure_portal.audit.labels import register_action_labels

        # acts that are not moves, as histories and the audit trail show them
        register_action_labels(
            {
                "loan.repayment": _("Repayment recorded"),
                "data_authorisation.changed": _("Authorisation changed"),
            }
        )
