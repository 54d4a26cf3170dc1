from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = _("Policies")

    def ready(self) -> None:
        from policies.errors import register_constraints

        register_constraints()  # what a broken constraint of policies means to the user
        from sinosure_portal.audit.labels import register_action_labels, register_change_labels

        # acts that are not moves, as histories and the audit trail show them
        register_action_labels(
            {
                "policy_application.updated": _("Application updated"),
                "policy_application.data_authorised": _("Data use authorised"),
                "policy_application.agreement_signed": _("Service agreement signed"),
                "policy.settings_changed": _("Policy settings changed"),
                "policy.rates_changed": _("Premium rates changed"),
            }
        )
        register_change_labels({"rates": _("Premium rates")})

        from creditinfo.hooks import PREMIUM_CALCULATE, PREMIUM_POLICIES
        from policies import learn_tools
        from sinosure_portal.base.hooks import hook_register

        # the learning corner's premium calculator prices with the policies' own rule
        hook_register(PREMIUM_POLICIES, learn_tools.premium_policies)
        hook_register(PREMIUM_CALCULATE, learn_tools.premium_calculate)
