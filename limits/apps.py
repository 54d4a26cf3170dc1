from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LimitsConfig(AppConfig):
    name = "limits"
    verbose_name = _("Credit limits")

    def ready(self) -> None:
        from limits.errors import register_constraints

        register_constraints()  # what a broken constraint of limits means to the user
        from limits import hooks
        from policies.hooks import PENDING_APPLICATIONS, POLICY_CANCELLED, POLICY_PAGE_CONTEXT, POLICY_RENEWED
        from sinosure_portal.audit.labels import register_action_labels
        from sinosure_portal.base.hooks import hook_register

        # what a renewed or cancelled policy means for its limits, and the limits on the policy's page
        hook_register(POLICY_RENEWED, hooks.policy_renewed)
        hook_register(POLICY_CANCELLED, hooks.policy_cancelled)
        hook_register(POLICY_PAGE_CONTEXT, hooks.policy_page_context)
        hook_register(PENDING_APPLICATIONS, hooks.pending_applications)

        # acts that are not moves, as histories and the audit trail show them
        register_action_labels(
            {
                "limit_auto_rule.changed": _("Automatic rule changed"),
                "limit_application.referred": _("Referred to an underwriter"),
                "credit_limit.amended": _("Limit amended"),
                "credit_limit.reduced": _("Limit reduced"),
            }
        )
