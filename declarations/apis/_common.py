"""What the modules of this package share."""

from __future__ import annotations

from sinosure_portal.base.api import ErrorSerializer

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


def _fake(view) -> bool:
    return getattr(view, "swagger_fake_view", False)
