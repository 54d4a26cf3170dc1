from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from sinosure_portal.accounts.access import ensure_role, get_visible_or_404
from sinosure_portal.ledger.models import ReconciliationFinding, ReconciliationRun
from sinosure_portal.ledger.selectors import runs_visible
from sinosure_portal.ledger.views import RUNNERS


class FindingOutput(serializers.ModelSerializer):
    difference = serializers.DecimalField(max_digits=21, decimal_places=3, read_only=True)

    class Meta:
        model = ReconciliationFinding
        fields = [
            "check_code",
            "object_type",
            "object_id",
            "object_repr",
            "currency",
            "stored",
            "expected",
            "difference",
        ]


class RunOutput(serializers.ModelSerializer):
    class CheckOutput(serializers.Serializer):
        code = serializers.CharField()
        checked = serializers.IntegerField()
        drift = serializers.IntegerField()

    checks = CheckOutput(many=True)
    seconds = serializers.FloatField(allow_null=True)

    class Meta:
        model = ReconciliationRun
        fields = [
            "id",
            "status",
            "trigger",
            "started_at",
            "finished_at",
            "seconds",
            "findings_count",
            "checks",
        ]


class RunDetailOutput(RunOutput):
    findings = FindingOutput(many=True)

    class Meta(RunOutput.Meta):
        fields = [*RunOutput.Meta.fields, "findings"]


class RunListApi(generics.ListAPIView):
    """Reconciliation runs of the ledger, newest first (insurer staff). POST runs one now
    (administrators and underwriters) and answers with its findings."""

    serializer_class = RunOutput
    queryset = ReconciliationRun.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ReconciliationRun.objects.none()
        return runs_visible(self.request.user)

    @extend_schema(request=None, responses={201: RunDetailOutput})
    def post(self, request):
        runs_visible(request.user)
        ensure_role(request.user, RUNNERS, action=_("reconcile the ledger"))
        from sinosure_portal.ledger.services import reconciliation_run

        run = reconciliation_run(actor=request.user, trigger=ReconciliationRun.Trigger.MANUAL)
        return Response(RunDetailOutput(run).data, status=status.HTTP_201_CREATED)


class RunDetailApi(APIView):
    """One run with every row whose stored figure differs from what its ledger rows add up to."""

    @extend_schema(responses=RunDetailOutput)
    def get(self, request, pk: int):
        run = get_visible_or_404(runs_visible(request.user).prefetch_related("findings"), pk=pk)
        return Response(RunDetailOutput(run).data)
