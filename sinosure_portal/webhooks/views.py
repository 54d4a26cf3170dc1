"""The webhooks pages: an organisation's endpoints (register, choose events, the secret shown once),
and each endpoint's page (change events, rotate the secret, send a test event, disable or enable,
the delivery log with redelivery). Another organisation's endpoint is not found (404)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sinosure_portal.base.errors import DomainError, NotFound
from sinosure_portal.webhooks import registry, selectors, services
from sinosure_portal.webhooks.forms import EndpointForm
from sinosure_portal.webhooks.models import Delivery
from sinosure_portal.webhooks.sending import encode


def _get(user, pk):
    try:
        return selectors.endpoint_get(user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _labels(types):
    return [registry.event_label(t) for t in types]


@login_required
@never_cache
def endpoints(request):
    """The organisation's endpoints and the form to register one; the new secret is shown on the
    answer to the POST that made it, once."""
    form = EndpointForm(request.POST or None)
    made = None
    if request.method == "POST" and form.is_valid():
        try:
            made = services.endpoint_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            form = EndpointForm()
    rows = list(selectors.endpoints_listed(request.user).order_by("-created_at", "-id"))
    for row in rows:
        row.event_labels = _labels(row.events)
    return render(
        request,
        "webhooks/endpoints.html",
        {"form": form, "made": made, "endpoints": rows, "event_types": registry.event_types()},
    )


# a delivery's state as people read it ("Delivered" elsewhere means a credit report handed over)
STATUS_LABELS = {
    Delivery.Status.PENDING: pgettext_lazy("webhook delivery", "Waiting"),
    Delivery.Status.DELIVERED: pgettext_lazy("webhook delivery", "Delivered"),
    Delivery.Status.FAILED: pgettext_lazy("webhook delivery", "Given up"),
}


def _status_label(delivery: Delivery) -> str:
    if delivery.status == Delivery.Status.PENDING and delivery.attempts:
        return str(pgettext_lazy("webhook delivery", "Retrying"))
    return str(STATUS_LABELS.get(delivery.status, delivery.status))


def _reference(delivery: Delivery) -> str:
    """The object a delivery is about, as people name it (its number or invoice)."""
    data = (delivery.payload or {}).get("data") or {}
    for key in ("number", "invoice_number", "title"):
        if data.get(key):
            return str(data[key])
    return ""


def _detail_context(request, endpoint, *, secret=None, form=None):
    rows = selectors.deliveries_of(request.user, endpoint.pk)
    status = request.GET.get("status")
    if status in Delivery.Status.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    for d in page.object_list:
        d.label = registry.event_label(d.type)
        d.reference = _reference(d)
        d.status_label = _status_label(d)
    if form is None:
        form = EndpointForm(
            initial={"url": endpoint.url, "description": endpoint.description, "events": endpoint.events}
        )
    return {
        "endpoint": endpoint,
        "event_labels": _labels(endpoint.events),
        "page": page,
        "secret": secret,
        "form": form,
        "status": status or "",
        "statuses": [(value, STATUS_LABELS[value]) for value in Delivery.Status.values],
    }


@login_required
@never_cache
def endpoint_detail(request, pk: int):
    endpoint = _get(request.user, pk)
    form = None
    if request.method == "POST":
        form = EndpointForm(request.POST)
        if form.is_valid():
            try:
                services.endpoint_update(actor=request.user, endpoint_id=pk, **form.cleaned_data)
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, _("The endpoint is saved."))
                return redirect("webhooks:endpoint", pk=pk)
    return render(request, "webhooks/endpoint.html", _detail_context(request, endpoint, form=form))


@login_required
@require_POST
@never_cache
def endpoint_rotate(request, pk: int):
    """A new secret, shown on this answer only."""
    _get(request.user, pk)
    made = services.endpoint_rotate_secret(actor=request.user, endpoint_id=pk)
    return render(
        request, "webhooks/endpoint.html", _detail_context(request, made.endpoint, secret=made.secret)
    )


@login_required
@require_POST
def endpoint_test(request, pk: int):
    _get(request.user, pk)
    try:
        delivery = services.endpoint_send_test(actor=request.user, endpoint_id=pk)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        delivery.refresh_from_db()
        if delivery.status == Delivery.Status.DELIVERED:
            messages.success(request, _("The test event was delivered."))
        else:
            messages.info(request, _("The test event is queued; its result shows in the log below."))
    return redirect("webhooks:endpoint", pk=pk)


@login_required
@require_POST
def endpoint_active(request, pk: int):
    _get(request.user, pk)
    active = request.POST.get("active") == "1"
    services.endpoint_set_active(actor=request.user, endpoint_id=pk, active=active)
    messages.success(request, _("The endpoint is enabled.") if active else _("The endpoint is disabled."))
    return redirect("webhooks:endpoint", pk=pk)


@login_required
@require_POST
def endpoint_delete_page(request, pk: int):
    _get(request.user, pk)
    services.endpoint_delete(actor=request.user, endpoint_id=pk)
    messages.success(request, _("The endpoint is deleted."))
    return redirect("webhooks:endpoints")


@login_required
def delivery_detail(request, pk: int, delivery_id: int):
    try:
        delivery = selectors.delivery_get(request.user, pk, delivery_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    delivery.label = registry.event_label(delivery.type)
    delivery.reference = _reference(delivery)
    delivery.status_label = _status_label(delivery)
    body = json.dumps(json.loads(encode(delivery.payload)), ensure_ascii=False, indent=2)
    return render(
        request, "webhooks/delivery.html", {"endpoint": delivery.endpoint, "delivery": delivery, "body": body}
    )


@login_required
@require_POST
def delivery_redeliver_page(request, pk: int, delivery_id: int):
    try:
        delivery = services.delivery_redeliver(actor=request.user, endpoint_id=pk, delivery_id=delivery_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except DomainError as error:
        messages.error(request, error.message)
    else:
        delivery.refresh_from_db()
        messages.success(
            request,
            _("The event was delivered again.")
            if delivery.status == Delivery.Status.DELIVERED
            else _("The event is queued to be sent again."),
        )
    return redirect("webhooks:endpoint", pk=pk)
