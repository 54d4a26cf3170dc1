"""The learning corner (/api/v1/creditinfo/learn/...): glossary search, cases, the country risk
library and the tools. Everyone signed in reads; the insurer's staff write (others get a 403)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from creditinfo import learn_selectors as selectors
from creditinfo import learn_services as services
from creditinfo import learn_tools
from creditinfo.apis.outputs import EventOutput, _plain_choice
from creditinfo.learn_forms import PAYMENT_TERMS
from creditinfo.learn_models import CountryNote, GlossaryTerm, LossCase, RiskTag
from creditinfo.models import Country
from sinosure_portal.base.api import ErrorSerializer

# --- glossary ------------------------------------------------------------------------------------------


class TermOutput(serializers.ModelSerializer):
    category = _plain_choice(GlossaryTerm.Category.choices, read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)

    class Meta:
        model = GlossaryTerm
        fields = [
            "id",
            "zh",
            "en",
            "pinyin_initials",
            "category",
            "category_label",
            "definition_zh",
            "definition_en",
            "updated_at",
        ]


class TermInput(serializers.Serializer):
    zh = serializers.CharField(max_length=100)
    en = serializers.CharField(max_length=200)
    category = _plain_choice(GlossaryTerm.Category.choices)
    definition_zh = serializers.CharField()
    definition_en = serializers.CharField()


class GlossaryApi(APIView):
    """Search the glossary by Chinese, English or pinyin initials (`q=xyxe` finds 信用限额); exact
    matches first. Staff add a term with POST."""

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Chinese, English or pinyin initials"),
            OpenApiParameter(
                "category", str, description="One of: " + ", ".join(GlossaryTerm.Category.values)
            ),
        ],
        responses={200: TermOutput(many=True)},
    )
    def get(self, request):
        terms = selectors.glossary_search(
            request.query_params.get("q", ""), category=request.query_params.get("category", "")
        )
        return Response(TermOutput(terms, many=True).data)

    @extend_schema(request=TermInput, responses={201: TermOutput, 400: ErrorSerializer, 403: ErrorSerializer})
    def post(self, request):
        services.ensure_staff(request.user)
        data = TermInput(data=request.data)
        data.is_valid(raise_exception=True)
        term = services.glossary_term_save(actor=request.user, **data.validated_data)
        return Response(TermOutput(term).data, status=status.HTTP_201_CREATED)


class GlossaryTermApi(APIView):
    @extend_schema(responses={200: TermOutput, 404: ErrorSerializer})
    def get(self, request, pk: int):
        return Response(TermOutput(selectors.glossary_term_get(pk)).data)

    @extend_schema(
        request=TermInput,
        responses={200: TermOutput, 400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def put(self, request, pk: int):
        services.ensure_staff(request.user)
        selectors.glossary_term_get(pk)
        data = TermInput(data=request.data)
        data.is_valid(raise_exception=True)
        term = services.glossary_term_save(actor=request.user, term_id=pk, **data.validated_data)
        return Response(TermOutput(term).data)


# --- cases ---------------------------------------------------------------------------------------------


class CaseOutput(serializers.ModelSerializer):
    country = serializers.CharField(source="country_id")
    tags = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = LossCase
        fields = [
            "id",
            "key",
            "country",
            "tags",
            "title_zh",
            "title_en",
            "happened_zh",
            "happened_en",
            "insured_did_zh",
            "insured_did_en",
            "claim_zh",
            "claim_en",
            "lesson_zh",
            "lesson_en",
            "updated_at",
        ]


class CaseInput(serializers.Serializer):
    country = serializers.CharField(max_length=2)
    tags = serializers.ListField(child=_plain_choice(RiskTag.choices), allow_empty=True)
    title_zh = serializers.CharField(max_length=200)
    title_en = serializers.CharField(max_length=200)
    happened_zh = serializers.CharField()
    happened_en = serializers.CharField()
    insured_did_zh = serializers.CharField()
    insured_did_en = serializers.CharField()
    claim_zh = serializers.CharField()
    claim_en = serializers.CharField()
    lesson_zh = serializers.CharField()
    lesson_en = serializers.CharField()


def _case_save(request, case_id=None) -> LossCase:
    services.ensure_staff(request.user)
    data = CaseInput(data=request.data)
    data.is_valid(raise_exception=True)
    v = dict(data.validated_data)
    country, tags = v.pop("country"), v.pop("tags")
    return services.loss_case_save(actor=request.user, case_id=case_id, tags=tags, country_id=country, **v)


class CaseListApi(APIView):
    """The case library, filtered by risk tag and country. Staff add a case with POST."""

    @extend_schema(
        parameters=[
            OpenApiParameter("tag", str, description="One of: " + ", ".join(RiskTag.values)),
            OpenApiParameter("country", str, description="ISO code"),
        ],
        responses={200: CaseOutput(many=True)},
    )
    def get(self, request):
        cases = selectors.loss_case_list(
            tag=request.query_params.get("tag", ""), country=request.query_params.get("country", "")[:2]
        )
        return Response(CaseOutput(cases, many=True).data)

    @extend_schema(request=CaseInput, responses={201: CaseOutput, 400: ErrorSerializer, 403: ErrorSerializer})
    def post(self, request):
        return Response(CaseOutput(_case_save(request)).data, status=status.HTTP_201_CREATED)


class CaseDetailApi(APIView):
    @extend_schema(responses={200: CaseOutput, 404: ErrorSerializer})
    def get(self, request, pk: int):
        return Response(CaseOutput(selectors.loss_case_get(pk)).data)

    @extend_schema(
        request=CaseInput,
        responses={200: CaseOutput, 400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def put(self, request, pk: int):
        selectors.loss_case_get(pk)
        return Response(CaseOutput(_case_save(request, case_id=pk)).data)


# --- the country risk library --------------------------------------------------------------------------


class NoteOutput(serializers.ModelSerializer):
    class Meta:
        model = CountryNote
        fields = ["notes_zh", "notes_en", "updated_at"]


class LibraryCountryOutput(serializers.ModelSerializer):
    cases = serializers.IntegerField()
    has_notes = serializers.SerializerMethodField()

    class Meta:
        model = Country
        fields = ["code", "name_zh", "name_en", "risk_class", "outlook", "cases", "has_notes"]

    def get_has_notes(self, obj) -> bool:
        return hasattr(obj, "learn_note")


class LibraryCountryListApi(APIView):
    @extend_schema(responses={200: LibraryCountryOutput(many=True)}, summary="The country risk library")
    def get(self, request):
        return Response(LibraryCountryOutput(selectors.country_library(), many=True).data)


class LibraryCountryDetailApi(APIView):
    class Output(serializers.Serializer):
        code = serializers.CharField()
        name_zh = serializers.CharField()
        name_en = serializers.CharField()
        risk_class = serializers.IntegerField()
        outlook = serializers.CharField()
        notes = NoteOutput(allow_null=True)
        recent_events = EventOutput(many=True)
        cases = CaseOutput(many=True)

    @extend_schema(responses={200: Output, 404: ErrorSerializer})
    def get(self, request, code: str):
        page = selectors.country_page(code[:2])
        c = page["country"]
        body = {
            "code": c.code,
            "name_zh": c.name_zh,
            "name_en": c.name_en,
            "risk_class": c.risk_class,
            "outlook": c.outlook,
            "notes": page["note"],
            "recent_events": page["events"],
            "cases": page["cases"],
        }
        return Response(self.Output(body, context={"request": request}).data)


class CountryNoteApi(APIView):
    class Input(serializers.Serializer):
        notes_zh = serializers.CharField()
        notes_en = serializers.CharField()

    @extend_schema(
        request=Input,
        responses={200: NoteOutput, 400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    def put(self, request, code: str):
        services.ensure_staff(request.user)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        note = services.country_note_save(actor=request.user, country_id=code[:2], **data.validated_data)
        return Response(NoteOutput(note).data)


# --- tools ---------------------------------------------------------------------------------------------


class BusinessDaysApi(APIView):
    """Business days on China's official calendar: `start` plus `days` business days, or the number
    of business days after `start` up to `end`."""

    class Input(serializers.Serializer):
        start = serializers.DateField()
        days = serializers.IntegerField(required=False, min_value=0, max_value=learn_tools.MAX_BUSINESS_DAYS)
        end = serializers.DateField(required=False)

        def validate(self, attrs):
            if ("days" in attrs) == ("end" in attrs):
                raise serializers.ValidationError(
                    {"days": [_("Give either a number of days or an end date.")]}
                )
            return attrs

    class Output(serializers.Serializer):
        start = serializers.DateField()
        days = serializers.IntegerField(required=False)
        date = serializers.DateField(required=False)
        end = serializers.DateField(required=False)
        business_days = serializers.IntegerField(required=False)
        provisional = serializers.BooleanField()

    @extend_schema(parameters=[Input], responses={200: Output, 400: ErrorSerializer})
    def get(self, request):
        data = self.Input(data=request.query_params)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if "days" in v:
            result = learn_tools.business_days_add(start=v["start"], days=v["days"])
        else:
            result = learn_tools.business_days_count(start=v["start"], end=v["end"])
        return Response(self.Output(result).data)


class ConvertApi(APIView):
    """An amount in another currency through the US dollar, at each currency's latest rate in the
    portal on or before `on`."""

    class Input(serializers.Serializer):
        amount = serializers.DecimalField(max_digits=18, decimal_places=3, min_value=0)
        from_currency = serializers.CharField(max_length=3)
        to_currency = serializers.CharField(max_length=3)
        on = serializers.DateField()

    class Output(serializers.Serializer):
        amount = serializers.DecimalField(max_digits=18, decimal_places=3)
        from_currency = serializers.CharField()
        to_currency = serializers.CharField()
        result = serializers.DecimalField(max_digits=24, decimal_places=3)
        amount_usd = serializers.DecimalField(max_digits=24, decimal_places=2)
        from_usd_per_unit = serializers.DecimalField(max_digits=20, decimal_places=10)
        to_usd_per_unit = serializers.DecimalField(max_digits=20, decimal_places=10)
        from_rate_date = serializers.DateField(allow_null=True)
        to_rate_date = serializers.DateField(allow_null=True)

    @extend_schema(parameters=[Input], responses={200: Output, 400: ErrorSerializer})
    def get(self, request):
        data = self.Input(data=request.query_params)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        result = learn_tools.currency_convert(
            amount=v["amount"],
            from_currency=v["from_currency"].upper(),
            to_currency=v["to_currency"].upper(),
            on=v["on"],
        )
        return Response(self.Output(result).data)


class PremiumApi(APIView):
    """A shipment's premium as a declaration would be charged: the amount in US dollars times the
    rate of the user's policy (`policy`) or of the sample table (no `policy`)."""

    class Input(serializers.Serializer):
        policy = serializers.IntegerField(
            required=False, allow_null=True, default=None, min_value=1, max_value=selectors.MAX_ID
        )
        country = serializers.CharField(max_length=2)
        payment_term = _plain_choice(PAYMENT_TERMS)
        credit_days = serializers.IntegerField(min_value=0, max_value=720)
        amount = serializers.DecimalField(max_digits=18, decimal_places=3, min_value=0)
        currency = serializers.CharField(max_length=3)
        on = serializers.DateField()

    class Output(serializers.Serializer):
        policy_number = serializers.CharField()
        country_class = serializers.IntegerField()
        rate = serializers.DecimalField(max_digits=9, decimal_places=6)
        amount = serializers.DecimalField(max_digits=18, decimal_places=3)
        currency = serializers.CharField()
        amount_usd = serializers.DecimalField(max_digits=24, decimal_places=2)
        premium_usd = serializers.DecimalField(max_digits=24, decimal_places=2)
        rate_date = serializers.DateField(allow_null=True)

    @extend_schema(parameters=[Input], responses={200: Output, 400: ErrorSerializer, 404: ErrorSerializer})
    def get(self, request):
        data = self.Input(data=request.query_params)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        result = learn_tools.premium_calculate(
            user=request.user,
            policy_id=v["policy"],
            country_code=v["country"],
            payment_term=v["payment_term"],
            credit_days=v["credit_days"],
            amount=v["amount"],
            currency=v["currency"].upper(),
            on=v["on"],
        )
        return Response(self.Output(result).data)
