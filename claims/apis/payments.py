"""After the decision: the indemnity notice, the receipts, the second approval, payment, close and withdrawal."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.views import APIView

from claims import services
from claims.apis.actions import claim_action
from claims.apis.common import ERRORS, claim_for
from claims.apis.outputs import ClaimDetailOutput, detail_response
from sinosure_portal.base.api import ErrorSerializer

ClaimIssueNoticeApi = claim_action(
    services.indemnity_notice_issue,
    input=None,
    summary="Issue the indemnity notice and the bilingual receipt; the payee is fixed now",
    name="ClaimIssueNoticeApi",
)


ClaimConfirmReceiptApi = claim_action(
    services.claim_receipt_confirm,
    input=None,
    summary="Confirm the signed receipts and AML material are in",
    name="ClaimConfirmReceiptApi",
)


class ClaimPayApi(APIView):
    class Input(serializers.Serializer):
        paid_on = serializers.DateField(required=False, allow_null=True)
        reference = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")

    @extend_schema(
        request=Input,
        responses={200: ClaimDetailOutput, 409: ErrorSerializer, **ERRORS},
        summary="Pay the indemnity (once; above PORTAL_INDEMNITY_SECOND_APPROVAL_USD only after a second "
        "officer's approval)",
    )
    def post(self, request, pk: int):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        claim = claim_for(request, pk)
        services.indemnity_pay(
            actor=request.user,
            claim_id=claim.pk,
            paid_on=data.validated_data.get("paid_on"),
            reference=data.validated_data["reference"],
        )
        return detail_response(request, claim)


class ClaimApprovePaymentInput(serializers.Serializer):
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


ClaimApprovePaymentApi = claim_action(
    services.indemnity_payment_approve,
    input=ClaimApprovePaymentInput,
    summary="Second approval of an indemnity above PORTAL_INDEMNITY_SECOND_APPROVAL_USD (USD 500,000 "
    "by default) before it is paid: by another claims officer than the one who decided (403 "
    "second_approver_is_decider); paying it before is 409 second_approval_required",
    name="ClaimApprovePaymentApi",
)


ClaimCloseApi = claim_action(
    services.claim_close,
    summary="Close a paid or denied claim",
    name="ClaimCloseApi",
)


ClaimWithdrawApi = claim_action(
    services.claim_withdraw,
    summary="Withdraw a claim before the decision (the insured)",
    name="ClaimWithdrawApi",
)
