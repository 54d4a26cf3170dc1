"""Coverage notices (承保情况通知书): when a shipment is declared with financing intent under an
indemnity assignment in force, or a receivable is transferred to a bank that accepted it, the bank
is told how it is covered: covered amount, due date and the state of the credit limit.

``coverage_notices_issue`` is set-based and idempotent: it finds the (declaration, bank) pairs that
should have a notice and have none, inserts them in one statement guarded by the unique constraint
(so a re-run, a race between two deliveries or a retried task creates nothing twice) and numbers the new
ones from the CN sequence (CN2026000001) in the same transaction, then tells each bank's
users about the notices not yet sent. Declarations announce what they write, single and uploaded
alike (declarations' DECLARATIONS_WRITTEN hook, in the declaring transaction):
``coverage_notices_queue`` records the task for those with financing intent in the outbox, which
delivers it after commit even if the broker is away or the process dies right after the commit.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from declarations.models import ShipmentDeclaration
from financing.models import CoverageNotice, IndemnityAssignment, ReceivableAssignmentItem
from financing.selectors import _covers_buyer, _in_force_on
from sinosure_portal.accounts.models import Role, User
from sinosure_portal.base.queue import enqueue
from sinosure_portal.core.numbering import number_unnumbered
from sinosure_portal.money.currency import format_amount
from sinosure_portal.notifications.services import notify
from sinosure_portal.webhooks.emit import webhook_emit
from sinosure_portal.workdays.calendar import today as shanghai_today

ASSIGNMENT_LOOKBACK_DAYS = 30  # an agreement coming into force looks back at the last month
DELIVER_BATCH = 500
IA = IndemnityAssignment.Status


def _candidates(declaration_ids: list[int]):
    """(declaration values, bank id, source, agreement id, assignment id) for pairs without a notice."""
    base = ShipmentDeclaration.objects.filter(covered_usd__gt=0, pk__in=declaration_ids)
    fields = (
        "pk",
        "organisation_id",
        "invoice_number",
        "currency",
        "amount",
        "amount_usd",
        "covered_usd",
        "due_date",
        "limit__number",
        "limit__status",
        "limit__amount_usd",
        "limit__exposure_usd",
    )
    # 1. declared with financing intent under an indemnity assignment in force on the declaration day
    agreement = (
        IndemnityAssignment.objects.filter(policy_id=OuterRef("policy_id"))
        .filter(_in_force_on(OuterRef("declared_on")))
        .filter(_covers_buyer(OuterRef("buyer_id")))
        .order_by("-effective_date", "-id")
    )
    by_agreement = (
        base.filter(financing_intent=True)
        .annotate(
            ia_id=Subquery(agreement.values("pk")[:1]),
            ia_bank=Subquery(agreement.values("bank_id")[:1]),
        )
        .filter(ia_id__isnull=False)
        .exclude(
            Exists(CoverageNotice.objects.filter(declaration_id=OuterRef("pk"), bank_id=OuterRef("ia_bank")))
        )
        .values(*fields, "ia_id", "ia_bank")
    )
    rows = [
        (r, r["ia_bank"], CoverageNotice.Source.INDEMNITY_ASSIGNMENT, r["ia_id"], None) for r in by_agreement
    ]
    # 2. transferred to a bank that accepted the receivable assignment
    items = ReceivableAssignmentItem.objects.filter(
        active=True, assignment__status="accepted", declaration__in=base
    ).exclude(
        Exists(
            CoverageNotice.objects.filter(
                declaration_id=OuterRef("declaration_id"), bank_id=OuterRef("assignment__bank_id")
            )
        )
    )
    item_rows = list(items.values("declaration_id", "assignment_id", "assignment__bank_id"))
    if item_rows:
        decl = {
            r["pk"]: r for r in base.filter(pk__in=[i["declaration_id"] for i in item_rows]).values(*fields)
        }
        rows += [
            (
                decl[i["declaration_id"]],
                i["assignment__bank_id"],
                CoverageNotice.Source.RECEIVABLE_ASSIGNMENT,
                None,
                i["assignment_id"],
            )
            for i in item_rows
            if i["declaration_id"] in decl
        ]
    return rows


def coverage_notices_issue(*, declaration_ids: list[int]) -> int:
    """Issue the coverage notices owed for these declarations, then tell the banks. Returns how many
    notices this call created (none for a task delivered again)."""
    now = timezone.now()
    seen: set[tuple[int, int]] = set()
    batch = []
    for r, bank_id, source, ia_id, ra_id in _candidates(declaration_ids):
        if (r["pk"], bank_id) in seen:
            continue  # an agreement and a transfer to the same bank: one notice
        seen.add((r["pk"], bank_id))
        limit_amount = r["limit__amount_usd"]
        batch.append(
            CoverageNotice(
                declaration_id=r["pk"],
                organisation_id=r["organisation_id"],
                bank_id=bank_id,
                source=source,
                indemnity_assignment_id=ia_id,
                receivable_assignment_id=ra_id,
                invoice_number=r["invoice_number"],
                currency=r["currency"],
                amount=r["amount"],
                amount_usd=r["amount_usd"],
                covered_usd=r["covered_usd"],
                due_date=r["due_date"],
                limit_number=r["limit__number"] or "",
                limit_status=r["limit__status"] or "",
                limit_amount_usd=limit_amount,
                limit_available_usd=(
                    max(limit_amount - (r["limit__exposure_usd"] or 0), 0)
                    if limit_amount is not None
                    else None
                ),
                created_at=now,
            )
        )
    created = 0
    if batch:
        # inserted without a number (a pair that already has its notice is skipped by the unique
        # constraint), then the new rows get the next CN numbers in the same transaction: no gaps
        with transaction.atomic():
            CoverageNotice.objects.bulk_create(batch, ignore_conflicts=True, batch_size=1000)
            created = number_unnumbered(CoverageNotice, "CN")
    coverage_notices_deliver(declaration_ids=declaration_ids)
    return max(created, 0)


def coverage_notices_deliver(*, declaration_ids: list[int] | None = None) -> int:
    """Tell each bank's officers about its notices not yet sent (inbox and e-mail), each once: rows
    are taken with SKIP LOCKED and marked sent in the same transaction."""
    sent = 0
    while True:
        with transaction.atomic():
            qs = CoverageNotice.objects.select_for_update(skip_locked=True, of=("self",)).filter(
                notified_at__isnull=True
            )
            if declaration_ids is not None:
                qs = qs.filter(declaration_id__in=declaration_ids)
            pending = list(
                qs.select_related("organisation", "declaration__buyer").order_by("id")[:DELIVER_BATCH]
            )
            if not pending:
                return sent
            officers: dict[int, list[User]] = {}
            for user in User.objects.filter(
                organisation_id__in={n.bank_id for n in pending}, role=Role.BANK, is_active=True
            ):
                officers.setdefault(user.organisation_id, []).append(user)
            for n in pending:
                notify(
                    officers.get(n.bank_id, []),
                    kind="coverage_notice",
                    params={
                        "number": n.number,
                        "invoice": n.invoice_number,
                        "covered": format_amount(n.covered_usd, "USD"),
                        "insured": str(n.organisation),
                        "buyer": n.declaration.buyer.display_name,
                        "due": n.due_date.isoformat(),
                    },
                    url=reverse("financing:coverage-notice-detail", args=[n.pk]),
                )
            CoverageNotice.objects.filter(pk__in=[n.pk for n in pending]).update(notified_at=timezone.now())
            # and the banks' (and insureds') systems, once per notice
            webhook_emit("coverage_notice.issued", CoverageNotice, {n.pk: n.number for n in pending})
            sent += len(pending)


def coverage_notices_queue(*, declaration_ids: list[int]) -> None:
    """Declarations were written (declarations' DECLARATIONS_WRITTEN, in their transaction): record
    the coverage notices task for those declared with financing intent (the task decides which are
    owed); the outbox sends it after commit."""
    ids = list(
        ShipmentDeclaration.objects.filter(pk__in=declaration_ids, financing_intent=True).values_list(
            "pk", flat=True
        )
    )
    if ids:
        enqueue("financing.issue_coverage_notices", ids)


def queue_coverage_notices_for_assignment(assignment_id: int) -> None:
    """After an agreement comes into force: the shipments of its policy already declared for
    financing get their notices (in the background)."""
    ids = list(
        ShipmentDeclaration.objects.filter(
            policy__indemnity_assignments=assignment_id,
            financing_intent=True,
            declared_on__gte=shanghai_today() - timedelta(days=ASSIGNMENT_LOOKBACK_DAYS),
        ).values_list("pk", flat=True)[:5000]
    )
    if ids:
        enqueue("financing.issue_coverage_notices", ids)
