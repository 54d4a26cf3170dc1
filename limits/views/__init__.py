"""Pages of credit limits, one module per sub-resource: applying, the decision and the underwriter
queue (:mod:`.applications`), the limit list with its Excel export, a limit with its change history,
reductions and cancellations (:mod:`.limits`), the automatic-decision rules (:mod:`.auto_rules`)."""

from limits.views.applications import (  # noqa: F401
    application_approval,
    application_decide,
    application_detail,
    application_list,
    application_new,
    application_release,
    application_take,
    application_withdraw,
    queue,
)
from limits.views.auto_rules import rule_edit, rule_list  # noqa: F401
from limits.views.limits import limit_cancel, limit_detail, limit_list, limit_reduce  # noqa: F401
