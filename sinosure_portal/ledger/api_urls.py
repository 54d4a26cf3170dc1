from django.urls import path

from sinosure_portal.ledger import apis

app_name = "ledger_api"
urlpatterns = [
    path("runs/", apis.RunListApi.as_view(), name="runs"),
    path("runs/<int:pk>/", apis.RunDetailApi.as_view(), name="run"),
]
