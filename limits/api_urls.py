from django.urls import path

from limits import apis

app_name = "limits_api"
urlpatterns = [
    path("", apis.LimitListApi.as_view(), name="limit-list"),
    path("<int:pk>/", apis.LimitDetailApi.as_view(), name="limit-detail"),
    path("<int:pk>/history/", apis.LimitHistoryApi.as_view(), name="limit-history"),
    path("<int:pk>/terms/", apis.LimitTermsApi.as_view(), name="limit-terms"),
    path("<int:pk>/reduce/", apis.LimitReduceApi.as_view(), name="limit-reduce"),
    path("<int:pk>/cancel/", apis.LimitCancelApi.as_view(), name="limit-cancel"),
    path("queue/", apis.LimitQueueApi.as_view(), name="queue"),
    path("rules/", apis.LimitAutoRuleListApi.as_view(), name="rule-list"),
    path("rules/<int:pk>/", apis.LimitAutoRuleDetailApi.as_view(), name="rule-detail"),
    path("applications/", apis.LimitApplicationListApi.as_view(), name="application-list"),
    path("applications/<int:pk>/", apis.LimitApplicationDetailApi.as_view(), name="application-detail"),
    path(
        "applications/<int:pk>/approve/",
        apis.LimitApplicationApproveApi.as_view(),
        name="application-approve",
    ),
    path(
        "applications/<int:pk>/reject/", apis.LimitApplicationRejectApi.as_view(), name="application-reject"
    ),
    path("applications/<int:pk>/take/", apis.LimitApplicationTakeApi.as_view(), name="application-take"),
    path(
        "applications/<int:pk>/release/",
        apis.LimitApplicationReleaseApi.as_view(),
        name="application-release",
    ),
    path(
        "applications/<int:pk>/withdraw/",
        apis.LimitApplicationWithdrawApi.as_view(),
        name="application-withdraw",
    ),
    path(
        "applications/<int:pk>/approval/",
        apis.LimitApplicationApprovalApi.as_view(),
        name="application-approval",
    ),
]
