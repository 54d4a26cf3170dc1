"""Production is the default and refuses to be unsafe: checked in a subprocess with only the
documented production environment (the test suite itself runs over plain http)."""

import json
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def _production_env(tmp_path, **extra):
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/root"),
        "DJANGO_SETTINGS_MODULE": "sinosure_portal.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "portal.example.com",
        "PORTAL_VAR_DIR": str(tmp_path),
    }
    env.update(extra)
    return {k: v for k, v in env.items() if v is not None}


def _run(args, env):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_passes_with_only_the_documented_production_settings(tmp_path):
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], _production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _run(["manage.py", "check"], _production_env(tmp_path, DJANGO_SECRET_KEY=None))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


PROBE = """
import json, django
django.setup()
from django.test import Client
c = Client()
out = {}
for name, path in [("page", "/accounts/login/"), ("api", "/api/v1/declarations/")]:
    r = c.get(path, secure=True, HTTP_HOST="portal.example.com")
    out[name] = {"status": r.status_code, "headers": dict(r.headers),
                 "cookies": {k: {"secure": bool(v["secure"]), "httponly": bool(v["httponly"])} for k, v in r.cookies.items()}}
r = c.get("/accounts/login/", HTTP_HOST="portal.example.com")
out["http"] = {"status": r.status_code, "location": r.headers.get("Location")}
print(json.dumps(out))
"""


def test_production_responses_carry_the_security_headers(tmp_path):
    result = _run(["-c", PROBE], _production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["http"] == {"status": 301, "location": "https://portal.example.com/accounts/login/"}
    assert out["page"]["status"] == 200
    assert out["api"]["status"] in (401, 403)
    for name in ("page", "api"):
        headers = out[name]["headers"]
        assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        csp = {part.split()[0]: part.split()[1:] for part in headers["Content-Security-Policy"].split("; ")}
        assert csp["script-src"] == ["'self'"] and csp["frame-ancestors"] == ["'none'"]
        assert "camera=()" in headers["Permissions-Policy"]
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
    assert out["page"]["cookies"]["csrftoken"]["secure"] is True


def test_no_template_carries_inline_script():
    """The Content-Security-Policy allows scripts from static files only."""
    offenders = []
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts or "node_modules" in path.parts:
            continue
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'type="application/json"' not in tag:
                offenders.append((str(path), tag))
        if re.search(r"\son[a-z]+=\"|javascript:", text):
            offenders.append((str(path), "event handler attribute or javascript: URL"))
    assert offenders == []


@pytest.mark.django_db
def test_a_session_ends_after_the_idle_timeout(client_for, exporter, settings):
    c = client_for(exporter)
    home = reverse("core:dashboard")
    assert c.get(home).status_code == 200
    session = c.session
    session["_portal_last_seen"] = int(time.time()) - settings.PORTAL_SESSION_IDLE_MINUTES * 60 - 5
    session.save()
    response = c.get(home)
    assert response.status_code == 302 and "login" in response["Location"]
    assert c.get(home).status_code == 302  # signed out for good, not only for one request


@pytest.mark.django_db
def test_an_active_session_stays(client_for, exporter, settings):
    c = client_for(exporter)
    home = reverse("core:dashboard")
    c.get(home)
    session = c.session
    session["_portal_last_seen"] = int(time.time()) - settings.PORTAL_SESSION_IDLE_MINUTES * 60 + 60
    session.save()
    assert c.get(home).status_code == 200
