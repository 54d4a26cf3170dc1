"""API of policies: /api/v1/policies/... One class per operation, nested Input/Output serializers;
one module per sub-resource (:mod:`.policies`, :mod:`.applications`, :mod:`.invoices`)."""

from policies.apis.applications import (  # noqa: F401
    MicroEligibilityApi,
    PolicyApplicationAgreementApi,
    PolicyApplicationConsentApi,
    PolicyApplicationDetailApi,
    PolicyApplicationIssueApi,
    PolicyApplicationListApi,
    PolicyApplicationRejectApi,
    PolicyApplicationReviewApi,
    PolicyApplicationSignApi,
    PolicyApplicationSubmitApi,
    PolicyApplicationWithdrawApi,
)
from policies.apis.invoices import PremiumInvoiceListApi, PremiumInvoicePaidApi, PremiumInvoicePdfApi  # noqa: F401
from policies.apis.policies import (  # noqa: F401
    PolicyCancelApi,
    PolicyDetailApi,
    PolicyListApi,
    PolicyRatesApi,
    PolicyRenewApi,
    PolicyScheduleApi,
    PolicySettingsApi,
)
