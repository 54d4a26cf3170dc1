"""``Authorization: Bearer <key>`` for the API (``Token <key>``, the header of the first clients,
is still read). A key that is unknown, revoked or expired, or whose user is inactive, is a 401."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from sinosure_portal.accounts.keys import api_key_authenticate

KEYWORDS = (b"bearer", b"token")


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the key as: Authorization: Bearer <key>."), code="invalid_key"
            )
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(
                _("This API key is not valid."), code="invalid_key"
            ) from exc
        api_key = api_key_authenticate(secret)
        if api_key is None:
            raise exceptions.AuthenticationFailed(
                _("This API key is not valid: unknown, expired or revoked."), code="invalid_key"
            )
        return api_key.user, api_key

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key made on the page 'My API keys' or by POST /api/v1/auth/token/ "
            "(shown once; valid PORTAL_API_KEY_DAYS days unless revoked).",
        }
