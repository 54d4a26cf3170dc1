"""Endpoints declarations serves under /api/v1/limits/ (mounted there by the root URLconf): they
act on limits with the declaration engine's rules, and limits may not import declarations."""

from django.urls import path

from declarations import apis

app_name = "limits_more_api"
urlpatterns = [
    path("<int:pk>/planned/", apis.LimitPlannedApi.as_view(), name="limit-planned"),
]
