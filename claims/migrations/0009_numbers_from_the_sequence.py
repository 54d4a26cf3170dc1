"""Loss notices (PLN) and claims (CLM) take their numbers from the portal's one sequence from now
on instead of their row ids: the sequence starts after the highest serial already issued per year,
so no number is given twice; the numbers already issued stay as they are."""

from django.db import migrations

from sinosure_portal.core.migration_numbers import sequence_catch_up


def _catch_up(apps, schema_editor, sequence="financing.NumberSequence"):
    for prefix, model in [("PLN", "claims.PossibleLossNotice"), ("CLM", "claims.Claim")]:
        sequence_catch_up(apps, model=model, prefix=prefix, sequence=sequence)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0008_amounts_at_currency_scale"),
        ("financing", "0002_number_sequence"),
    ]

    operations = [migrations.RunPython(_catch_up, migrations.RunPython.noop)]
