from django.urls import path

from sinosure_portal.webhooks import apis

app_name = "webhooks_api"
urlpatterns = [
    path("events/", apis.EventTypeListApi.as_view(), name="events"),
    path("endpoints/", apis.EndpointListCreateApi.as_view(), name="endpoints"),
    path("endpoints/<int:pk>/", apis.EndpointDetailApi.as_view(), name="endpoint"),
    path("endpoints/<int:pk>/rotate-secret/", apis.EndpointRotateSecretApi.as_view(), name="rotate-secret"),
    path("endpoints/<int:pk>/test/", apis.EndpointTestApi.as_view(), name="test"),
    path("endpoints/<int:pk>/deliveries/", apis.DeliveryListApi.as_view(), name="deliveries"),
    path(
        "endpoints/<int:pk>/deliveries/<int:delivery_id>/redeliver/",
        apis.DeliveryRedeliverApi.as_view(),
        name="redeliver",
    ),
]
