"""Reading an uploaded declaration or payments file: CSV or XLSX, or a clear refusal.

A CSV may be UTF-8 (with or without a BOM), UTF-16 with a BOM, or GB18030 (which covers GBK, what
Excel writes for "CSV" on a Chinese Windows). An XLSX is read with python-calamine, after its zip
directory has been checked: the sum of the uncompressed sizes and each large member's compression
ratio are refused above ``PORTAL_XLSX_MAX_UNCOMPRESSED_BYTES`` and ``PORTAL_XLSX_MAX_RATIO`` before
anything is expanded (a zip bomb never reaches the parser). Any other file (an old .xls, a PNG named
.csv, random bytes, UTF-16 without a BOM...) raises :class:`FileRefused`, a translated 400
``DomainError`` on the ``file`` field whose code names the problem. The same reader and limits serve
the declaration upload and the payments upload, on the page and through the API.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

from declarations.columns import REQUIRED, header_key
from sinosure_portal.base.errors import DomainError
from sinosure_portal.core.uploads import TOO_LARGE, max_upload_bytes, size_params

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls), old Word...
NOT_TABLES = {
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"%PDF": "PDF",
    b"\x1f\x8b": "gzip",
    b"Rar!": "RAR",
    b"7z\xbc\xaf": "7-Zip",
    b"BM": "BMP",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
}
# C0 control bytes that no text file holds (tab, line feed, form feed and carriage return are text)
CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 32), 127])
MB = 1024 * 1024
RATIO_CHECKED_FROM = 1 * MB  # a member smaller than this cannot be a bomb worth refusing

FILE_MESSAGES = {
    "too_large": TOO_LARGE,
    "too_many_rows": _("A file may hold at most %(max)s rows; this one has %(rows)s."),
    "utf16_no_bom": _(
        "The file looks like UTF-16 text without a byte order mark, which cannot be read safely. "
        "Save it as CSV UTF-8 (or Unicode text with a BOM) and upload it again."
    ),
    "binary": _("The file holds binary data, not text. Upload a CSV file or an Excel workbook (.xlsx)."),
    "encoding": _(
        "The file's characters cannot be read. Save it as CSV UTF-8 or GB18030 (GBK), or as an "
        "Excel workbook (.xlsx)."
    ),
    "not_a_table": _(
        "The file is a %(kind)s file, not a table. Upload a CSV file or an Excel workbook (.xlsx)."
    ),
    "old_excel": _(
        "The file is an Excel 97-2003 workbook (.xls), which is not accepted. Save it as an Excel "
        "workbook (.xlsx) or as CSV UTF-8 and upload it again."
    ),
    "zip_not_xlsx": _("The file is a ZIP archive but not an Excel workbook (.xlsx)."),
    "bad_xlsx": _("The Excel workbook cannot be read (%(error)s). Save it again from Excel as .xlsx."),
    "bad_csv": _("The CSV file cannot be read (%(error)s)."),
    "xlsx_too_large": _(
        "The workbook expands to %(size)s MB, more than the %(max)s MB accepted. Split it into smaller files."
    ),
    "xlsx_ratio": _(
        "The workbook is compressed %(ratio)s times, more than the %(max)s times accepted: it is refused "
        "as a possible zip bomb."
    ),
    "missing_columns": _(
        "The file has no column for: %(columns)s. Download the template to see the columns."
    ),
    "empty": _("The file has no header row."),
    "unreadable": _("The file cannot be read as CSV or Excel (%(error)s)."),
}


class FileRefused(DomainError):
    """The file as a whole cannot be taken; ``code`` names the problem (see FILE_MESSAGES)."""

    def __init__(self, code: str, **params):
        super().__init__(code, FILE_MESSAGES[code], field="file", **params)

    @property
    def message(self) -> str:
        params = dict(self.params)
        if isinstance(params.get("columns"), list | tuple):
            from declarations.reasons import column_label

            params["columns"] = ", ".join(column_label(c) for c in params["columns"])
        text = force_str(self._message)
        return text % params if params else text


class FileProblem(FileRefused):
    """The file reads but its header does not do: no header row, or a required column missing.
    (``declarations.services.bulk`` catches these by this name and knows their codes.)"""


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def max_rows() -> int:
    return _limit("PORTAL_UPLOAD_MAX_ROWS", 100_000)


def upload_bytes(upload) -> bytes:
    """The content of an uploaded file, or FileRefused("too_large") past the size cap."""
    if getattr(upload, "refused_too_large", False) or (upload.size or 0) > max_upload_bytes():
        raise FileRefused("too_large", **size_params(upload.size or 0))
    return upload.read()


# --- what kind of file -----------------------------------------------------------------------------


def file_kind(name: str, content: bytes) -> str:
    if content[:4] == XLSX_MAGIC or (name or "").lower().endswith((".xlsx", ".xlsm")):
        return "xlsx"
    return "csv"


def sniff(name: str, content: bytes) -> str:
    """'csv' or 'xlsx', or FileRefused for a file that is neither whatever its name says."""
    if len(content) > max_upload_bytes():
        raise FileRefused("too_large", **size_params(len(content)))
    if not content:
        raise FileProblem("empty")
    if content.startswith(OLE_MAGIC):
        raise FileRefused("old_excel")
    for magic, kind in NOT_TABLES.items():
        if content.startswith(magic):
            raise FileRefused("not_a_table", kind=kind)
    if content.startswith(XLSX_MAGIC):
        return "xlsx"
    if file_kind(name, content) == "xlsx":
        raise FileRefused("bad_xlsx", error=_short_error("not a zip archive"))
    return "csv"


def _short_error(error) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= 120 else text[:117] + "..."


# --- CSV ---------------------------------------------------------------------------------------------


def decode_csv(content: bytes) -> str:
    """The file's text: UTF-8 (BOM or not), UTF-16 with a BOM, else GB18030."""
    if content.startswith(codecs.BOM_UTF8):
        return _decode(content, "utf-8-sig")
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(content, "utf-16")
    sample = content[:65536]
    nul_even, nul_odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(nul_even, nul_odd) >= 4 and min(nul_even, nul_odd) * 10 <= max(nul_even, nul_odd):
        raise FileRefused("utf16_no_bom")  # text whose every other byte is zero: UTF-16 code units
    controls = len(sample) - len(sample.translate(None, CONTROL_BYTES))
    if controls * 100 > len(sample) or b"\x00" in content:
        raise FileRefused("binary")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return _decode(content, "gb18030")


def _decode(content: bytes, encoding: str) -> str:
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as exc:
        raise FileRefused("encoding") from exc


def _iter_csv(content: bytes) -> Iterator[list]:
    text = decode_csv(content)
    sample = text[:4096]
    delimiter = ","
    if sample.count(";") > sample.count(",") and sample.count(";") > sample.count("\t"):
        delimiter = ";"
    elif sample.count("\t") > sample.count(","):
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as exc:
        raise FileRefused("bad_csv", error=_short_error(f"line {reader.line_num}: {exc}")) from exc


# --- XLSX --------------------------------------------------------------------------------------------


def check_zip(content: bytes) -> None:
    """Refuse a zip that is not a workbook, or that would expand too far, from its directory alone."""
    try:
        members = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise FileRefused("bad_xlsx", error=_short_error(exc)) from exc
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise FileRefused("zip_not_xlsx")
    total = sum(m.file_size for m in members)
    cap = _limit("PORTAL_XLSX_MAX_UNCOMPRESSED_BYTES", 200 * MB)
    if total > cap:
        raise FileRefused("xlsx_too_large", size=f"{total / MB:.0f}", max=f"{cap / MB:g}")
    max_ratio = _limit("PORTAL_XLSX_MAX_RATIO", 100)
    for m in members:
        if m.file_size >= RATIO_CHECKED_FROM and m.file_size > max_ratio * max(m.compress_size, 1):
            ratio = m.file_size // max(m.compress_size, 1)
            raise FileRefused("xlsx_ratio", ratio=ratio, max=max_ratio)


def _iter_xlsx(content: bytes) -> Iterator[list]:
    """The first sheet's rows from row 1 (blank rows kept, so row numbers are the user's), each a
    list from column A: text, float, int, bool, date or datetime, and "" for an empty cell."""
    from python_calamine import CalamineWorkbook

    check_zip(content)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        if not book.sheet_names:
            raise FileProblem("empty")
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except FileRefused:
        raise
    except Exception as exc:  # noqa: BLE001 - calamine's errors (zip, XML, password...) are one problem to the user
        raise FileRefused("bad_xlsx", error=_short_error(exc)) from exc
    yield from rows


# --- the table ---------------------------------------------------------------------------------------


def _blank(row) -> bool:
    # any() settles almost every row at its first cell; a zero or False cell is still a value
    return not any(row) and all(c is None or c == "" for c in row)


def _header_map(header: list, key_of=header_key, required=REQUIRED) -> dict[str, int]:
    mapping: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = key_of(str(cell)) if cell is not None else None
        if key and key not in mapping:
            mapping[key] = index
    missing = [k for k in required if k not in mapping]
    if missing:
        raise FileProblem("missing_columns", columns=missing)
    return mapping


@dataclass
class Table:
    """The rows of a file as read: (row number as the user sees it, the row's cells), and where
    each known column is. Row 1 is the header."""

    columns: dict[str, int]
    rows: list[tuple[int, list]]

    def record(self, cells: list) -> dict:
        """{column key: raw value} of one row."""
        return {key: cells[i] for key, i in self.columns.items()}

    def column(self, key: str) -> list:
        """The raw values of one column, row by row (None where the file has no such column)."""
        i = self.columns.get(key)
        if i is None:
            return [None] * len(self.rows)
        return [cells[i] for _number, cells in self.rows]


def read_table(name: str, content: bytes, key_of=header_key, required=REQUIRED) -> Table:
    """Every non-blank row after the header, cells padded to the header's width; FileRefused for a
    file that cannot be read or holds more than PORTAL_UPLOAD_MAX_ROWS rows."""
    rows = _iter_xlsx(content) if sniff(name, content) == "xlsx" else _iter_csv(content)
    mapping: dict[str, int] | None = None
    out: list[tuple[int, list]] = []
    width = 0
    for number, row in enumerate(rows, start=1):
        if mapping is None:
            if _blank(row):
                continue
            mapping = _header_map(row, key_of, required)
            width = max(mapping.values()) + 1
            continue
        if _blank(row):
            continue
        if len(row) < width:
            row = list(row) + [None] * (width - len(row))
        out.append((number, row))
    if mapping is None:
        raise FileProblem("empty")
    if len(out) > max_rows():
        raise FileRefused("too_many_rows", max=max_rows(), rows=len(out))
    return Table(mapping, out)


def read_header(name: str, content: bytes, key_of=header_key, required=REQUIRED) -> dict[str, int]:
    """Where each column is, after checking the whole file (encoding, size, rows), so that an upload
    is refused at once rather than failing later in the background."""
    return read_table(name, content, key_of, required).columns


def read_rows(name: str, content: bytes, key_of=header_key, required=REQUIRED) -> list[tuple[int, dict]]:
    """(row number, {column key: raw value}) for every non-blank row after the header."""
    table = read_table(name, content, key_of, required)
    return [(number, table.record(cells)) for number, cells in table.rows]
