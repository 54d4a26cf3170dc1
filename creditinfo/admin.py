from django.contrib import admin

from creditinfo.models import (
    Buyer,
    BuyerLightChange,
    Country,
    CreditReportOrder,
    Importer,
    IndustryGroup,
    NameWordFrequency,
    RiskEvent,
    Subscription,
    TradeRecord,
)
from sinosure_portal.base.admin import ReadOnlyAdminMixin


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "name_en", "risk_class", "outlook"]
    list_filter = ["risk_class", "outlook"]
    search_fields = ["code", "name_zh", "name_en"]


admin.site.register(IndustryGroup, list_display=["code", "name_zh", "name_en"])


@admin.register(Buyer)
class BuyerAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "country", "registration_number", "kind", "industry"]
    list_filter = ["kind", "country", "industry"]
    search_fields = ["name", "name_en", "name_zh", "registration_number", "swift_code"]


@admin.register(RiskEvent)
class RiskEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["event_date", "kind", "title", "buyer", "country", "industry", "resolved"]
    list_filter = ["kind", "resolved"]


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "country", "industry", "buyer", "email", "created_at"]
    raw_id_fields = ["user", "buyer"]
    list_select_related = ["user", "country", "industry", "buyer"]


@admin.register(BuyerLightChange)
class BuyerLightChangeAdmin(admin.ModelAdmin):
    list_display = ["buyer", "from_light", "to_light", "changed_at", "alerted_at"]
    raw_id_fields = ["buyer"]
    list_select_related = ["buyer"]


@admin.register(Importer)
class ImporterAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "contact_known", "is_sample", "buyer"]
    list_filter = ["contact_known", "is_sample"]
    search_fields = ["name"]
    raw_id_fields = ["buyer"]
    show_full_result_count = False


@admin.register(TradeRecord)
class TradeRecordAdmin(admin.ModelAdmin):
    list_display = [
        "trade_date",
        "importer",
        "country",
        "hs_code",
        "product_name",
        "weight_kg",
        "value_usd",
        "origin_country",
    ]
    raw_id_fields = ["importer"]
    list_select_related = ["importer"]
    show_full_result_count = False


@admin.register(CreditReportOrder)
class CreditReportOrderAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "buyer", "buyer_name", "status", "due_date", "analyst"]
    list_filter = ["status"]
    raw_id_fields = ["buyer", "ordered_by", "analyst"]
    list_select_related = ["organisation", "buyer", "analyst"]


admin.site.register(NameWordFrequency, list_display=["word", "buyers"], ordering=["-buyers"])
