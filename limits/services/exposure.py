"""Exposure: the declaration engine covers under the limit's lock (declarations.engine.cover);
it is released here."""

from __future__ import annotations

import logging
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from limits.models import CreditLimit
from limits.services.common import (
    _lock_limit,
)
from sinosure_portal.ledger.errors import LedgerDrift

logger = logging.getLogger(__name__)


def limit_exposure_release(*, limit_id: int, amount_usd: Decimal) -> Decimal:
    """Free exposure again (a payment received, a declaration withdrawn). Returns the exposure
    after. Locks the row like the reservation. Releasing more than the limit holds means the
    ledger has drifted: that is refused (LedgerDrift, the caller's transaction rolls back and the
    drift is logged), never clamped to zero, so the reconciliation can still see it."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("limit_exposure_release must run inside the caller's transaction")
    if amount_usd < 0:
        raise ValueError("release a positive amount")
    limit = _lock_limit(limit_id)
    after = limit.exposure_usd - amount_usd
    if after < 0:
        logger.error(
            "ledger drift: limit %s holds %s USD, asked to release %s",
            limit.pk,
            limit.exposure_usd,
            amount_usd,
        )
        raise LedgerDrift(str(limit), limit_id=limit.pk)
    CreditLimit.objects.filter(pk=limit.pk).update(exposure_usd=after, updated_at=timezone.now())
    return after
