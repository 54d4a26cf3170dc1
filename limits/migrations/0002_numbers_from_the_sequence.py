"""Credit limit applications (LA) and credit limits (CL) take their numbers from the portal's one
sequence from now on instead of their row ids: the sequence starts after the highest serial already
issued per year, so no number is given twice; the numbers already issued stay as they are."""

from django.db import migrations

from sinosure_portal.core.migration_numbers import sequence_catch_up


def _catch_up(apps, schema_editor):
    for prefix, model in [("LA", "limits.CreditLimitApplication"), ("CL", "limits.CreditLimit")]:
        sequence_catch_up(apps, model=model, prefix=prefix, sequence="core.NumberSequence")


class Migration(migrations.Migration):
    dependencies = [
        ("limits", "0001_initial"),
        ("core", "0003_number_sequence"),
    ]

    operations = [migrations.RunPython(_catch_up, migrations.RunPython.noop)]
