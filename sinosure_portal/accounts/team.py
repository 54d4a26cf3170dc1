"""An organisation's team (as 信保通 SOL has it): its administrator invites people, gives each one or
more duties, deactivates them, and turns four-eyes on or off. Every change is audited.

An invitation is a link to set a password: ``/accounts/invitation/<token>/``. The token is signed
with the user's password hash and last sign-in (Django's password-reset token), so it works once
and ends after PASSWORD_RESET_TIMEOUT.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.tokens import default_token_generator
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from sinosure_portal.accounts.acts import require_duty
from sinosure_portal.accounts.models import DUTY_FIELDS, Duty, Organisation, Role, User
from sinosure_portal.audit.labels import register_action_labels, register_state_labels
from sinosure_portal.audit.services import audit_record
from sinosure_portal.base.errors import DomainError, NotAllowed, NotFound, Problems

register_action_labels(
    {
        "team.invited": _("Invited to the team"),
        "team.invitation_accepted": _("Password set from the invitation"),
        "team.duties_changed": _("Duties changed"),
        "team.deactivated": _("Deactivated"),
        "team.reactivated": _("Reactivated"),
        "team.four_eyes_changed": _("Four-eyes setting changed"),
    }
)
register_state_labels("accounts.user", {"active": _("Active"), "inactive": _("Deactivated")})

# the role an invited person gets: the one an organisation of that kind works in
ORG_KIND_ROLE = {Organisation.Kind.EXPORTER: Role.EXPORTER, Organisation.Kind.BANK: Role.BANK}


def team_members(user: User) -> QuerySet[User]:
    """The people of the user's organisation (another organisation's people are not found)."""
    if not user.is_authenticated or not user.organisation_id:
        return User.objects.none()
    return User.objects.filter(organisation_id=user.organisation_id).order_by("-is_active", "username")


def _member(actor: User, user_id: int) -> User:
    member = team_members(actor).select_for_update().filter(pk=user_id).first()
    if member is None:
        raise NotFound("not_found", _("No such person in your organisation."))
    return member


def _duty_values(duties: Iterable[str]) -> dict[str, bool]:
    chosen = {str(d) for d in duties}
    unknown = chosen - set(Duty.values)
    if unknown:
        raise DomainError(
            "duty_unknown", _("Unknown duty: %(duty)s."), field="duties", duty=", ".join(sorted(unknown))
        )
    return {field: duty in chosen for duty, field in DUTY_FIELDS.items()}


def _ensure_an_admin_stays(actor: User, member: User, *, losing: bool) -> None:
    if not losing or not member.duty_org_admin:
        return
    others = team_members(actor).filter(is_active=True, duty_org_admin=True).exclude(pk=member.pk)
    if not others.exists():
        raise DomainError(
            "last_org_admin",
            _(
                "Your organisation needs at least one active administrator: give the duty to someone else first."
            ),
            field="duties",
        )


def invitation_token(user: User) -> str:
    return f"{urlsafe_base64_encode(force_bytes(user.pk))}-{default_token_generator.make_token(user)}"


def invitation_url(user: User) -> str:
    return reverse("invitation", args=[invitation_token(user)])


@transaction.atomic
def team_invite(*, actor: User, email: str, display_name: str, duties: Iterable[str]) -> User:
    """Make an account for ``email`` in the actor's organisation with the chosen duties; the person
    sets a password through the invitation link (e-mailed, and shown to the administrator)."""
    require_duty(actor, Duty.ORG_ADMIN)
    organisation = actor.organisation
    if organisation.kind not in ORG_KIND_ROLE:
        raise NotAllowed(
            "team_not_here", _("The insurer's staff are managed by the portal's administrators.")
        )
    problems = Problems()
    email = (email or "").strip().lower()
    with problems.check():
        try:
            validate_email(email)
        except Exception as exc:
            raise DomainError("email_invalid", _("Enter a valid e-mail address."), field="email") from exc
        if (
            User.objects.filter(username__iexact=email).exists()
            or User.objects.filter(email__iexact=email).exists()
        ):
            raise DomainError(
                "email_taken", _("Someone already has an account with this e-mail address."), field="email"
            )
    with problems.check():
        if not (display_name or "").strip():
            raise DomainError("name_required", _("Enter the person's name."), field="display_name")
    values = {}
    with problems.check():
        values = _duty_values(duties)
        if not any(values.values()):
            raise DomainError("duties_required", _("Give the person at least one duty."), field="duties")
    problems.raise_any()
    user = User(
        username=email,
        email=email,
        display_name=display_name.strip()[:100],
        organisation=organisation,
        role=ORG_KIND_ROLE[organisation.kind],
        **values,
    )
    user.set_unusable_password()
    user.save()
    audit_record(
        user,
        action="team.invited",
        actor=actor,
        data={"email": email, "duties": [str(d) for d in user.duties]},
    )
    from sinosure_portal.notifications.services import notify

    notify(
        [user],
        kind="team_invitation",
        params={"by": actor.name, "organisation": organisation.display_name, "link": invitation_url(user)},
        url=invitation_url(user),
    )
    return user


@transaction.atomic
def team_duties_set(*, actor: User, user_id: int, duties: Iterable[str]) -> User:
    require_duty(actor, Duty.ORG_ADMIN)
    member = _member(actor, user_id)
    values = _duty_values(duties)
    _ensure_an_admin_stays(actor, member, losing=not values[DUTY_FIELDS[Duty.ORG_ADMIN]])
    before = {field: getattr(member, field) for field in values}
    changes = {field: (before[field], value) for field, value in values.items() if before[field] != value}
    if not changes:
        return member
    for field, value in values.items():
        setattr(member, field, value)
    member.save(update_fields=list(values))
    audit_record(member, action="team.duties_changed", actor=actor, changes=changes)
    return member


@transaction.atomic
def team_deactivate(*, actor: User, user_id: int, reason: str = "") -> User:
    """The person can no longer sign in; their API keys are revoked (accounts.signals)."""
    require_duty(actor, Duty.ORG_ADMIN)
    member = _member(actor, user_id)
    if member.pk == actor.pk:
        raise DomainError("deactivate_self", _("You cannot deactivate yourself."), field="user")
    if not member.is_active:
        return member
    _ensure_an_admin_stays(actor, member, losing=True)
    member.is_active = False
    member.save(update_fields=["is_active"])
    audit_record(
        member,
        action="team.deactivated",
        actor=actor,
        from_state="active",
        to_state="inactive",
        reason=reason,
    )
    return member


@transaction.atomic
def team_reactivate(*, actor: User, user_id: int) -> User:
    require_duty(actor, Duty.ORG_ADMIN)
    member = _member(actor, user_id)
    if member.is_active:
        return member
    member.is_active = True
    member.save(update_fields=["is_active"])
    audit_record(member, action="team.reactivated", actor=actor, from_state="inactive", to_state="active")
    return member


@transaction.atomic
def organisation_four_eyes_set(*, actor: User, four_eyes: bool) -> Organisation:
    require_duty(actor, Duty.ORG_ADMIN)
    organisation = Organisation.objects.select_for_update().get(pk=actor.organisation_id)
    if organisation.four_eyes == bool(four_eyes):
        return organisation
    organisation.four_eyes = bool(four_eyes)
    organisation.save(update_fields=["four_eyes"])
    audit_record(
        organisation,
        action="team.four_eyes_changed",
        actor=actor,
        changes={"four_eyes": (not organisation.four_eyes, organisation.four_eyes)},
    )
    return organisation


def invitation_user(token: str) -> User | None:
    """The invited person whose token this is, while it is valid (None otherwise)."""
    uid, _sep, key = (token or "").partition("-")
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uid))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    if not user.is_active or not default_token_generator.check_token(user, key):
        return None
    return user


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Set the invited person's password (the password validators apply); the link then ends."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = invitation_user(token)
    if user is None:
        raise DomainError(
            "invitation_invalid", _("This invitation link is no longer valid. Ask for a new one.")
        )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("password_invalid", " ".join(exc.messages), field="password1") from exc
    user.set_password(password)
    user.save()
    audit_record(user, action="team.invitation_accepted", actor=user)
    return user


def team_invitation_renew(*, actor: User, user_id: int) -> str:
    """A fresh invitation link for a person who has not set a password yet."""
    require_duty(actor, Duty.ORG_ADMIN)
    member = team_members(actor).filter(pk=user_id).first()
    if member is None:
        raise NotFound("not_found", _("No such person in your organisation."))
    if member.has_usable_password():
        raise DomainError("invitation_accepted", _("This person has already set a password."))
    return invitation_url(member)
