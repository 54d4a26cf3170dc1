"""What the claims API modules share: the error responses, money fields, the claim lookup and the reason inputs."""

from __future__ import annotations

from rest_framework import serializers

from claims import selectors
from claims.models import Claim
from sinosure_portal.base.api import ErrorSerializer, ReasonInput

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
MONEY = {"max_digits": 18, "decimal_places": 2}


def fake_view(view) -> bool:
    return getattr(view, "swagger_fake_view", False)


def claim_for(request, pk: int) -> Claim:
    return selectors.claim_get(request.user, pk)


class ClaimsNoteInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ClaimsReasonInput(ReasonInput):
    """The kernel's optional reason under the claims API's own schema name (financing has a
    ReasonInput of its own: two components of one name would make the schema ambiguous)."""
