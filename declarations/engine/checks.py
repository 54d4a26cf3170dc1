"""Checking rows: the policy's facts are fetched once (its limits and their buyers, the exchange rates
of every (currency, day) pair the rows name, the premium table, the buyers under a possible-loss
notice), then each row is checked against them in memory by ``declarations.rows.RowChecker``: it
becomes a candidate (``CheckedRow``) or a refusal (``RefusedRow``) naming every problem at once.

The limit lookup (which limit a shipment falls under) is here, once, for every path.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.db import connection
from django.utils.translation import gettext_lazy as _

from creditinfo.models import Buyer, Country, normalise_name, registration_key
from declarations import rules
from declarations.models import ShipmentDeclaration
from declarations.reasons import NotCovered, reason_text
from declarations.rows import BuyerFact, CheckedRow, RefusedRow, RowChecker, _text
from declarations.selectors import buyers_with_loss_notice
from limits.models import CreditLimit, CreditLimitChange
from policies import rules as policy_rules
from policies.models import Policy, PremiumRate, Product
from sinosure_portal.accounts.access import ensure_role
from sinosure_portal.accounts.models import Role
from sinosure_portal.base.errors import DomainError
from sinosure_portal.money.currency import currency_exponent, iso_currencies
from sinosure_portal.money.models import ExchangeRate
from sinosure_portal.money.services import rates_to_usd
from sinosure_portal.workdays.calendar import today as shanghai_today

DECLARER_ROLES = [Role.EXPORTER, Role.BANK]


# --- the policy ---------------------------------------------------------------------------------------


def declaring_policy(actor, policy_id: int) -> Policy:
    """The actor's own policy, one that declares shipments (SME and micro say so instead)."""
    ensure_role(actor, DECLARER_ROLES, action=_("declare shipments"))
    policy = Policy.objects.select_related("organisation").filter(pk=policy_id).first()
    if policy is None or policy.organisation_id != actor.organisation_id:
        raise DomainError("policy_not_found", _("No such policy."), field="policy")
    ensure_policy_declares(policy)
    return policy


def ensure_policy_declares(policy: Policy) -> None:
    if policy.product not in rules.DECLARING_PRODUCTS:
        raise NotCovered("policy_does_not_declare", field="policy", product=Product(policy.product).label)
    if policy.status == Policy.Status.CANCELLED:
        raise NotCovered("policy_not_in_force", field="policy", policy=policy.number)


# --- the limit lookup ---------------------------------------------------------------------------------


class LimitTable:
    """The policy's limits (of some buyers, or all): which buyer a row names, and which limit a
    shipment on a date falls under: the live limit, else the latest ended one whose end applies
    after the shipment (earlier shipments keep their cover)."""

    def __init__(self, policy: Policy, buyer_ids: Iterable[int] | None = None):
        limits = CreditLimit.objects.filter(policy=policy)
        changes = CreditLimitChange.objects.filter(
            limit__policy=policy, kind__in=[CreditLimitChange.Kind.CANCELLED, CreditLimitChange.Kind.REVOKED]
        )
        if buyer_ids is not None:
            limits = limits.filter(buyer_id__in=list(buyer_ids))
            changes = changes.filter(limit__buyer_id__in=list(buyer_ids))
        rows = list(
            limits.values(
                "pk",
                "status",
                "effective_date",
                "buyer_id",
                "buyer__name",
                "buyer__name_en",
                "buyer__name_zh",
                "buyer__registration_key",
                "buyer__country_id",
                "buyer__country__risk_class",
            )
        )
        self.ended_from: dict[int, date] = {}
        for limit_id, applies_from in changes.values_list("limit_id", "applies_from"):
            self.ended_from[limit_id] = min(applies_from, self.ended_from.get(limit_id, applies_from))
        self.by_key: dict[str, BuyerFact] = {}
        self.by_buyer: dict[int, list[dict]] = {}
        for row in rows:
            fact = BuyerFact(row["buyer_id"], row["buyer__country_id"], row["buyer__country__risk_class"])
            self.by_buyer.setdefault(fact.id, []).append(row)
            for key in _buyer_keys(fact.id, row):
                self.by_key.setdefault(key, fact)
        self.live = set(CreditLimit.LIVE)

    def resolve_buyer(self, text: str) -> BuyerFact | None:
        text = text.strip()
        if text.isdigit() and text in self.by_key:
            return self.by_key[text]
        reg = registration_key(text)
        if reg and "reg:" + reg in self.by_key:
            return self.by_key["reg:" + reg]
        return self.by_key.get("name:" + normalise_name(text))

    def limit_for(self, buyer_id: int, shipped: date) -> int | None:
        candidates = self.by_buyer.get(buyer_id, ())
        for row in candidates:
            if row["status"] in self.live:
                return row["pk"]
        ended = self.ended_from
        later = [
            r
            for r in candidates
            if r["effective_date"] <= shipped and ended.get(r["pk"]) and ended[r["pk"]] > shipped
        ]
        if not later:
            return None
        return max(later, key=lambda r: (r["effective_date"], r["pk"]))["pk"]


def _buyer_keys(buyer_id: int, row: dict) -> list[str]:
    keys = [str(buyer_id), "id:" + str(buyer_id)]
    if row["buyer__registration_key"]:
        keys.append("reg:" + row["buyer__registration_key"])
    for name in (row["buyer__name"], row["buyer__name_en"], row["buyer__name_zh"]):
        if name:
            keys.append("name:" + normalise_name(name))
    return keys


# --- the checker --------------------------------------------------------------------------------------


def probe_date(value) -> date | None:
    """The day a shipment-date cell names, if it names one (to fetch its exchange rates)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip().replace("/", "-").replace(".", "-")
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        parts = text.split("-")
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            try:
                return date(int(parts[0]), int(parts[1]), int(parts[2]))
            except ValueError:
                return None
        return None


def rate_pairs(currencies: Iterable, dates: Iterable) -> set[tuple[str, date]]:
    """The (currency, day) pairs of the rows, to fetch their rates in one query."""
    pairs = set()
    days: dict = {}
    for raw_currency, value in zip(currencies, dates, strict=True):
        currency = str(raw_currency or "").strip().upper()
        if isinstance(value, str) and value in days:
            day = days[value]
        else:
            day = probe_date(value)
            if isinstance(value, str):
                days[value] = day
        if currency and day:
            pairs.add((currency, day))
    return pairs


def row_checker(
    policy: Policy,
    limits: LimitTable,
    pairs: set[tuple[str, date]],
    *,
    today: date,
    countries: Iterable[str] | None = None,
    planned: bool = False,
) -> RowChecker:
    """A checker of rows of ``policy`` against facts fetched once. ``countries``: the destination
    codes the rows name, when known (a single row); every known country otherwise."""
    table = [
        policy_rules.RateRow(
            r.country_class_from,
            r.country_class_to,
            r.payment_term,
            r.credit_days_from,
            r.credit_days_to,
            r.rate,
        )
        for r in PremiumRate.objects.filter(policy=policy)
    ]

    def premium_rate(risk_class: int, term: str, days: int) -> Decimal | None:
        return policy_rules.premium_rate(table, country_class=risk_class, payment_term=term, credit_days=days)

    known = Country.objects.all() if countries is None else Country.objects.filter(code__in=list(countries))
    in_force = policy.status != Policy.Status.CANCELLED
    return RowChecker(
        policy_number=policy.number or str(policy.pk),
        period=(policy.period_start, policy.period_end) if in_force else (date.max, date.min),
        policy_max_days=policy.max_credit_period_days,
        deadline_days=policy.declaration_deadline_days,
        today=today,
        currencies=iso_currencies(),
        currency_places=currency_exponent,
        countries=frozenset(known.values_list("code", flat=True)),
        resolve_buyer=limits.resolve_buyer,
        limit_for=limits.limit_for,
        rates=latest_rates_to_usd(pairs) if planned else rates_to_usd(pairs),
        premium_rate=premium_rate,
        buyers_with_notice=buyers_with_loss_notice(policy.pk, limits.by_buyer.keys()),
        planned=planned,
    )


def latest_rates_to_usd(pairs: set[tuple[str, date]]) -> dict[tuple[str, date], Decimal]:
    """For orders not shipped yet: the rate of each (currency, day), or the latest one known before
    that day (the day's own rate is not known ahead; the quote says which one it used)."""
    found = rates_to_usd(pairs)
    for currency, day in pairs - found.keys():
        rate = (
            ExchangeRate.objects.filter(currency=currency, date__lte=day)
            .order_by("-date")
            .values_list("usd_per_unit", flat=True)
            .first()
        )
        if rate is not None:
            found[(currency, day)] = rate
    return found


def latest_rate_day(currency: str, day: date) -> date | None:
    """The day of the rate a planned order on ``day`` is valued at (see ``latest_rates_to_usd``)."""
    if currency == "USD":
        return day
    return (
        ExchangeRate.objects.filter(currency=currency, date__lte=day)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )


def checker_for_rows(policy: Policy, raws: list[dict], *, planned: bool = False) -> RowChecker:
    """A checker for a few rows given as dicts (the form, the API): only their buyers' limits, their
    rates and their destinations are fetched."""
    buyers = {_text(r.get("buyer")) for r in raws}
    ids = [int(b) for b in buyers if b.isdigit()]
    limits = LimitTable(policy, buyer_ids=ids if len(ids) == len(buyers) else None)
    pairs = rate_pairs([r.get("currency") for r in raws], [r.get("shipment_date") for r in raws])
    countries = {_text(r.get("destination")).upper() for r in raws if r.get("destination")}
    return row_checker(policy, limits, pairs, today=shanghai_today(), countries=countries, planned=planned)


def ensure_buyers_exist(raws: list[dict], limits_by_key: dict) -> None:
    """A row naming a buyer by id that no limit of the policy has: unknown ids are a 400 (the form
    and the API pick a buyer; one without a limit on this policy is refused as not covered)."""
    ids = {_text(r.get("buyer")) for r in raws}
    unknown = [int(b) for b in ids if b.isdigit() and b not in limits_by_key]
    if unknown and Buyer.objects.filter(pk__in=unknown).count() < len(unknown):
        raise DomainError("buyer_not_found", _("No such buyer."), field="buyer")


# --- repeats and rows declared before -------------------------------------------------------------------


def repeats(
    numbers: list[int], invoices: Iterable, references: Iterable, buyers: Iterable
) -> dict[int, RefusedRow]:
    """A row whose invoice number (or reference) appeared earlier in the rows is a repeat: the first
    one is declared, the others are reported (by index in the rows)."""
    seen: dict[str, int] = {}
    refs: dict[str, int] = {}
    found: dict[int, RefusedRow] = {}
    for i, (raw_invoice, raw_reference, raw_buyer) in enumerate(
        zip(invoices, references, buyers, strict=True)
    ):
        invoice = _text(raw_invoice)
        reference = _text(raw_reference)
        number = numbers[i]
        if invoice and invoice in seen:
            params = {"invoice": invoice, "row": seen[invoice]}
            found[i] = RefusedRow(
                number, invoice, reference, _text(raw_buyer), "duplicate_in_file", params, "repeat"
            )
            continue
        if invoice:
            seen[invoice] = number
        if reference and reference in refs:
            params = {"reference": reference}
            found[i] = RefusedRow(
                number, invoice, reference, _text(raw_buyer), "reference_used", params, "repeat"
            )
            continue
        if reference:
            refs[reference] = number
    return found


def declared_before(policy: Policy, rows: list) -> tuple[set, set]:
    """The invoice numbers (and references) of these rows that are declared already."""
    candidates = [r for r in rows if not (r.__class__ is RefusedRow and r.stage in ("parse", "repeat"))]
    invoices = [r.invoice_number for r in candidates if r.invoice_number]
    refs = [r.client_reference for r in rows if r.client_reference]
    return (
        _existing("invoice_number", "policy_id", policy.pk, invoices),
        _existing("client_reference", "organisation_id", policy.organisation_id, refs),
    )


def _existing(column: str, scope: str, scope_id: int, values: list[str]) -> set[str]:
    """Which of these values are declared already: one query through the unique index."""
    if not values:
        return set()
    if connection.vendor != "postgresql":
        found = ShipmentDeclaration.objects.filter(**{scope: scope_id, f"{column}__in": values})
        return set(found.values_list(column, flat=True))
    table = ShipmentDeclaration._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT "{column}" FROM "{table}" WHERE "{scope}" = %s AND "{column}" = ANY(%s)',  # noqa: S608
            [scope_id, values],
        )
        return {r[0] for r in cursor.fetchall()}


# --- a refusal as the form and the API raise it ------------------------------------------------------------

PARSE_FIELDS = {
    "invalid_currency": "currency",
    "invalid_payment_term": "payment_term",
    "invalid_credit_days": "credit_days",
    "invalid_hs_code": "hs_code",
    "description_needed": "hs_code",
    "invalid_country": "destination",
    "invalid_flag": "financing_intent",
}
REASON_FIELDS = {
    "credit_days_above_policy": "credit_days",
    "shipment_in_future": "shipment_date",
    "outside_policy_period": "shipment_date",
    "rate_missing": "currency",
    "premium_rate_missing": "payment_term",
    "late_after_loss_notice": "shipment_date",
    "buyer_under_loss_notice": "buyer",
    "no_limit": "buyer",
    "payment_term": "payment_term",
    "credit_period": "credit_days",
    "before_effective_date": "shipment_date",
    "limit_ended": "shipment_date",
    "already_declared": "invoice_number",
    "duplicate_in_file": "invoice_number",
    "reference_used": "client_reference",
}
API_FIELDS = {"buyer": "buyer", "financing": "financing_intent"}


class RowProblem(DomainError):
    """A row that is wrong in itself (a 400 naming the field; every problem of the row in one
    message); a row refused by a rule is ``NotCovered``."""

    def __init__(self, code: str, *, field: str | None = None, **params):
        super().__init__(code, "", field=field, **params)

    @property
    def message(self) -> str:
        return reason_text(self.code, self.params)


def refusal_error(stage: str, code: str, params: dict) -> DomainError:
    """The error the form and the API show for a refused row."""
    if stage == "parse":
        column = params.get("column")
        field = API_FIELDS.get(column, column) if column else PARSE_FIELDS.get(code)
        return RowProblem(code, field=field, **params)
    return NotCovered(code, field=REASON_FIELDS.get(code, "amount"), **params)


__all__ = ["CheckedRow", "RefusedRow"]
