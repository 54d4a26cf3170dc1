from django.urls import path

from financing import views

app_name = "financing"
urlpatterns = [
    path("", views.home, name="home"),
    path("agreements/", views.agreement_list, name="agreement-list"),
    path("agreements/new/", views.agreement_new, name="agreement-new"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement-detail"),
    path("agreements/<int:pk>/pdf/", views.agreement_pdf, name="agreement-pdf"),
    path("agreements/<int:pk>/<str:action>/", views.agreement_act, name="agreement-act"),
    path("receivable-assignments/", views.receivable_assignment_list, name="receivable-assignment-list"),
    path("receivable-assignments/new/", views.receivable_assignment_new, name="receivable-assignment-new"),
    path(
        "receivable-assignments/<int:pk>/",
        views.receivable_assignment_detail,
        name="receivable-assignment-detail",
    ),
    path(
        "receivable-assignments/<int:pk>/<str:action>/",
        views.receivable_assignment_act,
        name="receivable-assignment-act",
    ),
    path("receivables/", views.receivable_list, name="receivable-list"),
    path("receivables/<int:pk>/", views.receivable_detail, name="receivable-detail"),
    path("coverage-notices/", views.coverage_notice_list, name="coverage-notice-list"),
    path("coverage-notices/<int:pk>/", views.coverage_notice_detail, name="coverage-notice-detail"),
    path("coverage-notices/<int:pk>/pdf/", views.coverage_notice_pdf, name="coverage-notice-pdf"),
    path("loans/", views.loan_list, name="loan-list"),
    path("loans/new/", views.loan_new, name="loan-new"),
    path("loans/<int:pk>/", views.loan_detail, name="loan-detail"),
    path("loans/<int:pk>/repay/", views.loan_repay, name="loan-repay"),
    path("indemnities/", views.indemnity_list, name="indemnity-list"),
    path("data/", views.data_authorisation_list, name="data-authorisation-list"),
    path("data/<int:pk>/", views.data_authorisation_detail, name="data-authorisation-detail"),
    path("data/<int:pk>/revoke/", views.data_authorisation_revoke, name="data-authorisation-revoke"),
]
