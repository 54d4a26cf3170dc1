"""Pure rules of losses and claims (no ORM): deadlines, loss, indemnity and recovery shares.

Formulas from DESIGN.md ("Loss and indemnity"):
- per shipment: loss = unpaid invoice amount - its payments - deductions entered against it - its
  pro-rata share (to what is unpaid) of the claim-level deductions (resale proceeds, set-off, other
  recoveries); indemnifiable = min(that loss, that shipment's covered amount);
- indemnifiable loss = the sum over the claim's shipments (never min(total loss, total cover));
- indemnity = indemnifiable loss x indemnity ratio, capped by the policy's remaining maximum
  liability (and, for micro policies, the remaining per-buyer cap);
- a recovery after payment is shared: insurer share = (recovery - collection costs) x indemnity
  paid / total owed at the payment date; the insured gets the rest.
Every amount is a Decimal in one currency (USD); results are rounded to cents, half up, and the
two recovery shares always add up to the net recovery exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Protocol

from policies.rules import add_months
from policies.rules import loss_notice_deadline as due_date_plus_days
from sinosure_portal.money.currency import currency_exponent, quantize

CENT = Decimal(1).scaleb(-currency_exponent("USD"))  # the money kernel says what a cent is
ZERO = Decimal("0.00")

# causes of loss (DESIGN.md "Risks covered"); the default is the only one counted from the due date
BUYER_DEFAULT = "buyer_default"
# a claims officer's request for documents: the answer date it proposes (business days; the officer may change it)
DOCUMENT_REQUEST_BUSINESS_DAYS = 10


def cents(value: Decimal) -> Decimal:
    return quantize(value, "USD")


# the rows of Assessment.lines() that are subtracted (shown under "less …", without a minus)
DEDUCTION_LINES = frozenset(
    {"payments_received", "shipment_deductions", "resale_proceeds", "set_off", "other_recoveries"}
)


def shown_amount(key: str, value: Decimal | None) -> Decimal | None:
    """What a person reads on a row of the assessment: "less resale proceeds USD 5,000.00", never
    the double negative "less … USD -5,000.00"."""
    if value is None or key not in DEDUCTION_LINES:
        return value
    return abs(value)


@dataclass(frozen=True)
class Deadline:
    date: date
    basis: str  # "calendar" or "business"
    rule: str  # which rule produced it, for the page and the audit trail
    provisional: bool = False  # computed through a year without official calendar data

    def days_left(self, today: date) -> int:
        return (self.date - today).days


class BusinessDay(Protocol):
    date: date
    provisional: bool


class Workdays(Protocol):
    """The working-day calendar a deadline rule counts in, passed by the caller (the services pass
    ``sinosure_portal.workdays.calendar``; a test may pass its own): the rules read nothing else."""

    def add_business_days(self, start: date, n: int) -> BusinessDay: ...


def loss_notice_deadline(
    *,
    cause: str,
    event_date: date,
    due_date: date | None,
    calendar: Workdays,
    default_days: int = 30,
    other_business_days: int = 10,
) -> Deadline:
    """30 calendar days after the due date for a buyer default (the one "due date + N days" rule,
    ``policies.rules.loss_notice_deadline``); 10 China working days after the event for any other
    cause (seed; both per-policy settings)."""
    if cause == BUYER_DEFAULT:
        if due_date is None:
            raise ValueError("a buyer default is counted from the receivable's due date")
        return Deadline(
            due_date_plus_days(due_date, default_days), "calendar", f"due date + {default_days} calendar days"
        )
    result = calendar.add_business_days(event_date, other_business_days)
    return Deadline(
        result.date, "business", f"event date + {other_business_days} business days", result.provisional
    )


def claim_filing_deadline(*, notice_date: date, months: int = 4) -> Deadline:
    return Deadline(add_months(notice_date, months), "calendar", f"notice date + {months} months", False)


def micro_decision_deadline(*, claim_date: date, calendar: Workdays, business_days: int = 30) -> Deadline:
    result = calendar.add_business_days(claim_date, business_days)
    return Deadline(
        result.date, "business", f"claim date + {business_days} business days", result.provisional
    )


@dataclass(frozen=True)
class ShipmentLoss:
    """One covered shipment in a claim."""

    invoice_usd: Decimal  # the invoice amount in USD
    covered_usd: Decimal  # what the credit limit covered of it at declaration
    paid_usd: Decimal = ZERO  # payments received from the buyer for this invoice
    deductions_usd: Decimal = ZERO  # deductions the officer entered against this shipment
    key: str = ""  # the invoice number, to show the line


@dataclass(frozen=True)
class Deductions:
    """Claim-level deductions: allocated to the shipments pro rata to what is still unpaid on each."""

    resale_proceeds: Decimal = ZERO  # 转卖: the goods resold after rejection
    set_off: Decimal = ZERO  # amounts set off against the buyer
    other_recoveries: Decimal = ZERO  # recovered before payment (reduces the loss)

    @property
    def total(self) -> Decimal:
        return self.resale_proceeds + self.set_off + self.other_recoveries


@dataclass(frozen=True)
class Caps:
    indemnity_ratio: Decimal
    remaining_max_liability: Decimal
    remaining_buyer_cap: Decimal | None = None  # micro policies only


@dataclass(frozen=True)
class ShipmentAssessment:
    """One shipment's line of the assessment: its own loss, capped by its own cover."""

    key: str
    invoice: Decimal
    paid: Decimal
    unpaid: Decimal  # invoice - own payments
    own_deductions: Decimal  # entered against this shipment
    allocated: Decimal  # its share of the claim-level deductions
    loss: Decimal  # unpaid - own deductions - allocated share
    covered: Decimal
    indemnifiable: Decimal  # min(loss, covered)

    def as_dict(self) -> dict[str, str]:
        return {name: str(getattr(self, name)) for name in self.__dataclass_fields__}


@dataclass
class Assessment:
    """The computation line by line, as the page and the API show it."""

    invoice_total: Decimal
    payments_received: Decimal
    resale_proceeds: Decimal
    set_off: Decimal
    other_recoveries: Decimal
    loss: Decimal
    covered_total: Decimal
    indemnifiable_loss: Decimal
    indemnity_ratio: Decimal
    indemnity_before_caps: Decimal
    remaining_max_liability: Decimal
    remaining_buyer_cap: Decimal | None
    indemnity: Decimal
    capped_by: list[str] = field(default_factory=list)
    shipments: list[ShipmentAssessment] = field(default_factory=list)
    shipment_deductions: Decimal = ZERO  # the deductions entered against single shipments
    deduction_above_unpaid: Decimal = ZERO  # claim-level deductions beyond what was still unpaid

    def lines(self) -> list[tuple[str, Decimal | None]]:
        """The computation as (key, amount) rows that add up: the deductions are negative here (and
        so stored); pages and documents show them as "less …" with the amount's magnitude."""
        rows = [
            ("invoice_total", self.invoice_total),
            ("payments_received", -self.payments_received),
        ]
        if self.shipment_deductions:
            rows.append(("shipment_deductions", -self.shipment_deductions))
        rows += [
            ("resale_proceeds", -self.resale_proceeds),
            ("set_off", -self.set_off),
            ("other_recoveries", -self.other_recoveries),
        ]
        if self.deduction_above_unpaid:
            rows.append(("deduction_above_unpaid", self.deduction_above_unpaid))
        rows += [
            ("loss", self.loss),
            ("covered_total", self.covered_total),
            ("indemnifiable_loss", self.indemnifiable_loss),
            ("indemnity_ratio", self.indemnity_ratio),
            ("indemnity_before_caps", self.indemnity_before_caps),
            ("remaining_max_liability", self.remaining_max_liability),
        ]
        if self.remaining_buyer_cap is not None:
            rows.append(("remaining_buyer_cap", self.remaining_buyer_cap))
        rows.append(("indemnity", self.indemnity))
        return rows


def allocate(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Split ``total`` (cents, at most the sum of the weights) pro rata to the weights, in cents, by
    largest remainder: the shares add up to ``total`` exactly and none exceeds its weight."""
    if total < 0 or any(w < 0 for w in weights):
        raise ValueError("allocation needs non-negative amounts")
    whole = sum(weights, ZERO)
    if total > whole:
        raise ValueError("cannot allocate more than the weights hold")
    if total == 0 or whole == 0:
        return [ZERO for _ in weights]
    cents_total = int((total / CENT).to_integral_value())
    exact = [Decimal(cents_total) * w / whole for w in weights]  # in cents
    floors = [int(x) for x in exact]  # non-negative: int() floors
    left = cents_total - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [Decimal(f) * CENT for f in floors]


def assess(shipments: list[ShipmentLoss], deductions: Deductions, caps: Caps) -> Assessment:
    """Indemnity per shipment (DESIGN.md): each shipment's loss is its unpaid amount less its own
    payments and deductions and its share of the claim-level deductions; it is indemnifiable up to
    that shipment's own cover. The claim's indemnifiable loss is the sum over its shipments, never
    min(total loss, total cover)."""
    for value in (deductions.resale_proceeds, deductions.set_off, deductions.other_recoveries):
        if value < 0:
            raise ValueError("deductions are entered as positive amounts")
    if not (ZERO < caps.indemnity_ratio <= Decimal("1")):
        raise ValueError("the indemnity ratio is a fraction in (0, 1]")
    bases = []
    for s in shipments:
        if s.deductions_usd < 0 or s.paid_usd < 0:
            raise ValueError("payments and deductions are positive amounts")
        unpaid = s.invoice_usd - min(s.paid_usd, s.invoice_usd)
        if s.deductions_usd > unpaid:
            raise ValueError("a shipment's own deductions exceed what is unpaid on it")
        bases.append(unpaid - s.deductions_usd)
    allocatable = min(cents(deductions.total), sum(bases, ZERO))
    shares = allocate(allocatable, bases)
    lines = []
    for s, base, share in zip(shipments, bases, shares, strict=True):
        loss = base - share
        covered = min(s.covered_usd, s.invoice_usd)
        lines.append(
            ShipmentAssessment(
                key=s.key,
                invoice=cents(s.invoice_usd),
                paid=cents(min(s.paid_usd, s.invoice_usd)),
                unpaid=cents(s.invoice_usd - min(s.paid_usd, s.invoice_usd)),
                own_deductions=cents(s.deductions_usd),
                allocated=share,
                loss=cents(loss),
                covered=cents(covered),
                indemnifiable=cents(min(loss, covered)),
            )
        )
    indemnifiable = sum((line.indemnifiable for line in lines), ZERO)
    before_caps = cents(indemnifiable * caps.indemnity_ratio)
    indemnity = before_caps
    capped_by = []
    remaining = max(caps.remaining_max_liability, ZERO)
    if indemnity > remaining:
        indemnity, capped_by = remaining, ["max_liability"]
    if caps.remaining_buyer_cap is not None and indemnity > max(caps.remaining_buyer_cap, ZERO):
        indemnity, capped_by = max(caps.remaining_buyer_cap, ZERO), [*capped_by, "buyer_cap"]
    return Assessment(
        invoice_total=cents(sum((s.invoice_usd for s in shipments), ZERO)),
        payments_received=sum((line.paid for line in lines), ZERO),
        resale_proceeds=cents(deductions.resale_proceeds),
        set_off=cents(deductions.set_off),
        other_recoveries=cents(deductions.other_recoveries),
        loss=sum((line.loss for line in lines), ZERO),
        covered_total=sum((line.covered for line in lines), ZERO),
        indemnifiable_loss=indemnifiable,
        indemnity_ratio=caps.indemnity_ratio,
        indemnity_before_caps=before_caps,
        remaining_max_liability=cents(remaining),
        remaining_buyer_cap=None
        if caps.remaining_buyer_cap is None
        else cents(max(caps.remaining_buyer_cap, ZERO)),
        indemnity=cents(indemnity),
        capped_by=capped_by,
        shipments=lines,
        shipment_deductions=sum((line.own_deductions for line in lines), ZERO),
        deduction_above_unpaid=cents(deductions.total) - allocatable,
    )


@dataclass(frozen=True)
class RecoveryShare:
    recovered: Decimal
    costs: Decimal
    net: Decimal
    insurer: Decimal
    insured: Decimal


def recovery_share(
    *, recovered: Decimal, costs: Decimal, indemnity_paid: Decimal, total_owed: Decimal
) -> RecoveryShare:
    """Share a recovery made after the indemnity was paid. Collection costs come off first; the
    insurer takes indemnity paid / total owed of the rest (never more than the rest)."""
    if recovered < 0 or costs < 0 or indemnity_paid < 0 or total_owed <= 0:
        raise ValueError("recovered, costs and indemnity are non-negative and the amount owed positive")
    net = max(recovered - costs, ZERO)
    ratio = min(indemnity_paid / total_owed, Decimal("1"))
    insurer = min(cents(net * ratio), cents(net))
    return RecoveryShare(cents(recovered), cents(costs), cents(net), insurer, cents(net) - insurer)


# --- payee -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Payee:
    organisation_id: int
    assignment_id: int | None  # the indemnity assignment that sends the money to a bank, if any
    assignment_number: str = ""  # its business number (IA2026000001), cited on the documents

    @property
    def via_assignment(self) -> bool:
        return self.assignment_id is not None


def indemnity_payee(*, insured_id: int, assignment) -> Payee:
    """The insured, unless a bank holds an indemnity assignment (赔款转让协议) in force for the buyer
    on the day the indemnity notice is issued: then the bank. ``assignment`` is what
    ``financing.selectors.indemnity_assignment_in_force`` returned (an object with ``pk`` and
    ``bank``, or None)."""
    bank = getattr(assignment, "bank", None) if assignment is not None else None
    if bank is None:
        return Payee(insured_id, None)
    return Payee(bank.pk, assignment.pk, getattr(assignment, "number", "") or "")


# --- evidence ----------------------------------------------------------------------------------

# what a claim must carry before it can be assessed (DESIGN.md); a claim on services only needs no
# bill of lading nor customs declaration
REQUIRED_EVIDENCE = ("contract", "invoice", "bill_of_lading", "customs_declaration", "correspondence")
GOODS_ONLY_EVIDENCE = ("bill_of_lading", "customs_declaration")
# returned by the insured before the indemnity is paid (seed)
RECEIPT_EVIDENCE = ("signed_notice_receipt", "signed_receipt_transfer", "aml")


def missing_evidence(present: set[str], *, services_only: bool = False) -> list[str]:
    return [
        kind
        for kind in REQUIRED_EVIDENCE
        if kind not in present and not (services_only and kind in GOODS_ONLY_EVIDENCE)
    ]


def missing_receipts(present: set[str]) -> list[str]:
    return [kind for kind in RECEIPT_EVIDENCE if kind not in present]


# extension -> (content type, how the file must begin); Office files are ZIP containers
UPLOAD_TYPES = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
}


@dataclass(frozen=True)
class UploadCheck:
    ok: bool
    problem: str = ""  # empty, too_large, empty_file, file_type, content_mismatch
    extension: str = ""
    content_type: str = ""


def check_upload(name: str, head: bytes, size: int, *, max_bytes: int) -> UploadCheck:
    """Accept a file by its extension AND its first bytes (a renamed .exe is not a PDF)."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if size <= 0:
        return UploadCheck(False, "empty_file", extension)
    if size > max_bytes:
        return UploadCheck(False, "too_large", extension)
    if extension not in UPLOAD_TYPES:
        return UploadCheck(False, "file_type", extension)
    content_type, magics = UPLOAD_TYPES[extension]
    if not any(head.startswith(m) for m in magics):
        return UploadCheck(False, "content_mismatch", extension)
    return UploadCheck(True, "", extension, content_type)


def decision_reduced(*, excluded_lines: int, ratio_lowered: bool, capped: bool) -> bool:
    """An approval is partial when part of the claim was excluded, the ratio lowered, or the
    indemnity capped by the remaining maximum liability or the buyer cap."""
    return bool(excluded_lines or ratio_lowered or capped)


def needs_second_approval(indemnity: Decimal, threshold: Decimal) -> bool:
    """Four eyes on large payouts: an indemnity strictly above the threshold needs a second claims
    officer's approval before it is paid (at the threshold itself, one officer is enough)."""
    return indemnity > threshold
