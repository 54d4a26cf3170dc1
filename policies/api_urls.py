from django.urls import path

from policies import apis

app_name = "policies_api"
urlpatterns = [
    path("", apis.PolicyListApi.as_view(), name="policy-list"),
    path("<int:pk>/", apis.PolicyDetailApi.as_view(), name="policy-detail"),
    path("<int:pk>/rates/", apis.PolicyRatesApi.as_view(), name="policy-rates"),
    path("<int:pk>/settings/", apis.PolicySettingsApi.as_view(), name="policy-settings"),
    path("<int:pk>/renew/", apis.PolicyRenewApi.as_view(), name="policy-renew"),
    path("<int:pk>/cancel/", apis.PolicyCancelApi.as_view(), name="policy-cancel"),
    path("<int:pk>/schedule/", apis.PolicyScheduleApi.as_view(), name="policy-schedule"),
    path("invoices/", apis.PremiumInvoiceListApi.as_view(), name="invoice-list"),
    path("invoices/<int:pk>/paid/", apis.PremiumInvoicePaidApi.as_view(), name="invoice-paid"),
    path("invoices/<int:pk>/pdf/", apis.PremiumInvoicePdfApi.as_view(), name="invoice-pdf"),
    path("micro-eligibility/", apis.MicroEligibilityApi.as_view(), name="micro-eligibility"),
    path("applications/", apis.PolicyApplicationListApi.as_view(), name="application-list"),
    path("applications/<int:pk>/", apis.PolicyApplicationDetailApi.as_view(), name="application-detail"),
    path(
        "applications/<int:pk>/consent/",
        apis.PolicyApplicationConsentApi.as_view(),
        name="application-consent",
    ),
    path("applications/<int:pk>/sign/", apis.PolicyApplicationSignApi.as_view(), name="application-sign"),
    path(
        "applications/<int:pk>/submit/", apis.PolicyApplicationSubmitApi.as_view(), name="application-submit"
    ),
    path(
        "applications/<int:pk>/withdraw/",
        apis.PolicyApplicationWithdrawApi.as_view(),
        name="application-withdraw",
    ),
    path(
        "applications/<int:pk>/review/", apis.PolicyApplicationReviewApi.as_view(), name="application-review"
    ),
    path(
        "applications/<int:pk>/reject/", apis.PolicyApplicationRejectApi.as_view(), name="application-reject"
    ),
    path("applications/<int:pk>/issue/", apis.PolicyApplicationIssueApi.as_view(), name="application-issue"),
    path(
        "applications/<int:pk>/agreement/",
        apis.PolicyApplicationAgreementApi.as_view(),
        name="application-agreement",
    ),
]
