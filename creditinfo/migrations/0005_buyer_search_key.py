"""The look-up key: the distinctive words of a buyer's names, with its trigram index.

The fuzzy look-up's GIN trigram index moves from search_text (every word of every name) to
search_key (generic words such as "Trading" or "有限公司" left out): on a million buyers the
generic words' trigrams made a look-up recheck thousands of rows. A B-tree with pattern ops on
the same column serves the starts-with part of the look-up. Both on PostgreSQL only; SQLite
keeps its simpler match. The unused trigram index on importer names goes.
"""

from django.db import migrations, models


def backfill(apps, schema_editor):
    # the current rule (the key is derived data; recomputing it is always right)
    from creditinfo.models import buyer_search_key

    Buyer = apps.get_model("creditinfo", "Buyer")
    batch = []
    for buyer in Buyer.objects.only("pk", "name", "name_en", "name_zh").iterator(chunk_size=2000):
        buyer.search_key = buyer_search_key(buyer.name, buyer.name_en, buyer.name_zh)
        batch.append(buyer)
        if len(batch) >= 2000:
            Buyer.objects.bulk_update(batch, ["search_key"])
            batch = []
    if batch:
        Buyer.objects.bulk_update(batch, ["search_key"])


FORWARD = [
    "DROP INDEX IF EXISTS buyer_search_trgm",
    "DROP INDEX IF EXISTS importer_name_trgm",
    "CREATE INDEX IF NOT EXISTS buyer_key_trgm ON creditinfo_buyer USING gin (search_key gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS buyer_key_prefix ON creditinfo_buyer (search_key varchar_pattern_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS buyer_key_prefix",
    "DROP INDEX IF EXISTS buyer_key_trgm",
    "CREATE INDEX IF NOT EXISTS buyer_search_trgm ON creditinfo_buyer USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS importer_name_trgm ON creditinfo_importer USING gin (normalised_name gin_trgm_ops)",
]


def indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def indexes_back(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("creditinfo", "0004_report_findings")]

    operations = [
        migrations.AddField(
            model_name="buyer",
            name="search_key",
            field=models.CharField(blank=True, editable=False, max_length=500),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(indexes, indexes_back),
    ]
