"""The fast XLSX reader gives what openpyxl gives, for the kinds of cells a declaration file has."""

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from declarations import xlsx
from declarations.rows import read_rows


def _openpyxl_rows(content: bytes) -> list[list]:
    wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    wb.close()
    return [_trim(r) for r in rows]


def _trim(row: list) -> list:
    row = list(row)
    while row and row[-1] is None:
        row.pop()
    return row


def _book(write_only: bool) -> bytes:
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet("申报") if write_only else wb.active
    ws.append(["发票号", "买方", "出运日期", "金额", "融资", "备注"])
    ws.append(["INV-1", "株式会社さくら電機", datetime(2026, 10, 8), 1234.56, True, None])
    ws.append([12345, "Müller", date(2026, 1, 31), 25000, False, "=1+1"])
    ws.append([])
    ws.append([None, None, None, 0.1, None, "tail"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("write_only", [True, False])
def test_same_values_as_openpyxl(write_only):
    content = _book(write_only)
    assert [_trim(r) for r in xlsx.iter_rows(content)] == _openpyxl_rows(content)


def test_gap_rows_keep_the_row_numbers_the_user_sees():
    wb = Workbook()
    ws = wb.active
    ws["A1"], ws["B1"], ws["C1"] = "Invoice number", "Buyer", "Shipment date"
    for col in "DEFG":
        ws[f"{col}1"] = {"D": "Currency", "E": "Amount", "F": "Payment term", "G": "Credit period (days)"}[
            col
        ]
    ws["A5"], ws["B5"], ws["C5"], ws["D5"], ws["E5"], ws["F5"], ws["G5"] = (
        "X",
        "B",
        "2026-10-01",
        "USD",
        1,
        "OA",
        30,
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    rows = read_rows("f.xlsx", buffer.getvalue())
    assert [number for number, _raw in rows] == [5]


def test_a_file_that_is_not_a_workbook_is_unsupported():
    with pytest.raises(xlsx.Unsupported):
        list(xlsx.iter_rows(b"PK\x03\x04 not really a zip"))
