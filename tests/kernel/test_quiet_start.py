"""A quiet start (issue 15 item 9): rendering a PDF prints nothing to the console (WeasyPrint
reported every layout step at INFO), and every page carries the portal's icon."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import django
django.setup()
from sinosure_portal.core.documents import render_pdf
data = render_pdf("documents/base.html", {"title": "测试 Test"})
assert data.startswith(b"%PDF")
"""


def test_rendering_a_pdf_prints_nothing_to_the_console(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "LOG_LEVEL"}}
    env.update(
        PORTAL_VAR_DIR=str(tmp_path), DJANGO_DEBUG="true", DJANGO_SETTINGS_MODULE="sinosure_portal.settings"
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout + done.stderr == ""


@pytest.mark.django_db
def test_pages_link_the_portals_icon_and_it_is_served(client):
    page = client.get("/accounts/login/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg"' in page
    from django.contrib.staticfiles import finders

    icon = finders.find("favicon.svg")
    assert icon and Path(icon).read_text().lstrip().startswith("<svg")
