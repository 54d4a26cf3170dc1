"""Schemathesis over the whole OpenAPI schema as exporter, underwriter, claims officer and bank:
no request, valid or not, gets a 5xx.

Budget: every operation gets ``EXAMPLES`` generated requests that fit the schema and as many that
do not (schemathesis's negative mode), each sent as the four roles; integer path parameters are also
tried with the ids of the objects the test made (sequences start at 1), so that the valid paths
reach real policies, limits, declarations and claims, not only 404s. Derandomised: the same
requests on every run. The counts per role are printed (``-s``) for the release note.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter, defaultdict
from urllib.parse import urlencode, urlsplit

import pytest
import schemathesis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from sinosure_portal.accounts.keys import api_key_create
from tests.factories import (
    AdminFactory,
    ClaimsOfficerFactory,
    ExporterFactory,
    InsurerOrganisationFactory,
    UnderwriterFactory,
)
from tests.factories.claims import filed_claim, walk
from tests.factories.financing import financing_setup, receivable

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "4"))  # per operation and mode (more: explore)
REAL_IDS = range(1, 4)
DROPPED_HEADERS = {"user-agent", "accept-encoding", "connection", "authorization", "cookie"}


def _world():
    """A little of everything, made first so that ids 1, 2, 3 exist in most tables."""
    insurer = InsurerOrganisationFactory()
    officer = ClaimsOfficerFactory(organisation=insurer)
    exporter = ExporterFactory()
    user, claim = filed_claim(user=exporter)
    walk(claim, insured=user, officer=officer, to="receipt_returned")
    user2, claim2 = filed_claim()
    walk(claim2, insured=user2, officer=officer, to="accepted")
    setup = financing_setup()
    receivable(setup)
    # keys of somebody else take the first ids: a fuzzed revoke of key 1, 2 or 3 leaves the roles' keys
    spare = ExporterFactory()
    for i in range(5):
        api_key_create(user=spare, name=f"spare {i}")
    return {
        "exporter": exporter,
        "underwriter": UnderwriterFactory(organisation=insurer),
        "claims officer": officer,
        "bank": setup.bank_officer,
        "admin": AdminFactory(organisation=insurer),
    }


def _bytes(value) -> bytes:
    if isinstance(value, bytes):
        return value
    return (value if isinstance(value, str) else json.dumps(value, default=str)).encode()


def _text(value):
    return value if isinstance(value, str | bytes | list) else json.dumps(value, default=str)


def _send(client: Client, case, secret: str):
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    url = urlsplit(kwargs["url"])
    headers = {
        k: str(v) for k, v in (kwargs.get("headers") or {}).items() if k.lower() not in DROPPED_HEADERS
    }
    content_type = headers.pop("Content-Type", headers.pop("content-type", None))
    query = urlencode(kwargs.get("params") or {}, doseq=True)
    if url.query:
        query = f"{url.query}&{query}" if query else url.query
    extra = {"QUERY_STRING": query, "HTTP_AUTHORIZATION": f"Bearer {secret}"}
    extra.update({"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()})
    data = kwargs.get("data")
    if isinstance(data, bytes | str) and "files" not in kwargs:  # already encoded by schemathesis
        body = data
    elif "files" in kwargs or (content_type or "").startswith("multipart/"):
        fields = {k: _text(v) for k, v in (data if isinstance(data, dict) else {}).items()}
        files = kwargs.get("files") or {}
        for name, value in files.items() if isinstance(files, dict) else files:
            filename = value[0] if isinstance(value, tuple) and value[0] else "upload.bin"
            content = value[1] if isinstance(value, tuple) else value
            fields[name] = SimpleUploadedFile(str(filename), _bytes(content))
        body, content_type = encode_multipart(BOUNDARY, fields), MULTIPART_CONTENT
    elif "json" in kwargs:
        body, content_type = json.dumps(kwargs["json"]), "application/json"
    else:
        body = kwargs.get("data") or b""
        if isinstance(body, dict):
            body, content_type = urlencode(body, doseq=True), "application/x-www-form-urlencoded"
    return client.generic(
        kwargs["method"],
        url.path,
        data=body,
        content_type=content_type or "application/octet-stream",
        **extra,
    )


def _runner(strategy, int_params, send):
    @hsettings(
        max_examples=EXAMPLES,
        phases=[Phase.generate],
        database=None,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy, real=st.sampled_from(REAL_IDS), use_real=st.booleans())
    def run(case, real, use_real):
        if use_real and int_params:
            case.path_parameters = {**(case.path_parameters or {}), **dict.fromkeys(int_params, real)}
        send(case)

    return run


def _send_as_every_role(client, case, secrets, counts, failures):
    for role, secret in secrets.items():
        response = _send(client, case, secret)
        counts[role][response.status_code // 100 * 100] += 1
        counts[role]["requests"] += 1
        if response.status_code >= 500:
            exc = getattr(response, "exc_info", None)
            failures.append(
                f"{role}: {case.method} {case.formatted_path} query={case.query} "
                f"body={str(case.body)[:200]} -> {response.status_code} "
                f"{exc[0].__name__ + ': ' + str(exc[1])[:300] if exc else response.content[:300]}"
            )


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_no_operation_answers_5xx_to_any_role(settings, capsys):
    settings.PORTAL_THROTTLE_RATES = {}  # the rates are tested elsewhere; here they would only say 429
    users = _world()
    roles = {name: users[name] for name in ("exporter", "underwriter", "claims officer", "bank")}
    secrets = {name: api_key_create(user=user, name="schemathesis").secret for name, user in roles.items()}
    client = Client(raise_request_exception=False)
    raw = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    schema = schemathesis.openapi.from_dict(raw)
    operations = [result.ok() for result in schema.get_all_operations()]

    counts: dict[str, Counter] = defaultdict(Counter)
    failures: list[str] = []
    started = time.monotonic()

    for operation in operations:
        int_params = [
            p["name"]
            for p in operation.definition.raw.get("parameters", [])
            if p.get("in") == "path" and (p.get("schema") or {}).get("type") == "integer"
        ]
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            _runner(
                operation.as_strategy(generation_mode=mode),
                int_params if mode is schemathesis.GenerationMode.POSITIVE else [],
                lambda case, client=client: _send_as_every_role(client, case, secrets, counts, failures),
            )()

    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\nschemathesis: {len(operations)} operations, {elapsed:.0f} s")
        for role, c in counts.items():
            print(
                f"  {role}: {c['requests']} requests; 2xx {c[200]}, 3xx {c[300]}, 4xx {c[400]}, 5xx {c[500]}"
            )
    assert len(operations) > 100
    assert not failures, "\n".join(dict.fromkeys(failures))
