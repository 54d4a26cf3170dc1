"""Claims paid to a bank cite the indemnity assignment's business number, not its row id: fill the
number in for the claims whose notice was issued before it was stored (financing may read claims)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    IndemnityAssignment = apps.get_model("financing", "IndemnityAssignment")
    number = IndemnityAssignment.objects.filter(pk=OuterRef("payee_assignment_id")).values("number")[:1]
    Claim.objects.filter(payee_assignment_id__isnull=False, payee_assignment_number="").update(
        payee_assignment_number=Subquery(number)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("financing", "0002_number_sequence"),
        ("claims", "0005_payee_assignment_number"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
