"""The one business-number sequence moves to the kernel (core.NumberSequence), so every app numbers
its documents in one place: the serials already given are copied over, then financing's table goes."""

from django.db import migrations


def _copy(apps, schema_editor):
    old, new = apps.get_model("financing", "NumberSequence"), apps.get_model("core", "NumberSequence")
    for s in old.objects.all():
        new.objects.update_or_create(prefix=s.prefix, year=s.year, defaults={"last": s.last})


def _copy_back(apps, schema_editor):
    old, new = apps.get_model("financing", "NumberSequence"), apps.get_model("core", "NumberSequence")
    for s in new.objects.all():
        old.objects.update_or_create(prefix=s.prefix, year=s.year, defaults={"last": s.last})


class Migration(migrations.Migration):
    dependencies = [
        ("financing", "0005_business_numbers"),
        ("core", "0003_number_sequence"),
        ("claims", "0009_numbers_from_the_sequence"),
    ]

    operations = [
        migrations.RunPython(_copy, _copy_back),
        migrations.DeleteModel(name="NumberSequence"),
    ]
