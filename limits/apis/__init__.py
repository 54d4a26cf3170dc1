"""API of credit limits: /api/v1/limits/... One class per operation, nested Input/Output
serializers; one module per sub-resource (:mod:`.limits`, :mod:`.applications`, :mod:`.auto_rules`)."""

from limits.apis.applications import (  # noqa: F401
    LimitApplicationApprovalApi,
    LimitApplicationApproveApi,
    LimitApplicationDetailApi,
    LimitApplicationListApi,
    LimitApplicationRejectApi,
    LimitApplicationReleaseApi,
    LimitApplicationTakeApi,
    LimitApplicationWithdrawApi,
    LimitQueueApi,
)
from limits.apis.auto_rules import LimitAutoRuleDetailApi, LimitAutoRuleListApi  # noqa: F401
from limits.apis.limits import (  # noqa: F401
    LimitCancelApi,
    LimitDetailApi,
    LimitHistoryApi,
    LimitListApi,
    LimitReduceApi,
    LimitTermsApi,
)
