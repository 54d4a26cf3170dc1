"""Batches."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from declarations import selectors, services
from declarations.apis._common import ERRORS, _fake  # noqa: F401
from declarations.columns import COLUMNS
from declarations.models import (
    DeclarationBatch,
    DeclarationBatchRow,
)
from declarations.services.bulk import ReportRow

# --- batches ----------------------------------------------------------------------------------------------


class BatchOutput(serializers.ModelSerializer):
    progress = serializers.IntegerField()
    stuck = serializers.BooleanField(read_only=True)
    report_url = serializers.SerializerMethodField()

    class Meta:
        model = DeclarationBatch
        fields = [
            "id",
            "policy",
            "source",
            "file_name",
            "file_sha256",
            "status",
            "progress",
            "stuck",
            "total_rows",
            "processed_rows",
            "covered_rows",
            "partly_covered_rows",
            "refused_rows",
            "duplicate_rows",
            "covered_usd",
            "premium_usd",
            "error",
            "created_at",
            "started_at",
            "finished_at",
            "report_url",
        ]

    def get_report_url(self, obj) -> str:
        return f"/api/v1/declarations/batches/{obj.pk}/rows/"


def _row_fields() -> dict:
    fields = {}
    for key, column in COLUMNS.items():
        if key in ("credit_days",):
            fields[key] = serializers.IntegerField(required=column.required, min_value=0, max_value=720)
        elif key == "financing":
            fields[key] = serializers.BooleanField(required=False)
        elif key == "shipment_date":
            fields[key] = serializers.CharField(required=True)
        else:
            fields[key] = serializers.CharField(required=column.required, allow_blank=not column.required)
    return fields


BatchRowInput = type("BatchRowInput", (serializers.Serializer,), _row_fields())


class BatchListCreateApi(generics.ListAPIView):
    """Bulk declaration: send up to 100,000 rows (the upload template's columns, by their keys). The
    batch runs in the background: poll its status, then read its per-row report. Re-sending rows
    declares nothing twice (each repeated invoice is reported as already declared)."""

    class Input(serializers.Serializer):
        policy = serializers.IntegerField()
        rows = serializers.ListField(child=serializers.DictField(), allow_empty=False, max_length=100_000)

    serializer_class = BatchOutput
    queryset = DeclarationBatch.objects.none()

    def get_queryset(self):
        if _fake(self):
            return DeclarationBatch.objects.none()
        return selectors.batches_visible(self.request.user)

    @extend_schema(
        request={"application/json": Input},
        responses={202: BatchOutput, **ERRORS},
        description="Each row: " + ", ".join(f"`{k}`" for k in COLUMNS),
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        batch = services.declaration_batch_submit_rows(
            actor=request.user, policy_id=data.validated_data["policy"], rows=data.validated_data["rows"]
        )
        batch.refresh_from_db()
        return Response(BatchOutput(batch).data, status=status.HTTP_202_ACCEPTED)


class BatchUploadApi(APIView):
    """Upload a CSV or XLSX file (Chinese or English headers) as a batch."""

    parser_classes = [MultiPartParser, FormParser]

    class Input(serializers.Serializer):
        policy = serializers.IntegerField()
        file = serializers.FileField()

    @extend_schema(request={"multipart/form-data": Input}, responses={202: BatchOutput, **ERRORS})
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        batch = services.declaration_batch_submit(
            actor=request.user,
            policy_id=data.validated_data["policy"],
            file_name=upload.name,
            content=upload.read(),
        )
        batch.refresh_from_db()
        return Response(BatchOutput(batch).data, status=status.HTTP_202_ACCEPTED)


class BatchDetailApi(generics.RetrieveAPIView):
    serializer_class = BatchOutput
    queryset = DeclarationBatch.objects.none()
    parser_classes = [JSONParser]

    def get_object(self):
        return selectors.batch_get(self.request.user, self.kwargs["pk"])


class BatchRetryApi(APIView):
    """Start a failed or stuck upload again; it resumes after its last committed chunk."""

    parser_classes = [JSONParser]

    @extend_schema(request=None, responses={202: BatchOutput, **ERRORS})
    def post(self, request, pk: int):
        batch = selectors.batch_get(request.user, pk)
        services.declaration_batch_retry(actor=request.user, batch_id=batch.pk)
        batch.refresh_from_db()
        return Response(BatchOutput(batch).data, status=status.HTTP_202_ACCEPTED)


class BatchRowListApi(generics.ListAPIView):
    """The per-row report of a batch, in row order, with the reason in your language
    (Accept-Language). Filter with `?outcome=covered|partly_covered|refused|duplicate`."""

    class Output(serializers.Serializer):
        row_number = serializers.IntegerField()
        invoice_number = serializers.CharField()
        buyer_text = serializers.CharField()
        outcome = serializers.ChoiceField(choices=DeclarationBatchRow.Outcome.choices)
        reason_code = serializers.CharField()
        reason = serializers.SerializerMethodField()
        late = serializers.BooleanField()
        amount_usd = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
        covered_usd = serializers.DecimalField(max_digits=18, decimal_places=2)
        premium_usd = serializers.DecimalField(max_digits=18, decimal_places=2)
        declaration = serializers.IntegerField(source="declaration_id", allow_null=True)

        def get_reason(self, obj) -> str:
            return ReportRow(obj).reason_message

    serializer_class = Output
    queryset = DeclarationBatchRow.objects.none()
    filter_backends: list = []

    @extend_schema(
        parameters=[
            OpenApiParameter("outcome", str, enum=DeclarationBatchRow.Outcome.values, required=False),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if _fake(self):
            return DeclarationBatchRow.objects.none()
        batch = selectors.batch_get(self.request.user, self.kwargs["pk"])
        outcome = self.request.query_params.get("outcome") or None
        if outcome and outcome not in DeclarationBatchRow.Outcome.values:
            outcome = None
        return selectors.batch_report(batch, outcome=outcome)
