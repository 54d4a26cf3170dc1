"""API keys through the API: the token endpoint (username and password for a new key), and a
signed-in user's own keys: list, create, revoke."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sinosure_portal.accounts.keys import NAME_MAX_LENGTH, api_key_create, api_key_revoke
from sinosure_portal.accounts.lockout import lockout_api_response
from sinosure_portal.accounts.models import ApiKey
from sinosure_portal.base.api import ErrorSerializer

DEFAULT_TOKEN_NAME = "API token"  # noqa: S105 (a key's name, not a secret)


class ApiKeyOutput(serializers.ModelSerializer):
    class Meta:
        model = ApiKey
        fields = [
            "id",
            "name",
            "prefix",
            "status",
            "created_at",
            "expires_at",
            "last_used_at",
            "revoked_at",
            "revoked_because",
        ]


class NewApiKeyOutput(ApiKeyOutput):
    token = serializers.CharField(help_text="The key itself: shown this once, never again.")

    class Meta(ApiKeyOutput.Meta):
        fields = ["token", *ApiKeyOutput.Meta.fields]


def _new_key_body(new) -> dict:
    return {"token": new.secret, **ApiKeyOutput(new.api_key).data}


class _KeyFields(serializers.Serializer):
    expires_in_days = serializers.IntegerField(
        min_value=1,
        max_value=3650,
        required=False,
        help_text="Days the key is valid: 1 to PORTAL_API_KEY_DAYS (90 by default), that by default.",
    )


class TokenApi(APIView):
    """Exchange a username and password for a new named API key (send it as
    `Authorization: Bearer <key>`). A key of the same name is replaced. A locked-out account gets
    429 with Retry-After."""

    permission_classes = []
    authentication_classes = []

    class Input(_KeyFields):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=4096, trim_whitespace=False)
        name = serializers.CharField(max_length=NAME_MAX_LENGTH, required=False, default=DEFAULT_TOKEN_NAME)

    @extend_schema(
        request=Input,
        responses={
            200: NewApiKeyOutput,
            400: ErrorSerializer,
            409: ErrorSerializer,
            429: OpenApiResponse(ErrorSerializer, description="Locked out: Retry-After says for how long."),
        },
        summary="A new API key for a username and password",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        http_request = request._request
        user = authenticate(request=http_request, username=v["username"], password=v["password"])
        if user is None:
            if getattr(http_request, "axes_locked_out", False):
                return lockout_api_response(http_request, {"username": v["username"]})
            return Response(
                {"code": "invalid_credentials", "message": _("Unable to sign in with these credentials.")},
                status=400,
            )
        new = api_key_create(
            user=user, name=v["name"], expires_in_days=v.get("expires_in_days"), actor=user, replace=True
        )
        return Response(_new_key_body(new))


class ApiKeyListApi(generics.ListAPIView):
    """Your API keys (active, expired and revoked; never the key itself). POST makes a new one."""

    class Input(_KeyFields):
        name = serializers.CharField(max_length=NAME_MAX_LENGTH)

    serializer_class = ApiKeyOutput
    queryset = ApiKey.objects.none()
    filterset_fields = ["status"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ApiKey.objects.none()
        return ApiKey.objects.filter(user=self.request.user)

    @extend_schema(
        request=Input,
        responses={201: NewApiKeyOutput, 400: ErrorSerializer, 409: ErrorSerializer},
        summary="Make a new API key (the key is in the answer, once)",
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        new = api_key_create(
            user=request.user, name=v["name"], expires_in_days=v.get("expires_in_days"), actor=request.user
        )
        return Response(_new_key_body(new), status=201)


class ApiKeyRevokeApi(APIView):
    @extend_schema(
        request=None,
        responses={200: ApiKeyOutput, 404: ErrorSerializer},
        summary="Revoke one of your API keys (another user's key is not found)",
    )
    def post(self, request, pk: int):
        api_key = api_key_revoke(user=request.user, key_id=pk, actor=request.user)
        return Response(ApiKeyOutput(api_key).data)
