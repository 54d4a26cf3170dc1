"""Every write of credit information. Callers import from here (``creditinfo.services``)."""

from creditinfo.services.alerts import (
    light_changes_alert_followers,
    risk_alerts_sweep,
    risk_events_alert_followers,
    subscription_follow,
    subscription_unfollow,
)
from creditinfo.services.buyers import (
    buyer_find_existing,
    buyer_light_refresh,
    buyer_register,
    name_words_refresh,
    risk_event_record,
    risk_event_resolve,
)
from creditinfo.services.finder import TradeImportReport, trade_csv_rows, trade_records_import
from creditinfo.services.reports import (
    credit_report_order_cancel,
    credit_report_order_deliver,
    credit_report_order_place,
    credit_report_order_start,
    credit_report_orders_remind_due,
)

__all__ = [
    "TradeImportReport",
    "buyer_find_existing",
    "buyer_light_refresh",
    "buyer_register",
    "credit_report_order_cancel",
    "credit_report_order_deliver",
    "credit_report_order_place",
    "credit_report_order_start",
    "credit_report_orders_remind_due",
    "light_changes_alert_followers",
    "name_words_refresh",
    "risk_alerts_sweep",
    "risk_event_record",
    "risk_event_resolve",
    "risk_events_alert_followers",
    "subscription_follow",
    "subscription_unfollow",
    "trade_csv_rows",
    "trade_records_import",
]
