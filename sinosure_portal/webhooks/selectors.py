"""Reads, scoped: a user sees the endpoints of their own organisation only (another's reads as not
found, a 404)."""

from __future__ import annotations

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sinosure_portal.base.errors import NotFound
from sinosure_portal.webhooks.models import Delivery, Endpoint


def endpoints_visible(user) -> QuerySet[Endpoint]:
    if not getattr(user, "is_authenticated", False) or not user.organisation_id:
        return Endpoint.objects.none()
    return Endpoint.objects.filter(organisation_id=user.organisation_id)


def endpoints_listed(user) -> QuerySet[Endpoint]:
    """The user's endpoints with their delivery counts (one query)."""
    return endpoints_visible(user).annotate(
        pending_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.PENDING)),
        failed_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.FAILED)),
        delivered_count=Count("deliveries", filter=Q(deliveries__status=Delivery.Status.DELIVERED)),
        last_delivery_at=Max("deliveries__last_attempt_at"),
    )


def endpoint_get(user, endpoint_id: int, *, lock: bool = False) -> Endpoint:
    rows = endpoints_visible(user).filter(pk=endpoint_id)
    if lock:
        rows = rows.select_for_update()
    endpoint = rows.first()
    if endpoint is None:
        raise NotFound("webhook_endpoint_not_found", _("No such webhook endpoint."))
    return endpoint


def deliveries_of(user, endpoint_id: int) -> QuerySet[Delivery]:
    endpoint = endpoint_get(user, endpoint_id)
    return endpoint.deliveries.order_by("-id")


def delivery_get(user, endpoint_id: int, delivery_id: int, *, lock: bool = False) -> Delivery:
    rows = Delivery.objects.filter(
        pk=delivery_id, endpoint__in=endpoints_visible(user).filter(pk=endpoint_id)
    )
    if lock:
        rows = rows.select_for_update(of=("self",))
    delivery = rows.select_related("endpoint").first()
    if delivery is None:
        raise NotFound("webhook_delivery_not_found", _("No such delivery."))
    return delivery
