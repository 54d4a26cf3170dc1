"""The claim's evidence: uploads, downloads, document requests and the claim PDFs."""

from __future__ import annotations

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import selectors, services
from claims.apis.common import ERRORS, claim_for
from claims.apis.outputs import ClaimDocumentOutput, ClaimDocumentRequestOutput
from claims.documents import CLAIM_KINDS, claim_document_available, claim_pdf_response
from claims.models import EvidenceKind
from sinosure_portal.base.api import ErrorSerializer, transition_api


class ClaimDocumentListUploadApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    class Input(serializers.Serializer):
        document_kind = serializers.ChoiceField(choices=EvidenceKind.choices)
        file = serializers.FileField()
        request = serializers.IntegerField(required=False, allow_null=True)

    @extend_schema(
        responses={200: ClaimDocumentOutput(many=True), 404: ErrorSerializer},
        summary="The claim's evidence files",
    )
    def get(self, request, pk: int):
        claim = claim_for(request, pk)
        return Response(ClaimDocumentOutput(claim.documents.all(), many=True).data)

    @extend_schema(
        request={"multipart/form-data": Input},
        responses={201: ClaimDocumentOutput, **ERRORS},
        summary="Upload evidence (PDF, JPEG, PNG, XLSX or DOCX, at most PORTAL_UPLOAD_MAX_BYTES)",
    )
    def post(self, request, pk: int):
        claim = claim_for(request, pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        doc = services.claim_document_upload(
            actor=request.user,
            claim_id=claim.pk,
            kind=data.validated_data["document_kind"],
            file_name=upload.name,
            content=upload.read(),
            request_id=data.validated_data.get("request"),
        )
        return Response(ClaimDocumentOutput(doc).data, status=201)


class ClaimDocumentDownloadApi(APIView):
    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: ErrorSerializer},
        summary="Download one evidence file",
    )
    def get(self, request, pk: int, doc_pk: int):
        doc = selectors.claim_document_get(request.user, pk, doc_pk)
        return FileResponse(
            doc.file.open("rb"), as_attachment=True, filename=doc.original_name, content_type=doc.content_type
        )


class DocumentRequestCreateApi(APIView):
    class Input(serializers.Serializer):
        document_kind = serializers.ChoiceField(choices=EvidenceKind.choices)
        message = serializers.CharField()
        due_date = serializers.DateField()

    @extend_schema(
        request=Input,
        responses={201: ClaimDocumentRequestOutput, **ERRORS},
        summary="Ask the insured for documents",
    )
    def post(self, request, pk: int):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        req = services.document_request_create(
            actor=request.user,
            claim_id=claim_for(request, pk).pk,
            kind=v["document_kind"],
            message=v["message"],
            due_date=v["due_date"],
        )
        return Response(ClaimDocumentRequestOutput(req).data, status=201)


class DocumentRequestAnswerApi(APIView):
    class Input(serializers.Serializer):
        answer = serializers.CharField()

    @extend_schema(
        request=Input,
        responses={200: ClaimDocumentRequestOutput, **ERRORS},
        summary="Answer a request in words (or upload with its id)",
    )
    def post(self, request, pk: int):
        req = selectors.document_request_get(request.user, pk)
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        req = services.document_request_answer(
            actor=request.user, request_id=req.pk, answer=data.validated_data["answer"]
        )
        return Response(ClaimDocumentRequestOutput(req).data)


DocumentRequestCancelApi = transition_api(
    get=lambda request, pk: selectors.document_request_get(request.user, pk),
    act=lambda actor, req: services.document_request_cancel(actor=actor, request_id=req.pk),
    output=ClaimDocumentRequestOutput,
    input=None,
    summary="Cancel a document request",
    name="DocumentRequestCancelApi",
)


class ClaimPdfApi(APIView):
    @extend_schema(
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: ErrorSerializer},
        summary="claim_application, indemnity_notice or indemnity_receipt (bilingual) as PDF",
    )
    def get(self, request, pk: int, kind: str):
        claim = claim_for(request, pk)
        if kind not in CLAIM_KINDS or not claim_document_available(claim, kind):
            raise Http404
        return claim_pdf_response(claim, kind, actor=request.user)
