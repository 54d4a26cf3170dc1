"""Checking the rows of a bulk declaration file, without the database.

``RowChecker`` checks each row against facts loaded once for the whole file (the policy, its
limits' buyers, exchange rates, the premium table), so that 100,000 rows cost dictionary look-ups,
not queries. Reading the file itself is ``declarations.files``; its names are re-exported here for
the modules that import them from this one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from declarations import rules
from declarations.files import (  # noqa: F401 - re-exported: the reader used to live here
    XLSX_MAGIC,
    FileProblem,
    FileRefused,
    Table,
    _blank,
    _header_map,
    _iter_csv,
    _iter_xlsx,
    decode_csv,
    file_kind,
    read_header,
    read_rows,
    read_table,
)
from declarations.row_results import (  # noqa: F401 - re-exported for the modules that import them here
    BuyerFact,
    CheckedRow,
    RefusedRow,
    RowError,
    _check_names,
    _short,
    _text,
    rows_to_csv,
)

# --- checking one row --------------------------------------------------------------------------------

TERMS = {
    "lc": "LC",
    "l/c": "LC",
    "信用证": "LC",
    "dp": "DP",
    "d/p": "DP",
    "付款交单": "DP",
    "da": "DA",
    "d/a": "DA",
    "承兑交单": "DA",
    "oa": "OA",
    "o/a": "OA",
    "赊销": "OA",
    "open account": "OA",
}
TERMS_FAST = {
    **TERMS,
    **{k.upper(): v for k, v in TERMS.items()},
    "LC": "LC",
    "DP": "DP",
    "DA": "DA",
    "OA": "OA",
}
YES = {"1", "y", "yes", "true", "t", "是", "有", "需要", "x", "✓"}
NO = {"", "0", "n", "no", "false", "f", "否", "无", "不需要"}
LIMITS = {"invoice_number": 64, "client_reference": 64, "description": 300, "buyer": 255}


class RowChecker:
    """Checks rows against facts known for the whole upload. Every method is a dictionary look-up
    or a small computation; caches keep repeated dates, amounts' currencies and buyers cheap."""

    def __init__(
        self,
        *,
        policy_number: str,
        period: tuple[date, date],
        policy_max_days: int,
        deadline_days: int,
        today: date,
        currencies: frozenset[str],
        currency_places: Callable[[str], int],
        countries: frozenset[str],
        resolve_buyer: Callable[[str], BuyerFact | None],
        limit_for: Callable[[int, date], int | None],
        rates: dict[tuple[str, date], Decimal],
        premium_rate: Callable[[int, str, int], Decimal | None],
        buyers_with_notice: set[int],
        planned: bool = False,
    ):
        # planned: an order not shipped yet (a cover quote): no invoice number or goods description
        # needed, a shipment date ahead is what it is about, and it cannot be late
        self.planned = planned
        self.policy_number = policy_number
        self.period = period
        self.policy_max_days = policy_max_days
        self.deadline_days = deadline_days
        self.today = today
        self.currencies = currencies
        self.currency_places = currency_places
        self.countries = countries
        self.resolve_buyer = resolve_buyer
        self.limit_for = limit_for
        self.rates = rates
        self.premium_rate = premium_rate
        self.buyers_with_notice = buyers_with_notice
        self._dates: dict = {}
        self._buyers: dict = {}
        self._premium: dict = {}
        self._places: dict = {}
        self._days: dict = {}
        self._rules: dict = {}
        self._cache_currency: dict = {}
        self._cache_term: dict = {}
        self._cache_hs: dict = {}
        self._cache_flag: dict = {}

    # -- value parsers (raise RowError) --

    def date_of(self, value, column: str) -> date:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        cached = self._dates.get(value)
        if cached is not None:
            return cached
        text = _text(value)
        if not text:
            raise RowError("missing", column=column)
        parsed = None
        candidate = text.replace("/", "-").replace(".", "-")
        try:
            parsed = date.fromisoformat(candidate)
        except ValueError:
            parts = candidate.split("-")
            if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4:
                try:
                    parsed = date(int(parts[0]), int(parts[1]), int(parts[2]))
                except ValueError:
                    parsed = None
        if parsed is None:
            raise RowError("invalid_date", column=column, value=_short(value))
        if isinstance(value, str):
            self._dates[value] = parsed
        return parsed

    def amount_of(self, value, currency: str) -> Decimal:
        if isinstance(value, Decimal):
            amount = value
        elif isinstance(value, int):
            amount = Decimal(value)
        elif isinstance(value, float):
            # a spreadsheet keeps numbers as binary floats; its shortest repr is what the user typed
            amount = Decimal(repr(value))
        else:
            text = value.strip() if value.__class__ is str else _text(value)
            if "," in text or " " in text:
                text = text.replace(",", "").replace(" ", "")
            if not text:
                raise RowError("missing", column="amount")
            try:
                amount = Decimal(text)
            except InvalidOperation as exc:
                raise RowError("invalid_amount", column="amount", value=_short(value)) from exc
        if not amount.is_finite() or amount <= 0:
            raise RowError("invalid_amount", column="amount", value=_short(value))
        places = self._places.get(currency)
        if places is None:
            places = self._places[currency] = self.currency_places(currency)
        if amount.__class__ is Decimal and value.__class__ is str and "e" not in text and "E" not in text:
            dot = text.find(".")
            fraction = 0 if dot < 0 else len(text) - dot - 1
        else:
            fraction = -amount.as_tuple().exponent
        if fraction != places:  # kept in the currency's minor units (JPY 0, USD 2, KWD 3 places)
            unit = Decimal(1).scaleb(-places)
            if fraction > places and amount != amount.quantize(unit):
                raise RowError("invalid_amount", column="amount", value=_short(value))
            amount = amount.quantize(unit)
        if amount.adjusted() >= 15:
            raise RowError("invalid_amount", column="amount", value=_short(value))
        return amount

    def days_of(self, value) -> int:
        cached = self._days.get(value)
        if cached is not None:
            return cached
        days = self._days_of(value)
        if value.__class__ is str:
            self._days[value] = days
        return days

    def _days_of(self, value) -> int:
        text = _text(value)
        if not text:
            raise RowError("missing", column="credit_days")
        try:
            days = int(text) if text.isdigit() else int(Decimal(text))
            if Decimal(text) != days:
                raise ValueError
        except (ValueError, InvalidOperation) as exc:
            raise RowError("invalid_credit_days", value=_short(value)) from exc
        if not (0 <= days <= 720):
            raise RowError("invalid_credit_days", value=_short(value))
        return days

    def buyer_of(self, text: str) -> BuyerFact | None:
        if text in self._buyers:
            return self._buyers[text]
        found = self._buyers[text] = self.resolve_buyer(text)
        return found

    def premium_of(self, risk_class: int, term: str, days: int) -> Decimal | None:
        key = (risk_class, term, days)
        if key not in self._premium:
            self._premium[key] = self.premium_rate(risk_class, term, days)
        return self._premium[key]

    # -- the row --

    def check(self, row_number: int, raw: dict) -> CheckedRow | RefusedRow:
        """The row's fields are checked in column order, then the business rules (in the order
        the single declaration applies them). The rules depend only on (buyer, shipment date,
        currency, payment term, credit period), which repeat a lot in real files: their outcome
        is worked out once per combination."""
        get = raw.get
        invoice = get("invoice_number")
        invoice = invoice.strip() if invoice.__class__ is str else _text(invoice)
        reference = get("client_reference")
        reference = reference.strip() if reference.__class__ is str else _text(reference)
        buyer_text = get("buyer")
        buyer_text = buyer_text.strip() if buyer_text.__class__ is str else _text(buyer_text)
        late = False
        amount_usd = None
        try:
            _check_names(invoice, reference, buyer_text, need_invoice=not self.planned)
            shipped = self.date_of(get("shipment_date"), "shipment_date")
            currency = self._currency(get("currency"))
            amount = self.amount_of(get("amount"), currency)
            term = self._term(get("payment_term"))
            days = self.days_of(get("credit_days"))
            hs = self._hs(get("hs_code"))
            description = get("description")
            description = description.strip() if description.__class__ is str else _text(description)
            if len(description) > 300:
                raise RowError("too_long", column="description", max=300)
            if not hs and not description and not self.planned:
                raise RowError("description_needed")
            destination = get("destination")
            destination = self._destination(destination) if destination else ""
            financing = self._flag(get("financing"))
            key = (buyer_text, shipped, currency, term, days)
            facts = self._rules.get(key)
            if facts is None:
                facts = self._rules[key] = self._rule_facts(buyer_text, shipped, currency, term, days)
            rate, buyer, deadline, late, premium_rate, limit_id, due, error = facts
            if rate is not None:
                amount_usd = rules.to_usd(amount, rate)
            if error is not None:
                raise error
        except RowError as error:
            return self._refused(error, raw, row_number, invoice, reference, buyer_text, late, amount_usd)
        return CheckedRow(
            row_number,
            invoice,
            reference,
            buyer_text,
            buyer,
            limit_id,
            shipped,
            currency,
            amount,
            rate,
            amount_usd,
            term,
            days,
            due,
            hs,
            description,
            destination or buyer.country_id,
            financing,
            premium_rate,
            rules.premium(amount_usd, premium_rate),
            deadline,
            late,
        )

    def _refused(
        self, error: RowError, raw: dict, row_number: int, invoice, reference, buyer_text, late, amount_usd
    ):
        code, params = error.code, error.params
        if error.stage == "parse":  # report every problem of the row at once, not the first only
            problems = self.problems(raw, invoice, reference, buyer_text)
            if len(problems) > 1:
                code = problems[0].code
                params = {**problems[0].params, "more": [[p.code, p.params] for p in problems[1:]]}
        return RefusedRow(
            row_number, invoice, reference, buyer_text, code, params, error.stage, late, amount_usd
        )

    def problems(self, raw: dict, invoice: str, reference: str, buyer_text: str) -> list[RowError]:
        """Every problem of a row that failed its field checks, in column order (the slow path,
        taken for a refused row only: a valid row is checked once, stopping at nothing)."""
        found: list[RowError] = []

        def attempt(check, *args):
            try:
                return check(*args)
            except RowError as error:
                found.append(error)
                return None

        for column, text, longest in (
            ("invoice_number", invoice, 64),
            ("client_reference", reference, 64),
            ("buyer", buyer_text, 255),
        ):
            if len(text) > longest:
                found.append(RowError("too_long", column=column, max=longest))
            elif (
                not text
                and column != "client_reference"
                and not (self.planned and column == "invoice_number")
            ):
                found.append(RowError("missing", column=column))
        get = raw.get
        attempt(self.date_of, get("shipment_date"), "shipment_date")
        currency = attempt(self._currency, get("currency"))
        attempt(self.amount_of, get("amount"), currency or "USD")
        attempt(self._term, get("payment_term"))
        attempt(self.days_of, get("credit_days"))
        hs = attempt(self._hs, get("hs_code"))
        description = _text(get("description"))
        if len(description) > 300:
            found.append(RowError("too_long", column="description", max=300))
        elif hs == "" and not description and not self.planned:
            found.append(RowError("description_needed"))
        if get("destination"):
            attempt(self._destination, get("destination"))
        attempt(self._flag, get("financing"))
        return found

    def _rule_facts(self, buyer_text: str, shipped: date, currency: str, term: str, days: int) -> tuple:
        """(rate, buyer, deadline, late, premium rate, limit id, due date, error or None) of a
        combination, the rules applied in the single declaration's order."""
        rate = buyer = deadline = premium_rate = limit_id = None
        late = False
        try:
            if days > self.policy_max_days:
                raise RowError("credit_days_above_policy", "rule", days=days, max=self.policy_max_days)
            if shipped > self.today and not self.planned:
                raise RowError("shipment_in_future", "rule", date=shipped.isoformat())
            if not (self.period[0] <= shipped <= self.period[1]):
                raise RowError(
                    "outside_policy_period",
                    "rule",
                    date=shipped.isoformat(),
                    start=self.period[0].isoformat(),
                    end=self.period[1].isoformat(),
                )
            rate = self.rates.get((currency, shipped))
            if rate is None:
                raise RowError("rate_missing", "rule", currency=currency, date=shipped.isoformat())
            buyer = self.buyer_of(buyer_text)
            deadline = rules.declaration_deadline(shipped, self.deadline_days)
            late = self.today > deadline and not self.planned
            if buyer is None:
                raise RowError("no_limit", "rule", policy=self.policy_number)
            premium_rate = self.premium_of(buyer.risk_class, term, days)
            if premium_rate is None:
                raise RowError("premium_rate_missing", "rule", cls=buyer.risk_class, term=term, days=days)
            # from a possible-loss notice on, the buyer's limit takes no new cover (late or not)
            if buyer.id in self.buyers_with_notice:
                if late:
                    raise RowError("late_after_loss_notice", "rule", deadline=deadline.isoformat())
                raise RowError("buyer_under_loss_notice", "rule")
            limit_id = self.limit_for(buyer.id, shipped)
            if limit_id is None:
                raise RowError("no_limit", "rule", policy=self.policy_number)
        except RowError as error:
            return rate, buyer, deadline, late, premium_rate, limit_id, None, error
        return rate, buyer, deadline, late, premium_rate, limit_id, rules.due_date(shipped, days), None

    # -- small cached parsers of the columns whose values repeat --

    def _currency(self, value) -> str:
        cached = self._cache_currency.get(value)
        if cached is not None:
            return cached
        currency = _text(value).upper()
        if not currency:
            raise RowError("missing", column="currency")
        if currency not in self.currencies:
            raise RowError("invalid_currency", value=_short(currency))
        if value.__class__ is str:
            self._cache_currency[value] = currency
        return currency

    def _term(self, value) -> str:
        cached = self._cache_term.get(value)
        if cached is not None:
            return cached
        text = _text(value)
        term = TERMS_FAST.get(text)
        if term is None:
            folded = text.casefold()
            term = TERMS.get(folded.replace(" ", "")) or TERMS.get(folded)
        if not text:
            raise RowError("missing", column="payment_term")
        if term is None:
            raise RowError("invalid_payment_term", value=_short(text))
        if value.__class__ is str:
            self._cache_term[value] = term
        return term

    def _hs(self, value) -> str:
        cached = self._cache_hs.get(value)
        if cached is not None:
            return cached
        hs = _text(value).replace(".", "").replace(" ", "")
        if hs and not (hs.isdigit() and 6 <= len(hs) <= 10):
            raise RowError("invalid_hs_code", value=_short(hs))
        if value.__class__ is str or value is None:
            self._cache_hs[value] = hs
        return hs

    def _destination(self, value) -> str:
        destination = _text(value).upper()
        if destination and destination not in self.countries:
            raise RowError("invalid_country", value=_short(destination))
        return destination

    def _flag(self, value) -> bool:
        cached = self._cache_flag.get(value)
        if cached is not None:
            return cached
        flag = _text(value).casefold()
        if flag in YES:
            result = True
        elif flag in NO:
            result = False
        else:
            raise RowError("invalid_flag", column="financing", value=_short(flag))
        if value.__class__ is str or value is None:
            self._cache_flag[value] = result
        return result
