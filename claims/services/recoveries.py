"""Recoveries (追偿): money got back from the buyer. Before the indemnity is paid a recovery reduces
the loss; after, it is shared: collection costs come off first, the insurer takes
indemnity paid / total owed at the payment date of the rest, the insured the remainder."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims import rules
from claims.errors import conflict, error
from claims.models import Claim, Recovery
from claims.services.common import ensure_officer, insured_users, lock_claim, store_assessment
from sinosure_portal.audit.services import audit_record
from sinosure_portal.core.numbering import assign_number
from sinosure_portal.money.currency import format_amount, is_currency, quantize
from sinosure_portal.money.services import rate_to_usd
from sinosure_portal.notifications.services import notify
from sinosure_portal.workdays.calendar import today as shanghai_today

C = Claim.Status
AFTER_PAYMENT = (C.PAID, C.CLOSED)


@transaction.atomic
def recovery_record(
    *,
    actor,
    claim_id: int,
    received_on: date,
    currency: str,
    amount: Decimal,
    costs: Decimal = Decimal("0"),
    note: str = "",
    client_reference: str = "",
) -> Recovery:
    """Record a recovery once: sent again with the same ``client_reference`` it returns the recovery
    already recorded (``recorded_before`` is then True) and changes nothing."""
    ensure_officer(actor, _("record recoveries"))
    claim = lock_claim(claim_id)
    client_reference = (client_reference or "").strip()[:64]
    if client_reference:
        existing = _recorded_before(claim, client_reference, received_on, currency, amount, costs)
        if existing is not None:
            return existing
    currency = (currency or "").strip().upper()
    _check_recovery(claim, received_on, currency, amount, costs)
    before = claim.status in Claim.UNDECIDED
    rate = rate_to_usd(currency, received_on)
    recovery = Recovery(
        claim=claim,
        received_on=received_on,
        currency=currency,
        amount=amount,
        costs=costs,
        rate_used=rate,
        amount_usd=quantize(amount * rate, "USD"),
        costs_usd=quantize(costs * rate, "USD"),
        before_payment=before,
        note=(note or "").strip(),
        client_reference=client_reference,
        recorded_by=actor,
    )
    if before:
        recovery.net_usd = max(recovery.amount_usd - recovery.costs_usd, Decimal("0.00"))
    else:
        _share(recovery, claim)
    recovery.save()
    assign_number(recovery, "RV")  # the one gapless sequence
    audit_record(
        claim,
        action="claim.recovery_recorded",
        actor=actor,
        reason=recovery.note,
        data={
            "recovery": recovery.number,
            "amount_usd": recovery.amount_usd,
            "costs_usd": recovery.costs_usd,
            "before_payment": before,
            "insurer_share_usd": recovery.insurer_share_usd,
            "insured_share_usd": recovery.insured_share_usd,
        },
    )
    _after(claim, recovery, "claim_recovery_shared")
    return recovery


def _recorded_before(
    claim: Claim, client_reference: str, received_on: date, currency: str, amount: Decimal, costs: Decimal
) -> Recovery | None:
    """The recovery already recorded under this reference (marked ``recorded_before``); the same
    reference for another recovery is a 409."""
    existing = claim.recoveries.filter(client_reference=client_reference).first()
    if existing is None:
        return None
    same = (existing.received_on, existing.currency, existing.amount, existing.costs) == (
        received_on,
        (currency or "").strip().upper(),
        amount,
        costs or Decimal("0"),
    )
    if not same:
        raise conflict("client_reference_reused", field="client_reference", reference=client_reference)
    existing.recorded_before = True
    return existing


def _check_recovery(claim: Claim, received_on: date, currency: str, amount: Decimal, costs: Decimal) -> None:
    if not is_currency(currency):
        raise error(
            "currency_invalid",
            field="currency",
            currency=currency,
        )
    if amount is None or amount <= 0:
        raise error("amount_not_positive/recovery", field="amount")
    if costs is None or costs < 0:
        raise error("costs_negative", field="costs")
    if not received_on or received_on > shanghai_today():
        raise error("received_in_future", field="received_on")
    if claim.status not in Claim.UNDECIDED and claim.status not in AFTER_PAYMENT:
        raise error(
            "recovery_wait_for_payment",
            status=claim.get_status_display(),
        )


def _share(recovery: Recovery, claim: Claim) -> None:
    """After payment: the insurer's and the insured's shares of the net recovery, within what the
    buyer owed at payment."""
    recovered_before = claim.recoveries.filter(before_payment=False, reversed_at__isnull=True).aggregate(
        total=Sum("amount_usd")
    )["total"] or Decimal("0")
    if recovered_before + recovery.amount_usd > claim.total_owed_usd:
        raise error(
            "recovery_above_owed",
            field="amount",
            owed=format_amount(claim.total_owed_usd, "USD"),
        )
    share = rules.recovery_share(
        recovered=recovery.amount_usd,
        costs=recovery.costs_usd,
        indemnity_paid=claim.payment.amount_usd,
        total_owed=claim.total_owed_usd,
    )
    recovery.net_usd = share.net
    recovery.insurer_share_usd = share.insurer
    recovery.insured_share_usd = share.insured


def _after(claim: Claim, recovery: Recovery, kind: str) -> None:
    """A recovery before payment changes the loss: a stored assessment is computed again; one after
    payment is shared, and the insured is told (``kind``: recorded or reversed)."""
    if recovery.before_payment:
        if claim.status == C.ASSESSED:
            store_assessment(claim)
    else:
        notify(
            insured_users(claim.organisation_id),
            kind=kind,
            params=_shares(claim, recovery),
            url=reverse("claims:claim-detail", args=[claim.pk]),
        )


def _shares(claim: Claim, recovery: Recovery) -> dict:
    """What the insured is told of a recovery shared (or its reversal)."""
    return {
        "n": claim.number,
        "net": format_amount(recovery.net_usd, "USD"),
        "share": format_amount(recovery.insured_share_usd, "USD"),
    }


def _totals(claim: Claim) -> dict[str, Decimal]:
    """What the claim's live recoveries add up to (the figures a reversal moves)."""
    live = claim.recoveries.filter(reversed_at__isnull=True)
    after = live.filter(before_payment=False).aggregate(
        recovered=Sum("amount_usd"), insurer=Sum("insurer_share_usd"), insured=Sum("insured_share_usd")
    )
    before = live.filter(before_payment=True).aggregate(net=Sum("net_usd"))
    zero = Decimal("0.00")
    return {
        "recovered_after_payment_usd": after["recovered"] or zero,
        "insurer_share_usd": after["insurer"] or zero,
        "insured_share_usd": after["insured"] or zero,
        "recovered_before_payment_usd": before["net"] or zero,
    }


@transaction.atomic
def recovery_reverse(*, actor, recovery_id: int, reason: str) -> Recovery:
    """Reverse a recovery entered in error, once, with a reason. The row stays (shown struck out)
    but counts in no total any more: before payment the loss is what it was without it (and a
    stored assessment is recomputed); after payment the insurer's share it took and the insured's
    share it gave are both undone exactly. A second reversal is 409 ``recovery_already_reversed``;
    a recovery already counted in a decided indemnity cannot be reversed (409)."""
    ensure_officer(actor, _("reverse recoveries"))
    claim = lock_claim(Recovery.objects.values_list("claim_id", flat=True).get(pk=recovery_id))
    recovery = Recovery.objects.select_for_update().get(pk=recovery_id)
    reason = (reason or "").strip()
    if not reason:
        raise error("reason_required/reversal", field="reason")
    if recovery.reversed_at is not None:
        raise conflict(
            "recovery_already_reversed",
            on=timezone.localtime(recovery.reversed_at).strftime("%Y-%m-%d %H:%M"),
        )
    if recovery.before_payment and claim.status not in Claim.UNDECIDED:
        raise conflict(
            "recovery_in_decided_indemnity",
            status=claim.get_status_display(),
        )
    totals_before = _totals(claim)
    recovery.reversed_at = timezone.now()
    recovery.reversed_by = actor
    recovery.reversal_reason = reason[:2000]
    recovery.save(update_fields=["reversed_at", "reversed_by", "reversal_reason"])
    totals_after = _totals(claim)
    audit_record(
        claim,
        action="claim.recovery_reversed",
        actor=actor,
        reason=recovery.reversal_reason,
        data={
            "recovery": recovery.number,
            "received_on": recovery.received_on,
            "currency": recovery.currency,
            "amount": recovery.amount,
            "amount_usd": recovery.amount_usd,
            "net_usd": recovery.net_usd,
            "before_payment": recovery.before_payment,
            "insurer_share_usd": recovery.insurer_share_usd,
            "insured_share_usd": recovery.insured_share_usd,
        },
        changes={
            key: (totals_before[key], totals_after[key])
            for key in totals_before
            if totals_before[key] != totals_after[key]
        },
    )
    _after(claim, recovery, "claim_recovery_reversed")
    return recovery
