from django.urls import path

from sinosure_portal.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("", views.endpoints, name="endpoints"),
    path("<int:pk>/", views.endpoint_detail, name="endpoint"),
    path("<int:pk>/rotate/", views.endpoint_rotate, name="rotate"),
    path("<int:pk>/test/", views.endpoint_test, name="test"),
    path("<int:pk>/active/", views.endpoint_active, name="active"),
    path("<int:pk>/delete/", views.endpoint_delete_page, name="delete"),
    path("<int:pk>/deliveries/<int:delivery_id>/", views.delivery_detail, name="delivery"),
    path("<int:pk>/deliveries/<int:delivery_id>/redeliver/", views.delivery_redeliver_page, name="redeliver"),
]
