"""The plain DRF tokens (rest_framework.authtoken, stored in clear) become hashed API keys named
"API token" that expire PORTAL_API_KEY_DAYS from now, so that the systems already using them keep
working; then their table, which held the secrets in clear, is dropped."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone

TABLE = "authtoken_token"


def carry(apps, schema_editor):
    connection = schema_editor.connection
    if TABLE not in connection.introspection.table_names():
        return
    ApiKey = apps.get_model("accounts", "ApiKey")
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id FROM {TABLE}")
        rows = cursor.fetchall()
    ApiKey.objects.bulk_create(
        [
            ApiKey(
                user_id=user_id,
                name="API token",
                prefix=key[:12],
                key_hash=hashlib.sha256(key.encode()).hexdigest(),
                status="active",
                created_at=now,
                expires_at=now + timedelta(days=getattr(settings, "PORTAL_API_KEY_DAYS", 90)),
            )
            for key, user_id in rows
        ]
    )
    schema_editor.execute(f"DROP TABLE {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_api_key")]

    operations = [migrations.RunPython(carry, migrations.RunPython.noop)]
