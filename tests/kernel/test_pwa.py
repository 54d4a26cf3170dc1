"""The portal as an installable web app (issue 17 item 2): a manifest with PNG icons, a service
worker for the whole portal that keeps only the offline page, and that page, public and bilingual."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_manifest_makes_the_portal_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200 and response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("/", "/", "standalone")
    sizes = {i["sizes"] for i in manifest["icons"] if i["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200, icon["src"]


def test_the_manifest_speaks_the_readers_language(client):
    client.cookies["django_language"] = "zh-hans"
    assert client.get("/manifest.webmanifest").json()["lang"] == "zh-hans"


def test_the_service_worker_covers_the_portal_and_keeps_only_the_offline_page(client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assert 'const OFFLINE_URL = "/offline/"' in body
    assert "/api/" not in body  # no data is cached


def test_the_offline_page_is_public_and_bilingual(client):
    page = client.get("/offline/").content.decode()
    assert "暂时无法连接" in page and "You are offline" in page


def test_every_page_links_the_manifest_and_registers_the_worker(client_for, exporter):
    page = client_for(exporter).get("/").content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in page and 'data-service-worker="/sw.js"' in page
