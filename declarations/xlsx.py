"""A fast reader of the first worksheet of an XLSX file, for bulk declarations.

openpyxl (even read-only) builds a cell object per value and spends ~20 s on a 100,000-row
declaration file; this reader streams the sheet's XML with ElementTree and keeps only values, about
four times faster. It yields each row as a list (column A first, None for an empty cell, an empty
list for an empty row) with the values openpyxl would give: text, int, float, bool, and
``datetime`` for numbers formatted as dates. Anything it does not expect raises ``Unsupported``,
and the caller falls back to openpyxl.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from xml.etree.ElementTree import iterparse  # noqa: S405 - the file is the user's own upload, read with size limits

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# built-in number formats that are dates: 14-22, 45-47, and the East Asian ones 27-36 and 50-58
DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
CELL_REF = re.compile(r"([A-Z]+)(\d+)")


class Unsupported(Exception):
    """A workbook this reader does not handle (the caller uses openpyxl instead)."""


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _first_sheet_path(zf: zipfile.ZipFile) -> tuple[str, bool]:
    workbook = zf.read("xl/workbook.xml")
    date1904 = b'date1904="1"' in workbook or b"date1904='1'" in workbook or b'date1904="true"' in workbook
    rid = None
    for _event, elem in iterparse(io.BytesIO(workbook)):  # noqa: S314
        if elem.tag == f"{MAIN}sheet":
            rid = elem.get(f"{REL}id")
            break
    if rid is None:
        raise Unsupported("no sheet")
    for _event, elem in iterparse(io.BytesIO(zf.read("xl/_rels/workbook.xml.rels"))):  # noqa: S314
        if elem.tag == f"{PKG_REL}Relationship" and elem.get("Id") == rid:
            target = elem.get("Target", "")
            path = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join("xl", target))
            )
            return path, date1904
    raise Unsupported("sheet not found")


class _SharedStrings:
    """The workbook's shared strings, read as far as the cells asked for so far need: the header
    check at upload reads a handful, the declaring reads them all, each once."""

    def __init__(self, zf: zipfile.ZipFile):
        try:
            data = zf.read("xl/sharedStrings.xml")
        except KeyError:
            data = b""
        self.strings: list[str] = []
        self._more = self._parse(data) if data else iter(())

    @staticmethod
    def _parse(data: bytes) -> Iterator[str]:
        parts: list[str] = []
        skip = 0
        for event, elem in iterparse(io.BytesIO(data), events=("start", "end")):  # noqa: S314
            tag = elem.tag
            if tag == f"{MAIN}rPh":  # phonetic guide runs are not part of the text
                skip += 1 if event == "start" else -1
            elif event == "end":
                if tag == f"{MAIN}t" and not skip:
                    parts.append(elem.text or "")
                elif tag == f"{MAIN}si":
                    yield "".join(parts)
                    parts = []
                    elem.clear()

    def __getitem__(self, index: int) -> str:
        strings = self.strings
        while index >= len(strings):
            try:
                strings.append(next(self._more))
            except StopIteration as exc:
                raise Unsupported(f"shared string {index} missing") from exc
        return strings[index]


def _date_styles(zf: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell formats (the `s` attribute) that show numbers as dates."""
    try:
        data = zf.read("xl/styles.xml")
    except KeyError:
        return set()
    from openpyxl.styles.numbers import is_date_format

    custom: dict[int, str] = {}
    dates: set[int] = set()
    in_xfs = False
    index = 0
    for event, elem in iterparse(io.BytesIO(data), events=("start", "end")):  # noqa: S314
        tag = elem.tag
        if event == "start" and tag == f"{MAIN}cellXfs":
            in_xfs = True
        elif event == "end" and tag == f"{MAIN}cellXfs":
            in_xfs = False
        elif event == "end" and tag == f"{MAIN}numFmt":
            custom[int(elem.get("numFmtId", "0"))] = elem.get("formatCode", "")
        elif event == "start" and in_xfs and tag == f"{MAIN}xf":
            fmt = int(elem.get("numFmtId", "0"))
            if fmt in custom:
                if is_date_format(custom[fmt]):
                    dates.add(index)
            elif fmt in DATE_FORMAT_IDS:
                dates.add(index)
            index += 1
    return dates


def _number(text: str):
    if text.lstrip("-").isdigit():
        return int(text)
    return float(text)


def iter_rows(content: bytes) -> Iterator[list]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(content))
        sheet, date1904 = _first_sheet_path(zf)
        shared = _SharedStrings(zf)
        date_styles = _date_styles(zf)
        data = zf.read(sheet)
    except (KeyError, zipfile.BadZipFile, ValueError) as exc:
        raise Unsupported(str(exc)) from exc
    epoch = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)
    c_tag, v_tag, row_tag, is_tag, t_tag = f"{MAIN}c", f"{MAIN}v", f"{MAIN}row", f"{MAIN}is", f"{MAIN}t"
    expected = 1
    row: list = []
    position = 0
    for _event, elem in iterparse(io.BytesIO(data)):  # noqa: S314
        tag = elem.tag
        if tag == c_tag:
            ref = elem.get("r")
            if ref:
                match = CELL_REF.match(ref)
                if match is None:
                    raise Unsupported(f"cell reference {ref}")
                column = _column(match.group(1))
            else:
                column = position
            position = column + 1
            kind = elem.get("t")
            if kind == "inlineStr":
                box = elem.find(is_tag)
                value = "".join(t.text or "" for t in box.iter(t_tag)) if box is not None else ""
            else:
                v = elem.find(v_tag)
                text = v.text if v is not None else None
                if text is None:
                    value = None
                elif kind == "s":
                    value = shared[int(text)]
                elif kind in ("str", "e"):
                    value = text
                elif kind == "b":
                    value = text == "1"
                elif kind == "d":
                    value = datetime.fromisoformat(text.rstrip("Z"))
                elif kind in (None, "n"):
                    number = _number(text)
                    style = elem.get("s")
                    if style is not None and int(style) in date_styles:
                        value = epoch + timedelta(days=number)
                        if date1904 is False and number < 60:
                            value += timedelta(days=1)  # Excel's 1900 leap-year bug
                    else:
                        value = number
                else:
                    raise Unsupported(f"cell type {kind}")
            if value is not None and value != "":  # openpyxl gives None for an empty text too
                if column >= len(row):
                    row.extend([None] * (column - len(row) + 1))
                row[column] = value
            elem.clear()
        elif tag == row_tag:
            number = int(elem.get("r", expected))
            while expected < number:  # rows with nothing in them are left out of the file
                yield []
                expected += 1
            yield row
            expected = number + 1
            row = []
            position = 0
            elem.clear()
