from django.urls import path

from sinosure_portal.ledger import views

app_name = "ledger"
urlpatterns = [
    path("", views.runs, name="runs"),
    path("run/", views.run_now, name="run-now"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
]
