"""The ledger's invariants, registered by the apps that own the figures.

The kernel imports no app: each app registers, in its ``AppConfig.ready``, the checks of the
figures it stores (``ledger_check_register``). A check is one set-based query that returns only the
rows that disagree, as :class:`Drift` values, and says how many objects it looked at. A check never
corrects anything: drift is reported, and fixed through the owning app's workflow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Drift:
    object_type: str  # "app_label.model"
    object_id: int | str
    object_repr: str
    stored: Decimal
    expected: Decimal
    currency: str = "USD"


@dataclass(frozen=True)
class CheckResult:
    checked: int
    drift: list[Drift]


EQUALS = "equals"  # the stored figure must equal what its ledger rows add up to
AT_MOST = "at_most"  # the figure must not exceed its bound (e.g. the maximum liability)


@dataclass(frozen=True)
class LedgerCheck:
    code: str
    label: str  # what must hold, in words people read (lazy translation)
    run: Callable[[], CheckResult]
    relation: str = EQUALS


_CHECKS: dict[str, LedgerCheck] = {}


def ledger_check_register(
    code: str, label, run: Callable[[], CheckResult], *, relation: str = EQUALS
) -> None:
    """Apps call this from ``AppConfig.ready``; registering a code again replaces it. A finding's
    ``stored`` is the figure as stored (or summed); ``expected`` is what it must equal, or with
    ``relation=AT_MOST`` the bound it must not exceed."""
    _CHECKS[code] = LedgerCheck(code, label, run, relation)


def ledger_checks() -> list[LedgerCheck]:
    return [_CHECKS[code] for code in sorted(_CHECKS)]


def ledger_check(code: str) -> LedgerCheck | None:
    return _CHECKS.get(code)


def drift_rows(rows: Iterable[tuple], *, object_type: str, currency: str = "USD") -> list[Drift]:
    """``rows`` are (id, repr, stored, expected) tuples from a check's query, or (id, repr, stored,
    expected, currency) where the figures are in each row's own currency."""
    found = []
    for pk, label, stored, expected, *own in rows:
        amount_currency = own[0] if own else currency
        found.append(
            Drift(
                object_type,
                pk,
                str(label)[:200],
                Decimal(stored or 0),
                Decimal(expected or 0),
                amount_currency,
            )
        )
    return found


def stored_equals_sum(
    parents, *, stored: str, children, link: str, amount: str, currency: str | None = None
) -> CheckResult:
    """The usual check: each parent's ``stored`` figure equals the sum of ``amount`` over its
    ``children`` (joined by their ``link`` field), zero when it has none. One query with a
    correlated sum; returns the parents that disagree (in their ``currency`` field when given)."""
    from django.db.models import DecimalField, F, OuterRef, Subquery, Sum, Value
    from django.db.models.functions import Coalesce

    total = (
        children.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(t=Sum(amount)).values("t")
    )
    zero = Value(Decimal("0"), output_field=DecimalField(max_digits=20, decimal_places=3))
    drifted = (
        parents.annotate(ledger_total=Coalesce(Subquery(total), zero))
        .exclude(**{stored: F("ledger_total")})
        .order_by("pk")
    )
    meta = parents.model._meta
    rows = [
        (p.pk, str(p), getattr(p, stored), p.ledger_total, *([getattr(p, currency)] if currency else []))
        for p in drifted
    ]
    return CheckResult(parents.count(), drift_rows(rows, object_type=f"{meta.app_label}.{meta.model_name}"))
