import os
import uuid

import pytest


@pytest.fixture
def s3(settings):
    """The portal's files go to the S3 object store `make test` started (SeaweedFS on 127.0.0.1), under
    a folder of this test's own; returns (boto3 client, bucket, folder) to look at the bucket directly."""
    from sinosure_portal.core import object_store

    try:
        env = object_store.start(timeout=60)
    except SystemExit as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"the object store is not available here: {exc}")
    folder = f"test-{uuid.uuid4().hex[:12]}"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env["AWS_STORAGE_BUCKET_NAME"],
                "endpoint_url": env["AWS_S3_ENDPOINT_URL"],
                "access_key": env["AWS_ACCESS_KEY_ID"],
                "secret_key": env["AWS_SECRET_ACCESS_KEY"],
                "region_name": env["AWS_S3_REGION_NAME"],
                "location": folder,
                "default_acl": None,
                "file_overwrite": False,
                "addressing_style": "path",
                "signature_version": "s3v4",
            },
        },
    }
    client = object_store.client()
    yield client, env["AWS_STORAGE_BUCKET_NAME"], folder
    listed = client.list_objects_v2(Bucket=env["AWS_STORAGE_BUCKET_NAME"], Prefix=f"{folder}/")
    for item in listed.get("Contents", []):
        client.delete_object(Bucket=env["AWS_STORAGE_BUCKET_NAME"], Key=item["Key"])
