from django.urls import path

from claims import views

app_name = "claims"
urlpatterns = [
    path("", views.claim_list, name="claim-list"),
    path("queue/", views.queue, name="queue"),
    path("recoveries/", views.recovery_list, name="recovery-list"),
    path("recoveries/<int:pk>/reverse/", views.recovery_reverse, name="recovery-reverse"),
    path("notices/", views.notice_list, name="notice-list"),
    path("notices/new/", views.notice_new, name="notice-new"),
    path("notices/<int:pk>/", views.notice_detail, name="notice-detail"),
    path("notices/<int:pk>/action/", views.notice_action, name="notice-action"),
    path("notices/<int:pk>/pdf/", views.notice_pdf, name="notice-pdf"),
    path("notices/<int:notice_pk>/claim/", views.claim_new_from_notice, name="claim-from-notice"),
    path("new/", views.claim_new_direct, name="claim-direct"),
    path("<int:pk>/", views.claim_detail, name="claim-detail"),
    path("<int:pk>/action/", views.claim_action, name="claim-action"),
    path("<int:pk>/upload/", views.claim_upload, name="claim-upload"),
    path("<int:pk>/documents/<int:doc_pk>/", views.claim_document, name="claim-document"),
    path("<int:pk>/pdf/<str:kind>/", views.claim_pdf, name="claim-pdf"),
    path("<int:pk>/notes/", views.claim_note, name="claim-note"),
    path("<int:pk>/requests/", views.claim_request, name="claim-request"),
    path("requests/<int:pk>/", views.request_action, name="request-action"),
    path("<int:pk>/deductions/", views.claim_deduction, name="claim-deduction"),
    path("deductions/<int:pk>/remove/", views.deduction_remove, name="deduction-remove"),
    path("lines/<int:pk>/inclusion/", views.line_inclusion, name="line-inclusion"),
    path("<int:pk>/ratio/", views.claim_ratio, name="claim-ratio"),
    path("<int:pk>/recoveries/", views.claim_recovery, name="claim-recovery"),
]
