"""Bulk limit actions (/api/v1/limits/batches/): apply for, reduce, cancel or renew many limits in
one batch of rows or one file; each row goes through the limit's workflow in the background, with a
per-row report. The same client_reference sent again answers with the first batch (200)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from declarations import selectors
from declarations.apis._common import ERRORS, _fake
from declarations.files import upload_bytes
from declarations.limit_columns import LIMIT_COLUMN_LIST
from declarations.models import LimitBatch, LimitBatchRow
from declarations.services import limit_batches


class LimitBatchOutput(serializers.ModelSerializer):
    progress = serializers.IntegerField()
    stuck = serializers.BooleanField(read_only=True)
    status = serializers.CharField(help_text="queued, running, completed or failed")
    source = serializers.CharField(help_text="csv, xlsx or api")
    report_url = serializers.SerializerMethodField()

    class Meta:
        model = LimitBatch
        fields = [
            "id",
            "client_reference",
            "source",
            "file_name",
            "status",
            "progress",
            "stuck",
            "total_rows",
            "processed_rows",
            "done_rows",
            "refused_rows",
            "error",
            "created_at",
            "started_at",
            "finished_at",
            "report_url",
        ]

    def get_report_url(self, obj) -> str:
        return f"/api/v1/limits/batches/{obj.pk}/rows/"


LimitBatchRowInput = type(
    "LimitBatchRowInput",
    (serializers.Serializer,),
    {
        c.key: serializers.CharField(required=c.required, allow_blank=not c.required, help_text=str(c.en))
        for c in LIMIT_COLUMN_LIST
    },
)


def _answer(batch: LimitBatch, created: bool) -> Response:
    batch.refresh_from_db()
    return Response(
        LimitBatchOutput(batch).data, status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK
    )


class LimitBatchListCreateApi(generics.ListAPIView):
    """Your limit batches (GET); send one (POST) as rows: action (apply, reduce, cancel or renew),
    limit (its number: reduce, cancel, renew), policy and buyer (apply), amount_usd, payment_term,
    credit_period_days, goods_category, notice_date, reason. Renew is a new application for the same
    buyer on the same policy, with the limit's terms unless the row gives others."""

    class Input(serializers.Serializer):
        client_reference = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
        rows = LimitBatchRowInput(many=True, allow_empty=False, max_length=limit_batches.MAX_ROWS)

    serializer_class = LimitBatchOutput
    queryset = LimitBatch.objects.none()

    def get_queryset(self):
        if _fake(self):
            return LimitBatch.objects.none()
        return selectors.limit_batches_visible(self.request.user)

    @extend_schema(
        request={"application/json": Input},
        responses={202: LimitBatchOutput, 200: LimitBatchOutput, **ERRORS},
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        batch, created = limit_batches.limit_batch_submit_rows(
            actor=request.user,
            rows=data.validated_data["rows"],
            client_reference=data.validated_data["client_reference"],
        )
        return _answer(batch, created)


class LimitBatchUploadApi(APIView):
    """Upload a CSV or XLSX file of limit actions (Chinese or English headers) as a batch."""

    parser_classes = [MultiPartParser]

    class Input(serializers.Serializer):
        file = serializers.FileField()
        client_reference = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")

    @extend_schema(
        request={"multipart/form-data": Input},
        responses={202: LimitBatchOutput, 200: LimitBatchOutput, **ERRORS},
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        batch, created = limit_batches.limit_batch_submit(
            actor=request.user,
            file_name=upload.name,
            content=upload_bytes(upload),
            client_reference=data.validated_data["client_reference"],
        )
        return _answer(batch, created)


class LimitBatchDetailApi(APIView):
    @extend_schema(
        responses={200: LimitBatchOutput, 404: ERRORS[404]}, summary="A limit batch and its progress"
    )
    def get(self, request, pk: int):
        return Response(LimitBatchOutput(selectors.limit_batch_get(request.user, pk)).data)


class LimitBatchRetryApi(APIView):
    @extend_schema(
        request=None, responses={202: LimitBatchOutput, **ERRORS}, summary="Run a failed or stuck batch again"
    )
    def post(self, request, pk: int):
        batch = selectors.limit_batch_get(request.user, pk)
        limit_batches.limit_batch_retry(actor=request.user, batch_id=batch.pk)
        return _answer(batch, True)


class LimitBatchRowOutput(serializers.ModelSerializer):
    outcome = serializers.CharField(help_text="done or refused")
    action = serializers.CharField(help_text="apply, reduce, cancel or renew (blank: not given or not known)")
    application_number = serializers.CharField(source="application.number", default=None)
    limit_number = serializers.CharField(source="limit.number", default=None)
    problems = serializers.SerializerMethodField()

    class Meta:
        model = LimitBatchRow
        fields = [
            "row_number",
            "action",
            "subject",
            "outcome",
            "application",
            "application_number",
            "limit",
            "limit_number",
            "amount_usd",
            "problems",
        ]

    def get_problems(self, obj) -> list[dict[str, str]]:
        """Each problem: its code, the column it is about and the message in your language."""
        return [
            {"code": p.get("code", ""), "column": p.get("field", ""), "message": text}
            for p, text in zip(obj.problems, obj.problem_texts, strict=True)
        ]


class LimitBatchRowListApi(generics.ListAPIView):
    """The per-row report of a limit batch (?outcome=done|refused)."""

    serializer_class = LimitBatchRowOutput
    queryset = LimitBatchRow.objects.none()

    def get_queryset(self):
        if _fake(self):
            return LimitBatchRow.objects.none()
        batch = selectors.limit_batch_get(self.request.user, self.kwargs["pk"])
        rows = batch.rows.select_related("application", "limit").order_by("row_number")
        outcome = self.request.query_params.get("outcome")
        return rows.filter(outcome=outcome) if outcome in LimitBatchRow.Outcome.values else rows
