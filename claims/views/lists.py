"""The claims list and the officers' queue with a clock on each case (both with Excel export)."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from claims import selectors
from claims.filters import ClaimFilter
from claims.models import PossibleLossNotice
from claims.services.common import INSURED_ROLES
from claims.views.common import page_of
from sinosure_portal.accounts.access import is_insurer
from sinosure_portal.core.exports import filters_used, usd, xlsx_response
from sinosure_portal.workdays.calendar import today

CLAIM_HEADERS = [
    gettext_lazy("Claim number"),
    gettext_lazy("Insured"),
    gettext_lazy("Policy number"),
    gettext_lazy("Buyer"),
    gettext_lazy("Cause"),
    gettext_lazy("Filed on"),
    gettext_lazy("Amount claimed (USD)"),
    gettext_lazy("Decision due"),
    gettext_lazy("Status"),
    gettext_lazy("Indemnity (USD)"),
    gettext_lazy("Payee"),
    gettext_lazy("Paid on"),
]


@login_required
def claim_list(request):
    filt = ClaimFilter(request.GET, queryset=selectors.claims_visible(request.user))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "claims.xlsx",
            [str(h) for h in CLAIM_HEADERS],
            (
                (
                    c.number,
                    c.organisation.name_zh,
                    c.policy.number,
                    c.buyer.display_name,
                    c.get_cause_display(),
                    c.filed_on,
                    usd(c.claimed_usd),
                    c.decision_due,
                    c.get_status_display(),
                    usd(c.indemnity_usd),
                    c.payee.name_zh if c.payee else "",
                    c.paid_on,
                )
                for c in filt.qs.iterator(chunk_size=1000)
            ),
            sheet=_("Claims"),
            filters=filters_used(filt),
        )
    user = request.user
    return render(
        request,
        "claims/claim_list.html",
        {
            "filter": filt,
            "page": page_of(request, filt.qs),
            "totals": selectors.claim_totals(user),
            "indemnities": selectors.indemnity_totals(user),
            "can_notify": user.role in INSURED_ROLES and selectors.notice_policies(user).exists(),
            "can_claim_direct": user.role in INSURED_ROLES and selectors.direct_claim_policies(user).exists(),
            "today": today(),
        },
    )


@login_required
def queue(request):
    if not is_insurer(request.user):
        raise Http404
    filt = ClaimFilter(request.GET, queryset=selectors.claim_queue(request.user))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "claims-queue.xlsx",
            [
                _("Claim number"),
                _("Insured"),
                _("Buyer"),
                _("Status"),
                _("Filed on"),
                _("Decision due"),
                _("Escalation"),
                _("Officer"),
            ],
            (
                (
                    c.number,
                    c.organisation.name_zh,
                    c.buyer.display_name,
                    c.get_status_display(),
                    c.filed_on,
                    c.decision_due,
                    c.get_escalation_display(),
                    c.officer.name if c.officer else "",
                )
                for c in filt.qs
            ),
            sheet=_("Queue"),
            filters=filters_used(filt),
        )
    page = page_of(request, filt.qs)
    due = selectors.next_request_due(list(page.object_list))
    rows = [(c, selectors.claim_clock(c, due.get(c.pk))) for c in page.object_list]
    notices = list(
        selectors.notices_visible(request.user)
        .filter(status=PossibleLossNotice.Status.SUBMITTED)
        .order_by("created_at")[:20]
    )
    return render(
        request,
        "claims/queue.html",
        {
            "filter": filt,
            "page": page,
            "rows": rows,
            "notices": notices,
            "totals": selectors.claim_totals(request.user),
            "chart": status_chart(selectors.claims_by_status(request.user)),
        },
    )


def status_chart(by_status) -> str:
    rows = [(label, n) for _value, label, n in by_status if n]
    return json.dumps(
        {
            "type": "bar",
            "data": {
                "labels": [str(label) for label, _n in rows],
                "datasets": [{"data": [n for _label, n in rows], "backgroundColor": "#12355b"}],
            },
            "options": {
                "indexAxis": "y",
                "plugins": {"legend": {"display": False}},
                "scales": {"x": {"ticks": {"precision": 0}}},
            },
        },
        ensure_ascii=False,
    )
