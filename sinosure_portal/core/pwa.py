"""The portal as an installable web app: its manifest, a service worker and the page it shows
when the network is gone. All three are public (a browser fetches them before anyone signs in)
and the service worker caches nothing but that offline page and the files it needs: pages with
people's data are never kept on the device."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

OFFLINE_URL = "/offline/"


@require_GET
@cache_control(max_age=3600, public=True)
def manifest(request):
    return JsonResponse(
        {
            "name": _("Sinosure online"),
            "short_name": _("Sinosure"),
            "description": _("Export credit insurance: limits, declarations, claims and financing"),
            "lang": request.LANGUAGE_CODE,
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#f4f6f9",
            "theme_color": "#1f4e79",
            "icons": [
                {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
                {
                    "src": static("icons/icon-512.png"),
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "maskable",
                },
                {"src": static("favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
            ],
        },
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    """Served from the root so that its scope is the whole portal."""
    body = render(
        request,
        "core/sw.js",
        {
            "offline_url": OFFLINE_URL,
            "precache": [OFFLINE_URL, static("css/portal.css"), static("favicon.svg")],
        },
        content_type="text/javascript",
    ).content
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def offline(request):
    return render(request, "core/offline.html")
