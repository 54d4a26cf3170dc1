"""The API's pagination (kept apart from core.api: DRF imports it while loading its settings)."""

from rest_framework.pagination import LimitOffsetPagination


class PortalPagination(LimitOffsetPagination):
    """Pages of at most PORTAL_API_MAX_PAGE_SIZE rows; a limit above it gives the largest page and an
    offset beyond any list gives an empty page (``?limit=10**30`` is not a 500)."""

    MAX_OFFSET = 10**12

    @property
    def max_limit(self):
        from django.conf import settings

        return settings.PORTAL_API_MAX_PAGE_SIZE

    def get_offset(self, request):
        return min(super().get_offset(request), self.MAX_OFFSET)
