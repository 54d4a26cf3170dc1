from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sinosure_portal.accounts import uscc


def validate_uscc(value: str) -> None:
    if not uscc.is_valid(value):
        raise ValidationError(
            _(
                "%(value)s is not a valid unified social credit code (18 characters with a correct check digit)."
            ),
            params={"value": value},
            code="invalid_uscc",
        )


class Organisation(models.Model):
    class Kind(models.TextChoices):
        EXPORTER = "exporter", _("Exporter")  # the insured under an exporter policy
        BANK = "bank", _("Bank")  # lends against receivables, or is the insured on a bank policy
        INSURER = "insurer", _("Insurer")  # the credit insurer itself (underwriting, claims, admin)

    class SizeClass(models.TextChoices):
        MICRO = "micro", _("Micro")
        SMALL = "small", _("Small")
        MEDIUM = "medium", _("Medium")
        LARGE = "large", _("Large")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name_zh = models.CharField(_("Chinese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    uscc = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, validators=[validate_uscc]
    )
    swift_code = models.CharField(_("SWIFT code"), max_length=11, blank=True)
    province = models.CharField(_("province"), max_length=50, blank=True)
    size_class = models.CharField(_("size class"), max_length=10, choices=SizeClass.choices, blank=True)
    last_year_exports_usd = models.DecimalField(
        _("last year's customs exports (USD)"), max_digits=18, decimal_places=2, default=Decimal("0")
    )
    created_at = models.DateTimeField(default=timezone.now)
    # acts that commit the organisation need a second person, not the drafter (accounts.acts)
    four_eyes = models.BooleanField(
        _("four-eyes: acts need a second person"), default=False, db_default=False
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"], condition=~models.Q(uscc=""), name="organisation_uscc_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="exporter") | ~models.Q(uscc=""), name="exporter_has_uscc"
            ),
        ]

    def __str__(self) -> str:
        return self.name_zh

    @property
    def display_name(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name_zh

    def clean(self) -> None:
        if self.kind == self.Kind.EXPORTER and not self.uscc:
            raise ValidationError({"uscc": _("An exporter needs its unified social credit code.")})


class Role(models.TextChoices):
    EXPORTER = "exporter", _("Exporter staff")  # works for an insured exporter
    BANK = "bank", _("Bank officer")  # works for a financing bank (or an insured bank)
    UNDERWRITER = "underwriter", _("Underwriter")  # decides policies and credit limits
    CLAIMS = "claims", _("Claims officer")  # decides losses, pays indemnities, recovers
    ADMIN = "admin", _("Administrator")  # runs the portal: users, rules, calendar, rates


INSURER_ROLES = {Role.UNDERWRITER, Role.CLAIMS, Role.ADMIN}
ROLE_ORG_KIND = {
    Role.EXPORTER: Organisation.Kind.EXPORTER,
    Role.BANK: Organisation.Kind.BANK,
    Role.UNDERWRITER: Organisation.Kind.INSURER,
    Role.CLAIMS: Organisation.Kind.INSURER,
    Role.ADMIN: Organisation.Kind.INSURER,
}


class Duty(models.TextChoices):
    """What a person may do for the organisation (one person may hold several)."""

    DATA_ENTRY = "data_entry", _("Data entry")  # drafts applications, declarations, notices, claims
    REVIEWER = "reviewer", _("Reviewer")  # submits what others drafted
    ESIGNER = "esigner", _("E-signer")  # signs agreements, assignments and claim receipts
    ORG_ADMIN = "org_admin", _("Organisation administrator")  # invites, deactivates, gives duties


DUTY_FIELDS = {
    Duty.DATA_ENTRY: "duty_data_entry",
    Duty.REVIEWER: "duty_reviewer",
    Duty.ESIGNER: "duty_esigner",
    Duty.ORG_ADMIN: "duty_org_admin",
}


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.EXPORTER)
    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=100, blank=True)
    email_notifications = models.BooleanField(_("also send notifications by e-mail"), default=True)
    # the language the user last chose with the switch: e-mails are written in it (blank: the default)
    language = models.CharField(_("language"), max_length=10, blank=True)
    password_changed_at = models.DateTimeField(_("password changed at"), default=timezone.now)
    # duties inside the organisation (accounts.acts); a new user holds the working three, and an
    # organisation administrator narrows them on the team page
    duty_data_entry = models.BooleanField(_("data entry"), default=True, db_default=True)
    duty_reviewer = models.BooleanField(_("reviewer"), default=True, db_default=True)
    duty_esigner = models.BooleanField(_("e-signer"), default=True, db_default=True)
    duty_org_admin = models.BooleanField(_("organisation administrator"), default=False, db_default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()
        # read by accounts.signals on save: every API key of the user is revoked
        self._password_was_set = True

    def has_duty(self, duty: str) -> bool:
        return bool(getattr(self, DUTY_FIELDS[Duty(duty)], False))

    @property
    def duties(self) -> list[Duty]:
        return [duty for duty, field in DUTY_FIELDS.items() if getattr(self, field)]

    @property
    def is_insurer_staff(self) -> bool:
        return self.role in INSURER_ROLES

    @property
    def name(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def clean(self) -> None:
        if self.organisation_id and self.organisation.kind != ROLE_ORG_KIND[self.role]:
            raise ValidationError({"role": _("This role does not belong to an organisation of that kind.")})


class ApiKey(models.Model):
    """A key a system sends as ``Authorization: Bearer <key>``.

    Only the SHA-256 of the key is stored (the key is shown once, when it is made); a short prefix
    identifies it on the page. A key ends at ``expires_at`` or when it is revoked: by its owner, or
    for all of a user's keys when the password changes or the user is deactivated.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        REVOKED = "revoked", _("Revoked")

    class RevokedBecause(models.TextChoices):
        OWNER = "owner", _("Revoked by its owner")
        REPLACED = "replaced", _("Replaced by a new key of the same name")
        PASSWORD_CHANGED = "password_changed", _("The password was changed")
        DEACTIVATED = "deactivated", _("The user was deactivated")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_keys", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16)
    key_hash = models.CharField(_("SHA-256 of the key"), max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_because = models.CharField(
        _("revoked because"), max_length=20, choices=RevokedBecause.choices, blank=True
    )

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=models.Q(status="active"),
                name="api_key_active_name_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(status="active", revoked_at__isnull=True)
                | models.Q(status="revoked", revoked_at__isnull=False),
                name="api_key_revoked_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.status == self.Status.ACTIVE and not self.is_expired


class ActRecord(models.Model):
    """One act that commits an organisation (a claim submitted, an assignment signed, an application
    confirmed, a large limit decided): who drafted it and who approved it. With four-eyes on, the
    drafter's act waits here until another person with the duty approves it; then the app's real
    workflow function runs (accounts.acts). With four-eyes off it is recorded already approved."""

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")  # drafted, waits for a second person
        APPROVED = "approved", pgettext_lazy("act", "Approved")  # approved: the workflow ran
        REJECTED = "rejected", pgettext_lazy("act", "Rejected")  # refused (or withdrawn by its drafter)

    audit_state_field = "state"  # audit rows move ``state`` (sinosure_portal.audit.labels)

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="acts", verbose_name=_("organisation")
    )
    kind = models.CharField(_("act"), max_length=64)  # a code registered in accounts.acts.act_registry
    state = models.CharField(_("status"), max_length=16, choices=State.choices, default=State.PENDING)
    # what the act is about (a notice, an application, an assignment ...), and what it made
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64)
    subject = GenericForeignKey("subject_type", "subject_id")
    subject_repr = models.CharField(_("about"), max_length=200)
    result_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    result_id = models.CharField(max_length=64, blank=True)
    result = GenericForeignKey("result_type", "result_id")
    # one pending act per thing at a time (two drafts of the same claim cannot both wait)
    lock_key = models.CharField(max_length=200)
    payload = models.JSONField(default=dict, blank=True)  # what the workflow function is called with
    amount_usd = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    four_eyes = models.BooleanField(_("four-eyes"), default=False)
    drafted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="acts_drafted", verbose_name=_("drafted by")
    )
    drafted_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    approved_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="acts_decided",
        verbose_name=_("approved by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("why"), blank=True)

    class Meta:
        verbose_name = _("act")
        verbose_name_plural = _("acts")
        ordering = ["-drafted_at", "-id"]
        indexes = [models.Index(fields=["organisation", "state", "drafted_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["lock_key"], condition=models.Q(state="pending"), name="act_one_pending_per_subject"
            ),
            # four-eyes: whoever approved an act under four-eyes is not who drafted it
            models.CheckConstraint(
                condition=~models.Q(four_eyes=True, state="approved", approved_by=models.F("drafted_by")),
                name="act_four_eyes_approver_not_drafter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label}: {self.subject_repr}"

    @property
    def kind_label(self) -> str:
        from sinosure_portal.accounts.act_kinds import act_registry

        return act_registry.label(self.kind)
