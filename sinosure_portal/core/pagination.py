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

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        bounds = {"limit": (1, self.max_limit), "offset": (0, self.MAX_OFFSET)}
        for parameter in parameters:
            if parameter["name"] in bounds:
                low, high = bounds[parameter["name"]]
                parameter["schema"] = {**parameter["schema"], "minimum": low, "maximum": high}
        return parameters
