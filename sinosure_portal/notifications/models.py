from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinosure_portal.texts import is_registered, render


class Notification(models.Model):
    """One message in one user's inbox."""

    class Level(models.TextChoices):
        INFO = "info", _("Information")
        WARNING = "warning", _("Warning")
        DANGER = "danger", _("Urgent")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=64)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, default=Level.INFO)
    # a registered kind is stored as its parameters and rendered for each reader (see
    # sinosure_portal.texts); title and body hold only free text that is not a registered kind
    params = models.JSONField(_("parameters"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.heading()

    def heading(self, language: str | None = None) -> str:
        """The title in ``language`` (default: the reader's active language)."""
        return _rendered(self, "title", language)

    def text(self, language: str | None = None) -> str:
        """The body in ``language`` (default: the reader's active language)."""
        return _rendered(self, "body", language)


def _rendered(note, part: str, language: str | None) -> str:
    stored = getattr(note, part)
    if stored or not is_registered(note.kind):
        return stored
    return render(note.kind, note.params or {}, part=part, language=language)


class Reminder(models.Model):
    """A reminder that must go out exactly once.

    ``key`` names the rule, the object and the occasion (for example
    ``password-age:17:2026-05-01``); the unique constraint makes a second sweep, a retried task
    or two workers racing create nothing twice. A reminder is created undelivered, and delivery
    turns it into a notification once.
    """

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    due_date = models.DateField(_("deadline"), null=True, blank=True)
    params = models.JSONField(null=True, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    level = models.CharField(
        max_length=10, choices=Notification.Level.choices, default=Notification.Level.INFO
    )
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True, db_index=True)
    notification = models.OneToOneField(Notification, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")

    def __str__(self) -> str:
        return self.key


class SweepRun(models.Model):
    """One run of a daily sweep, for staff to see that the sweeps ran and what they did."""

    name = models.CharField(max_length=100, db_index=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    for_date = models.DateField()
    created = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.name} {self.for_date}"
