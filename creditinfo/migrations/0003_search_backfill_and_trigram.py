"""Fill the look-up columns of buyers registered before 0002, then, on PostgreSQL only, add the
pg_trgm extension and the trigram indexes the fuzzy look-up uses. SQLite (the `make run`
default) has no trigram index; the look-up falls back to a simpler match there."""

import re
import unicodedata

from django.db import migrations

LEGAL_FORMS = re.compile(
    r"\b(co|company|corp|corporation|inc|incorporated|ltd|limited|llc|plc|gmbh|ag|sa|sas|sarl|srl|spa|bv|nv|pte|pty|kk|oy|ab|as)\b"
)


def _normalise(name):
    # a frozen copy of creditinfo.models.normalise_name as it was when this migration was written
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"[^\w]+", " ", text)
    text = LEGAL_FORMS.sub(" ", text)
    return " ".join(text.split())


def _key(value):
    text = unicodedata.normalize("NFKC", value or "").upper()
    return "".join(ch for ch in text if ch.isalnum())


def backfill(apps, schema_editor):
    Buyer = apps.get_model("creditinfo", "Buyer")
    batch = []
    for buyer in Buyer.objects.filter(search_text="").iterator(chunk_size=2000):
        parts = []
        for value in (buyer.name, buyer.name_en, buyer.name_zh):
            norm = _normalise(value)
            if norm and norm not in parts:
                parts.append(norm)
        buyer.search_text = " ".join(parts)[:1000]
        buyer.registration_key = _key(buyer.registration_number or buyer.swift_code)
        batch.append(buyer)
        if len(batch) >= 2000:
            Buyer.objects.bulk_update(batch, ["search_text", "registration_key"])
            batch = []
    if batch:
        Buyer.objects.bulk_update(batch, ["search_text", "registration_key"])


FINDER_INDEX_SQL = {
    "postgresql": "CREATE INDEX IF NOT EXISTS trade_country_hs ON creditinfo_traderecord (country_id, hs_code) "
    "INCLUDE (importer_id, trade_date, value_usd, weight_kg, origin_country)",
    "default": "CREATE INDEX IF NOT EXISTS trade_country_hs ON creditinfo_traderecord (country_id, hs_code)",
}


def finder_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    schema_editor.execute(FINDER_INDEX_SQL.get(vendor, FINDER_INDEX_SQL["default"]))


def finder_index_drop(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS trade_country_hs")


TRIGRAM_SQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS buyer_search_trgm ON creditinfo_buyer USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS importer_name_trgm ON creditinfo_importer USING gin (normalised_name gin_trgm_ops)",
]
TRIGRAM_REVERSE_SQL = [
    "DROP INDEX IF EXISTS importer_name_trgm",
    "DROP INDEX IF EXISTS buyer_search_trgm",
]


def trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in TRIGRAM_SQL:
        schema_editor.execute(sql)


def trigram_indexes_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in TRIGRAM_REVERSE_SQL:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("creditinfo", "0002_tools")]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(finder_index, finder_index_drop),
        migrations.RunPython(trigram_indexes, trigram_indexes_drop),
    ]
