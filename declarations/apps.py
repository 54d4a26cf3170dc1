from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeclarationsConfig(AppConfig):
    name = "declarations"
    verbose_name = _("Shipment declarations")

    def ready(self):
        from declarations import (
            errors,  # noqa: F401 - registers the constraints' meanings
            workflow,  # noqa: F401  (registers the history's act labels)
        )
        from declarations.documents import premium_invoice_lines
        from declarations.policy_page import policy_page_context
        from declarations.reconciliation import declaration_paid_check, limit_exposure_check
        from policies.documents import invoice_lines_register
        from policies.hooks import POLICY_PAGE_CONTEXT
        from sinosure_portal.base.hooks import hook_register
        from sinosure_portal.ledger.checks import ledger_check_register

        invoice_lines_register(premium_invoice_lines)
        hook_register(POLICY_PAGE_CONTEXT, policy_page_context)
        ledger_check_register(
            "limits.exposure",
            _("A limit's exposure equals what its declarations hold on it"),
            limit_exposure_check,
        )
        ledger_check_register(
            "declarations.paid",
            _("A declaration's paid amount equals the payments recorded against it"),
            declaration_paid_check,
        )
