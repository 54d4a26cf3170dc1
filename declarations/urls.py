from django.urls import path
from django.views.generic import RedirectView

from declarations import views

app_name = "declarations"
urlpatterns = [
    # the list is not at the app's root, so that the menu does not mark it for every page below
    path("", RedirectView.as_view(pattern_name="declarations:declaration-list", query_string=True)),
    path("list/", views.declaration_list, name="declaration-list"),
    path("new/", views.declaration_new, name="declaration-new"),
    path("cover/", views.cover_quote, name="cover-quote"),
    path("planned/<int:pk>/drop/", views.planned_order_drop, name="planned-order-drop"),
    path("<int:pk>/", views.declaration_detail, name="declaration-detail"),
    path("<int:pk>/payment/", views.declaration_pay, name="declaration-pay"),
    path("<int:pk>/amend/", views.declaration_amend, name="declaration-amend"),
    path("amendments/", views.amendment_list, name="amendment-list"),
    path("amendments/<int:pk>/decide/", views.amendment_decide, name="amendment-decide"),
    path("upload/", views.upload, name="upload"),
    path("template.<str:fmt>", views.template_download, name="template"),
    path("batches/<int:pk>/", views.batch_detail, name="batch-detail"),
    path("batches/<int:pk>/status/", views.batch_status, name="batch-status"),
    path("batches/<int:pk>/report.xlsx", views.batch_report, name="batch-report"),
    path("batches/<int:pk>/retry/", views.batch_retry, name="batch-retry"),
    path("receivables/", views.receivable_list, name="receivable-list"),
    path("payments/", views.payment_list, name="payment-list"),
    path("nil/", views.nil_declarations, name="nil-list"),
    path("limits/<int:pk>/", views.limit_exposure, name="limit-exposure"),
    path("limits/<int:pk>/status/", views.limit_status, name="limit-status"),
    path("exposure/", views.buyer_exposure, name="buyer-exposure"),
    path("premium-invoices/", views.premium_invoice_list, name="premium-invoice-list"),
    path("premium-invoices/<int:pk>/pdf/", views.premium_invoice_pdf, name="premium-invoice-pdf"),
]
