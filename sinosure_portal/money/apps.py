from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MoneyConfig(AppConfig):
    name = "sinosure_portal.money"
    label = "money"
    verbose_name = _("Money and exchange rates")

    def ready(self):
        from rest_framework import serializers

        from sinosure_portal.money.fields import CurrencyAmountField, CurrencyAmountSerializerField

        # a model serializer shows an amount in its row's currency at that currency's scale
        serializers.ModelSerializer.serializer_field_mapping[CurrencyAmountField] = (
            CurrencyAmountSerializerField
        )
