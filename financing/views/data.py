"""Data."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from financing import selectors, services
from financing.filters import (
    DataAuthorisationFilter,
)
from financing.forms import (
    DataAuthorisationForm,
)
from financing.models import DataItem
from financing.views._common import IA, _ip, _page, home  # noqa: F401
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import Role
from sinosure_portal.audit.services import audit_history
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.exports import filters_used, xlsx_response
from sinosure_portal.workdays.calendar import today

# --- data authorisations -----------------------------------------------------------------------------


@login_required
def data_authorisation_list(request):
    user = request.user
    filt = DataAuthorisationFilter(
        request.GET,
        queryset=selectors.data_authorisations_visible(user).order_by("status", "-granted_at", "-id"),
    )
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "data-authorisations.xlsx",
            [
                _("Authorisation number"),
                _("Insured"),
                _("Bank"),
                _("Data items"),
                _("Granted at"),
                _("Status"),
            ],
            (
                (
                    a.number,
                    a.organisation.display_name,
                    a.bank.display_name,
                    ", ".join(a.item_labels()),
                    a.granted_at,
                    a.get_status_display(),
                )
                for a in filt.qs
            ),
            sheet=_("Data authorisations"),
            filters=filters_used(filt),
        )
    form = None
    if user.role == Role.EXPORTER:
        form = DataAuthorisationForm(request.POST or None, banks=selectors.banks())
        if request.method == "POST" and form.is_valid():
            try:
                auth = services.data_authorisation_grant(
                    actor=user,
                    bank_id=form.cleaned_data["bank"].pk,
                    items=form.cleaned_data["items"],
                    ip=_ip(request),
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(
                    request,
                    _("%(bank)s may now see the data items you chose.") % {"bank": auth.bank.display_name},
                )
                return redirect("financing:data-authorisation-list")
    elif request.method == "POST":
        ensure_role(user, [Role.EXPORTER], action=_("authorise banks to see your data"))
    return render(
        request,
        "financing/data_authorisation_list.html",
        {"filter": filt, "page": _page(request, filt.qs), "form": form},
        status=400 if (request.method == "POST" and form is not None) else 200,
    )


@login_required
def data_authorisation_detail(request, pk: int):
    auth = selectors.data_authorisation_get(request.user, pk)
    data = selectors.authorised_data(request.user, auth, on=today())
    charts = {}
    if DataItem.COVERAGE_SIZE in data:
        rows = data[DataItem.COVERAGE_SIZE]
        charts["coverage"] = {
            "type": "bar",
            "data": {
                "labels": [r["month"].strftime("%Y-%m") for r in rows],
                "datasets": [
                    {
                        "label": _("Insured amount (USD)"),
                        "data": [float(r["insured_usd"] or 0) for r in rows],
                        "backgroundColor": "#12355b",
                    },
                    {
                        "label": _("Covered (USD)"),
                        "data": [float(r["covered_usd"] or 0) for r in rows],
                        "backgroundColor": "#4c9be8",
                    },
                ],
            },
            "options": {"maintainAspectRatio": False},
        }
    palette = ["#12355b", "#4c9be8", "#20c997", "#ffc107", "#fd7e14", "#dc3545", "#6f42c1", "#6c757d"]
    zh = (request.LANGUAGE_CODE or "").startswith("zh")
    if DataItem.COUNTRY_DISTRIBUTION in data:
        rows = data[DataItem.COUNTRY_DISTRIBUTION]
        charts["country"] = {
            "type": "doughnut",
            "data": {
                "labels": [(r["name_zh"] if zh else r["name_en"]) or r["code"] for r in rows],
                "datasets": [
                    {"data": [float(r["covered_usd"] or 0) for r in rows], "backgroundColor": palette}
                ],
            },
            "options": {"maintainAspectRatio": False},
        }
    if DataItem.BUYER_DISTRIBUTION in data:
        rows = data[DataItem.BUYER_DISTRIBUTION]
        for r in rows:  # the buyer's name in the reader's language, as Buyer.display_name gives it
            r["label"] = (r["buyer_name_zh"] if zh else r["buyer_name_en"]) or r["buyer_name"]
        charts["buyer"] = {
            "type": "bar",
            "data": {
                # the buyer's name as Buyer.display_name gives it in the reader's language
                "labels": [
                    (r["buyer_name_zh"] if zh else r["buyer_name_en"]) or r["buyer_name"] for r in rows
                ],
                "datasets": [
                    {
                        "label": _("Covered (USD)"),
                        "data": [float(r["covered_usd"] or 0) for r in rows],
                        "backgroundColor": "#20c997",
                    }
                ],
            },
            "options": {
                "indexAxis": "y",
                "maintainAspectRatio": False,
                "plugins": {"legend": {"display": False}},
            },
        }
    return render(
        request,
        "financing/data_authorisation_detail.html",
        {
            "auth": auth,
            "data": data,
            "charts": {k: json.dumps(v, ensure_ascii=False) for k, v in charts.items()},
            "events": audit_history(auth),
            "can_revoke": request.user.role == Role.EXPORTER
            and auth.organisation_id == request.user.organisation_id
            and auth.status == "active",
            "items": DataItem,
        },
    )


@login_required
@require_POST
def data_authorisation_revoke(request, pk: int):
    auth = selectors.data_authorisation_get(request.user, pk)
    services.data_authorisation_revoke(
        authorisation_id=auth.pk, actor=request.user, reason=request.POST.get("reason", "")
    )
    messages.success(
        request, _("Authorisation revoked: %(bank)s sees nothing more.") % {"bank": auth.bank.display_name}
    )
    return redirect("financing:data-authorisation-list")
