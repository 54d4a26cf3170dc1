"""Every write on credit limits, one module per sub-resource: applying (:mod:`.applications`), the
decision (:mod:`.decisions`), changes in force (:mod:`.changes`), the exposure the declarations
reserve and release (:mod:`.exposure`), the automatic-decision rules (:mod:`.auto_rules`) and the
idle-limit sweeps (:mod:`.sweeps`). The names other code uses are re-exported here."""

from limits.documents import APPROVAL_KIND  # noqa: F401
from limits.services.applications import (  # noqa: F401
    REFERRAL_REASONS,
    LimitRequest,
    limit_application_submit,
    limit_application_withdraw,
)
from limits.services.auto_rules import RULE_FIELDS, auto_rule_facts, auto_rule_save  # noqa: F401
from limits.services.changes import (  # noqa: F401
    change_facts,
    limit_cancel,
    limit_reduce,
    limits_cancel_for_policy,
    limits_carry_over,
)
from limits.services.common import APPLICANT_ROLES, DECIDER_ROLES  # noqa: F401
from limits.services.decisions import (  # noqa: F401
    limit_application_approve,
    limit_application_reject,
    limit_application_release,
    limit_application_take,
)
from limits.services.exposure import limit_exposure_peaks_record, limit_exposure_release  # noqa: F401
from limits.services.sweeps import limits_remind_idle, limits_revoke_idle  # noqa: F401
