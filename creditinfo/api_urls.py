from django.urls import path

from creditinfo import apis
from creditinfo.apis import learn

app_name = "creditinfo_api"
urlpatterns = [
    path("lookup/", apis.LookupApi.as_view(), name="lookup"),
    path("buyers/", apis.BuyerListApi.as_view(), name="buyers"),
    path("buyers/<int:pk>/", apis.BuyerDetailApi.as_view(), name="buyer-detail"),
    path("countries/", apis.CountryListApi.as_view(), name="countries"),
    path("countries/<str:code>/", apis.CountryDetailApi.as_view(), name="country-detail"),
    path("industries/", apis.IndustryListApi.as_view(), name="industries"),
    path("industries/<str:code>/", apis.IndustryDetailApi.as_view(), name="industry-detail"),
    path("risk-events/", apis.RiskEventListApi.as_view(), name="risk-events"),
    path("risk-events/<int:pk>/resolve/", apis.RiskEventResolveApi.as_view(), name="risk-event-resolve"),
    path("subscriptions/", apis.SubscriptionListApi.as_view(), name="subscriptions"),
    path("subscriptions/<int:pk>/", apis.SubscriptionDetailApi.as_view(), name="subscription-detail"),
    path("finder/", apis.FinderApi.as_view(), name="finder"),
    path("importers/<int:pk>/", apis.ImporterDetailApi.as_view(), name="importer-detail"),
    path("report-orders/", apis.ReportOrderListApi.as_view(), name="report-orders"),
    path("report-orders/<int:pk>/", apis.ReportOrderDetailApi.as_view(), name="report-order-detail"),
    path("report-orders/<int:pk>/start/", apis.ReportOrderStartApi.as_view(), name="report-order-start"),
    path(
        "report-orders/<int:pk>/deliver/", apis.ReportOrderDeliverApi.as_view(), name="report-order-deliver"
    ),
    path("report-orders/<int:pk>/cancel/", apis.ReportOrderCancelApi.as_view(), name="report-order-cancel"),
    path("report-orders/<int:pk>/pdf/", apis.ReportOrderPdfApi.as_view(), name="report-order-pdf"),
    # the learning corner
    path("learn/glossary/", learn.GlossaryApi.as_view(), name="learn-glossary"),
    path("learn/glossary/<int:pk>/", learn.GlossaryTermApi.as_view(), name="learn-term"),
    path("learn/cases/", learn.CaseListApi.as_view(), name="learn-cases"),
    path("learn/cases/<int:pk>/", learn.CaseDetailApi.as_view(), name="learn-case"),
    path("learn/countries/", learn.LibraryCountryListApi.as_view(), name="learn-countries"),
    path("learn/countries/<str:code>/", learn.LibraryCountryDetailApi.as_view(), name="learn-country"),
    path("learn/countries/<str:code>/notes/", learn.CountryNoteApi.as_view(), name="learn-country-notes"),
    path("learn/tools/business-days/", learn.BusinessDaysApi.as_view(), name="learn-business-days"),
    path("learn/tools/convert/", learn.ConvertApi.as_view(), name="learn-convert"),
    path("learn/tools/premium/", learn.PremiumApi.as_view(), name="learn-premium"),
]
