from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from sinosure_portal.core import pwa
from sinosure_portal.core import views as core_views

LIFECYCLE_APPS = ["policies", "limits", "declarations", "claims", "financing", "creditinfo"]
# endpoints a later app serves under an earlier app's prefix, after that app's own: declarations
# acts on limits with its engine (a limit's planned orders), and limits may not import it
API_MOUNTS = [("limits", "declarations.limit_api_urls")]
# pages likewise: limit batches go through each limit's workflow with declarations' upload machinery
PAGE_MOUNTS = [("limits", "declarations.limit_urls")]

api_v1 = [
    path("", include("sinosure_portal.core.api_urls")),
    path("ledger/", include("sinosure_portal.ledger.api_urls")),
    path("webhooks/", include("sinosure_portal.webhooks.api_urls")),
    *[path(f"{app}/", include(f"{app}.api_urls")) for app in LIFECYCLE_APPS],
    *[path(f"{prefix}/", include(module)) for prefix, module in API_MOUNTS],
]

urlpatterns = [
    path("", include("sinosure_portal.core.urls")),
    path("accounts/", include("sinosure_portal.accounts.urls")),
    path("ledger/", include("sinosure_portal.ledger.urls")),
    path("webhooks/", include("sinosure_portal.webhooks.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.PORTAL_ADMIN_PATH, admin.site.urls),
    path("healthz", core_views.healthz, name="healthz"),
    # the installable web app: manifest, service worker (scope: the whole portal), offline page
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("offline/", pwa.offline, name="offline"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    *[path(f"{app}/", include(f"{app}.urls")) for app in LIFECYCLE_APPS],
    path("learn/", include("creditinfo.learn_urls")),  # the learning corner (小微学堂)
    *[path(f"{prefix}/", include(module)) for prefix, module in PAGE_MOUNTS],
]
# Stored files (evidence, uploads, signed PDFs) are never served from MEDIA_URL, not even in DEBUG:
# each is downloaded through its owner's view, which checks who may see it.
