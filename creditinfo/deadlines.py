"""Recompute open credit report orders' provisional due dates when staff confirm a year's calendar
(registered with the kernel in ``CreditinfoConfig.ready``). The due date is the order date in
Shanghai plus the service's number of business days."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from creditinfo.models import CreditReportOrder
from creditinfo.services.reports import REPORT_DUE_BUSINESS_DAYS
from sinosure_portal.accounts.models import Role, User
from sinosure_portal.workdays import calendar as workdays
from sinosure_portal.workdays.deadlines import deadline_moved_record, deadline_rows_update

OPEN = [CreditReportOrder.Status.ORDERED, CreditReportOrder.Status.IN_PROGRESS]


def report_due_recompute(*, year: int, actor) -> int:
    orders = list(
        CreditReportOrder.objects.filter(
            Q(due_date__year__gte=year), due_provisional=True, status__in=OPEN
        ).only("pk", "organisation_id", "analyst_id", "ordered_at", "due_date")
    )
    orders = [o for o in orders if workdays.to_shanghai_date(o.ordered_at).year <= year]
    computed: dict = {}
    for o in orders:
        day = workdays.to_shanghai_date(o.ordered_at)
        if day not in computed:
            computed[day] = workdays.add_business_days(day, REPORT_DUE_BUSINESS_DAYS)
    due = {o.pk: computed[workdays.to_shanghai_date(o.ordered_at)] for o in orders}
    moves = deadline_rows_update(
        CreditReportOrder,
        date_field="due_date",
        provisional_field="due_provisional",
        rows=[(pk, d.date, d.provisional) for pk, d in due.items()],
    )
    by_pk = {o.pk: o for o in orders}
    for move in moves:
        order = by_pk[move.pk]
        insurer = User.objects.filter(is_active=True, role=Role.UNDERWRITER)
        if order.analyst_id:
            insurer = insurer.filter(pk=order.analyst_id)
        deadline_moved_record(
            order,
            move=move,
            what="report due",
            rule=f"order date + {REPORT_DUE_BUSINESS_DAYS} business days",
            actor=actor,
            year=year,
            parties=[User.objects.filter(organisation_id=order.organisation_id, is_active=True), insurer],
            title=_("Credit report order %(ref)s: due date moved from %(before)s to %(after)s")
            % {"ref": order.reference, "before": move.before.isoformat(), "after": move.after.isoformat()},
            url=reverse("creditinfo:report-detail", args=[order.pk]),
        )
    return len(moves)
