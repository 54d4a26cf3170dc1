"""Every write on policies, one module per sub-resource: the online application
(:mod:`.applications`), a policy's terms and their checks (:mod:`.terms`), issuing and renewing
(:mod:`.issuance`), changes in force (:mod:`.changes`), annual premium invoices (:mod:`.premiums`)
and the daily sweeps (:mod:`.sweeps`). The names other code uses are re-exported here."""

from policies.documents import AGREEMENT_KIND, SCHEDULE_KIND  # noqa: F401
from policies.services.applications import (  # noqa: F401
    APPLICATION_FIELDS,
    policy_application_consent,
    policy_application_create,
    policy_application_reject,
    policy_application_sign,
    policy_application_start_review,
    policy_application_submit,
    policy_application_update,
    policy_application_withdraw,
    policy_renewal_apply,
)
from policies.services.changes import policy_cancel, policy_rates_replace, policy_settings_update  # noqa: F401
from policies.services.common import APPLICANT_ROLES, UNDERWRITING_ROLES, org_users, underwriters  # noqa: F401
from policies.services.issuance import NUMBER_PREFIX, policy_issue, policy_renew  # noqa: F401
from policies.services.premiums import PREMIUM_DUE_DAYS, premium_invoice_mark_paid  # noqa: F401
from policies.services.sweeps import policies_expire, policies_remind_renewal  # noqa: F401
from policies.services.terms import SETTING_FIELDS, PolicyTerms, rate_rows  # noqa: F401
