"""The credit report order's allowed moves (资信报告), as data; the Workflow enforces them."""

from creditinfo.models import CreditReportOrder
from sinosure_portal.base.workflow import Workflow

S = CreditReportOrder.Status

TRANSITIONS = {
    S.ORDERED: {S.IN_PROGRESS, S.CANCELLED},
    S.IN_PROGRESS: {S.DELIVERED, S.CANCELLED},
    S.DELIVERED: set(),
    S.CANCELLED: set(),
}

report_order_workflow = Workflow("credit_report_order", TRANSITIONS)
