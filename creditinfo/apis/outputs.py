"""Outputs."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from creditinfo import rules
from creditinfo.models import Buyer, RiskEvent

# --- shared output shapes --------------------------------------------------------------------------


def _plain_choice(choices, *, read_only: bool = False, **kwargs):
    """A choice field documented as a string listing its values, not as an OpenAPI enum
    component: several apps have fields named `kind` and `status` with different values, and
    enum components are named after the field, so they would collide in the one schema."""
    values = [str(v) for v, _label in choices]
    schema = {
        "type": "string",
        "maxLength": max(len(v) for v in values),
        "description": "One of: " + ", ".join(values),
    }
    base = serializers.CharField if read_only else serializers.ChoiceField
    field_class = extend_schema_field(schema)(type("PlainChoiceField", (base,), {}))
    if read_only:
        return field_class(read_only=True, **kwargs)
    return field_class(choices=choices, **kwargs)


class LightOutput(serializers.ModelSerializer):
    """A buyer as the traffic light shows it: who, where, the light, its reason and advice."""

    kind = _plain_choice(Buyer.Kind.choices, read_only=True)
    country_name = serializers.SerializerMethodField()
    light_label = serializers.CharField(source="get_light_display")
    light_reason = serializers.SerializerMethodField()
    advice = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Buyer
        fields = [
            "id",
            "kind",
            "name",
            "name_en",
            "name_zh",
            "display_name",
            "country",
            "country_name",
            "registration_number",
            "swift_code",
            "industry",
            "light",
            "light_label",
            "light_reason",
            "advice",
            "url",
        ]

    def get_country_name(self, obj) -> str:
        return obj.country.name

    def get_light_reason(self, obj) -> str:
        return rules.light_reason_or_default(obj.light, obj.light_reason)

    def get_advice(self, obj) -> str:
        return rules.light_advice(obj.light)

    def get_url(self, obj) -> str:
        return reverse("creditinfo:buyer-detail", args=[obj.pk])


class EventOutput(serializers.ModelSerializer):
    kind = _plain_choice(RiskEvent.Kind.choices, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display")
    buyer_name = serializers.SerializerMethodField()

    class Meta:
        model = RiskEvent
        fields = [
            "id",
            "kind",
            "kind_label",
            "event_date",
            "title",
            "description",
            "buyer",
            "buyer_name",
            "country",
            "industry",
            "resolved",
            "recorded_at",
        ]

    def get_buyer_name(self, obj) -> str | None:
        return obj.buyer.display_name if obj.buyer_id else None
