from django.urls import path
from django.views.generic import RedirectView

from creditinfo.views import alerts, buyers, countries, finder, reports

app_name = "creditinfo"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="creditinfo:light", permanent=False), name="home"),
    path("light/", buyers.light, name="light"),
    path("buyers/", buyers.buyer_list, name="buyers"),
    path("buyers/new/", buyers.buyer_register, name="buyer-new"),
    path("buyers/<int:pk>/", buyers.buyer_detail, name="buyer-detail"),
    path("countries/", countries.country_list, name="countries"),
    path("countries/<str:code>/", countries.country_detail, name="country-detail"),
    path("industries/", countries.industry_list, name="industries"),
    path("industries/<str:code>/", countries.industry_detail, name="industry-detail"),
    path("alerts/", alerts.alerts, name="alerts"),
    path("alerts/follow/", alerts.follow, name="follow"),
    path("alerts/unfollow/<int:pk>/", alerts.unfollow, name="unfollow"),
    path("events/new/", alerts.risk_event_new, name="event-new"),
    path("events/<int:pk>/resolve/", alerts.risk_event_resolve, name="event-resolve"),
    path("finder/", finder.finder, name="finder"),
    path("finder/importers/<int:pk>/", finder.importer_detail, name="importer-detail"),
    path("reports/", reports.report_list, name="reports"),
    path("reports/new/", reports.report_new, name="report-new"),
    path("reports/<int:pk>/", reports.report_detail, name="report-detail"),
    path("reports/<int:pk>/start/", reports.report_start, name="report-start"),
    path("reports/<int:pk>/deliver/", reports.report_deliver, name="report-deliver"),
    path("reports/<int:pk>/cancel/", reports.report_cancel, name="report-cancel"),
    path("reports/<int:pk>/pdf/", reports.report_pdf, name="report-pdf"),
]
