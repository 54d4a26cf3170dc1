"""Excel export of any table (the seed's SOL exports every statistic to Excel)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from sinosure_portal.money.currency import excel_number_format, quantize, to_decimal

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# A spreadsheet reads text starting with one of these as a formula (or DDE command): a buyer named
# "=HYPERLINK(...)" must reach the reader as that text, never as a live formula (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


class Amount:
    """An amount cell in its currency: the exact value, shown with the currency's decimals
    (number format "#,##0.000" for KWD, "#,##0" for JPY, "#,##0.00" for USD)."""

    __slots__ = ("currency", "value")

    def __init__(self, value, currency: str):
        self.value = value
        self.currency = currency


def amount(value, currency: str) -> Amount | None:
    """``amount(d.amount, d.currency)`` in a row of :func:`xlsx_response`; None stays empty."""
    return None if value is None or value == "" else Amount(value, currency)


def usd(value) -> Amount | None:
    return amount(value, "USD")


def _amount_cell(ws, value: Amount):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=quantize(to_decimal(value.value), value.currency))
    cell.number_format = excel_number_format(value.currency)
    return cell


def _cell(ws, value):
    if isinstance(value, Amount):
        return _amount_cell(ws, value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, Decimal | int | float | date) or value is None:
        return value
    text = str(value)
    if not is_formula_like(text):
        return text
    return _text_cell(ws, text)


def _text_cell(ws, text: str):
    """The text exactly as it is, stored as a string with Excel's quote prefix (shown as '=...), so
    neither openpyxl nor the spreadsheet turns it into a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=None)
    cell._value = text
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def csv_safe(value) -> str:
    """The same neutralisation for CSV, which has no types: prefix a quote."""
    text = "" if value is None else str(value)
    return "'" + text if is_formula_like(text) else text


def workbook_bytes(headers: Sequence[str], rows: Iterable[Sequence], *, sheet: str = "Sheet1") -> bytes:
    from io import BytesIO

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet[:31])
    ws.append([_header_cell(ws, h) for h in headers])
    for row in rows:
        ws.append([_cell(ws, v) for v in row])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _header_cell(ws, text):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=str(text))
    cell.font = Font(bold=True, color="FFFFFF")
    cell.fill = PatternFill("solid", fgColor="1F4E79")
    return cell


def xlsx_response(
    filename: str, headers: Sequence[str], rows: Iterable[Sequence], *, sheet: str = "Sheet1"
) -> HttpResponse:
    response = HttpResponse(workbook_bytes(headers, rows, sheet=sheet), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class Column:
    """One column of a list page: its header, how to read a row, and how to show it."""

    def __init__(self, header, value: Callable | str, *, template: str | None = None, css: str = ""):
        self.header = header
        self.value = value if callable(value) else (lambda obj, _a=value: _dig(obj, _a))
        self.template = template
        self.css = css


def _dig(obj, path: str):
    for part in path.split("."):
        obj = getattr(obj, part, None)
        if callable(obj):
            obj = obj()
        if obj is None:
            return None
    return obj
