"""Pages declarations serves under /limits/ (mounted there by the root URLconf): bulk limit actions
go through each limit's workflow with the upload machinery of declarations, and limits may not
import declarations."""

from django.urls import path

from declarations.views import limit_batches as views

app_name = "limit_batches"
urlpatterns = [
    path("batches/", views.batch_list, name="batch-list"),
    path("batches/template.<str:fmt>", views.template_download, name="template"),
    path("batches/<int:pk>/", views.batch_detail, name="batch-detail"),
    path("batches/<int:pk>/status/", views.batch_status, name="batch-status"),
    path("batches/<int:pk>/report.xlsx", views.batch_report, name="batch-report"),
    path("batches/<int:pk>/retry/", views.batch_retry, name="batch-retry"),
]
