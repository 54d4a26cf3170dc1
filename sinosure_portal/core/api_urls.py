from django.urls import path

from sinosure_portal.core import apis

app_name = "core_api"
urlpatterns = [
    path("auth/token/", apis.TokenApi.as_view(), name="token"),
    path("me/", apis.MeApi.as_view(), name="me"),
    path("notifications/", apis.NotificationListApi.as_view(), name="notifications"),
    path("notifications/read/", apis.NotificationMarkReadApi.as_view(), name="notifications-read"),
    path("exchange-rates/", apis.ExchangeRateListApi.as_view(), name="exchange-rates"),
    path("calendar/add-business-days/", apis.AddBusinessDaysApi.as_view(), name="add-business-days"),
    path("audit-events/", apis.AuditEventListApi.as_view(), name="audit-events"),
]
