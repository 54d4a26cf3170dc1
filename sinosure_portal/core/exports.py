"""Excel export of any table (the seed's SOL exports every statistic to Excel)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

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


class Number:
    """A number cell with its own format: a ratio as a percentage (``percent``), an exchange rate
    with its decimals (``rate``)."""

    __slots__ = ("number_format", "value")

    def __init__(self, value, number_format: str):
        self.value = value
        self.number_format = number_format


def percent(value, places: int = 2) -> Number | None:
    """0.9 shown as 90.00% (the cell keeps 0.9)."""
    return None if value is None or value == "" else Number(to_decimal(value), "0." + "0" * places + "%")


def rate(value, places: int = 6) -> Number | None:
    """An exchange rate or a premium rate with its decimals, never General."""
    return None if value is None or value == "" else Number(to_decimal(value), "0." + "0" * places)


def _amount_cell(ws, value: Amount):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=quantize(to_decimal(value.value), value.currency))
    cell.number_format = excel_number_format(value.currency)
    return cell


def _cell(ws, value):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, Amount):
        return _amount_cell(ws, value)
    if isinstance(value, Number):
        cell = WriteOnlyCell(ws, value=value.value)
        cell.number_format = value.number_format
        return cell
    if isinstance(value, bool):  # before int: a bool is an int to Python
        return str(_("Yes") if value else _("No"))
    if isinstance(value, datetime):
        cell = WriteOnlyCell(
            ws, value=timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
        )
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, Decimal | int | float) or value is None:
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


WIDTH_SAMPLE = 500  # rows read to fit the columns' widths
MAX_WIDTH = 60


def workbook_bytes(
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    sheet: str = "Sheet1",
    filters: Sequence[tuple[str, str]] | None = None,
) -> bytes:
    """A workbook a reader can use at once: a bold header row that stays in view, columns as wide
    as their content, amounts as numbers in their currency's format, dates as dates, yes/no in the
    reader's language, and, when given, the filters the list was made with on a second sheet."""
    from io import BytesIO
    from itertools import chain, islice

    rows = iter(rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet[:31])
    for index, width in enumerate(_widths(headers, sample), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    ws.append([_header_cell(ws, h) for h in headers])
    for row in chain(sample, rows):
        ws.append([_cell(ws, v) for v in row])
    if filters is not None:
        _filters_sheet(wb, filters)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _shown_width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, Amount):
        text = f"{to_decimal(value.value):,.3f}"
    elif isinstance(value, datetime):
        text = "2026-01-01 00:00"
    else:
        text = str(value)
    # a CJK character takes about two columns of a Latin one
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _widths(headers: Sequence[str], sample: list[Sequence]) -> list[float]:
    widths = []
    for index, header in enumerate(headers):
        longest = max(
            [_shown_width(str(header))] + [_shown_width(r[index]) for r in sample if index < len(r)]
        )
        widths.append(min(MAX_WIDTH, max(8, longest + 2)))
    return widths


def _filters_sheet(wb, filters: Sequence[tuple[str, str]]) -> None:
    ws = wb.create_sheet(title=str(_("Filters"))[:31])
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 48
    ws.append([_header_cell(ws, _("Filter")), _header_cell(ws, pgettext("filter setting", "Value"))])
    if not filters:
        ws.append([str(_("None: every row you may see"))])
    for name, value in filters:
        ws.append([_cell(ws, str(name)), _cell(ws, str(value))])


def _header_cell(ws, text):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=str(text))
    cell.font = Font(bold=True, color="FFFFFF")
    cell.fill = PatternFill("solid", fgColor="1F4E79")
    return cell


def xlsx_response(
    filename: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    sheet: str = "Sheet1",
    filters: Sequence[tuple[str, str]] | None = None,
) -> HttpResponse:
    response = HttpResponse(workbook_bytes(headers, rows, sheet=sheet, filters=filters), content_type=XLSX)
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


def filters_used(filterset) -> list[tuple[str, str]]:
    """The filters a django-filter FilterSet (or a plain search form) was given, as (label, value
    shown) pairs for the export's second sheet: choices by their label, empty filters left out."""
    form = getattr(filterset, "form", filterset)
    if not form.is_bound or not form.is_valid():
        return []
    used = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", [], ()):
            continue
        choices = dict(getattr(field, "choices", []) or [])
        values = value if isinstance(value, list | tuple) else [value]
        shown = ", ".join(str(choices.get(v, choices.get(str(v), v))) for v in values)
        used.append((str(field.label or name), shown))
    return used
