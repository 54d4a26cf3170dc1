"""Loans."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from financing import selectors, services
from financing.apis._common import ERRORS, MONEY, PDF, OrgOutput, _fake, _ip, _plain  # noqa: F401
from financing.filters import (
    LoanFilter,
)
from financing.models import (
    Loan,
    Repayment,
)
from sinosure_portal.money.fields import CurrencyAmountSerializerField, CurrencyCodeSerializerField

# --- loans and repayments ---------------------------------------------------------------------------------


class RepaymentOutput(serializers.ModelSerializer):
    class Meta:
        model = Repayment
        fields = ["number", "repaid_on", "amount", "bank_reference", "created_at"]


class LoanOutput(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="open or repaid")
    repayments = RepaymentOutput(many=True, read_only=True)
    borrower = OrgOutput(source="organisation")
    bank = OrgOutput()
    outstanding = CurrencyAmountSerializerField(read_only=True)
    receivable_count = serializers.IntegerField(read_only=True)
    receivables = serializers.SerializerMethodField()

    class Meta:
        model = Loan
        fields = [
            "id",
            "number",
            "bank",
            "borrower",
            "bank_reference",
            "loan_date",
            "maturity_date",
            "currency",
            "amount",
            "amount_usd",
            "financeable_usd",
            "repaid_amount",
            "outstanding",
            "status",
            "repaid_on",
            "receivable_count",
            "receivables",
            "repayments",
            "created_at",
        ]

    def get_receivables(self, obj) -> list[int]:
        return [r.declaration_id for r in obj.receivables.all()]


class LoanListCreateApi(generics.ListAPIView):
    """Loans (放款登记) your bank registered, or that you received (GET); a bank registers a loan against
    covered receivables assigned to it (POST). Refused with the reason: over-financing (more than
    covered x financing ratio), a receivable already financed, overdue, under a loss notice or not
    covered."""

    class Input(serializers.Serializer):
        borrower = serializers.IntegerField()
        loan_date = serializers.DateField()
        maturity_date = serializers.DateField(required=False, allow_null=True)
        currency = CurrencyCodeSerializerField()
        amount = CurrencyAmountSerializerField()
        declarations = serializers.ListField(child=serializers.IntegerField(), min_length=1)
        bank_reference = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")

    serializer_class = LoanOutput
    filterset_class = LoanFilter
    queryset = Loan.objects.none()

    def get_queryset(self):
        if _fake(self):
            return Loan.objects.none()
        return (
            selectors.loans_visible(self.request.user)
            .prefetch_related("receivables", "repayments")
            .order_by("-loan_date", "-id")
        )

    @extend_schema(request=Input, responses={201: LoanOutput, **ERRORS})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        loan = services.loan_register(
            actor=request.user,
            data=services.LoanInput(
                organisation_id=v["borrower"],
                loan_date=v["loan_date"],
                maturity_date=v.get("maturity_date"),
                currency=v["currency"],
                amount=v["amount"],
                declaration_ids=v["declarations"],
                bank_reference=v["bank_reference"],
            ),
        )
        return Response(
            LoanOutput(selectors.loan_get(request.user, loan.pk)).data, status=status.HTTP_201_CREATED
        )


class LoanDetailApi(APIView):
    @extend_schema(responses={200: LoanOutput, **ERRORS})
    def get(self, request, pk: int):
        return Response(LoanOutput(selectors.loan_get(request.user, pk)).data)


class RepaymentCreateApi(APIView):
    """还款登记: a repayment on the loan, in the loan's currency; the loan is repaid when nothing is
    outstanding, and its receivables may then be financed again."""

    class Input(serializers.Serializer):
        repaid_on = serializers.DateField()
        # in the loan's currency (the service refuses more decimals than it has)
        amount = CurrencyAmountSerializerField()
        bank_reference = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")

    @extend_schema(request=Input, responses={201: LoanOutput, **ERRORS})
    def post(self, request, pk: int):
        selectors.loan_get(request.user, pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        services.repayment_register(actor=request.user, loan_id=pk, **data.validated_data)
        return Response(LoanOutput(selectors.loan_get(request.user, pk)).data, status=status.HTTP_201_CREATED)


# --- indemnities paid to the bank ---------------------------------------------------------------------


class IndemnityListApi(APIView):
    """Indemnities paid to your bank under indemnity assignments."""

    class Output(serializers.Serializer):
        id = serializers.IntegerField()
        claim = serializers.IntegerField(source="claim_id")
        claim_number = serializers.CharField(source="claim.number")
        insured = OrgOutput(source="policy.organisation")
        policy_number = serializers.CharField(source="policy.number")
        buyer_name = serializers.CharField(source="buyer.display_name")
        payee = OrgOutput()
        payee_assignment = serializers.IntegerField(source="payee_assignment_id", allow_null=True)
        amount_usd = serializers.DecimalField(**MONEY)
        paid_on = serializers.DateField()

    @extend_schema(responses={200: Output(many=True)})
    def get(self, request):
        return Response(self.Output(selectors.indemnities_paid_to(request.user)[:500], many=True).data)
