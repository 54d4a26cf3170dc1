"""The credit information API (/api/v1/creditinfo/...): one class per operation.

Buyers, lights, countries, industries, risk events and the finder are credit information every
signed-in user may read; report orders are scoped to the ordering organisation (another
organisation's order is a 404)."""

from creditinfo.apis.buyers import (  # noqa: F401
    BuyerDetailApi,
    BuyerListApi,
)
from creditinfo.apis.countries import (  # noqa: F401
    CountryDetailApi,
    CountryListApi,
    IndustryDetailApi,
    IndustryListApi,
)
from creditinfo.apis.events import (  # noqa: F401
    RiskEventListApi,
    RiskEventResolveApi,
    SubscriptionDetailApi,
    SubscriptionListApi,
)
from creditinfo.apis.finder import (  # noqa: F401
    FinderApi,
    ImporterDetailApi,
)
from creditinfo.apis.lookup import (  # noqa: F401
    LookupApi,
)
from creditinfo.apis.outputs import (  # noqa: F401
    EventOutput,
    LightOutput,
    _plain_choice,
)
from creditinfo.apis.reports import (  # noqa: F401
    ReportOrderCancelApi,
    ReportOrderDeliverApi,
    ReportOrderDetailApi,
    ReportOrderListApi,
    ReportOrderOutput,
    ReportOrderPdfApi,
    ReportOrderStartApi,
)
