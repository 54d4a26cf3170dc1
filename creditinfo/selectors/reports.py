"""Reads of credit report orders: an exporter sees its own organisation's, the insurer all."""

from __future__ import annotations

from django.db.models import QuerySet

from creditinfo.models import CreditReportOrder
from sinosure_portal.accounts.access import get_visible_or_404, scope_to_organisation
from sinosure_portal.core.documents import document_latest
from sinosure_portal.core.models import Document

REPORT_KIND = "credit_report"


def report_orders_visible(user) -> QuerySet[CreditReportOrder]:
    return scope_to_organisation(
        CreditReportOrder.objects.select_related(
            "buyer__country", "buyer_country", "organisation", "ordered_by", "analyst"
        ),
        user,
    )


def report_order_get(user, pk) -> CreditReportOrder:
    """One order the user may see; another organisation's is a 404."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        from django.http import Http404

        raise Http404 from None
    return get_visible_or_404(report_orders_visible(user), pk=pk)


def report_order_document(order: CreditReportOrder) -> Document | None:
    if order.status != CreditReportOrder.Status.DELIVERED:
        return None
    return document_latest(order, REPORT_KIND)


def report_orders_open_count() -> dict[str, int]:
    from django.db.models import Count, Q

    from sinosure_portal.workdays.calendar import today

    S = CreditReportOrder.Status
    return CreditReportOrder.objects.aggregate(
        open=Count("pk", filter=Q(status__in=[S.ORDERED, S.IN_PROGRESS])),
        waiting=Count("pk", filter=Q(status=S.ORDERED)),
        overdue=Count("pk", filter=Q(status__in=[S.ORDERED, S.IN_PROGRESS], due_date__lt=today())),
    )
