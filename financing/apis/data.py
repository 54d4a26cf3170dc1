"""Data."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from financing import selectors, services
from financing.apis._common import ERRORS, MONEY, PDF, OrgOutput, _fake, _ip, _plain  # noqa: F401
from financing.filters import (
    DataAuthorisationFilter,
)
from financing.models import (
    DataAuthorisation,
    DataItem,
)
from sinosure_portal.base.api import transition_api
from sinosure_portal.workdays.calendar import today

# --- data authorisations ---------------------------------------------------------------------------------


class DataAuthorisationOutput(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="active or revoked")
    insured = OrgOutput(source="organisation")
    bank = OrgOutput()

    class Meta:
        model = DataAuthorisation
        fields = ["id", "number", "insured", "bank", "items", "status", "granted_at", "revoked_at"]


class DataAuthorisationListCreateApi(generics.ListAPIView):
    """Data authorisations (数据授权) you gave (insured) or received (bank) (GET); the insured grants a
    bank some of the three data items (POST; granting again to the same bank changes the items)."""

    class Input(serializers.Serializer):
        bank = serializers.IntegerField()
        items = serializers.ListField(child=serializers.ChoiceField(choices=DataItem.choices), min_length=1)

    serializer_class = DataAuthorisationOutput
    filterset_class = DataAuthorisationFilter
    queryset = DataAuthorisation.objects.none()

    def get_queryset(self):
        if _fake(self):
            return DataAuthorisation.objects.none()
        return selectors.data_authorisations_visible(self.request.user).order_by("-granted_at", "-id")

    @extend_schema(request=Input, responses={201: DataAuthorisationOutput, **ERRORS})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        auth = services.data_authorisation_grant(
            actor=request.user,
            bank_id=data.validated_data["bank"],
            items=data.validated_data["items"],
            ip=_ip(request),
        )
        return Response(DataAuthorisationOutput(auth).data, status=status.HTTP_201_CREATED)


class DataAuthorisationDetailApi(APIView):
    """One authorisation with the figures it lets the bank see over the last twelve months (a bank
    gets none once revoked)."""

    class Output(DataAuthorisationOutput):
        data = serializers.SerializerMethodField()

        class Meta(DataAuthorisationOutput.Meta):
            fields = [*DataAuthorisationOutput.Meta.fields, "data"]

        def get_data(self, obj) -> dict:
            # money as strings, never floats (as every DecimalField of the API)
            return _plain(selectors.authorised_data(self.context["request"].user, obj, on=today()))

    @extend_schema(responses={200: Output, **ERRORS})
    def get(self, request, pk: int):
        auth = selectors.data_authorisation_get(request.user, pk)
        return Response(self.Output(auth, context={"request": request}).data)


DataAuthorisationRevokeApi = transition_api(
    get=lambda request, pk: selectors.data_authorisation_get(request.user, pk),
    act=lambda actor, auth, reason: services.data_authorisation_revoke(
        authorisation_id=auth.pk, actor=actor, reason=reason
    ),
    output=DataAuthorisationOutput,
    summary="The exporter revokes a bank's access to its data",
    name="DataAuthorisationRevokeApi",
)
