from django.urls import path

from limits import views

app_name = "limits"
urlpatterns = [
    path("", views.limit_list, name="limit-list"),
    path("<int:pk>/", views.limit_detail, name="limit-detail"),
    path("<int:pk>/reduce/", views.limit_reduce, name="limit-reduce"),
    path("<int:pk>/cancel/", views.limit_cancel, name="limit-cancel"),
    path("queue/", views.queue, name="queue"),
    path("rules/", views.rule_list, name="rules"),
    path("rules/<int:pk>/", views.rule_edit, name="rule-edit"),
    path("applications/", views.application_list, name="application-list"),
    path("applications/new/", views.application_new, name="application-new"),
    path("applications/<int:pk>/", views.application_detail, name="application-detail"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application-decide"),
    path("applications/<int:pk>/take/", views.application_take, name="application-take"),
    path("applications/<int:pk>/release/", views.application_release, name="application-release"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application-withdraw"),
    path("applications/<int:pk>/approval.pdf", views.application_approval, name="application-approval"),
]
