from django.urls import path

from policies import views

app_name = "policies"
urlpatterns = [
    path("", views.policy_list, name="policy-list"),
    path("mine/", views.my_policy, name="my-policy"),
    path("<int:pk>/", views.policy_detail, name="policy-detail"),
    path("<int:pk>/schedule.pdf", views.policy_schedule, name="policy-schedule"),
    path("<int:pk>/rates/", views.policy_rates, name="policy-rates"),
    path("<int:pk>/settings/", views.policy_settings, name="policy-settings"),
    path("<int:pk>/renew/", views.policy_renew, name="policy-renew"),
    path("<int:pk>/renewal-application/", views.policy_renewal_apply, name="policy-renewal-apply"),
    path("<int:pk>/cancel/", views.policy_cancel, name="policy-cancel"),
    path("invoices/", views.invoice_list, name="invoice-list"),
    path("invoices/<int:pk>/paid/", views.invoice_paid, name="invoice-paid"),
    path("invoices/<int:pk>/pdf/", views.invoice_pdf, name="invoice-pdf"),
    path("applications/", views.application_list, name="application-list"),
    path("applications/new/", views.application_new, name="application-new"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application-edit"),
    path("applications/<int:pk>/consent/", views.application_consent, name="application-consent"),
    path("applications/<int:pk>/sign/", views.application_sign, name="application-sign"),
    path("applications/<int:pk>/submit/", views.application_submit, name="application-submit"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application-withdraw"),
    path("applications/<int:pk>/review/", views.application_review, name="application-review"),
    path("applications/<int:pk>/reject/", views.application_reject, name="application-reject"),
    path("applications/<int:pk>/issue/", views.application_issue, name="application-issue"),
    path("applications/<int:pk>/agreement.pdf", views.application_agreement, name="application-agreement"),
]
