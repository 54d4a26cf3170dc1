"""Exposure: the declaration engine covers under the limit's lock (declarations.engine.cover);
it is released here."""

from __future__ import annotations

import logging
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
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


def limit_exposure_peaks_record(*, exposures: dict[int, Decimal], at=None) -> int:
    """Record the limits whose exposure (``exposures``: limit id -> exposure now, written by the
    caller under the limits' locks) is above every earlier peak: one row per limit and Shanghai day,
    raised when the day's peak is passed. Returns how many limits reached a new peak."""
    from limits.models import CreditLimitExposurePeak
    from sinosure_portal.workdays.calendar import today as shanghai_today

    if not exposures:
        return 0
    at = at or timezone.now()
    day = shanghai_today()
    highest = dict(
        CreditLimitExposurePeak.objects.filter(limit_id__in=list(exposures))
        .values("limit_id")
        .annotate(top=Max("exposure_usd"))
        .values_list("limit_id", "top")
    )
    new = {pk: value for pk, value in exposures.items() if value > highest.get(pk, Decimal("0"))}
    if not new:
        return 0
    amounts = dict(CreditLimit.objects.filter(pk__in=list(new)).values_list("pk", "amount_usd"))
    CreditLimitExposurePeak.objects.bulk_create(
        [
            CreditLimitExposurePeak(
                limit_id=pk, day=day, exposure_usd=value, amount_usd=amounts[pk], reached_at=at
            )
            for pk, value in sorted(new.items())
        ],
        update_conflicts=True,
        unique_fields=["limit", "day"],
        update_fields=["exposure_usd", "amount_usd", "reached_at"],
    )
    return len(new)
