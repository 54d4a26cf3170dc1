"""Allowed moves of policy applications, policies and premium invoices (data, tested as data)."""

from policies.models import Policy, PolicyApplication, PremiumInvoice
from sinosure_portal.base.workflow import Workflow

A = PolicyApplication.Status
APPLICATION_TRANSITIONS = {
    A.DRAFT: {A.SUBMITTED, A.WITHDRAWN},
    A.SUBMITTED: {A.UNDER_REVIEW, A.REJECTED, A.WITHDRAWN},
    A.UNDER_REVIEW: {A.ISSUED, A.REJECTED, A.WITHDRAWN},
    A.ISSUED: set(),
    A.REJECTED: set(),
    A.WITHDRAWN: set(),
}
application_workflow = Workflow("policy_application", APPLICATION_TRANSITIONS)

P = Policy.Status
POLICY_TRANSITIONS = {
    # a renewal issued before the end leaves the policy in force; the expiry sweep then moves it to
    # "renewed" (a renewal follows) or "expired" (none does); a late renewal turns expired into renewed
    P.ACTIVE: {P.EXPIRED, P.RENEWED, P.CANCELLED},
    P.EXPIRED: {P.RENEWED},
    P.RENEWED: set(),
    P.CANCELLED: set(),
}
policy_workflow = Workflow("policy", POLICY_TRANSITIONS)

I = PremiumInvoice.Status  # noqa: E741
INVOICE_TRANSITIONS = {I.ISSUED: {I.PAID, I.CANCELLED}, I.PAID: set(), I.CANCELLED: set()}
invoice_workflow = Workflow("premium_invoice", INVOICE_TRANSITIONS)
