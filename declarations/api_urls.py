from django.urls import path

from declarations import apis

app_name = "declarations_api"
urlpatterns = [
    path("", apis.DeclarationListCreateApi.as_view(), name="declarations"),
    path("check/", apis.DeclarationCheckApi.as_view(), name="check"),
    path("cover-quote/", apis.CoverQuoteApi.as_view(), name="cover-quote"),
    path("planned-orders/", apis.PlannedOrderListCreateApi.as_view(), name="planned-orders"),
    path("planned-orders/<int:pk>/", apis.PlannedOrderDetailApi.as_view(), name="planned-order"),
    path("<int:pk>/", apis.DeclarationDetailApi.as_view(), name="declaration"),
    path("amendments/", apis.AmendmentListCreateApi.as_view(), name="amendments"),
    path("amendments/<int:pk>/decision/", apis.AmendmentDecideApi.as_view(), name="amendment-decision"),
    path("batches/", apis.BatchListCreateApi.as_view(), name="batches"),
    path("batches/upload/", apis.BatchUploadApi.as_view(), name="batch-upload"),
    path("batches/<int:pk>/", apis.BatchDetailApi.as_view(), name="batch"),
    path("batches/<int:pk>/retry/", apis.BatchRetryApi.as_view(), name="batch-retry"),
    path("batches/<int:pk>/rows/", apis.BatchRowListApi.as_view(), name="batch-rows"),
    path("payments/", apis.PaymentListCreateApi.as_view(), name="payments"),
    path("payments/bulk/", apis.PaymentBulkApi.as_view(), name="payments-bulk"),
    path("payments/upload/", apis.PaymentUploadApi.as_view(), name="payments-upload"),
    path("receivables/", apis.ReceivableListApi.as_view(), name="receivables"),
    path("nil/", apis.NilDeclarationListCreateApi.as_view(), name="nil-declarations"),
    path("nil/bulk/", apis.NilDeclarationBulkApi.as_view(), name="nil-declarations-bulk"),
    path("limits/<int:pk>/exposure/", apis.LimitExposureApi.as_view(), name="limit-exposure"),
    path("exposure/buyers/", apis.BuyerExposureApi.as_view(), name="buyer-exposure"),
]
