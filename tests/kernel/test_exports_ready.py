"""Every Excel export is ready to use when it opens (issue 15, class 4).

On the demo data, each demo role opens each list of its menu that offers "Export to Excel", chooses
the first choice of the list's first filter, and downloads the export. Every export must have: a
bold header frozen in view, fitted widths, amounts and dates as numbers with a format (never
General), yes/no in words (never TRUE/FALSE), no codes where labels belong, and the filter that was
used written on a second sheet.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

ROLES = ["exporter", "bank", "underwriter", "claims", "admin"]
SNAKE = re.compile(r"^[a-z]+(?:_[a-z]+)+$")
MONEY_HEADER = re.compile(r"USD|美元|金额|Amount|保费|Premium|Exposure|敞口|Indemnity|赔款", re.I)
FILTER_SELECT = re.compile(
    r'<form method="get" class="filter-bar.*?<select name="(\w+)".*?<option value="([^"]+)"', re.S
)


@pytest.fixture
def demo(db):
    call_command("demo_data", verbosity=0)


def _menu(client) -> list[str]:
    html = client.get("/").content.decode()
    nav = re.search(r'<nav class="sidebar.*?</nav>', html, re.S).group(0)
    return list(dict.fromkeys(re.findall(r'href="(/[^"#?]*)"', nav)))


def _export_url(html: str, page: str) -> tuple[str, str | None]:
    """The page's export link with the first choice of its first select filter (and that filter)."""
    chosen = FILTER_SELECT.search(html)
    params = {"format": "xlsx"}
    if chosen:
        params[chosen.group(1)] = chosen.group(2)
    return f"{page}?{urlencode(params)}", chosen.group(1) if chosen else None


def _problems(content: bytes, where: str, filtered: bool) -> list[str]:
    book = load_workbook(BytesIO(content))
    sheet = book.worksheets[0]
    out = []
    if sheet.freeze_panes != "A2":
        out.append(f"{where}: header not frozen ({sheet.freeze_panes})")
    headers = [c.value for c in sheet[1]]
    if not all(c.font.bold for c in sheet[1] if c.value is not None):
        out.append(f"{where}: header not bold")
    if not all(sheet.column_dimensions[c.column_letter].customWidth for c in sheet[1]):
        out.append(f"{where}: a column keeps Excel's default width")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            header = str(headers[cell.column - 1] or "")
            value = cell.value
            if isinstance(value, bool) or value in ("True", "False", "TRUE", "FALSE"):
                out.append(f"{where}: {header} shows {value!r}, not yes/no in words")
            elif isinstance(value, str) and SNAKE.match(value):
                out.append(f"{where}: {header} shows the code {value!r}")
            elif isinstance(value, datetime | date) and cell.number_format == "General":
                out.append(f"{where}: {header} date without a date format")
            elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                money = MONEY_HEADER.search(header) or (isinstance(value, float) and value != int(value))
                if money and cell.number_format == "General":
                    out.append(f"{where}: {header} amount {value} formatted as General")
    if filtered and len(book.worksheets) < 2:
        out.append(f"{where}: the filter used is not written on a second sheet")
    return out


def test_every_export_is_ready_to_use_as_each_role(demo):
    from sinosure_portal.accounts.models import User

    problems: list[str] = []
    exported: set[str] = set()
    for role in ROLES:
        client = Client()
        client.force_login(User.objects.get(username=role))
        client.cookies["django_language"] = "zh-hans"
        for page in _menu(client):
            response = client.get(page)
            if response.status_code != 200 or 'data-testid="export-xlsx"' not in response.content.decode():
                continue
            url, filtered = _export_url(response.content.decode(), page)
            export = client.get(url)
            assert export.status_code == 200, url
            assert export["Content-Type"].startswith("application/vnd.openxmlformats"), url
            exported.add(urlsplit(url).path)
            problems += _problems(export.content, f"{role} {url}", bool(filtered))
            if filtered:
                # the second sheet names the filter in the reader's words, not its parameter
                second = load_workbook(BytesIO(export.content)).worksheets[-1]
                values = {str(c.value) for row in second.iter_rows() for c in row}
                name = dict(parse_qsl(urlsplit(url).query))
                assert not ({filtered} & values) or len(values) > 2, (url, values, name)
    assert len(exported) >= 15, sorted(exported)
    assert problems == [], "\n".join(problems[:60]) + f"\n({len(problems)} in all)"
