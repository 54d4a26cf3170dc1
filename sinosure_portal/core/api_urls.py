from django.urls import path

from sinosure_portal.accounts import apis as accounts_apis
from sinosure_portal.accounts import team_apis
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
    path("team/", team_apis.TeamListApi.as_view(), name="team"),
    path("team/four-eyes/", team_apis.FourEyesApi.as_view(), name="team-four-eyes"),
    path("team/<int:pk>/", team_apis.TeamMemberApi.as_view(), name="team-member"),
    path("team/<int:pk>/duties/", team_apis.TeamDutiesApi.as_view(), name="team-duties"),
    path("team/<int:pk>/deactivate/", team_apis.TeamDeactivateApi.as_view(), name="team-deactivate"),
    path("team/<int:pk>/reactivate/", team_apis.TeamReactivateApi.as_view(), name="team-reactivate"),
    path("acts/", team_apis.ActListApi.as_view(), name="acts"),
    path("acts/<int:pk>/", team_apis.ActDetailApi.as_view(), name="act"),
    path("acts/<int:pk>/approve/", team_apis.ActApproveApi.as_view(), name="act-approve"),
    path("acts/<int:pk>/reject/", team_apis.ActRejectApi.as_view(), name="act-reject"),
]
