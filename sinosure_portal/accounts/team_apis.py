"""The team and its acts through the API: the same services as the pages, scoped to the caller's
organisation (another organisation's person or act is not found)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sinosure_portal.accounts import acts, team
from sinosure_portal.accounts.models import ActRecord, Duty, User
from sinosure_portal.base.api import ERROR_RESPONSES, ErrorSerializer


class MemberOutput(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    duties = serializers.SerializerMethodField()
    invited = serializers.SerializerMethodField(help_text="Invited and has not set a password yet.")

    class Meta:
        model = User
        fields = ["id", "username", "name", "email", "role", "is_active", "invited", "duties"]

    def get_duties(self, user: User) -> list[str]:
        return [str(d) for d in user.duties]

    def get_invited(self, user: User) -> bool:
        return not user.has_usable_password()


class InvitedOutput(MemberOutput):
    invitation_url = serializers.SerializerMethodField(
        help_text="The link to send: it sets the password, once."
    )

    class Meta(MemberOutput.Meta):
        fields = [*MemberOutput.Meta.fields, "invitation_url"]

    def get_invitation_url(self, user: User) -> str:
        return self.context["request"].build_absolute_uri(team.invitation_url(user))


class _Duties(serializers.Serializer):
    duties = serializers.ListField(child=serializers.ChoiceField(choices=Duty.choices), max_length=len(Duty))


class TeamListApi(generics.ListAPIView):
    """The people of your organisation and their duties. POST invites a person (organisation
    administrators: 403 naming the duty otherwise)."""

    class Input(_Duties):
        email = serializers.EmailField(max_length=150)
        display_name = serializers.CharField(max_length=100)

    serializer_class = MemberOutput
    queryset = User.objects.none()
    filterset_fields = ["is_active"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return User.objects.none()
        return team.team_members(self.request.user)

    @extend_schema(
        request=Input, responses={201: InvitedOutput, **ERROR_RESPONSES}, summary="Invite a person"
    )
    def post(self, request):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        user = team.team_invite(actor=request.user, **data.validated_data)
        return Response(InvitedOutput(user, context={"request": request}).data, status=201)


class TeamMemberApi(APIView):
    @extend_schema(
        responses={200: MemberOutput, 404: ErrorSerializer}, summary="One person of your organisation"
    )
    def get(self, request, pk: int):
        member = team.team_members(request.user).filter(pk=pk).first()
        if member is None:
            raise Http404
        return Response(MemberOutput(member).data)


class TeamDutiesApi(APIView):
    @extend_schema(
        request=_Duties, responses={200: MemberOutput, **ERROR_RESPONSES}, summary="Set a person's duties"
    )
    def post(self, request, pk: int):
        data = _Duties(data=request.data)
        data.is_valid(raise_exception=True)
        member = team.team_duties_set(actor=request.user, user_id=pk, duties=data.validated_data["duties"])
        return Response(MemberOutput(member).data)


class TeamDeactivateApi(APIView):
    class Input(serializers.Serializer):
        reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)

    @extend_schema(
        request=Input,
        responses={200: MemberOutput, **ERROR_RESPONSES},
        summary="Deactivate a person (no more sign-in)",
    )
    def post(self, request, pk: int):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        member = team.team_deactivate(actor=request.user, user_id=pk, reason=data.validated_data["reason"])
        return Response(MemberOutput(member).data)


class TeamReactivateApi(APIView):
    @extend_schema(
        request=None, responses={200: MemberOutput, **ERROR_RESPONSES}, summary="Reactivate a person"
    )
    def post(self, request, pk: int):
        member = team.team_reactivate(actor=request.user, user_id=pk)
        return Response(MemberOutput(member).data)


class FourEyesApi(APIView):
    class Body(serializers.Serializer):
        four_eyes = serializers.BooleanField()

    @extend_schema(responses={200: Body}, summary="Whether your organisation's acts need a second person")
    def get(self, request):
        return Response({"four_eyes": bool(getattr(request.user.organisation, "four_eyes", False))})

    @extend_schema(request=Body, responses={200: Body, **ERROR_RESPONSES}, summary="Turn four-eyes on or off")
    def post(self, request):
        data = self.Body(data=request.data)
        data.is_valid(raise_exception=True)
        organisation = team.organisation_four_eyes_set(
            actor=request.user, four_eyes=data.validated_data["four_eyes"]
        )
        return Response({"four_eyes": organisation.four_eyes})


# --- acts -------------------------------------------------------------------------------------------


class ActOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(read_only=True)
    subject_type = serializers.SerializerMethodField()
    result_type = serializers.SerializerMethodField()
    drafted_by = serializers.CharField(source="drafted_by.username", read_only=True)
    approved_by = serializers.CharField(
        source="approved_by.username", read_only=True, allow_null=True, default=None
    )
    url = serializers.SerializerMethodField(help_text="The page of what the act is about.")

    class Meta:
        model = ActRecord
        fields = [
            "id",
            "kind",
            "kind_label",
            "state",
            "subject_type",
            "subject_id",
            "subject_repr",
            "result_type",
            "result_id",
            "amount_usd",
            "four_eyes",
            "drafted_by",
            "drafted_at",
            "approved_by",
            "decided_at",
            "reason",
            "url",
        ]

    def get_subject_type(self, act: ActRecord) -> str:
        return act.subject_type.model if act.subject_type_id else ""

    def get_result_type(self, act: ActRecord) -> str:
        return act.result_type.model if act.result_type_id else ""

    def get_url(self, act: ActRecord) -> str:
        return acts.act_url(act)


def _act_queryset(user):
    return acts.acts_visible(user).select_related("drafted_by", "approved_by", "subject_type", "result_type")


class ActListApi(generics.ListAPIView):
    """Your organisation's committing acts: who drafted and who approved each. ``awaiting=true``:
    only those you may approve now."""

    serializer_class = ActOutput
    queryset = ActRecord.objects.none()
    filterset_fields = ["state", "kind"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ActRecord.objects.none()
        if self.request.query_params.get("awaiting") in ("1", "true"):
            return acts.acts_awaiting(self.request.user).select_related("approved_by", "result_type")
        return _act_queryset(self.request.user)

    @extend_schema(
        parameters=[OpenApiParameter("awaiting", bool, description="Only the acts you may approve now")]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ActDetailApi(APIView):
    @extend_schema(responses={200: ActOutput, 404: ErrorSerializer}, summary="One act")
    def get(self, request, pk: int):
        act = _act_queryset(request.user).filter(pk=pk).first()
        if act is None:
            raise Http404
        return Response(ActOutput(act).data)


class _Reason(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class ActApproveApi(APIView):
    @extend_schema(
        request=_Reason,
        responses={200: ActOutput, **ERROR_RESPONSES},
        summary="Approve an act: the workflow runs now, once (four-eyes: never its drafter)",
    )
    def post(self, request, pk: int):
        data = _Reason(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = acts.approve_act(act_id=pk, actor=request.user, reason=data.validated_data["reason"])
        return Response(ActOutput(outcome.act).data)


class ActRejectApi(APIView):
    class Input(serializers.Serializer):
        reason = serializers.CharField(max_length=1000)

    @extend_schema(
        request=Input,
        responses={200: ActOutput, **ERROR_RESPONSES},
        summary="Reject an act (its drafter may withdraw it so); nothing is done",
    )
    def post(self, request, pk: int):
        data = self.Input(data=request.data)
        data.is_valid(raise_exception=True)
        act = acts.reject_act(act_id=pk, actor=request.user, reason=data.validated_data["reason"])
        return Response(ActOutput(act).data)


# what an app's endpoint answers for a committing act that waits for a second person
ACT_PENDING_RESPONSE = {202: ActOutput}


def act_answer(outcome, done):
    """``done()`` (the app's own answer) when the act ran, or 202 with the pending act."""
    if outcome.pending:
        return Response(ActOutput(outcome.act).data, status=202)
    return done()
