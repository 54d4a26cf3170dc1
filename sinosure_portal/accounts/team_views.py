"""Pages of an organisation's team and its acts awaiting approval.

Every member sees the team and the acts; what only an administrator (or an approver) may do is
refused with a 403 page naming the duty (accounts.acts.require_duty)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sinosure_portal.accounts import acts, team
from sinosure_portal.accounts.forms import (
    ActDecisionForm,
    DutiesForm,
    FourEyesForm,
    InvitationForm,
    InviteForm,
)
from sinosure_portal.accounts.models import Duty
from sinosure_portal.base.errors import DomainError, NotAllowed


def _team_context(request, **extra) -> dict:
    user = request.user
    members = list(team.team_members(user))
    return {
        "members": members,
        "is_org_admin": user.has_duty(Duty.ORG_ADMIN),
        "organisation": user.organisation,
        "four_eyes_form": FourEyesForm(initial={"four_eyes": getattr(user.organisation, "four_eyes", False)}),
        "invite_form": InviteForm(),
        "can_invite": user.organisation is not None and user.organisation.kind in team.ORG_KIND_ROLE,
        **extra,
    }


@login_required
@never_cache
def team_page(request):
    if request.method != "POST":
        return render(request, "accounts/team.html", _team_context(request))
    acts.require_duty(request.user, Duty.ORG_ADMIN)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            user = team.team_invite(
                actor=request.user,
                email=form.cleaned_data["email"],
                display_name=form.cleaned_data["display_name"],
                duties=form.cleaned_data["duties"],
            )
        except NotAllowed:
            raise
        except DomainError as error:
            form.add_domain_error(error)
        else:
            link = request.build_absolute_uri(team.invitation_url(user))
            return render(
                request, "accounts/team.html", _team_context(request, invited=user, invitation_link=link)
            )
    return render(request, "accounts/team.html", _team_context(request, invite_form=form), status=400)


@login_required
@require_POST
def four_eyes_set(request):
    form = FourEyesForm(request.POST)
    form.is_valid()
    organisation = team.organisation_four_eyes_set(
        actor=request.user, four_eyes=form.cleaned_data.get("four_eyes")
    )
    messages.success(
        request,
        _("Four-eyes is on: committing acts wait for a second person.")
        if organisation.four_eyes
        else _("Four-eyes is off: a person with the duty commits an act alone."),
    )
    return redirect("team")


@login_required
@never_cache
def member_page(request, pk: int):
    member = team.team_members(request.user).filter(pk=pk).first()
    if member is None:
        from django.http import Http404

        raise Http404
    form = DutiesForm(request.POST or None, initial={"duties": [str(d) for d in member.duties]})
    link = ""
    if request.method == "POST":
        acts.require_duty(request.user, Duty.ORG_ADMIN)
        if form.is_valid():
            try:
                team.team_duties_set(
                    actor=request.user, user_id=member.pk, duties=form.cleaned_data["duties"]
                )
            except NotAllowed:
                raise
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, _("The duties of %(name)s are saved.") % {"name": member.name})
                return redirect("team-member", pk=member.pk)
    elif (
        request.GET.get("invitation")
        and request.user.has_duty(Duty.ORG_ADMIN)
        and not member.has_usable_password()
    ):
        link = request.build_absolute_uri(team.team_invitation_renew(actor=request.user, user_id=member.pk))
    return render(
        request,
        "accounts/team_member.html",
        {
            "member": member,
            "form": form,
            "is_org_admin": request.user.has_duty(Duty.ORG_ADMIN),
            "invitation_link": link,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def member_active(request, pk: int):
    if request.POST.get("active") == "1":
        member = team.team_reactivate(actor=request.user, user_id=pk)
        messages.success(request, _("%(name)s can sign in again.") % {"name": member.name})
    else:
        try:
            member = team.team_deactivate(
                actor=request.user, user_id=pk, reason=request.POST.get("reason", "")
            )
        except NotAllowed:
            raise
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("team-member", pk=pk)
        messages.success(
            request, _("%(name)s is deactivated and can no longer sign in.") % {"name": member.name}
        )
    return redirect("team-member", pk=pk)


def invitation(request, token: str):
    """The invited person sets a password (no sign-in needed: the link is the key)."""
    user = team.invitation_user(token)
    form = InvitationForm(request.POST or None)
    if user is not None and request.method == "POST" and form.is_valid():
        try:
            team.invitation_accept(token=token, password=form.cleaned_data["password1"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Your password is set. Please sign in."))
            return redirect("login")
    return render(
        request,
        "accounts/invitation.html",
        {"invited": user, "form": form},
        status=200 if user is not None else 404,
    )


# --- approvals --------------------------------------------------------------------------------------


def _rows(qs) -> list[dict]:
    return [{"act": act, "url": acts.act_url(act)} for act in qs]


@login_required
@never_cache
def approvals(request):
    user = request.user
    visible = acts.acts_visible(user).select_related("drafted_by", "approved_by")
    context = {
        "awaiting": _rows(acts.acts_awaiting(user)),
        "mine": _rows(visible.filter(state=acts.S.PENDING, drafted_by=user)),
        "decided": _rows(visible.exclude(state=acts.S.PENDING)[:20]),
        "form": ActDecisionForm(),
        "four_eyes": getattr(user.organisation, "four_eyes", False),
    }
    return render(request, "accounts/approvals.html", context)


@login_required
@require_POST
def act_decide(request, pk: int, decision: str):
    form = ActDecisionForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    try:
        if decision == "approve":
            outcome = acts.approve_act(act_id=pk, actor=request.user, reason=reason)
            messages.success(request, _("Approved: %(act)s.") % {"act": str(outcome.act)})
        else:
            act = acts.reject_act(act_id=pk, actor=request.user, reason=reason)
            messages.success(request, _("Rejected: %(act)s.") % {"act": str(act)})
    except NotAllowed:
        raise
    except DomainError as error:
        if error.status_code == 404:
            raise
        messages.error(request, error.message)
    return redirect("approvals")
