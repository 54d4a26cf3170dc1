from django.urls import path

from sinosure_portal.core import stats_views, views

app_name = "core"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("inbox/", views.inbox, name="inbox"),
    path("search/", views.search_page, name="search"),
    path("inbox/read/", views.inbox_mark_read, name="inbox-read"),
    path("rates/", views.rates, name="rates"),
    path("stats/", stats_views.stats_page, name="stats"),
    path("stats/<slug:key>/export.xlsx", stats_views.stats_export, name="stats-export"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("audit/", views.audit_page, name="audit"),
    path("audit/<str:app_label>/<str:model>/<str:object_id>/", views.object_history, name="history"),
]
