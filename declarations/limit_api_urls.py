"""Endpoints declarations serves under /api/v1/limits/ (mounted there by the root URLconf): they
act on limits with the declaration engine's rules or through each limit's workflow with the upload
machinery, and limits may not import declarations."""

from django.urls import path

from declarations.apis import limit_batches, planning

app_name = "limits_more_api"
urlpatterns = [
    path("<int:pk>/planned/", planning.LimitPlannedApi.as_view(), name="limit-planned"),
    path("batches/", limit_batches.LimitBatchListCreateApi.as_view(), name="batches"),
    path("batches/upload/", limit_batches.LimitBatchUploadApi.as_view(), name="batch-upload"),
    path("batches/<int:pk>/", limit_batches.LimitBatchDetailApi.as_view(), name="batch"),
    path("batches/<int:pk>/retry/", limit_batches.LimitBatchRetryApi.as_view(), name="batch-retry"),
    path("batches/<int:pk>/rows/", limit_batches.LimitBatchRowListApi.as_view(), name="batch-rows"),
]
