from django.urls import path

from sinosure_portal.accounts import apis as accounts_apis
from sinosure_portal.core import apis, stats_views

app_name = "core_api"
urlpatterns = [
    path("auth/token/", accounts_apis.TokenApi.as_view(), name="token"),
    path("api-keys/", accounts_apis.ApiKeyListApi.as_view(), name="api-keys"),
    path("api-keys/<int:pk>/revoke/", accounts_apis.ApiKeyRevokeApi.as_view(), name="api-key-revoke"),
    path("me/", apis.MeApi.as_view(), name="me"),
    path("notifications/", apis.NotificationListApi.as_view(), name="notifications"),
    path("notifications/read/", apis.NotificationMarkReadApi.as_view(), name="notifications-read"),
    path("exchange-rates/", apis.ExchangeRateListApi.as_view(), name="exchange-rates"),
    path("calendar/add-business-days/", apis.AddBusinessDaysApi.as_view(), name="add-business-days"),
    path("audit-events/", apis.AuditEventListApi.as_view(), name="audit-events"),
    path("search/", apis.SearchApi.as_view(), name="search"),
    path("stats/", stats_views.StatsListApi.as_view(), name="stats"),
    path("stats/<slug:key>/", stats_views.StatsSectionApi.as_view(), name="stats-section"),
]
