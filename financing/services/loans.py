"""Loans (放款登记) and repayments (还款登记) against covered receivables.

The checks that protect the bank and the insurer, all in one transaction:

1. the receivables are locked (SELECT ... FOR UPDATE) in id order, so two loans on overlapping
   receivables queue instead of deadlocking, and whoever comes second sees the first one's rows;
2. each must be assigned to the bank (an indemnity assignment in force on the loan date, or an
   accepted receivable assignment), open, covered, not overdue, not under a loss notice;
3. none may already be in an open loan, of this bank or another (the refusal names the invoice and
   nothing of the other bank); the partial unique index ``receivable_financed_once`` is the last
   word if anything slips past the check;
4. the loan may not exceed the covered amount still outstanding x the financing ratio (the
   agreement's own ratio, else the policy's), checked here and again by a CHECK constraint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy

from declarations.models import ShipmentDeclaration
from declarations.selectors import buyers_with_loss_notice
from financing import rules
from financing.errors import error
from financing.models import Loan, LoanReceivable, Repayment
from financing.selectors import bank_rights
from financing.services._common import BANK_ROLES, assign_number, org_users
from financing.workflow import loan_workflow
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import Organisation
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import NotAllowed, Problems
from sinosure_portal.money.currency import (
    Money,
    UnknownCurrency,
    format_amount,
    is_currency,
    money_in,
)
from sinosure_portal.money.services import rate_to_usd
from sinosure_portal.notifications.services import notify
from sinosure_portal.workdays.calendar import today as shanghai_today


@dataclass
class LoanInput:
    organisation_id: int
    loan_date: date
    currency: str
    amount: Decimal
    declaration_ids: list[int] = field(default_factory=list)
    maturity_date: date | None = None
    bank_reference: str = ""


def _url(loan: Loan) -> str:
    return reverse("financing:loan-detail", args=[loan.pk])


def loan_register(*, actor, data: LoanInput) -> Loan:
    """Register a loan against receivables, or refuse it with the reason and store nothing."""
    try:
        return _loan_register(actor=actor, data=data)
    except IntegrityError as exc:
        text = str(exc)
        if "receivable_financed_once" in text:
            # a loan committed between our check and our insert: name its invoice, nothing more
            invoice = (
                LoanReceivable.objects.filter(declaration_id__in=data.declaration_ids, open=True)
                .values_list("declaration__invoice_number", flat=True)
                .first()
            )
            raise error("receivable_already_financed", field="declarations", invoice=invoice or "?") from exc
        if "loan_bank_reference_once" in text:
            raise error("reference_used", field="bank_reference", reference=data.bank_reference) from exc
        raise


def _validate(data: LoanInput) -> None:
    data.currency = (data.currency or "").strip().upper()
    data.bank_reference = (data.bank_reference or "").strip()
    if data.amount is None or data.amount <= 0:
        if not is_currency(data.currency):
            raise UnknownCurrency(data.currency)
        raise error("amount_not_positive", field="amount")
    data.amount = money_in(data.amount, data.currency).amount  # unknown currency, extra decimals: 400
    problems = Problems()  # the dates and the receivables are all checked, each next to its field
    if data.loan_date > shanghai_today():
        problems.errors.append(error("loan_date_future", field="loan_date"))
    if data.maturity_date and data.maturity_date < data.loan_date:
        problems.errors.append(error("maturity_before_loan", field="maturity_date"))
    if not data.declaration_ids:
        problems.errors.append(error("receivables_required", field="declarations"))
    problems.raise_any()


@transaction.atomic
def _loan_register(*, actor, data: LoanInput) -> Loan:
    ensure_role(actor, BANK_ROLES, action=gettext_lazy("register loans"))
    _validate(data)
    borrower = (
        Organisation.objects.filter(pk=data.organisation_id).exclude(kind=Organisation.Kind.BANK).first()
    )
    if borrower is None:
        raise error("borrower_unknown", field="organisation")
    ids = sorted(set(data.declaration_ids))
    # 1. lock the receivables in id order (no deadlock between overlapping loans)
    locked = list(
        ShipmentDeclaration.objects.select_for_update(of=("self",))
        .select_related("policy")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    rights = _check_financeable(actor, borrower, ids, locked, data.loan_date)
    # 5. over-financing
    rate = rate_to_usd(data.currency, data.loan_date)
    amount_usd = Money(data.amount * rate, "USD").amount  # rounded to cents
    lines = [(d, rights[d.pk] if rights[d.pk] is not None else d.policy.financing_ratio) for d in locked]
    check = rules.loan_check(amount_usd, [(d.covered_usd, d.amount_usd - d.paid_usd, r) for d, r in lines])
    if not check.fits:
        raise error(
            "over_financing",
            field="amount",
            amount=format_amount(amount_usd, "USD"),
            financeable=format_amount(check.financeable_usd, "USD"),
            covered=format_amount(check.covered_usd, "USD"),
        )
    loan = _loan_create(actor, borrower, data, rate, amount_usd, check.financeable_usd, lines)
    audit_record(
        loan,
        action="loan.open",
        actor=actor,
        to_state=loan.status,
        data={
            "amount": data.amount,
            "currency": data.currency,
            "amount_usd": amount_usd,
            "financeable_usd": check.financeable_usd,
            "invoices": [d.invoice_number for d in locked],
        },
    )
    notify(
        org_users(borrower.pk),
        kind="loan_registered",
        params={
            "bank": str(actor.organisation),
            "number": loan.number,
            "currency": loan.currency,
            "amount": format_amount(loan.amount, loan.currency),
        },
        url=_url(loan),
    )
    return loan


def _check_financeable(actor, borrower, ids: list[int], locked: list, on) -> dict:
    """Steps 2 to 4: every receivable is the borrower's, assigned to this bank, open, covered, not
    overdue, not under a possible-loss notice and not financed by an open loan. Returns the
    bank's rights (financing ratio per receivable)."""
    by_id = {d.pk: d for d in locked}
    today = shanghai_today()
    # 2. assigned to this bank, from this borrower
    rights = bank_rights(actor.organisation_id, locked, on=on)
    for pk in ids:
        d = by_id.get(pk)
        if d is None or d.organisation_id != borrower.pk:
            raise error("receivable_unknown", field="declarations", id=pk)
        if d.pk not in rights:
            raise error("receivable_not_available", field="declarations", invoice=d.invoice_number)
    # 3. open, covered, not overdue, not under a possible-loss notice
    noticed: set[tuple[int, int]] = set()
    for policy_id in {d.policy_id for d in locked}:
        buyers = {d.buyer_id for d in locked if d.policy_id == policy_id}
        noticed |= {(policy_id, b) for b in buyers_with_loss_notice(policy_id, buyers)}
    for d in locked:
        code = rules.receivable_refusal(
            rules.ReceivableFacts(
                invoice_number=d.invoice_number,
                status=d.status,
                covered_usd=d.covered_usd,
                outstanding_usd=d.amount_usd - d.paid_usd,
                due_date=d.due_date,
                under_loss_notice=(d.policy_id, d.buyer_id) in noticed,
            ),
            today,
        )
        if code:
            raise error(code, field="declarations", invoice=d.invoice_number)
    # 4. never financed twice while a loan is open (by this bank or another: say nothing of it)
    financed = (
        LoanReceivable.objects.filter(declaration_id__in=ids, open=True)
        .order_by("declaration_id")
        .values_list("declaration__invoice_number", flat=True)
        .first()
    )
    if financed:
        raise error("receivable_already_financed", field="declarations", invoice=financed)
    return rights


def _loan_create(actor, borrower, data: LoanInput, rate, amount_usd, financeable_usd, lines) -> Loan:
    """The loan, its receivables with what each may finance, and its business number."""
    loan = Loan.objects.create(
        bank_id=actor.organisation_id,
        organisation=borrower,
        bank_reference=data.bank_reference,
        loan_date=data.loan_date,
        maturity_date=data.maturity_date,
        currency=data.currency,
        amount=data.amount,
        rate_used=rate,
        amount_usd=amount_usd,
        financeable_usd=financeable_usd,
        created_by=actor,
    )
    LoanReceivable.objects.bulk_create(
        [
            LoanReceivable(
                loan=loan,
                declaration=d,
                covered_usd=d.covered_usd,
                financing_ratio=ratio,
                financeable_usd=rules.financeable_usd(d.covered_usd, d.amount_usd - d.paid_usd, ratio),
            )
            for d, ratio in lines
        ]
    )
    assign_number(loan, "LN")
    return loan


def repayment_register(
    *, actor, loan_id: int, repaid_on: date, amount: Decimal, bank_reference: str = ""
) -> Repayment:
    try:
        return _repayment_register(
            actor=actor, loan_id=loan_id, repaid_on=repaid_on, amount=amount, bank_reference=bank_reference
        )
    except IntegrityError as exc:
        if "repayment_reference_once" in str(exc):
            raise error("reference_used", field="bank_reference", reference=bank_reference) from exc
        raise


@transaction.atomic
def _repayment_register(
    *, actor, loan_id: int, repaid_on: date, amount: Decimal, bank_reference: str
) -> Repayment:
    ensure_role(actor, BANK_ROLES, action=gettext_lazy("register repayments"))
    loan = Loan.objects.select_for_update().filter(pk=loan_id).first()
    if loan is None or loan.bank_id != actor.organisation_id:
        raise NotAllowed("not_a_party", error("not_a_party").message)
    if loan.status != Loan.Status.OPEN:
        raise error("loan_repaid", number=str(loan))
    if amount is not None:
        amount = money_in(amount, loan.currency).amount  # in the loan's currency: its decimals at most
    if amount is None or not rules.repayment_fits(loan.outstanding, amount):
        raise error(
            "repayment_too_much",
            field="amount",
            currency=loan.currency,
            outstanding=format_amount(loan.outstanding, loan.currency),
        )
    if repaid_on < loan.loan_date:
        raise error("repayment_before_loan", field="repaid_on", date=loan.loan_date.isoformat())
    if repaid_on > shanghai_today():
        raise error("loan_date_future", field="repaid_on")
    repayment = Repayment.objects.create(
        loan=loan,
        repaid_on=repaid_on,
        amount=amount,
        bank_reference=(bank_reference or "").strip(),
        created_by=actor,
    )
    assign_number(repayment, "RP")
    repaid_before = loan.repaid_amount
    loan.repaid_amount += amount
    fields = ["repaid_amount"]
    audit_record(
        loan,
        action="loan.repayment",
        actor=actor,
        data={"amount": amount, "repaid_on": repaid_on, "repayment": repayment.number},
        changes={"repaid_amount": (repaid_before, loan.repaid_amount)},
    )
    if loan.outstanding == 0:
        loan.repaid_on = repaid_on
        loan_workflow.transition(
            loan, to=Loan.Status.REPAID, actor=actor, update_fields=[*fields, "repaid_on"]
        )
        # its receivables may be financed again
        LoanReceivable.objects.filter(loan=loan).update(open=False)
    else:
        loan.save(update_fields=[*fields, "updated_at"])
    notify(
        org_users(loan.organisation_id),
        kind="loan_repayment",
        params={
            "currency": loan.currency,
            "amount": format_amount(amount, loan.currency),
            "number": loan.number,
        },
        url=_url(loan),
        email=False,
    )
    return repayment
