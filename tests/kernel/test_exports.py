"""Spreadsheets a reader can use without reworking them (issue 15 item 4, the kernel's part)."""

from datetime import UTC, date, datetime
from decimal import Decimal
from io import BytesIO

from django.utils import translation
from openpyxl import load_workbook

from sinosure_portal.core.exports import amount, workbook_bytes


def _book(**kwargs):
    rows = [
        (
            "穆勒贸易有限公司" * 3,
            amount(Decimal("1000.125"), "KWD"),
            amount(Decimal("1500000"), "JPY"),
            True,
            date(2026, 3, 1),
            datetime(2026, 1, 1, 20, 0, tzinfo=UTC),
        ),
        ("B", amount(Decimal("5"), "USD"), None, False, None, None),
    ]
    headers = ["Buyer", "Amount", "Yen", "Financed", "Due", "Recorded"]
    return load_workbook(BytesIO(workbook_bytes(headers, rows, **kwargs)))


def test_cells_are_typed_and_formatted_as_a_reader_expects():
    with translation.override("en"):
        ws = _book().active
    assert ws["B2"].value == Decimal("1000.125") and ws["B2"].number_format == "#,##0.000"
    assert ws["C2"].value == 1500000 and ws["C2"].number_format == "#,##0"
    assert ws["D2"].value == "Yes" and ws["D3"].value == "No"
    assert ws["E2"].value == datetime(2026, 3, 1) and ws["E2"].number_format == "yyyy-mm-dd"
    # 20:00 UTC is 04:00 the next day in Shanghai: the reader's clock, not the server's
    assert ws["F2"].value == datetime(2026, 1, 2, 4, 0) and ws["F2"].number_format == "yyyy-mm-dd hh:mm"


def test_yes_and_no_are_in_the_readers_language():
    with translation.override("zh-hans"):
        ws = _book().active
    assert (ws["D2"].value, ws["D3"].value) == ("是", "否")


def test_the_header_is_bold_and_frozen_and_columns_fit_their_content():
    ws = _book().active
    assert ws.freeze_panes == "A2"
    assert all(cell.font.bold for cell in ws[1])
    name_width = ws.column_dimensions["A"].width
    assert name_width >= 2 * len("穆勒贸易有限公司" * 3) / 1.2  # CJK text counts about double
    assert ws.column_dimensions["D"].width < name_width


def test_the_filters_used_are_written_on_a_second_sheet():
    with translation.override("en"):
        book = _book(filters=[("Status", "Overdue"), ("Buyer", "Müller")])
        assert book.sheetnames == ["Sheet1", "Filters"]
        rows = list(book["Filters"].values)
        assert rows == [("Filter", "Value"), ("Status", "Overdue"), ("Buyer", "Müller")]
        empty = _book(filters=[])
        assert list(empty["Filters"].values)[1][0] == "None: every row you may see"
