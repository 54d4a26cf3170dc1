"""What the limit pages share: the pager."""

from django.core.paginator import Paginator


def _page(request, qs, per_page=25):
    return Paginator(qs, per_page).get_page(request.GET.get("page"))
