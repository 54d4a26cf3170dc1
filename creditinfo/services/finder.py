"""Loading trade records for the buyer finder (资信导航仪) from CSV.

Rows are validated one by one (a bad row is reported with its line number and skipped, never
half-loaded), importers are found or created set-based per chunk, and the records are inserted
with COPY on PostgreSQL (bulk INSERT elsewhere).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.utils.translation import gettext as _

from creditinfo import rules
from creditinfo.models import Buyer, Country, Importer, TradeRecord, normalise_name

CSV_COLUMNS = [
    "importer_name",
    "importer_country",
    "hs_code",
    "product_name",
    "trade_date",
    "weight_kg",
    "value_usd",
    "origin_country",
    "contact_known",
]
OPTIONAL_COLUMNS = ["importer_address", "importer_contact"]
TRUE_WORDS = {"1", "true", "yes", "y", "是", "有"}
CHUNK = 20000


@dataclass
class TradeImportReport:
    rows: int = 0
    loaded: int = 0
    importers_created: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, message), the first 200

    @property
    def rejected(self) -> int:
        return self.rows - self.loaded


@dataclass(frozen=True)
class _Row:
    importer_name: str
    normalised: str
    country: str
    hs_code: str
    product_name: str
    trade_date: date
    weight_kg: Decimal
    value_usd: Decimal
    origin: str
    contact_known: bool
    address: str
    contact: str


def _parse(line: int, raw: dict, countries: set[str]) -> _Row:
    def text(name: str, limit: int) -> str:
        return (raw.get(name) or "").strip()[:limit]

    name = text("importer_name", 255)
    if not name:
        raise ValueError(_("importer_name is empty"))
    country = text("importer_country", 2).upper()
    if country not in countries:
        raise ValueError(_("unknown importer_country %(code)s") % {"code": country or "-"})
    hs = rules.hs_digits(raw.get("hs_code") or "")
    if not 2 <= len(hs) <= 10:
        raise ValueError(_("hs_code must have 2 to 10 digits"))
    try:
        trade_date = date.fromisoformat(text("trade_date", 10))
    except ValueError as exc:
        raise ValueError(_("trade_date must be YYYY-MM-DD")) from exc
    try:
        weight = Decimal(text("weight_kg", 30) or "0").quantize(Decimal("0.01"))
        value = Decimal(text("value_usd", 30)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(_("weight_kg and value_usd must be numbers")) from exc
    if weight < 0 or value < 0:
        raise ValueError(_("weight_kg and value_usd cannot be negative"))
    origin = text("origin_country", 2).upper()
    if len(origin) != 2 or not origin.isalpha():
        raise ValueError(_("origin_country must be a two-letter ISO code"))
    return _Row(
        importer_name=name,
        normalised=normalise_name(name) or name.casefold(),
        country=country,
        hs_code=hs,
        product_name=text("product_name", 255),
        trade_date=trade_date,
        weight_kg=weight,
        value_usd=value,
        origin=origin,
        contact_known=(raw.get("contact_known") or "").strip().lower() in TRUE_WORDS,
        address=text("importer_address", 300),
        contact=text("importer_contact", 200),
    )


def _importer_ids(
    rows: list[_Row], *, is_sample: bool, report: TradeImportReport
) -> dict[tuple[str, str], int]:
    """Find or create the importers of a chunk in a few queries; link new ones to a registered
    buyer of the same country and normalised name."""
    wanted: dict[tuple[str, str], _Row] = {}
    contact_known: set[tuple[str, str]] = set()
    for row in rows:
        key = (row.country, row.normalised)
        wanted.setdefault(key, row)
        if row.contact_known:
            contact_known.add(key)
    names = {n for _c, n in wanted}
    existing = {
        (c, n): pk
        for pk, c, n in Importer.objects.filter(normalised_name__in=names).values_list(
            "pk", "country_id", "normalised_name"
        )
    }
    missing = [k for k in wanted if k not in existing]
    if missing:
        buyers = {
            (c, n): pk
            for pk, c, n in Buyer.objects.filter(normalised_name__in={n for _c, n in missing}).values_list(
                "pk", "country_id", "normalised_name"
            )
        }
        Importer.objects.bulk_create(
            [
                Importer(
                    name=wanted[k].importer_name,
                    normalised_name=k[1],
                    country_id=k[0],
                    address=wanted[k].address,
                    contact=wanted[k].contact,
                    contact_known=k in contact_known,
                    buyer_id=buyers.get(k),
                    is_sample=is_sample,
                )
                for k in missing
            ],
            ignore_conflicts=True,
            batch_size=2000,
        )
        report.importers_created += len(missing)
        existing.update(
            {
                (c, n): pk
                for pk, c, n in Importer.objects.filter(
                    normalised_name__in={n for _c, n in missing}
                ).values_list("pk", "country_id", "normalised_name")
            }
        )
    known_ids = [existing[k] for k in contact_known if k in existing]
    if known_ids:
        Importer.objects.filter(pk__in=known_ids, contact_known=False).update(contact_known=True)
    return existing


def _insert(rows: list[_Row], ids: dict[tuple[str, str], int]) -> None:
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        for r in rows:
            buffer.write(
                f"{ids[(r.country, r.normalised)]}\t{r.country}\t{r.hs_code}\t{_copy_text(r.product_name)}\t"
                f"{r.trade_date.isoformat()}\t{r.weight_kg}\t{r.value_usd}\t{r.origin}\n"
            )
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                "COPY creditinfo_traderecord (importer_id, country_id, hs_code, product_name, trade_date, "
                "weight_kg, value_usd, origin_country) FROM STDIN",
                buffer,
            )
        return
    TradeRecord.objects.bulk_create(
        [
            TradeRecord(
                importer_id=ids[(r.country, r.normalised)],
                country_id=r.country,
                hs_code=r.hs_code,
                product_name=r.product_name,
                trade_date=r.trade_date,
                weight_kg=r.weight_kg,
                value_usd=r.value_usd,
                origin_country=r.origin,
            )
            for r in rows
        ],
        batch_size=2000,
    )


def _copy_text(value: str) -> str:
    """Escape a value for PostgreSQL's COPY text format."""
    return value.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")


def trade_records_import(rows: Iterable[dict], *, is_sample: bool = False) -> TradeImportReport:
    """Load trade records from dicts keyed by CSV_COLUMNS (line numbers count the header as 1).

    Each chunk commits on its own, so a very large file is not one huge transaction; a bad row
    is skipped and reported."""
    report = TradeImportReport()
    countries = set(Country.objects.values_list("code", flat=True))
    chunk: list[_Row] = []

    def flush() -> None:
        if not chunk:
            return
        with transaction.atomic():
            ids = _importer_ids(chunk, is_sample=is_sample, report=report)
            _insert(chunk, ids)
        report.loaded += len(chunk)
        chunk.clear()

    for line, raw in enumerate(rows, start=2):
        report.rows += 1
        try:
            chunk.append(_parse(line, raw, countries))
        except ValueError as exc:
            if len(report.errors) < 200:
                report.errors.append((line, str(exc)))
            continue
        if len(chunk) >= CHUNK:
            flush()
    flush()
    return report


def trade_csv_rows(stream: io.TextIOBase) -> Iterator[dict]:
    """The rows of a trade CSV (UTF-8, with or without BOM), checking the header first."""
    reader = csv.DictReader(stream)
    header = [h.strip().lstrip("\ufeff") for h in (reader.fieldnames or [])]
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        from sinosure_portal.base.errors import DomainError

        raise DomainError(
            "trade_csv_columns",
            _("The CSV lacks the columns: %(columns)s") % {"columns": ", ".join(missing)},
        )
    reader.fieldnames = header
    yield from reader
