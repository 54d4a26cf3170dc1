"""API of policy financing: indemnity assignment agreements and their workflow, receivable
assignments, the bank's receivables, coverage notices, loans and repayments, indemnities paid to
the bank, data authorisations and the authorised figures. Another party's object is a 404."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from declarations.models import ShipmentDeclaration
from financing import selectors, services
from financing.documents import agreement_pdf_response, coverage_notice_pdf_response
from financing.filters import (
    AgreementFilter,
    BankReceivableFilter,
    CoverageNoticeFilter,
    DataAuthorisationFilter,
    LoanFilter,
    ReceivableAssignmentFilter,
)
from financing.models import (
    CoverageNotice,
    DataAuthorisation,
    DataItem,
    IndemnityAssignment,
    Loan,
    ReceivableAssignment,
    Repayment,
)
from sinosure_portal.base.api import ErrorSerializer, ReasonInput
from sinosure_portal.money.fields import CurrencyAmountSerializerField, CurrencyCodeSerializerField
from sinosure_portal.workdays.calendar import today

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
PDF = OpenApiResponse(description="PDF document")
MONEY = {"max_digits": 18, "decimal_places": 2}


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return value


def _fake(view) -> bool:
    return getattr(view, "swagger_fake_view", False)


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class OrgOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name_zh = serializers.CharField()
    name_en = serializers.CharField()


# --- indemnity assignment agreements -------------------------------------------------------------------


class AgreementOutput(serializers.ModelSerializer):
    status = serializers.CharField(
        read_only=True,
        help_text="proposed, bank_signed, in_force, termination_requested, terminated, rejected or withdrawn",
    )
    policy_number = serializers.CharField(source="policy.number")
    insured = OrgOutput(source="organisation")
    bank = OrgOutput()
    buyers = serializers.SerializerMethodField()
    policy_financing_ratio = serializers.DecimalField(
        source="policy.financing_ratio", max_digits=5, decimal_places=4
    )

    class Meta:
        model = IndemnityAssignment
        fields = [
            "id",
            "number",
            "policy",
            "policy_number",
            "insured",
            "bank",
            "scope",
            "buyers",
            "effective_date",
            "ended_on",
            "financing_ratio",
            "policy_financing_ratio",
            "status",
            "exporter_signer_name",
            "exporter_signer_title",
            "exporter_signed_at",
            "bank_signer_name",
            "bank_signer_title",
            "bank_signed_at",
            "approved_at",
            "termination_reason",
            "termination_requested_at",
            "decision_reason",
            "created_at",
        ]

    def get_buyers(self, obj) -> list[int]:
        return [b.pk for b in obj.buyers.all()]


def _agreement(request, pk):
    return selectors.agreement_get(request.user, pk)


def _agreement_out(request, pk):
    return Response(AgreementOutput(_agreement(request, pk)).data)


class AgreementListCreateApi(generics.ListAPIView):
    """Indemnity assignment agreements (赔款转让协议) you are a party to (GET); the insured proposes
    and signs one with its bank (POST)."""

    class Input(serializers.Serializer):
        policy = serializers.IntegerField()
        bank = serializers.IntegerField()
        effective_date = serializers.DateField()
        scope = serializers.ChoiceField(choices=["policy", "buyers"], required=False, allow_null=True)
        whole_policy = serializers.BooleanField(required=False, allow_null=True, default=None)
        buyers = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
        financing_ratio = serializers.DecimalField(
            max_digits=5, decimal_places=4, required=False, allow_null=True
        )
        signer_name = serializers.CharField(max_length=100)
        signer_title = serializers.CharField(max_length=100)

    serializer_class = AgreementOutput
    filterset_class = AgreementFilter
    queryset = IndemnityAssignment.objects.none()

    def get_queryset(self):
        if _fake(self):
            return IndemnityAssignment.objects.none()
        return (
            selectors.agreements_visible(self.request.user)
            .prefetch_related("buyers")
            .order_by("-created_at", "-id")
        )

    @extend_schema(request=Input, responses={201: AgreementOutput, **ERRORS})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        a = services.indemnity_assignment_propose(
            actor=request.user,
            data=services.AssignmentInput(
                policy_id=v["policy"],
                bank_id=v["bank"],
                effective_date=v["effective_date"],
                scope=v.get("scope"),
                whole_policy=v["whole_policy"],
                buyer_ids=v["buyers"],
                financing_ratio=v.get("financing_ratio"),
                signer_name=v["signer_name"],
                signer_title=v["signer_title"],
            ),
            ip=_ip(request),
        )
        return Response(AgreementOutput(_agreement(request, a.pk)).data, status=status.HTTP_201_CREATED)


class AgreementDetailApi(APIView):
    @extend_schema(responses={200: AgreementOutput, **ERRORS})
    def get(self, request, pk: int):
        return _agreement_out(request, pk)


class AgreementBankSignApi(APIView):
    """The bank signs the agreement (name, title; time and IP are recorded)."""

    class Input(serializers.Serializer):
        signer_name = serializers.CharField(max_length=100)
        signer_title = serializers.CharField(max_length=100)

    @extend_schema(request=Input, responses={200: AgreementOutput, **ERRORS})
    def post(self, request, pk: int):
        _agreement(request, pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        services.indemnity_assignment_bank_sign(
            assignment_id=pk, actor=request.user, ip=_ip(request), **data.validated_data
        )
        return _agreement_out(request, pk)


class AgreementApproveApi(APIView):
    """The insurer approves a signed agreement: it is in force from its effective date."""

    @extend_schema(request=ReasonInput, responses={200: AgreementOutput, **ERRORS})
    def post(self, request, pk: int):
        _agreement(request, pk)
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.indemnity_assignment_approve(
            assignment_id=pk, actor=request.user, reason=data.validated_data["reason"]
        )
        return _agreement_out(request, pk)


class AgreementRejectApi(APIView):
    """The bank declines to sign, or the insurer refuses to approve (a reason is required)."""

    @extend_schema(request=ReasonInput, responses={200: AgreementOutput, **ERRORS})
    def post(self, request, pk: int):
        _agreement(request, pk)
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.indemnity_assignment_reject(
            assignment_id=pk, actor=request.user, reason=data.validated_data["reason"]
        )
        return _agreement_out(request, pk)


class AgreementWithdrawApi(APIView):
    @extend_schema(request=ReasonInput, responses={200: AgreementOutput, **ERRORS})
    def post(self, request, pk: int):
        _agreement(request, pk)
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.indemnity_assignment_withdraw(
            assignment_id=pk, actor=request.user, reason=data.validated_data["reason"]
        )
        return _agreement_out(request, pk)


class AgreementTerminationRequestApi(APIView):
    """The insured or the bank asks to terminate; the agreement binds until the insurer confirms."""

    @extend_schema(request=ReasonInput, responses={200: AgreementOutput, **ERRORS})
    def post(self, request, pk: int):
        _agreement(request, pk)
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.indemnity_assignment_request_termination(
            assignment_id=pk, actor=request.user, reason=data.validated_data["reason"]
        )
        return _agreement_out(request, pk)


class AgreementTerminateApi(APIView):
    """The insurer confirms the termination: from `ends_on` (default today) new indemnities go to the
    insured; indemnities already decided keep the bank as payee."""

    class Input(serializers.Serializer):
        ends_on = serializers.DateField(required=False, allow_null=True)
        reason = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(request=Input, responses={200: AgreementOutput, **ERRORS})
    def post(self, request, pk: int):
        _agreement(request, pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        services.indemnity_assignment_terminate(
            assignment_id=pk,
            actor=request.user,
            ends_on=data.validated_data.get("ends_on"),
            reason=data.validated_data["reason"],
        )
        return _agreement_out(request, pk)


class AgreementKeepApi(APIView):
    """The insurer declines a termination request: the agreement stays in force."""

    @extend_schema(request=ReasonInput, responses={200: AgreementOutput, **ERRORS})
    def post(self, request, pk: int):
        _agreement(request, pk)
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.indemnity_assignment_keep(
            assignment_id=pk, actor=request.user, reason=data.validated_data["reason"]
        )
        return _agreement_out(request, pk)


class AgreementPdfApi(APIView):
    @extend_schema(responses={200: PDF, 404: ErrorSerializer})
    def get(self, request, pk: int):
        return agreement_pdf_response(_agreement(request, pk), actor=request.user)


# --- receivable assignments -----------------------------------------------------------------------------


class ReceivableAssignmentOutput(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="proposed, accepted, declined or withdrawn")
    insured = OrgOutput(source="organisation")
    bank = OrgOutput()
    receivable_count = serializers.IntegerField(read_only=True)
    covered_total = serializers.DecimalField(**MONEY, read_only=True)
    declarations = serializers.SerializerMethodField()

    class Meta:
        model = ReceivableAssignment
        fields = [
            "id",
            "number",
            "insured",
            "bank",
            "status",
            "note",
            "decision_reason",
            "receivable_count",
            "covered_total",
            "declarations",
            "created_at",
            "accepted_at",
        ]

    def get_declarations(self, obj) -> list[int]:
        return [i.declaration_id for i in obj.items.all()]


def _ra(request, pk):
    return selectors.receivable_assignment_get(request.user, pk)


def _ra_out(request, pk):
    return Response(ReceivableAssignmentOutput(_ra(request, pk)).data)


class ReceivableAssignmentListCreateApi(generics.ListAPIView):
    """Receivable assignments (应收账款转让) you are a party to (GET); the insured assigns chosen
    covered receivables to a bank (POST)."""

    class Input(serializers.Serializer):
        bank = serializers.IntegerField()
        declarations = serializers.ListField(child=serializers.IntegerField(), min_length=1)
        note = serializers.CharField(required=False, allow_blank=True, default="")

    serializer_class = ReceivableAssignmentOutput
    filterset_class = ReceivableAssignmentFilter
    queryset = ReceivableAssignment.objects.none()

    def get_queryset(self):
        if _fake(self):
            return ReceivableAssignment.objects.none()
        return (
            selectors.receivable_assignments_visible(self.request.user)
            .prefetch_related("items")
            .order_by("-created_at", "-id")
        )

    @extend_schema(request=Input, responses={201: ReceivableAssignmentOutput, **ERRORS})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        ra = services.receivable_assignment_propose(
            actor=request.user, bank_id=v["bank"], declaration_ids=v["declarations"], note=v["note"]
        )
        return Response(ReceivableAssignmentOutput(_ra(request, ra.pk)).data, status=status.HTTP_201_CREATED)


class ReceivableAssignmentDetailApi(APIView):
    @extend_schema(responses={200: ReceivableAssignmentOutput, **ERRORS})
    def get(self, request, pk: int):
        return _ra_out(request, pk)


class ReceivableAssignmentAcceptApi(APIView):
    """The bank accepts: the receivables are its own, and it gets a coverage notice for each."""

    @extend_schema(request=None, responses={200: ReceivableAssignmentOutput, **ERRORS})
    def post(self, request, pk: int):
        _ra(request, pk)
        services.receivable_assignment_accept(assignment_id=pk, actor=request.user)
        return _ra_out(request, pk)


class ReceivableAssignmentDeclineApi(APIView):
    @extend_schema(request=ReasonInput, responses={200: ReceivableAssignmentOutput, **ERRORS})
    def post(self, request, pk: int):
        _ra(request, pk)
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.receivable_assignment_decline(
            assignment_id=pk, actor=request.user, reason=data.validated_data["reason"]
        )
        return _ra_out(request, pk)


class ReceivableAssignmentWithdrawApi(APIView):
    @extend_schema(request=ReasonInput, responses={200: ReceivableAssignmentOutput, **ERRORS})
    def post(self, request, pk: int):
        _ra(request, pk)
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.receivable_assignment_withdraw(
            assignment_id=pk, actor=request.user, reason=data.validated_data["reason"]
        )
        return _ra_out(request, pk)


# --- the bank's receivables and coverage notices ---------------------------------------------------------


class BankReceivableOutput(serializers.ModelSerializer):
    status = serializers.CharField(
        read_only=True,
        help_text="covered, partly_covered, overdue, settled, loss_notified, claimed or indemnified",
    )
    insured = OrgOutput(source="organisation")
    policy_number = serializers.CharField(source="policy.number")
    buyer_name = serializers.CharField(source="buyer.display_name")
    buyer_country = serializers.CharField(source="buyer.country_id")
    outstanding = CurrencyAmountSerializerField(source="outstanding_amount", read_only=True)
    outstanding_usd = serializers.DecimalField(source="outstanding_in_usd", **MONEY, read_only=True)
    ageing = serializers.CharField(source="bucket", read_only=True)
    financed_by_you = serializers.BooleanField(source="financed_by_me", read_only=True)

    class Meta:
        model = ShipmentDeclaration
        fields = [
            "id",
            "insured",
            "policy",
            "policy_number",
            "buyer",
            "buyer_name",
            "buyer_country",
            "invoice_number",
            "shipment_date",
            "currency",
            "amount",
            "amount_usd",
            "covered_usd",
            "due_date",
            "status",
            "paid_amount",
            "outstanding",
            "outstanding_usd",
            "ageing",
            "financing_intent",
            "financed_by_you",
        ]


class BankReceivableListApi(generics.ListAPIView):
    """Covered receivables assigned to your bank (by an indemnity assignment in force, an accepted
    receivable assignment, or your own loans), with status and ageing."""

    serializer_class = BankReceivableOutput
    filterset_class = BankReceivableFilter
    queryset = ShipmentDeclaration.objects.none()

    def get_queryset(self):
        if _fake(self):
            return ShipmentDeclaration.objects.none()
        return selectors.bank_receivables(self.request.user, today())


class BankReceivableDetailApi(APIView):
    @extend_schema(responses={200: BankReceivableOutput, **ERRORS})
    def get(self, request, pk: int):
        return Response(BankReceivableOutput(selectors.bank_receivable_get(request.user, pk, today())).data)


class CoverageNoticeOutput(serializers.ModelSerializer):
    insured = OrgOutput(source="organisation")
    bank = OrgOutput()
    buyer_name = serializers.CharField(source="declaration.buyer.display_name")
    indemnity_assignment_number = serializers.CharField(
        source="indemnity_assignment.number", allow_null=True, default=None, read_only=True
    )
    receivable_assignment_number = serializers.CharField(
        source="receivable_assignment.number", allow_null=True, default=None, read_only=True
    )

    class Meta:
        model = CoverageNotice
        fields = [
            "id",
            "number",
            "declaration",
            "insured",
            "bank",
            "source",
            "indemnity_assignment",
            "indemnity_assignment_number",
            "receivable_assignment",
            "receivable_assignment_number",
            "invoice_number",
            "buyer_name",
            "currency",
            "amount",
            "amount_usd",
            "covered_usd",
            "due_date",
            "limit_number",
            "limit_status",
            "limit_amount_usd",
            "limit_available_usd",
            "created_at",
        ]


class CoverageNoticeListApi(generics.ListAPIView):
    """Coverage notices (承保情况通知书) sent to your bank (the insured sees those about its shipments)."""

    serializer_class = CoverageNoticeOutput
    filterset_class = CoverageNoticeFilter
    queryset = CoverageNotice.objects.none()

    def get_queryset(self):
        if _fake(self):
            return CoverageNotice.objects.none()
        return selectors.coverage_notices_visible(self.request.user).order_by("-created_at", "-id")


class CoverageNoticeDetailApi(APIView):
    @extend_schema(responses={200: CoverageNoticeOutput, **ERRORS})
    def get(self, request, pk: int):
        return Response(CoverageNoticeOutput(selectors.coverage_notice_get(request.user, pk)).data)


class CoverageNoticePdfApi(APIView):
    @extend_schema(responses={200: PDF, 404: ErrorSerializer})
    def get(self, request, pk: int):
        return coverage_notice_pdf_response(
            selectors.coverage_notice_get(request.user, pk), actor=request.user
        )


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


class DataAuthorisationRevokeApi(APIView):
    @extend_schema(request=ReasonInput, responses={200: DataAuthorisationOutput, **ERRORS})
    def post(self, request, pk: int):
        selectors.data_authorisation_get(request.user, pk)
        data = ReasonInput(data=request.data)
        data.is_valid(raise_exception=True)
        auth = services.data_authorisation_revoke(
            authorisation_id=pk, actor=request.user, reason=data.validated_data["reason"]
        )
        return Response(DataAuthorisationOutput(auth).data)
