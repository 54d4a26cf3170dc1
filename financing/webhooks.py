"""The events financing raises for webhooks (see sinosure_portal.webhooks.registry)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from financing.apis.loans import LoanOutput
from financing.apis.receivables import CoverageNoticeOutput
from financing.models import CoverageNotice, Loan
from sinosure_portal.webhooks.registry import webhook_event, webhook_object, webhook_on_audit

webhook_event("coverage_notice.issued", _("Coverage notice issued"), order=50)
webhook_event("loan.registered", _("Loan registered"), order=51)
webhook_object(
    Loan,
    queryset=lambda: (
        Loan.objects.select_related("organisation", "bank")
        .prefetch_related("repayments", "receivables")
        .annotate(receivable_count=Count("receivables"))
    ),
    serialize=lambda loan: LoanOutput(loan).data,
)
webhook_object(
    CoverageNotice,
    queryset=lambda: CoverageNotice.objects.select_related(
        "organisation", "bank", "declaration__buyer", "indemnity_assignment", "receivable_assignment"
    ),
    serialize=lambda notice: CoverageNoticeOutput(notice).data,
)
webhook_on_audit(Loan, "loan.registered", lambda action, before, after: action == "loan.open")
# coverage notices are raised where their banks are told (services.notices.coverage_notices_deliver)
