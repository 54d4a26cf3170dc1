"""Loss notices (PLN) and claims (CLM) take their numbers from the portal's one sequence from now
on instead of their row ids: the sequence starts after the highest serial already issued per year,
so no number is given twice; the numbers already issued stay as they are."""

from django.db import migrations

PREFIXES = [("PLN", "claims_possiblelossnotice"), ("CLM", "claims_claim")]


def _sql():
    return [
        f"""
        INSERT INTO financing_numbersequence (prefix, year, last)
        SELECT '{prefix}', substr(number, 4, 4)::int, max(substr(number, 8)::int)
        FROM {table} WHERE number ~ '^{prefix}[0-9]{{10}}$'
        GROUP BY substr(number, 4, 4)
        ON CONFLICT (prefix, year) DO UPDATE SET last = GREATEST(financing_numbersequence.last, EXCLUDED.last)
        """
        for prefix, table in PREFIXES
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0008_amounts_at_currency_scale"),
        ("financing", "0002_number_sequence"),
    ]

    operations = [migrations.RunSQL(_sql(), reverse_sql=migrations.RunSQL.noop)]
