from django.urls import path

from financing import apis

app_name = "financing_api"
urlpatterns = [
    path("agreements/", apis.AgreementListCreateApi.as_view(), name="agreements"),
    path("agreements/<int:pk>/", apis.AgreementDetailApi.as_view(), name="agreement"),
    path("agreements/<int:pk>/sign/", apis.AgreementBankSignApi.as_view(), name="agreement-sign"),
    path("agreements/<int:pk>/approve/", apis.AgreementApproveApi.as_view(), name="agreement-approve"),
    path("agreements/<int:pk>/reject/", apis.AgreementRejectApi.as_view(), name="agreement-reject"),
    path("agreements/<int:pk>/withdraw/", apis.AgreementWithdrawApi.as_view(), name="agreement-withdraw"),
    path(
        "agreements/<int:pk>/termination/",
        apis.AgreementTerminationRequestApi.as_view(),
        name="agreement-termination",
    ),
    path("agreements/<int:pk>/terminate/", apis.AgreementTerminateApi.as_view(), name="agreement-terminate"),
    path("agreements/<int:pk>/keep/", apis.AgreementKeepApi.as_view(), name="agreement-keep"),
    path("agreements/<int:pk>/pdf/", apis.AgreementPdfApi.as_view(), name="agreement-pdf"),
    path(
        "receivable-assignments/",
        apis.ReceivableAssignmentListCreateApi.as_view(),
        name="receivable-assignments",
    ),
    path(
        "receivable-assignments/<int:pk>/",
        apis.ReceivableAssignmentDetailApi.as_view(),
        name="receivable-assignment",
    ),
    path(
        "receivable-assignments/<int:pk>/accept/",
        apis.ReceivableAssignmentAcceptApi.as_view(),
        name="receivable-assignment-accept",
    ),
    path(
        "receivable-assignments/<int:pk>/decline/",
        apis.ReceivableAssignmentDeclineApi.as_view(),
        name="receivable-assignment-decline",
    ),
    path(
        "receivable-assignments/<int:pk>/withdraw/",
        apis.ReceivableAssignmentWithdrawApi.as_view(),
        name="receivable-assignment-withdraw",
    ),
    path("receivables/", apis.BankReceivableListApi.as_view(), name="receivables"),
    path("receivables/<int:pk>/", apis.BankReceivableDetailApi.as_view(), name="receivable"),
    path("coverage-notices/", apis.CoverageNoticeListApi.as_view(), name="coverage-notices"),
    path("coverage-notices/<int:pk>/", apis.CoverageNoticeDetailApi.as_view(), name="coverage-notice"),
    path("coverage-notices/<int:pk>/pdf/", apis.CoverageNoticePdfApi.as_view(), name="coverage-notice-pdf"),
    path("loans/", apis.LoanListCreateApi.as_view(), name="loans"),
    path("loans/<int:pk>/", apis.LoanDetailApi.as_view(), name="loan"),
    path("loans/<int:pk>/repayments/", apis.RepaymentCreateApi.as_view(), name="loan-repayments"),
    path("indemnities/", apis.IndemnityListApi.as_view(), name="indemnities"),
    path("data-authorisations/", apis.DataAuthorisationListCreateApi.as_view(), name="data-authorisations"),
    path(
        "data-authorisations/<int:pk>/",
        apis.DataAuthorisationDetailApi.as_view(),
        name="data-authorisation",
    ),
    path(
        "data-authorisations/<int:pk>/revoke/",
        apis.DataAuthorisationRevokeApi.as_view(),
        name="data-authorisation-revoke",
    ),
]
