"""What the policy pages share: the client's address and the pager."""

from django.core.paginator import Paginator


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _page(request, qs, per_page=25):
    return Paginator(qs, per_page).get_page(request.GET.get("page"))
