"""Reads of policy financing, scoped to what the user may see: the exporter sees its own rows, a
bank the rows that name it, insurer staff everything; anyone else gets a 404.

The claims app decides an indemnity's payee through :func:`indemnity_assignment_in_force`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, DecimalField, Exists, F, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from declarations.models import ShipmentDeclaration
from declarations.selectors import with_ageing, with_outstanding
from financing import rules
from financing.models import (
    CoverageNotice,
    DataAuthorisation,
    DataItem,
    IndemnityAssignment,
    Loan,
    LoanReceivable,
    ReceivableAssignment,
    ReceivableAssignmentItem,
    Repayment,
)
from sinosure_portal.accounts.access import get_visible_or_404, is_insurer
from sinosure_portal.accounts.models import Organisation, Role

MONEY = DecimalField(max_digits=18, decimal_places=2)
ZERO = Value(Decimal("0.00"), output_field=MONEY)
IA = IndemnityAssignment.Status


# --- the payee contract (claims reads it) ---------------------------------------------------------------


def _in_force_on(on: date) -> Q:
    """Agreements binding on ``on``: approved, begun, and not ended before that day."""
    return (
        Q(status__in=[IA.IN_FORCE, IA.TERMINATION_REQUESTED, IA.TERMINATED])
        & Q(effective_date__lte=on)
        & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))
        & ~Q(status=IA.TERMINATED, ended_on__isnull=True)
    )


def _covers_buyer(buyer_id) -> Q:
    return Q(scope=IndemnityAssignment.Scope.WHOLE_POLICY) | Q(buyers__id=buyer_id)


def indemnity_assignment_in_force(*, policy_id: int, buyer_id: int, on: date):
    """The indemnity assignment (赔款转让协议) in force on ``on`` whose scope covers this buyer
    under this policy, or None. The returned object has ``pk`` and ``bank`` (an Organisation).

    An agreement whose termination was confirmed answers for the days before it ended, so the
    payee of an indemnity decided while it was in force can still be looked up later."""
    return (
        IndemnityAssignment.objects.filter(_in_force_on(on), _covers_buyer(buyer_id), policy_id=policy_id)
        .select_related("bank")
        .order_by("-effective_date", "-id")
        .first()
    )


# --- which receivables a bank may see and finance ------------------------------------------------------


def bank_rights(
    bank_id: int, declarations: Iterable[ShipmentDeclaration], *, on: date
) -> dict[int, Decimal | None]:
    """Of these declarations, those the bank may finance on ``on``, each with the financing ratio of
    the agreement that gives the right (None: use the policy's)."""
    declarations = list(declarations)
    policy_ids = {d.policy_id for d in declarations}
    agreements = list(
        IndemnityAssignment.objects.filter(_in_force_on(on), bank_id=bank_id, policy_id__in=policy_ids)
        .prefetch_related("buyers")
        .distinct()
    )
    assigned = set(
        ReceivableAssignmentItem.objects.filter(
            declaration_id__in=[d.pk for d in declarations],
            active=True,
            assignment__status=ReceivableAssignment.Status.ACCEPTED,
            assignment__bank_id=bank_id,
        ).values_list("declaration_id", flat=True)
    )
    rights: dict[int, Decimal | None] = {}
    for d in declarations:
        for a in agreements:
            if a.policy_id == d.policy_id and (
                a.scope == a.Scope.WHOLE_POLICY or any(b.pk == d.buyer_id for b in a.buyers.all())
            ):
                rights[d.pk] = a.financing_ratio
                break
        else:
            if d.pk in assigned:
                rights[d.pk] = None
    return rights


def _assigned_to_bank(bank_id: int, on: date) -> Q:
    """Declarations under an agreement in force with the bank, or transferred to it, or financed by
    one of its loans (it keeps seeing what it lent against after an agreement ends).

    Driven from the bank's side: its agreements in force are read first (a bank has few), and the
    declarations are the union of index look-ups (by policy, by policy and buyer, by the transfer
    and loan rows), so no query walks every declaration of every insured (an OR of correlated
    EXISTS did: a sequential scan of the whole table)."""
    agreements = list(
        IndemnityAssignment.objects.filter(_in_force_on(on), bank_id=bank_id).values_list(
            "pk", "policy_id", "scope"
        )
    )
    whole = sorted(
        {policy for _pk, policy, scope in agreements if scope == IndemnityAssignment.Scope.WHOLE_POLICY}
    )
    scoped = [pk for pk, _policy, scope in agreements if scope != IndemnityAssignment.Scope.WHOLE_POLICY]
    by_policy: dict[int, set[int]] = {}
    for policy, buyer in IndemnityAssignment.buyers.through.objects.filter(
        indemnityassignment_id__in=scoped
    ).values_list("indemnityassignment__policy_id", "buyer_id"):
        by_policy.setdefault(policy, set()).add(buyer)
    under_agreement = Q(policy_id__in=whole)
    for policy, buyers in by_policy.items():
        under_agreement |= Q(policy_id=policy, buyer_id__in=sorted(buyers))
    parts = [
        ShipmentDeclaration.objects.filter(under_agreement).order_by().values("pk"),
        ReceivableAssignmentItem.objects.filter(
            active=True, assignment__status=ReceivableAssignment.Status.ACCEPTED, assignment__bank_id=bank_id
        )
        .order_by()
        .values("declaration_id"),
        LoanReceivable.objects.filter(loan__bank_id=bank_id).order_by().values("declaration_id"),
    ]
    return Q(pk__in=parts[0].union(*parts[1:]))


def bank_receivables(user, on: date) -> QuerySet[ShipmentDeclaration]:
    """The covered receivables assigned to the user's bank, with outstanding amount and ageing."""
    qs = ShipmentDeclaration.objects.select_related(
        "policy", "organisation", "buyer", "buyer__country", "limit"
    )
    if is_insurer(user):
        pass
    elif user.role == Role.BANK and user.organisation_id:
        qs = qs.filter(_assigned_to_bank(user.organisation_id, on))
    else:
        return qs.none()
    financed = LoanReceivable.objects.filter(declaration_id=OuterRef("pk"), open=True)
    if not is_insurer(user):
        financed = financed.filter(loan__bank_id=user.organisation_id)
    qs = qs.annotate(financed_by_me=Exists(financed))
    return with_ageing(with_outstanding(qs), on).order_by("due_date", "id")


def bank_receivable_get(user, pk: int, on: date) -> ShipmentDeclaration:
    return get_visible_or_404(bank_receivables(user, on), pk=pk)


def financeable_receivables(user, on: date) -> QuerySet[ShipmentDeclaration]:
    """What the bank could lend against now: assigned, open, covered, not due, not financed."""
    open_loan = LoanReceivable.objects.filter(declaration_id=OuterRef("pk"), open=True)
    return (
        bank_receivables(user, on)
        .filter(status__in=list(rules.FINANCEABLE_STATES), covered_usd__gt=0, due_date__gte=on)
        .exclude(Exists(open_loan))
    )


# --- agreements, assignments, notices, loans ------------------------------------------------------------


def _party_scope(qs: QuerySet, user) -> QuerySet:
    if is_insurer(user):
        return qs
    if not user.is_authenticated or not user.organisation_id:
        return qs.none()
    if user.role == Role.BANK:
        return qs.filter(bank_id=user.organisation_id)
    return qs.filter(organisation_id=user.organisation_id)


def agreements_visible(user) -> QuerySet[IndemnityAssignment]:
    return _party_scope(
        IndemnityAssignment.objects.select_related("policy", "organisation", "bank", "approved_by"), user
    )


def agreement_get(user, pk: int) -> IndemnityAssignment:
    return get_visible_or_404(agreements_visible(user).prefetch_related("buyers"), pk=pk)


def agreements_to_approve(user) -> QuerySet[IndemnityAssignment]:
    if not is_insurer(user):
        return IndemnityAssignment.objects.none()
    return (
        agreements_visible(user)
        .filter(status__in=[IA.BANK_SIGNED, IA.TERMINATION_REQUESTED])
        .order_by("updated_at")
    )


def receivable_assignments_visible(user) -> QuerySet[ReceivableAssignment]:
    return _party_scope(
        ReceivableAssignment.objects.select_related("organisation", "bank").annotate(
            receivable_count=Count("items", distinct=True),
            covered_total=Coalesce(Sum("items__declaration__covered_usd"), ZERO),
        ),
        user,
    )


def receivable_assignment_get(user, pk: int) -> ReceivableAssignment:
    return get_visible_or_404(receivable_assignments_visible(user), pk=pk)


def receivable_assignment_items(ra: ReceivableAssignment) -> QuerySet[ReceivableAssignmentItem]:
    return ra.items.select_related("declaration", "declaration__buyer", "declaration__policy").order_by(
        "declaration__due_date", "declaration_id"
    )


def assignable_receivables(user) -> QuerySet[ShipmentDeclaration]:
    """The exporter's covered, open receivables not yet with a bank."""
    if user.role != Role.EXPORTER or not user.organisation_id:
        return ShipmentDeclaration.objects.none()
    active = ReceivableAssignmentItem.objects.filter(declaration_id=OuterRef("pk"), active=True)
    return (
        ShipmentDeclaration.objects.select_related("buyer", "policy")
        .filter(
            organisation_id=user.organisation_id,
            status__in=list(rules.FINANCEABLE_STATES),
            covered_usd__gt=0,
        )
        .exclude(Exists(active))
        .order_by("due_date", "id")
    )


def coverage_notices_visible(user) -> QuerySet[CoverageNotice]:
    return _party_scope(
        CoverageNotice.objects.select_related(
            "organisation",
            "bank",
            "declaration",
            "declaration__buyer",
            "indemnity_assignment",
            "receivable_assignment",
        ),
        user,
    )


def coverage_notice_get(user, pk: int) -> CoverageNotice:
    return get_visible_or_404(coverage_notices_visible(user), pk=pk)


def loans_visible(user) -> QuerySet[Loan]:
    return _party_scope(
        Loan.objects.select_related("organisation", "bank").annotate(
            receivable_count=Count("receivables", distinct=True)
        ),
        user,
    )


def loan_get(user, pk: int) -> Loan:
    return get_visible_or_404(loans_visible(user), pk=pk)


def loan_receivables(loan: Loan) -> QuerySet[LoanReceivable]:
    return loan.receivables.select_related("declaration", "declaration__buyer").order_by("declaration_id")


def loan_repayments(loan: Loan) -> QuerySet[Repayment]:
    return loan.repayments.select_related("created_by").order_by("repaid_on", "id")


def borrowers(user) -> QuerySet[Organisation]:
    """Exporters whose receivables the bank may finance (agreements in force or accepted transfers)."""
    if user.role != Role.BANK or not user.organisation_id:
        return Organisation.objects.none()
    from sinosure_portal.workdays.calendar import today

    by_agreement = IndemnityAssignment.objects.filter(
        _in_force_on(today()), bank_id=user.organisation_id, organisation_id=OuterRef("pk")
    )
    by_transfer = ReceivableAssignment.objects.filter(
        status=ReceivableAssignment.Status.ACCEPTED,
        bank_id=user.organisation_id,
        organisation_id=OuterRef("pk"),
    )
    return Organisation.objects.filter(Q(Exists(by_agreement)) | Q(Exists(by_transfer))).order_by("name_zh")


def banks() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=Organisation.Kind.BANK).order_by("name_zh")


def financing_totals(user) -> dict:
    return loans_visible(user).aggregate(
        open_count=Count("pk", filter=Q(status=Loan.Status.OPEN)),
        open_usd=Coalesce(Sum("amount_usd", filter=Q(status=Loan.Status.OPEN)), ZERO),
    )


# --- indemnities paid to a bank (the claims app's table, when it exists) --------------------------------


def indemnities_paid_to(user):
    """Indemnities paid to the user's bank (the claims app's payments, whose payee was fixed when
    the indemnity notice was issued); insurer staff see every indemnity paid to a bank."""
    model = _payee_model()
    if model is None:
        return []
    qs = model.objects.select_related("claim", "policy", "policy__organisation", "buyer", "payee")
    if is_insurer(user):
        return qs.filter(payee__kind=Organisation.Kind.BANK).order_by("-paid_on", "-id")
    if user.role != Role.BANK or not user.organisation_id:
        return qs.none()
    return qs.filter(payee_id=user.organisation_id).order_by("-paid_on", "-id")


def _payee_model():
    try:
        model = apps.get_model("claims", "IndemnityPayment")
    except LookupError:
        return None
    names = {f.name for f in model._meta.get_fields()}
    return model if {"payee", "claim", "policy", "buyer", "paid_on", "amount_usd"} <= names else None


# --- data authorisations and the three data items -----------------------------------------------------


def data_authorisations_visible(user) -> QuerySet[DataAuthorisation]:
    return _party_scope(DataAuthorisation.objects.select_related("organisation", "bank"), user)


def data_authorisation_get(user, pk: int) -> DataAuthorisation:
    return get_visible_or_404(data_authorisations_visible(user), pk=pk)


def authorised_data(user, authorisation: DataAuthorisation, *, on: date, months: int = 12) -> dict:
    """The figures the exporter authorised the bank to see, over the last ``months`` months: a bank
    sees nothing once the authorisation is revoked (the exporter and the insurer still do)."""
    if user.role == Role.BANK and authorisation.status != DataAuthorisation.Status.ACTIVE:
        return {}
    items = set(authorisation.items)
    since = (on.replace(day=1) - timedelta(days=31 * (months - 1))).replace(day=1)
    base = ShipmentDeclaration.objects.filter(
        organisation_id=authorisation.organisation_id, shipment_date__gte=since, shipment_date__lte=on
    )
    out: dict = {}
    if DataItem.COVERAGE_SIZE in items:
        out[DataItem.COVERAGE_SIZE] = list(
            base.annotate(month=TruncMonth("shipment_date"))
            .values("month")
            .annotate(count=Count("pk"), insured_usd=Sum("amount_usd"), covered_usd=Sum("covered_usd"))
            .order_by("month")
        )
    if DataItem.COUNTRY_DISTRIBUTION in items:
        out[DataItem.COUNTRY_DISTRIBUTION] = list(
            base.values(
                code=F("buyer__country_id"),
                name_zh=F("buyer__country__name_zh"),
                name_en=F("buyer__country__name_en"),
            )
            .annotate(count=Count("pk"), covered_usd=Sum("covered_usd"))
            .order_by("-covered_usd", "code")
        )
    if DataItem.BUYER_DISTRIBUTION in items:
        out[DataItem.BUYER_DISTRIBUTION] = list(
            base.values(
                buyer_name=F("buyer__name"),
                buyer_name_zh=F("buyer__name_zh"),
                buyer_name_en=F("buyer__name_en"),
                country=F("buyer__country_id"),
            )
            .annotate(count=Count("pk"), covered_usd=Sum("covered_usd"))
            .order_by("-covered_usd", "buyer_name")[:20]
        )
    return out
