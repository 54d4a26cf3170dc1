"""The global search finds invoices by the start of their number, any case: an index on
UPPER(invoice_number) with the pattern operator class, so that ``LIKE 'ABC%'`` is an index range
scan however many declarations there are (PostgreSQL; SQLite, make run's embedded default, scans)."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS declaration_invoice_upper_prefix ON declarations_shipmentdeclaration "
    "(UPPER(invoice_number) varchar_pattern_ops)"
)
DROP = "DROP INDEX IF EXISTS declaration_invoice_upper_prefix"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("declarations", "0006_amounts_at_currency_scale")]

    operations = [migrations.RunPython(create, drop)]
