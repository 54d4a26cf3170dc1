from django.urls import path

from claims import apis

app_name = "claims_api"
urlpatterns = [
    path("", apis.ClaimListCreateApi.as_view(), name="claims"),
    path("direct/", apis.ClaimDirectApi.as_view(), name="claim-direct"),
    path("queue/", apis.ClaimQueueApi.as_view(), name="queue"),
    path("<int:pk>/", apis.ClaimDetailApi.as_view(), name="claim"),
    path("<int:pk>/assessment/", apis.ClaimAssessmentApi.as_view(), name="claim-assessment"),
    path("<int:pk>/accept/", apis.ClaimAcceptApi.as_view(), name="claim-accept"),
    path("<int:pk>/investigate/", apis.ClaimInvestigateApi.as_view(), name="claim-investigate"),
    path("<int:pk>/notes/", apis.ClaimNoteApi.as_view(), name="claim-notes"),
    path("<int:pk>/assess/", apis.ClaimAssessApi.as_view(), name="claim-assess"),
    path("<int:pk>/decide/", apis.ClaimDecideApi.as_view(), name="claim-decide"),
    path("<int:pk>/issue-notice/", apis.ClaimIssueNoticeApi.as_view(), name="claim-issue-notice"),
    path("<int:pk>/confirm-receipt/", apis.ClaimConfirmReceiptApi.as_view(), name="claim-confirm-receipt"),
    path("<int:pk>/approve-payment/", apis.ClaimApprovePaymentApi.as_view(), name="claim-approve-payment"),
    path("<int:pk>/pay/", apis.ClaimPayApi.as_view(), name="claim-pay"),
    path("<int:pk>/close/", apis.ClaimCloseApi.as_view(), name="claim-close"),
    path("<int:pk>/withdraw/", apis.ClaimWithdrawApi.as_view(), name="claim-withdraw"),
    path("<int:pk>/documents/", apis.ClaimDocumentListUploadApi.as_view(), name="claim-documents"),
    path("<int:pk>/documents/<int:doc_pk>/", apis.ClaimDocumentDownloadApi.as_view(), name="claim-document"),
    path(
        "<int:pk>/document-requests/", apis.DocumentRequestCreateApi.as_view(), name="claim-document-requests"
    ),
    path(
        "document-requests/<int:pk>/answer/", apis.DocumentRequestAnswerApi.as_view(), name="request-answer"
    ),
    path(
        "document-requests/<int:pk>/cancel/", apis.DocumentRequestCancelApi.as_view(), name="request-cancel"
    ),
    path("<int:pk>/deductions/", apis.DeductionCreateApi.as_view(), name="claim-deductions"),
    path("deductions/<int:pk>/", apis.DeductionDeleteApi.as_view(), name="deduction"),
    path("lines/<int:pk>/inclusion/", apis.LineInclusionApi.as_view(), name="line-inclusion"),
    path("<int:pk>/ratio/", apis.RatioApi.as_view(), name="claim-ratio"),
    path("<int:pk>/recoveries/", apis.RecoveryCreateApi.as_view(), name="claim-recoveries"),
    path("<int:pk>/pdf/<str:kind>/", apis.ClaimPdfApi.as_view(), name="claim-pdf"),
    path("recoveries/", apis.RecoveryListApi.as_view(), name="recoveries"),
    path("recoveries/<int:pk>/reverse/", apis.RecoveryReverseApi.as_view(), name="recovery-reverse"),
    path("notices/", apis.NoticeListCreateApi.as_view(), name="notices"),
    path("notices/check/", apis.NoticeCheckApi.as_view(), name="notice-check"),
    path("notices/shipments/", apis.NotifiableShipmentListApi.as_view(), name="notifiable-shipments"),
    path("notices/<int:pk>/", apis.NoticeDetailApi.as_view(), name="notice"),
    path("notices/<int:pk>/acknowledge/", apis.NoticeAcknowledgeApi.as_view(), name="notice-acknowledge"),
    path("notices/<int:pk>/withdraw/", apis.NoticeWithdrawApi.as_view(), name="notice-withdraw"),
    path("notices/<int:pk>/close/", apis.NoticeCloseApi.as_view(), name="notice-close"),
    path("notices/<int:pk>/pdf/", apis.NoticePdfApi.as_view(), name="notice-pdf"),
]
