"""What checking a row of a bulk declaration gives: a row accepted with its facts, a row refused
with its reason, the error that refuses it; and the CSV an API batch is stored as."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from declarations.columns import COLUMNS


class RowError(Exception):
    def __init__(self, code: str, stage: str = "parse", **params):
        self.code = code
        self.stage = stage  # "parse": the row itself is wrong; "rule": a business rule refused it
        self.params = params
        super().__init__(code)


@dataclass(slots=True)
class BuyerFact:
    id: int
    country_id: str
    risk_class: int


@dataclass(slots=True)
class CheckedRow:
    """A row that passed the checks and now only needs its cover (decided under the limit's lock)."""

    row_number: int
    invoice_number: str
    client_reference: str
    buyer_text: str
    buyer: BuyerFact
    limit_id: int
    shipment_date: date
    currency: str
    amount: Decimal
    rate: Decimal
    amount_usd: Decimal
    payment_term: str
    credit_days: int
    due_date: date
    hs_code: str
    description: str
    destination: str
    financing: bool
    premium_rate: Decimal
    premium_usd: Decimal
    deadline: date
    late: bool
    # the row's COPY text around the cover (built where it is checked, see engine.write)
    copy_head: str = ""
    copy_tail: str = ""


@dataclass(slots=True)
class RefusedRow:
    row_number: int
    invoice_number: str
    client_reference: str
    buyer_text: str
    code: str
    params: dict
    stage: str
    late: bool = False
    amount_usd: Decimal | None = None


def _text(value) -> str:
    if value.__class__ is str:  # the common case (every CSV cell): no isinstance chain
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def _short(value) -> str:
    text = _text(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_names(invoice: str, reference: str, buyer_text: str, *, need_invoice: bool = True) -> None:
    """The row's invoice number, reference and buyer: present where required, not too long."""
    if len(invoice) > 64:
        raise RowError("too_long", column="invoice_number", max=64)
    if len(reference) > 64:
        raise RowError("too_long", column="client_reference", max=64)
    if len(buyer_text) > 255:
        raise RowError("too_long", column="buyer", max=255)
    if not invoice and need_invoice:
        raise RowError("missing", column="invoice_number")
    if not buyer_text:
        raise RowError("missing", column="buyer")


def rows_to_csv(rows: list[dict]) -> bytes:
    """API batches are stored as a CSV with the API's keys as header, then read like an upload."""
    keys = list(COLUMNS)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(keys)
    for row in rows:
        writer.writerow(["" if row.get(k) is None else _api_value(row.get(k)) for k in keys])
    return buffer.getvalue().encode("utf-8")


def _api_value(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
