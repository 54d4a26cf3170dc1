"""What the limit endpoints share: the error and PDF responses, amounts, the buyer in brief."""

from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers

from creditinfo.models import Buyer
from sinosure_portal.base.api import ErrorSerializer

PDF = {(200, "application/pdf"): OpenApiTypes.BINARY, 404: ErrorSerializer}


ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


USD = {"max_digits": 18, "decimal_places": 2}


class LimitBuyerBrief(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="company or bank")
    light = serializers.CharField(read_only=True, help_text="green, yellow or red")

    class Meta:
        model = Buyer
        fields = [
            "id",
            "kind",
            "name",
            "name_en",
            "name_zh",
            "country",
            "registration_number",
            "swift_code",
            "light",
            "light_reason",
        ]
