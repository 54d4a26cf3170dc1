"""Reading uploaded files: the CSV encodings Chinese exporters send, XLSX through python-calamine,
and every other file refused whole with a code naming the problem: a 400 on the API and a form
error on the page, for the declaration upload and the payments upload alike, never a 500."""

import codecs
import csv
import functools
import io
import random
import zipfile
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.conf import settings as django_settings
from openpyxl import Workbook

from declarations.files import FileRefused, read_rows, read_table
from declarations.models import DeclarationBatch, ShipmentDeclaration
from declarations.services import declaration_batch_process
from sinosure_portal.workdays.calendar import today
from tests.factories.declarations import declaring_setup

MB = 1024 * 1024
HEADER_ZH = "发票号,买方,出运日期,币种,发票金额,支付方式,信用期限（天）,商品编码"
BUYER_ZH = "上海浦东远洋贸易有限公司"
BUYER_JA = "株式会社さくら電機"


def _chinese_csv() -> str:
    return f"{HEADER_ZH}\r\nZH-1,{BUYER_ZH},2026-10-08,USD,1234.56,赊销,30,940360\r\nZH-2,{BUYER_JA},2026-10-09,EUR,99,OA,60,940360\r\n"


# --- encodings that are read ------------------------------------------------------------------------


GBK_CSV = _chinese_csv().replace(BUYER_JA, "北京长城贸易")  # GBK has no kana: Chinese names only


@pytest.mark.parametrize(
    ("encoded", "names"),
    [
        pytest.param(_chinese_csv().encode("utf-8"), [BUYER_ZH, BUYER_JA], id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + _chinese_csv().encode("utf-8"), [BUYER_ZH, BUYER_JA], id="utf-8-bom"),
        pytest.param(_chinese_csv().encode("gb18030"), [BUYER_ZH, BUYER_JA], id="gb18030"),
        pytest.param(GBK_CSV.encode("gbk"), [BUYER_ZH, "北京长城贸易"], id="gbk"),
        pytest.param(
            codecs.BOM_UTF16_LE + _chinese_csv().encode("utf-16-le"), [BUYER_ZH, BUYER_JA], id="utf-16-le-bom"
        ),
        pytest.param(
            codecs.BOM_UTF16_BE + _chinese_csv().encode("utf-16-be"), [BUYER_ZH, BUYER_JA], id="utf-16-be-bom"
        ),
    ],
)
def test_csv_encodings_keep_chinese_names_intact(encoded, names):
    rows = read_rows("申报.csv", encoded)
    assert [number for number, _raw in rows] == [2, 3]
    assert [raw["buyer"] for _number, raw in rows] == names
    assert [raw["invoice_number"] for _number, raw in rows] == ["ZH-1", "ZH-2"]
    assert rows[0][1]["amount"] == "1234.56" and rows[0][1]["payment_term"] == "赊销"


# --- XLSX ---------------------------------------------------------------------------------------------


def _workbook(rows: list[list], write_only: bool = True) -> bytes:
    wb = Workbook(write_only=write_only)
    ws = wb.create_sheet("申报") if write_only else wb.active
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("write_only", [True, False])
def test_xlsx_cells_are_read_as_dates_numbers_and_text(write_only):
    content = _workbook(
        [
            [
                "发票号",
                "买方",
                "出运日期",
                "币种",
                "发票金额",
                "支付方式",
                "信用期限（天）",
                "融资意向",
                "备注",
            ],
            ["00123", BUYER_ZH, date(2026, 10, 8), "USD", 1234.56, "赊销", 30, True, None],
            [12345, "Müller GmbH", datetime(2026, 1, 31, 0, 0), "EUR", 25000, "OA", 60, False, "tail"],
        ],
        write_only,
    )
    table = read_table("申报.xlsx", content)
    first, second = (table.record(cells) for _n, cells in table.rows)
    assert first["invoice_number"] == "00123" and first["buyer"] == BUYER_ZH
    assert first["shipment_date"] == date(2026, 10, 8)
    assert Decimal(repr(first["amount"])) == Decimal("1234.56") and first["credit_days"] == 30
    assert first["financing"] is True
    # a date-time cell is a date or a datetime at midnight: either is the day the user typed
    assert isinstance(second["shipment_date"], date) and second["shipment_date"].timetuple()[:3] == (
        2026,
        1,
        31,
    )
    assert second["buyer"] == "Müller GmbH"
    assert second["amount"] == 25000 and second["financing"] is False


def test_gap_rows_keep_the_row_numbers_the_user_sees():
    wb = Workbook()
    ws = wb.active
    header = [
        "Invoice number",
        "Buyer",
        "Shipment date",
        "Currency",
        "Amount",
        "Payment term",
        "Credit period (days)",
    ]
    for col, title in zip("ABCDEFG", header, strict=True):
        ws[f"{col}1"] = title
    for col, value in zip("ABCDEFG", ["X", "B", "2026-10-01", "USD", 1, "OA", 30], strict=True):
        ws[f"{col}5"] = value
    buffer = io.BytesIO()
    wb.save(buffer)
    assert [number for number, _raw in read_rows("f.xlsx", buffer.getvalue())] == [5]


@pytest.mark.django_db
def test_an_xlsx_upload_declares_exact_amounts_and_dates(api_for):
    user, policy, limit = declaring_setup()
    shipped = today() - timedelta(days=1)
    content = _workbook(
        [
            [
                "Invoice number",
                "Buyer",
                "Shipment date",
                "Currency",
                "Amount",
                "Payment term",
                "Credit period (days)",
                "HS code",
            ],
            ["XL-1", limit.buyer_id, shipped, "USD", 1234.56, "OA", 30, 940360],
            ["XL-2", limit.buyer_id, shipped, "USD", "0.10", "OA", 30, "940360"],
        ]
    )
    response = _api_upload(api_for(user), "declarations", policy, "x.xlsx", content)
    assert response.status_code == 202, response.json()
    batch = declaration_batch_process(batch_id=response.json()["id"])
    assert batch.covered_rows == 2
    amounts = dict(ShipmentDeclaration.objects.values_list("invoice_number", "amount"))
    assert amounts == {"XL-1": Decimal("1234.56"), "XL-2": Decimal("0.10")}
    assert set(ShipmentDeclaration.objects.values_list("shipment_date", flat=True)) == {shipped}


# --- files that are refused ---------------------------------------------------------------------------


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


@functools.cache
def _zip_bomb() -> bytes:
    """A real workbook whose sheet is 40 MB of the same row: a few tens of KB once compressed."""
    book = _workbook([["Invoice number", "Buyer"], ["B-1", "Bomb Ltd"]])
    with zipfile.ZipFile(io.BytesIO(book)) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    sheet = next(n for n in members if n.startswith("xl/worksheets/"))
    row = b'<row><c t="inlineStr"><is><t>AAAAAAAAAAAAAAAAAAAA</t></is></c></row>'
    members[sheet] = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData>' + row * (40 * MB // len(row)) + b"</sheetData></worksheet>"
    )
    return _zip(members)


def _old_xls() -> bytes:
    # the compound-document header every Excel 97-2003 file starts with, then its first sector
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff" + b"\x00" * 4066


FULL_HEADER = (
    b"Invoice number,Buyer,Shipment date,Currency,Amount,Payment term,Credit period (days),Received on\n"
)
BAD_FILES = {
    # id: (file name, content builder, code, a phrase the message must hold)
    "utf16-no-bom": ("u.csv", lambda: _chinese_csv().encode("utf-16-le"), "utf16_no_bom", "UTF-16"),
    "random-bytes": ("r.csv", lambda: random.Random(7).randbytes(8192), "binary", "binary data"),
    "nul-bytes": ("n.csv", lambda: b"Invoice number,Buyer\nA,\x00B\n", "binary", "binary data"),
    "png-named-csv": ("photo.csv", _png, "not_a_table", "PNG"),
    "xls": ("old.xls", _old_xls, "old_excel", "97-2003"),
    "zip-not-xlsx": ("a.xlsx", lambda: _zip({"readme.txt": b"hello"}), "zip_not_xlsx", "ZIP archive"),
    "corrupt-xlsx": ("c.xlsx", lambda: b"PK\x03\x04" + b"\x00" * 64, "bad_xlsx", "cannot be read"),
    "xlsx-not-zip": ("t.xlsx", lambda: b"just text", "bad_xlsx", "cannot be read"),
    "zip-bomb": ("bomb.xlsx", _zip_bomb, "xlsx_ratio", "zip bomb"),
    "bad-encoding": ("e.csv", lambda: FULL_HEADER + b"A,\xff\xfe\xff\n", "encoding", "GB18030"),
    "bad-csv": (
        "b.csv",
        lambda: FULL_HEADER + b'A,"' + b"x" * 200_000 + b'"\n',
        "bad_csv",
        "CSV file",
    ),
    "30-mb": (
        "big.csv",
        lambda: b"Invoice number,Buyer\n" + b"A,B\n" * (30 * MB // 4),
        "too_large",
        "30.0 MB",
    ),
}


def _api_upload(api, kind: str, policy, name: str, content: bytes):
    upload = io.BytesIO(content)
    upload.name = name
    if kind == "declarations":
        url, data = "/api/v1/declarations/batches/upload/", {"policy": policy.pk, "file": upload}
    else:
        url, data = "/api/v1/declarations/payments/upload/", {"file": upload}
    return api.post(url, data, format="multipart", HTTP_ACCEPT_LANGUAGE="en")


def _page_upload(client, kind: str, policy, name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    upload = SimpleUploadedFile(name, content)
    if kind == "declarations":
        return client.post("/declarations/upload/", {"policy": policy.pk, "file": upload})
    return client.post("/declarations/payments/", {"file-file": upload})


def _field_error(html: str) -> str:
    marker = 'data-field-error="file">'
    assert marker in html, "no error on the file field"
    return html.split(marker, 1)[1].split("</div>", 1)[0]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["declarations", "payments"])
@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_refused_with_its_code_on_the_api_and_the_page(case, kind, api_for, client_for):
    name, build, code, phrase = BAD_FILES[case]
    content = build()
    user, policy, limit = declaring_setup()
    response = _api_upload(api_for(user), kind, policy, name, content)
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert body["code"] == code and body["field"] == "file"
    assert phrase in body["message"], body["message"]
    page = _page_upload(client_for(user), kind, policy, name, content)
    assert page.status_code == 200
    assert phrase in _field_error(page.content.decode())
    assert not DeclarationBatch.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["declarations", "payments"])
def test_too_many_rows_is_refused_on_the_api_and_the_page(kind, api_for, client_for, settings):
    settings.PORTAL_UPLOAD_MAX_ROWS = 3
    user, policy, limit = declaring_setup()
    lines = [
        "Invoice number,Buyer,Shipment date,Currency,Amount,Payment term,Credit period (days),Received on"
    ]
    lines += [f"M-{i},{limit.buyer_id},2026-10-01,USD,1,OA,30,2026-10-02" for i in range(4)]
    content = "\n".join(lines).encode()
    response = _api_upload(api_for(user), kind, policy, "m.csv", content)
    assert response.status_code == 400
    assert (
        response.json()["code"] == "too_many_rows"
        and "at most 3 rows; this one has 4" in response.json()["message"]
    )
    page = _page_upload(client_for(user), kind, policy, "m.csv", content)
    assert "at most 3 rows" in _field_error(page.content.decode())
    assert not DeclarationBatch.objects.exists()


def test_the_default_row_limit_is_100000():
    body = "Invoice number,Buyer,Shipment date,Currency,Amount,Payment term,Credit period (days)\n"
    row = "I,B,2026-10-01,USD,1,OA,30\n"
    assert len(read_rows("ok.csv", (body + row * 100_000).encode())) == 100_000
    with pytest.raises(FileRefused) as refused:
        read_rows("big.csv", (body + row * 100_001).encode())
    assert refused.value.code == "too_many_rows" and refused.value.params["rows"] == 100_001


def test_an_xlsx_expanding_past_the_cap_is_refused_from_its_directory(settings):
    settings.PORTAL_XLSX_MAX_UNCOMPRESSED_BYTES = 64 * 1024
    content = _workbook([["Invoice number", "Buyer"]] + [[f"I-{i}", "a buyer"] for i in range(2000)])
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        assert sum(m.file_size for m in zf.infolist()) > 64 * 1024
    with pytest.raises(FileRefused) as refused:
        read_rows("x.xlsx", content)
    assert refused.value.code == "xlsx_too_large"


def test_refusals_are_translated():
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(FileRefused) as refused:
        read_rows("old.xls", _old_xls())
    with translation.override("zh-hans"):
        message = refused.value.message
    assert "Excel" in message and any("\u4e00" <= ch <= "\u9fff" for ch in message)


def test_a_csv_written_by_the_csv_module_round_trips():
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [HEADER_ZH.split(","), ["Q-1", '买方 "甲", 有限公司', "2026-10-08", "USD", "1", "OA", "30", ""]]
    )
    rows = read_rows("q.csv", buffer.getvalue().encode("gb18030"))
    assert rows[0][1]["buyer"] == '买方 "甲", 有限公司'
