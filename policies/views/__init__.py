"""Pages of policies, one module per sub-resource: the online application and its review
(:mod:`.applications`), the policy with its rate table, settings and schedule PDF (:mod:`.policies`),
premium invoices (:mod:`.invoices`)."""

from policies.views.applications import (  # noqa: F401
    application_agreement,
    application_consent,
    application_detail,
    application_edit,
    application_issue,
    application_list,
    application_new,
    application_reject,
    application_review,
    application_sign,
    application_submit,
    application_withdraw,
)
from policies.views.common import client_ip  # noqa: F401
from policies.views.invoices import invoice_list, invoice_paid, invoice_pdf  # noqa: F401
from policies.views.policies import (  # noqa: F401
    my_policy,
    policy_cancel,
    policy_detail,
    policy_list,
    policy_rates,
    policy_renew,
    policy_renewal_apply,
    policy_schedule,
    policy_settings,
)
