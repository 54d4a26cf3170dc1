"""Notices."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from financing import selectors
from financing.documents import coverage_notice_pdf_response
from financing.filters import (
    CoverageNoticeFilter,
)
from financing.views._common import IA, _ip, _page, home  # noqa: F401
from sinosure_portal.accounts.models import Role
from sinosure_portal.core.exports import filters_used, usd, xlsx_response
from sinosure_portal.workdays.calendar import today

# --- coverage notices ------------------------------------------------------------------------------------


@login_required
def coverage_notice_list(request):
    filt = CoverageNoticeFilter(request.GET, queryset=selectors.coverage_notices_visible(request.user))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "coverage-notices.xlsx",
            [
                _("Notice number"),
                _("Issued at"),
                _("Insured"),
                _("Bank"),
                _("Invoice number"),
                _("Buyer"),
                _("Covered (USD)"),
                _("Due date"),
                _("Credit limit"),
            ],
            (
                (
                    n.number,
                    n.created_at,
                    n.organisation.display_name,
                    n.bank.display_name,
                    n.invoice_number,
                    n.declaration.buyer.display_name,
                    usd(n.covered_usd),
                    n.due_date,
                    n.limit_number,
                )
                for n in filt.qs
            ),
            sheet=_("Coverage notices"),
            filters=filters_used(filt),
        )
    return render(
        request, "financing/coverage_notice_list.html", {"filter": filt, "page": _page(request, filt.qs)}
    )


@login_required
def coverage_notice_detail(request, pk: int):
    n = selectors.coverage_notice_get(request.user, pk)
    can_lend = (
        request.user.role == Role.BANK
        and selectors.financeable_receivables(request.user, today()).filter(pk=n.declaration_id).exists()
    )
    return render(
        request, "financing/coverage_notice_detail.html", {"n": n, "d": n.declaration, "can_lend": can_lend}
    )


@login_required
def coverage_notice_pdf(request, pk: int):
    return coverage_notice_pdf_response(selectors.coverage_notice_get(request.user, pk), actor=request.user)
