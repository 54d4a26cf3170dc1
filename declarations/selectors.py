"""Every read of declarations, uploads, payments and receivables, scoped to what the user may see
(another organisation's declaration is simply not found: 404), plus the questions other rules ask:
whether a possible-loss notice exists on a buyer, which policies may declare."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from declarations import rules
from declarations.models import (
    DeclarationAmendment,
    DeclarationBatch,
    DeclarationBatchRow,
    LimitBatch,
    Payment,
    PlannedOrder,
    ShipmentDeclaration,
)
from limits.models import CreditLimit
from policies.models import Policy
from sinosure_portal.accounts.access import get_visible_or_404, is_insurer, scope_to_organisation

MONEY = DecimalField(max_digits=18, decimal_places=2)
ZERO = Value(Decimal("0.00"), output_field=MONEY)
S = ShipmentDeclaration.Status


# --- possible-loss notices (the claims issue owns them) -------------------------------------------------

LossNoticeCheck = Callable[[int, set[int]], set[int]]
_extra_loss_notice_checks: list[LossNoticeCheck] = []


def register_loss_notice_check(check: LossNoticeCheck) -> None:
    """Let another app (or a test) say which buyers of a policy are under a possible-loss notice."""
    if check not in _extra_loss_notice_checks:
        _extra_loss_notice_checks.append(check)


def unregister_loss_notice_check(check: LossNoticeCheck) -> None:
    if check in _extra_loss_notice_checks:
        _extra_loss_notice_checks.remove(check)


# a notice withdrawn, or closed because the buyer paid after all, no longer stands
INACTIVE_NOTICE_STATES = ("draft", "withdrawn", "rejected", "cancelled", "closed")


def _claims_model_check(policy_id: int, buyer_ids: set[int]) -> set[int]:
    """Buyers with a possible-loss notice in the claims app's table, when that table exists."""
    try:
        model = apps.get_model("claims", "PossibleLossNotice")
    except LookupError:
        return set()
    names = {f.name for f in model._meta.get_fields()}
    qs = model.objects.all()
    if "status" in names:
        qs = qs.exclude(status__in=INACTIVE_NOTICE_STATES)
    if {"policy", "buyer"} <= names:
        qs = qs.filter(policy_id=policy_id, buyer_id__in=buyer_ids).values_list("buyer_id", flat=True)
    elif "declaration" in names:
        qs = qs.filter(declaration__policy_id=policy_id, declaration__buyer_id__in=buyer_ids).values_list(
            "declaration__buyer_id", flat=True
        )
    else:
        return set()
    return set(qs)


def buyers_with_loss_notice(policy_id: int, buyer_ids: Iterable[int]) -> set[int]:
    """Set-based: which of these buyers already have a possible-loss notice under the policy."""
    wanted = {b for b in buyer_ids if b}
    if not wanted:
        return set()
    found = _claims_model_check(policy_id, wanted)
    for check in _extra_loss_notice_checks:
        found |= set(check(policy_id, wanted)) & wanted
    return found


def buyer_has_loss_notice(policy_id: int, buyer_id: int) -> bool:
    return buyer_id in buyers_with_loss_notice(policy_id, {buyer_id})


# --- policies that declare ------------------------------------------------------------------------------


def policies_declaring(user) -> QuerySet[Policy]:
    """The user's policies under which shipments are declared (not SME, not micro), not cancelled."""
    return (
        scope_to_organisation(Policy.objects.select_related("organisation"), user)
        .filter(product__in=rules.DECLARING_PRODUCTS)
        .exclude(status=Policy.Status.CANCELLED)
        .order_by("-period_start", "-id")
    )


def policies_not_declaring(user) -> QuerySet[Policy]:
    return (
        scope_to_organisation(Policy.objects.all(), user)
        .exclude(product__in=rules.DECLARING_PRODUCTS)
        .exclude(status=Policy.Status.CANCELLED)
    )


def declarable_limits(user) -> QuerySet[CreditLimit]:
    """Limits the user may declare on: its own, on declaring policies, live (ended ones still cover
    shipments made before their notice, so they are listed after the live ones)."""
    return (
        scope_to_organisation(CreditLimit.objects.select_related("policy", "buyer", "buyer__country"), user)
        .filter(policy__product__in=rules.DECLARING_PRODUCTS)
        .exclude(policy__status=Policy.Status.CANCELLED)
        .annotate(live_first=Case(When(status__in=list(CreditLimit.LIVE), then=0), default=1))
        .order_by("live_first", "buyer__name", "id")
    )


# --- declarations ---------------------------------------------------------------------------------------


def declarations_visible(user) -> QuerySet[ShipmentDeclaration]:
    return scope_to_organisation(
        ShipmentDeclaration.objects.select_related(
            "policy", "organisation", "buyer", "buyer__country", "limit", "destination"
        ),
        user,
    )


def nil_declarations_visible(user):
    """Months reported without shipments (零申报): the insured's own; insurer staff see all."""
    from declarations.models import NilDeclaration

    return scope_to_organisation(NilDeclaration.objects.select_related("policy", "reported_by"), user)


def declaration_get(user, pk: int) -> ShipmentDeclaration:
    return get_visible_or_404(declarations_visible(user), pk=pk)


def with_outstanding(qs: QuerySet[ShipmentDeclaration]) -> QuerySet[ShipmentDeclaration]:
    return qs.annotate(
        outstanding_amount=F("amount") - F("paid_amount"),
        outstanding_in_usd=F("amount_usd") - F("paid_usd"),
    )


def with_ageing(qs: QuerySet, today: date) -> QuerySet:
    """Annotate ``bucket``: current, 1_30, 31_60, 61_90, 91_180, over_180 (days past due)."""
    whens = []
    for key, low, _high in reversed(rules.AGEING_BUCKETS):
        if low is None:
            continue
        whens.append(When(due_date__lte=today - timedelta(days=low), then=Value(key)))
    return qs.annotate(bucket=Case(*whens, default=Value("current"), output_field=CharField()))


def receivables(user, today: date) -> QuerySet[ShipmentDeclaration]:
    """Open receivables (declared, not fully paid, not yet claimed), oldest due first."""
    qs = declarations_visible(user).filter(status__in=list(ShipmentDeclaration.OPEN))
    return with_ageing(with_outstanding(qs), today).order_by("due_date", "id")


def ageing_summary(qs: QuerySet) -> list[dict]:
    """Outstanding USD and count per ageing bucket of a receivables queryset (one query)."""
    rows = {
        r["bucket"]: r
        for r in qs.order_by()
        .values("bucket")
        .annotate(count=Count("pk"), outstanding=Coalesce(Sum(F("amount_usd") - F("paid_usd")), ZERO))
    }
    return [
        {
            "bucket": key,
            "count": rows.get(key, {}).get("count", 0),
            "outstanding_usd": rows.get(key, {}).get("outstanding", Decimal("0.00")),
        }
        for key, _lo, _hi in rules.AGEING_BUCKETS
    ]


def declaration_totals(user) -> dict:
    return declarations_visible(user).aggregate(
        count=Count("pk"),
        open=Count("pk", filter=Q(status__in=list(ShipmentDeclaration.OPEN))),
        overdue=Count("pk", filter=Q(status=S.OVERDUE)),
        outstanding=Coalesce(
            Sum(F("amount_usd") - F("paid_usd"), filter=Q(status__in=list(ShipmentDeclaration.OPEN))), ZERO
        ),
        covered=Coalesce(Sum("exposure_usd", filter=Q(status__in=list(ShipmentDeclaration.OPEN))), ZERO),
        premium=Coalesce(Sum("premium_usd"), ZERO),
    )


# --- uploads ---------------------------------------------------------------------------------------------


def batches_visible(user) -> QuerySet[DeclarationBatch]:
    return scope_to_organisation(
        DeclarationBatch.objects.select_related("policy", "organisation", "created_by"), user
    )


def batch_get(user, pk: int) -> DeclarationBatch:
    return get_visible_or_404(batches_visible(user), pk=pk)


REPORT_FIELDS = (
    "row_number",
    "invoice_number",
    "buyer_text",
    "outcome",
    "reason_code",
    "reason_params",
    "late",
    "amount_usd",
    "covered_usd",
    "premium_usd",
    "declaration_id",
)


def batch_report(batch: DeclarationBatch, *, outcome: str | None = None) -> QuerySet:
    """The per-row report of an upload, in row order, as dicts: its declarations (covered or
    partly covered) and its rows that declared nothing (refused, already declared), one query."""
    Outcome = DeclarationBatchRow.Outcome
    declared = (
        ShipmentDeclaration.objects.filter(batch=batch)
        .annotate(
            row_number=F("batch_row"),
            buyer_text=F("buyer__name"),
            outcome=Case(
                When(reason_code="", then=Value(Outcome.COVERED)),
                default=Value(Outcome.PARTLY_COVERED),
                output_field=CharField(),
            ),
            declaration_id=F("id"),
        )
        .values(*REPORT_FIELDS)
        .order_by()
    )
    others = (
        DeclarationBatchRow.objects.filter(batch=batch)
        .annotate(declaration_id=Value(None, output_field=IntegerField()))
        .values(*REPORT_FIELDS)
        .order_by()
    )
    if outcome in (Outcome.COVERED, Outcome.PARTLY_COVERED):
        return declared.filter(outcome=outcome).order_by("row_number")
    if outcome in (Outcome.REFUSED, Outcome.DUPLICATE):
        return others.filter(outcome=outcome).order_by("row_number")
    return declared.union(others, all=True).order_by("row_number")


# --- payments and amendments -----------------------------------------------------------------------------


def payments_visible(user) -> QuerySet[Payment]:
    return scope_to_organisation(
        Payment.objects.select_related("declaration", "declaration__buyer", "created_by"), user
    )


def amendments_visible(user) -> QuerySet[DeclarationAmendment]:
    return scope_to_organisation(
        DeclarationAmendment.objects.select_related(
            "declaration", "declaration__buyer", "declaration__policy", "organisation", "requested_by"
        ),
        user,
    )


def amendment_get(user, pk: int) -> DeclarationAmendment:
    return get_visible_or_404(amendments_visible(user), pk=pk)


def amendment_queue(user) -> QuerySet[DeclarationAmendment]:
    return (
        amendments_visible(user).filter(status=DeclarationAmendment.Status.SUBMITTED).order_by("created_at")
    )


# --- exposure ----------------------------------------------------------------------------------------------


def limit_for_page(user, pk: int) -> CreditLimit:
    from limits.selectors import limits_visible, with_available

    return get_visible_or_404(with_available(limits_visible(user)), pk=pk)


def declarations_on_limit(limit: CreditLimit) -> QuerySet[ShipmentDeclaration]:
    return with_outstanding(
        ShipmentDeclaration.objects.filter(limit=limit).select_related("buyer", "policy")
    ).order_by("-shipment_date", "-id")


def limit_exposure(limit: CreditLimit) -> dict:
    return {
        "id": limit.pk,
        "number": limit.number or "",
        "buyer": limit.buyer.display_name,
        "status": limit.status,
        "amount_usd": limit.amount_usd,
        "exposure_usd": limit.exposure_usd,
        "available_usd": limit.available_usd,
        "open_declarations": ShipmentDeclaration.objects.filter(
            limit=limit, status__in=list(ShipmentDeclaration.OPEN)
        ).count(),
    }


def exposure_by_buyer(user) -> QuerySet:
    """Underwriters: per buyer, across every insured, the live limits, exposure on them, open
    receivables (count, outstanding) and how many insureds trade with the buyer."""
    if not is_insurer(user):
        return CreditLimit.objects.none().values("buyer_id")
    live = list(CreditLimit.LIVE)
    return (
        CreditLimit.objects.filter(status__in=live)
        .values(
            "buyer_id",
            "buyer__name",
            "buyer__name_en",
            "buyer__name_zh",
            "buyer__light",
            "buyer__country_id",
            "buyer__country__risk_class",
        )
        .annotate(
            limits_usd=Sum("amount_usd"),
            exposure=Sum("exposure_usd"),
            insureds=Count("organisation_id", distinct=True),
            limit_count=Count("pk"),
        )
        .order_by("-exposure", "buyer__name")
    )


# --- planned orders ---------------------------------------------------------------------------------------


def planned_orders_visible(user) -> QuerySet[PlannedOrder]:
    return scope_to_organisation(
        PlannedOrder.objects.select_related("policy", "buyer", "buyer__country", "limit"), user
    )


def planned_order_get(user, pk: int) -> PlannedOrder:
    return get_visible_or_404(planned_orders_visible(user), pk=pk)


# --- limit batches ----------------------------------------------------------------------------------------


def limit_batches_visible(user) -> QuerySet[LimitBatch]:
    return scope_to_organisation(LimitBatch.objects.select_related("created_by"), user)


def limit_batch_get(user, pk: int) -> LimitBatch:
    return get_visible_or_404(limit_batches_visible(user), pk=pk)
