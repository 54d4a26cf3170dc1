"""Exposure."""

from __future__ import annotations

import json
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from creditinfo.models import Buyer
from declarations import selectors
from declarations.views._common import DECLARERS, _declarer, _page  # noqa: F401
from sinosure_portal.accounts.access import is_insurer
from sinosure_portal.core.exports import usd, xlsx_response

# --- exposure ------------------------------------------------------------------------------------------------


@login_required
def limit_exposure(request, pk: int):
    limit = selectors.limit_for_page(request.user, pk)
    declarations = selectors.declarations_on_limit(limit)
    return render(
        request,
        "declarations/limit_exposure.html",
        {
            "limit": limit,
            "page": _page(request, declarations),
            "status_url": reverse("declarations:limit-status", args=[limit.pk]),
            "used": (limit.exposure_usd / limit.amount_usd) if limit.amount_usd else Decimal("0"),
        },
    )


@login_required
def limit_status(request, pk: int):
    limit = selectors.limit_for_page(request.user, pk)
    data = selectors.limit_exposure(limit)
    return JsonResponse({k: str(v) if isinstance(v, Decimal) else v for k, v in data.items()})


def _buyer_label(row: dict) -> str:
    if (get_language() or "").startswith("zh") and row.get("buyer__name_zh"):
        return row["buyer__name_zh"]
    return row.get("buyer__name_en") or row["buyer__name"]


@login_required
def buyer_exposure(request):
    if not is_insurer(request.user):
        raise Http404
    rows = selectors.exposure_by_buyer(request.user)
    query = (request.GET.get("q") or "").strip()
    if query:
        rows = rows.filter(buyer__name__icontains=query)
    if request.GET.get("format") == "xlsx":
        lights = dict(Buyer._meta.get_field("light").choices)
        return xlsx_response(
            "exposure-by-buyer.xlsx",
            [
                _("Buyer"),
                _("Country"),
                _("Traffic light"),
                _("Insureds"),
                _("Limits (USD)"),
                _("Exposure (USD)"),
            ],
            (
                (
                    r["buyer__name"],
                    r["buyer__country_id"],
                    lights.get(r["buyer__light"], r["buyer__light"]),
                    r["insureds"],
                    usd(r["limits_usd"]),
                    usd(r["exposure"]),
                )
                for r in rows
            ),
            sheet=_("Exposure"),
            filters=[(_("Search"), query)] if query else None,
        )
    page = _page(request, rows)
    top = list(rows[:10])
    chart = {
        "type": "bar",
        "data": {
            "labels": [_buyer_label(r)[:24] for r in top],
            "datasets": [
                {
                    "label": _("Exposure (USD)"),
                    "data": [float(r["exposure"] or 0) for r in top],
                    "backgroundColor": "#12355b",
                },
                {
                    "label": _("Limits (USD)"),
                    "data": [float(r["limits_usd"] or 0) for r in top],
                    "backgroundColor": "#9db4d0",
                },
            ],
        },
        "options": {"indexAxis": "y", "maintainAspectRatio": False},
    }
    return render(
        request,
        "declarations/buyer_exposure.html",
        {"page": page, "query": query, "chart_json": json.dumps(chart, ensure_ascii=False)},
    )


# --- premium invoices -------------------------------------------------------------------------------------------
# one list for every premium bill lives with the policies (/policies/invoices/); the addresses this
# app used before (bookmarks, notifications already sent) lead there


def premium_invoice_list(request):
    query = request.META.get("QUERY_STRING", "")
    return redirect(reverse("policies:invoice-list") + (f"?{query}" if query else ""), permanent=True)


def premium_invoice_pdf(request, pk: int):
    return redirect("policies:invoice-pdf", pk=pk, permanent=True)
